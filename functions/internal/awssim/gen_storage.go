package awssim

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func init() { generateGlobal(40, "storage", genStorage) }

// bucketPurposes name the buckets of a real account.
var bucketPurposes = []string{"assets", "uploads", "backups", "logs", "data-lake", "artifacts", "reports", "static-site"}

// genStorage builds an account's S3 buckets: spread over its regions and
// one region the scans may not select (S3 lists every bucket wherever it
// lives), most tagged, some with event notifications to Lambda functions
// of their region, SQS queues, SNS topics or EventBridge. The first bucket
// has every kind of notification.
func genStorage(g *Gen, a *Account) {
	regions := slices.Sorted(maps.Keys(a.Regions))
	regions = append(regions, "us-west-2")
	for i := range g.Count(8) {
		region := regions[i%len(regions)]
		name := fmt.Sprintf("%s-%s-%s", g.Name(Pick(g, bucketPurposes), i), a.ID, region)
		b := Bucket{Name: name, Region: region, Created: g.Time()}
		if i == 0 || g.Chance(0.8) {
			b.Tags = tagList(standardTags(g, name), func(k, v *string) s3types.Tag { return s3types.Tag{Key: k, Value: v} })
		}
		if i == 0 || g.Chance(0.4) {
			genNotifications(g, a, &b, i == 0)
		}
		a.Global.Buckets = append(a.Global.Buckets, b)
	}
	// ListBuckets answers in name order.
	slices.SortFunc(a.Global.Buckets, func(x, y Bucket) int { return strings.Compare(x.Name, y.Name) })
}

// genNotifications adds a bucket's event notifications; all of them adds
// one of each destination type, with several of the Lambda kind.
func genNotifications(g *Gen, a *Account, b *Bucket, all bool) {
	env := envOf(b.Name)
	if fns := lambdaARNs(a, b.Region); len(fns) > 0 && (all || g.Chance(0.6)) {
		for k := range 1 + g.Intn(2) + boolInt(all) {
			b.LambdaConfigurations = append(b.LambdaConfigurations, s3types.LambdaFunctionConfiguration{
				Id:                aws.String(fmt.Sprintf("invoke-%s-%d", Pick(g, []string{"thumbnailer", "indexer", "scanner"}), k+1)),
				LambdaFunctionArn: aws.String(Pick(g, fns)),
				Events:            []s3types.Event{s3types.EventS3ObjectCreated},
				Filter:            keyFilter(g, k),
			})
		}
	}
	if all || g.Chance(0.5) {
		b.QueueConfigurations = append(b.QueueConfigurations, s3types.QueueConfiguration{
			Id:       aws.String("queue-object-events"),
			QueueArn: aws.String(fmt.Sprintf("arn:aws:sqs:%s:%s:%s-ingest-queue", b.Region, a.ID, env)),
			Events:   []s3types.Event{s3types.EventS3ObjectCreatedPut, s3types.EventS3ObjectCreatedCompleteMultipartUpload},
		})
	}
	if all || g.Chance(0.4) {
		b.TopicConfigurations = append(b.TopicConfigurations, s3types.TopicConfiguration{
			Id:       aws.String("notify-deletions"),
			TopicArn: aws.String(fmt.Sprintf("arn:aws:sns:%s:%s:%s-bucket-events", b.Region, a.ID, env)),
			Events:   []s3types.Event{s3types.EventS3ObjectRemoved, s3types.EventS3ObjectRestore},
		})
	}
	b.EventBridgeEnabled = all || g.Chance(0.3)
}

// keyFilter returns a prefix and suffix filter, or none.
func keyFilter(g *Gen, k int) *s3types.NotificationConfigurationFilter {
	if k > 0 && g.Chance(0.5) {
		return nil
	}
	return &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: []s3types.FilterRule{
		{Name: s3types.FilterRuleNamePrefix, Value: aws.String(Pick(g, []string{"uploads/", "incoming/", "images/"}))},
		{Name: s3types.FilterRuleNameSuffix, Value: aws.String(Pick(g, []string{".jpg", ".csv", ".json"}))},
	}}}
}

// lambdaARNs are the account's functions in a region, where notifications
// of a bucket of that region can invoke them.
func lambdaARNs(a *Account, region string) []string {
	r, ok := a.Regions[region]
	if !ok {
		return []string{fmt.Sprintf("arn:aws:lambda:%s:%s:function:object-processor", region, a.ID)}
	}
	var out []string
	for _, f := range r.Functions {
		out = append(out, aws.ToString(f.FunctionArn))
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
