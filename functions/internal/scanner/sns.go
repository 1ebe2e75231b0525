package scanner

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("sns", scanSNS)
}

// topicDetail is what a topic's detail calls tell.
type topicDetail struct {
	displayName string
	subs        []snstypes.Subscription
	tags        map[string]string
}

// scanSNS: one row per subscription, so the report shows who receives each
// topic; a topic without subscriptions gets one row with dashes. Rows are
// keyed by the subscription ARN (a subscription still waiting for
// confirmation has none, so by topic, protocol and endpoint).
func scanSNS(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := sns.NewFromConfig(s.cfg)
	var topics []string
	p := sns.NewListTopicsPaginator(client, &sns.ListTopicsInput{})
	if err := eachPage(ctx, "list topics", p.HasMorePages, p.NextPage, func(out *sns.ListTopicsOutput) {
		for _, t := range out.Topics {
			topics = append(topics, aws.ToString(t.TopicArn))
		}
	}); err != nil {
		return nil, err
	}
	details, err := detailEach(ctx, s, topics, func(ctx context.Context, arn string) (topicDetail, error) {
		return describeTopic(ctx, client, arn)
	})
	if err != nil {
		return nil, err
	}
	var recs []inventory.Record
	for i, arn := range topics {
		d, name := details[i], arn[strings.LastIndex(arn, ":")+1:]
		if len(d.subs) == 0 {
			recs = append(recs, s.record(arn, arn, name, d.tags, columns{"Topic Name": name, "Topic Display Name": d.displayName}))
		}
		for _, sub := range d.subs {
			id := aws.ToString(sub.SubscriptionArn)
			if !strings.HasPrefix(id, "arn:") { // "PendingConfirmation"
				id = arn + "/" + aws.ToString(sub.Protocol) + ":" + aws.ToString(sub.Endpoint)
			}
			recs = append(recs, s.record(id, arn, name, d.tags, columns{
				"Topic Name":            name,
				"Topic Display Name":    d.displayName,
				"Subscription Protocol": aws.ToString(sub.Protocol),
				"Subscription Endpoint": aws.ToString(sub.Endpoint),
			}))
		}
	}
	return recs, nil
}

// describeTopic reads a topic's display name, subscriptions and tags.
func describeTopic(ctx context.Context, client *sns.Client, arn string) (topicDetail, error) {
	var d topicDetail
	attrs, err := client.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	if err != nil {
		return d, fail(err, "read attributes of topic "+arn)
	}
	d.displayName = attrs.Attributes["DisplayName"]
	p := sns.NewListSubscriptionsByTopicPaginator(client, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(arn)})
	if err := eachPage(ctx, "list subscriptions of topic "+arn, p.HasMorePages, p.NextPage, func(out *sns.ListSubscriptionsByTopicOutput) {
		d.subs = append(d.subs, out.Subscriptions...)
	}); err != nil {
		return d, err
	}
	tags, err := client.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return d, fail(err, "list tags of topic "+arn)
	}
	d.tags = tagsOf(tags.Tags, func(t snstypes.Tag) (*string, *string) { return t.Key, t.Value })
	return d, nil
}
