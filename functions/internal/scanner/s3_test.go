package scanner

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
)

func init() {
	expectations["s3"] = expectation{
		records:   func(a *awssim.Account, _ *awssim.Region) int { return len(a.Global.Buckets) },
		paged:     []string{"S3/ListBuckets"},
		ownRegion: true,
	}
	expectations["s3_event_notification"] = expectation{
		records:   notificationCount,
		paged:     []string{"S3/ListBuckets"},
		ownRegion: true,
	}
}

// notificationCount: one record per Lambda, SQS and SNS configuration, and
// one per bucket that sends its events to EventBridge.
func notificationCount(a *awssim.Account, _ *awssim.Region) int {
	n := 0
	for _, b := range a.Global.Buckets {
		n += len(b.LambdaConfigurations) + len(b.QueueConfigurations) + len(b.TopicConfigurations)
		if b.EventBridgeEnabled {
			n++
		}
	}
	return n
}

// Buckets carry their own region and tags; the per-bucket calls went to
// that region (the sim answers 301 PermanentRedirect otherwise).
func TestS3BucketsInTheirRegion(t *testing.T) {
	estate := testEstate()
	sim := awssim.New(estate, awssim.Options{PageSize: 2})
	recs := scanOne(t, sim, "s3")
	want := map[string]awssim.Bucket{}
	for _, b := range estate.Accounts[0].Global.Buckets {
		want[b.Name] = b
	}
	regions := map[string]bool{}
	for _, rec := range recs {
		b := want[rec.ID]
		regions[rec.Region] = true
		if rec.Region != b.Region || rec.Columns["Bucket Name"] != b.Name || rec.ARN != "arn:aws:s3:::"+b.Name {
			t.Errorf("bucket %s: region %s arn %s, want %s", rec.ID, rec.Region, rec.ARN, b.Region)
		}
		if len(rec.Tags) != len(b.Tags) {
			t.Errorf("bucket %s: tags %v, want %d tags", rec.ID, rec.Tags, len(b.Tags))
		}
	}
	if len(regions) < 2 {
		t.Errorf("buckets in %d regions: the test estate should spread them", len(regions))
	}
	if got, want := sim.CallCount("S3", "GetBucketLocation"), len(recs); got != want {
		t.Errorf("%d GetBucketLocation calls for %d buckets", got, want)
	}
}

func TestLocationRegion(t *testing.T) {
	for _, tc := range []struct {
		constraint s3types.BucketLocationConstraint
		want       string
	}{
		{"", "us-east-1"},
		{"EU", "eu-west-1"},
		{"ap-south-1", "ap-south-1"},
	} {
		if got := locationRegion(tc.constraint); got != tc.want {
			t.Errorf("locationRegion(%q) = %q, want %q", tc.constraint, got, tc.want)
		}
	}
}

func TestS3NotificationValues(t *testing.T) {
	estate := testEstate()
	recs := scanOne(t, awssim.New(estate, awssim.Options{PageSize: 2}), "s3_event_notification")
	var first awssim.Bucket
	for _, b := range estate.Accounts[0].Global.Buckets {
		if len(b.LambdaConfigurations) > 0 && len(b.QueueConfigurations) > 0 && len(b.TopicConfigurations) > 0 && b.EventBridgeEnabled {
			first = b
			break
		}
	}
	if first.Name == "" {
		t.Fatal("no bucket with every kind of notification in the test estate")
	}
	fn, q, topic := first.LambdaConfigurations[0], first.QueueConfigurations[0], first.TopicConfigurations[0]
	fnID := first.Name + "/lambda/" + aws.ToString(fn.Id)
	qID := first.Name + "/sqs/" + aws.ToString(q.Id)
	tID := first.Name + "/sns/" + aws.ToString(topic.Id)
	checkColumns(t, recs, []columnCase{
		{"lambda bucket", fnID, "Bucket", first.Name},
		{"lambda name is the configuration id", fnID, "Name", aws.ToString(fn.Id)},
		{"lambda event with its filter", fnID, "Event Type", string(fn.Events[0]) + " (" + filterText(fn.Filter) + ")"},
		{"lambda destination", fnID, "Destination", aws.ToString(fn.LambdaFunctionArn)},
		{"lambda destination type", fnID, "Destination type", "Lambda function"},
		{"queue events", qID, "Event Type", string(q.Events[0]) + ", " + string(q.Events[1])},
		{"queue destination", qID, "Destination", aws.ToString(q.QueueArn)},
		{"topic destination type", tID, "Destination type", "SNS topic"},
		{"eventbridge", first.Name + "/eventbridge", "Destination",
			"arn:aws:events:" + first.Region + ":" + estate.Accounts[0].ID + ":event-bus/default"},
	})
	if got := filterText(fn.Filter); got == "" || got[:7] != "prefix " {
		t.Errorf("filter text %q, want it to start with the prefix rule", got)
	}
}
