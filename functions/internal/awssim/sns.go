package awssim

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
)

// SNS lists topics and a topic's subscriptions 100 at a time with
// NextToken; the detail calls answer NotFound for a topic the region does
// not have.
func init() {
	handle("SNS", "ListTopics", func(r *Request, in *sns.ListTopicsInput) (*sns.ListTopicsOutput, error) {
		topics := make([]snstypes.Topic, 0, len(r.Region.Topics))
		for _, t := range r.Region.Topics {
			topics = append(topics, snstypes.Topic{TopicArn: aws.String(t.ARN)})
		}
		items, next, err := page(r, topics, in.NextToken, 100)
		return &sns.ListTopicsOutput{Topics: items, NextToken: next}, err
	})
	handle("SNS", "GetTopicAttributes", func(r *Request, in *sns.GetTopicAttributesInput) (*sns.GetTopicAttributesOutput, error) {
		t, err := topic(r, in.TopicArn)
		if err != nil {
			return nil, err
		}
		attrs := make(map[string]string, len(t.Attributes))
		for k, v := range t.Attributes {
			attrs[k] = v
		}
		return &sns.GetTopicAttributesOutput{Attributes: attrs}, nil
	})
	handle("SNS", "ListSubscriptionsByTopic", func(r *Request, in *sns.ListSubscriptionsByTopicInput) (*sns.ListSubscriptionsByTopicOutput, error) {
		t, err := topic(r, in.TopicArn)
		if err != nil {
			return nil, err
		}
		items, next, err := page(r, t.Subscriptions, in.NextToken, 100)
		return &sns.ListSubscriptionsByTopicOutput{Subscriptions: items, NextToken: next}, err
	})
	handle("SNS", "ListTagsForResource", func(r *Request, in *sns.ListTagsForResourceInput) (*sns.ListTagsForResourceOutput, error) {
		t, err := topic(r, in.ResourceArn)
		if err != nil {
			return nil, APIError(404, "ResourceNotFound", "Resource does not exist")
		}
		return &sns.ListTagsForResourceOutput{Tags: t.Tags}, nil
	})
}

// topic finds a topic of the call's region by ARN.
func topic(r *Request, arn *string) (*Topic, error) {
	for i, t := range r.Region.Topics {
		if t.ARN == aws.ToString(arn) {
			return &r.Region.Topics[i], nil
		}
	}
	return nil, APIError(404, "NotFound", "Topic does not exist")
}
