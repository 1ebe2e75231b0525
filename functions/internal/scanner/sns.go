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

// topicDetail is what a topic's detail calls tell; each may be unreadable
// on its own.
type topicDetail struct {
	displayName maybe[string]
	subs        maybe[[]snstypes.Subscription]
	tags        maybe[map[string]string]
}

// scanSNS: one row per subscription, so the report shows who receives each
// topic; a topic without subscriptions gets one row with dashes, and one
// whose subscriptions cannot be read gets one row saying why (partial).
// Rows are keyed by the subscription ARN (a subscription still waiting for
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
		return describeTopic(ctx, s, client, arn)
	})
	if err != nil {
		return nil, err
	}
	var recs []inventory.Record
	for i, arn := range topics {
		d, name := details[i].val, arn[strings.LastIndex(arn, ":")+1:]
		display := d.displayName.or(asIs)
		switch {
		case d.subs.lost != "":
			recs = append(recs, s.record(arn, arn, name, d.tags.val, columns{"Topic Name": name, "Topic Display Name": display,
				"Subscription Protocol": d.subs.lost, "Subscription Endpoint": d.subs.lost}))
		case len(d.subs.val) == 0:
			recs = append(recs, s.record(arn, arn, name, d.tags.val, columns{"Topic Name": name, "Topic Display Name": display}))
		}
		for _, sub := range d.subs.val {
			id := aws.ToString(sub.SubscriptionArn)
			if !strings.HasPrefix(id, "arn:") { // "PendingConfirmation"
				id = arn + "/" + aws.ToString(sub.Protocol) + ":" + aws.ToString(sub.Endpoint)
			}
			recs = append(recs, s.record(id, arn, name, d.tags.val, columns{
				"Topic Name":            name,
				"Topic Display Name":    display,
				"Subscription Protocol": aws.ToString(sub.Protocol),
				"Subscription Endpoint": aws.ToString(sub.Endpoint),
			}))
		}
	}
	return recs, nil
}

// describeTopic reads a topic's display name, subscriptions and tags,
// each on its own: one that fails leaves the others.
func describeTopic(ctx context.Context, s *session, client *sns.Client, arn string) (topicDetail, error) {
	var d topicDetail
	var err error
	d.displayName, err = read(ctx, s, func(ctx context.Context) (string, error) {
		attrs, err := client.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
		if err != nil {
			return "", fail(err, "read attributes of topic "+arn)
		}
		return attrs.Attributes["DisplayName"], nil
	})
	if err != nil {
		return d, err
	}
	d.subs, err = read(ctx, s, func(ctx context.Context) ([]snstypes.Subscription, error) {
		var subs []snstypes.Subscription
		p := sns.NewListSubscriptionsByTopicPaginator(client, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(arn)})
		err := eachPage(ctx, "list subscriptions of topic "+arn, p.HasMorePages, p.NextPage, func(out *sns.ListSubscriptionsByTopicOutput) {
			subs = append(subs, out.Subscriptions...)
		})
		return subs, err
	})
	if err != nil {
		return d, err
	}
	d.tags, err = read(ctx, s, func(ctx context.Context) (map[string]string, error) {
		tags, err := client.ListTagsForResource(ctx, &sns.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
		if err != nil {
			return nil, fail(err, "list tags of topic "+arn)
		}
		return tagsOf(tags.Tags, func(t snstypes.Tag) (*string, *string) { return t.Key, t.Value }), nil
	})
	return d, err
}
