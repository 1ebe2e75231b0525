package scanner

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("s3_event_notification", scanS3Notifications)
}

// notification is one event notification of a bucket, whatever its
// destination kind.
type notification struct {
	slug, kind, id, destination string // slug: "lambda", "sqs" or "sns", for the record id
	events                      []s3types.Event
	filter                      *s3types.NotificationConfigurationFilter
}

// scanS3Notifications: one record per notification configuration of every
// bucket (Lambda, SQS, SNS), plus one for a bucket that sends its events to
// EventBridge. Records carry their bucket's region. A bucket whose
// notifications cannot be read (or whose location, where they must be
// asked, cannot) gets one record whose columns say why (partial), so no
// bucket's notifications go silently missing.
func scanS3Notifications(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := s3.NewFromConfig(s.cfg)
	buckets, err := listBuckets(ctx, s, client)
	if err != nil {
		return nil, err
	}
	configs, err := detailEach(ctx, s, buckets, func(ctx context.Context, b bucket) (*s3.GetBucketNotificationConfigurationOutput, error) {
		if b.lost != "" {
			return nil, nil
		}
		out, err := client.GetBucketNotificationConfiguration(ctx,
			&s3.GetBucketNotificationConfigurationInput{Bucket: aws.String(b.name)}, inRegion(b.region))
		if err != nil {
			return nil, fail(err, "read notifications of bucket "+b.name)
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	var recs []inventory.Record
	for i, b := range buckets {
		if lost := firstOf(b.lost, configs[i].lost); lost != "" {
			rec := s.record(b.name+"/notifications", "", b.name, nil, columns{
				"Bucket": b.name, "Name": lost, "Event Type": lost, "Destination type": lost, "Destination": lost,
			})
			rec.Region = b.recordRegion(s)
			recs = append(recs, rec)
			continue
		}
		config := configs[i].val
		for _, n := range notificationsOf(config) {
			rec := s.record(b.name+"/"+n.slug+"/"+n.id, "", n.id, nil, columns{
				"Bucket":           b.name,
				"Name":             n.id,
				"Event Type":       withDetail(list(eventNames(n.events)), filterText(n.filter)),
				"Destination type": n.kind,
				"Destination":      n.destination,
			})
			rec.Region = b.region
			recs = append(recs, rec)
		}
		if config.EventBridgeConfiguration != nil {
			// S3 then sends every event of the bucket to the default bus
			// of the bucket's region.
			rec := s.record(b.name+"/eventbridge", "", "EventBridge", nil, columns{
				"Bucket":           b.name,
				"Name":             "EventBridge",
				"Event Type":       "All events",
				"Destination type": "EventBridge",
				"Destination":      "arn:aws:events:" + b.region + ":" + s.account + ":event-bus/default",
			})
			rec.Region = b.region
			recs = append(recs, rec)
		}
	}
	return recs, nil
}

// notificationsOf flattens a bucket's Lambda, SQS and SNS configurations.
func notificationsOf(out *s3.GetBucketNotificationConfigurationOutput) []notification {
	var ns []notification
	for _, c := range out.LambdaFunctionConfigurations {
		ns = append(ns, notification{"lambda", "Lambda function", aws.ToString(c.Id), aws.ToString(c.LambdaFunctionArn), c.Events, c.Filter})
	}
	for _, c := range out.QueueConfigurations {
		ns = append(ns, notification{"sqs", "SQS queue", aws.ToString(c.Id), aws.ToString(c.QueueArn), c.Events, c.Filter})
	}
	for _, c := range out.TopicConfigurations {
		ns = append(ns, notification{"sns", "SNS topic", aws.ToString(c.Id), aws.ToString(c.TopicArn), c.Events, c.Filter})
	}
	return ns
}

func eventNames(events []s3types.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = string(e)
	}
	return out
}

// filterText describes an object key filter: "prefix uploads/, suffix .jpg".
func filterText(f *s3types.NotificationConfigurationFilter) string {
	if f == nil || f.Key == nil {
		return ""
	}
	var parts []string
	for _, r := range f.Key.FilterRules {
		parts = append(parts, strings.ToLower(string(r.Name))+" "+aws.ToString(r.Value))
	}
	return strings.Join(parts, ", ")
}
