package scanner

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
)

func init() {
	expectations["sns"] = expectation{
		records: func(_ *awssim.Account, r *awssim.Region) int {
			n := 0
			for _, t := range r.Topics {
				n += max(1, len(t.Subscriptions))
			}
			return n
		},
		paged: []string{"SNS/ListTopics", "SNS/ListSubscriptionsByTopic"},
	}
}

// One row per subscription; a topic nobody subscribes to still shows.
func TestSNSOneRowPerSubscription(t *testing.T) {
	estate := testEstate()
	r := estate.Accounts[0].Region(testRegion)
	recs := scanOne(t, awssim.New(estate, awssim.Options{PageSize: 2}), "sns")
	busy, idle := r.Topics[0], r.Topics[1]
	if len(busy.Subscriptions) < 3 || len(idle.Subscriptions) != 0 {
		t.Fatalf("test estate: first topic has %d subscriptions, second %d", len(busy.Subscriptions), len(idle.Subscriptions))
	}
	name := busy.ARN[strings.LastIndex(busy.ARN, ":")+1:]
	var cases []columnCase
	for _, sub := range busy.Subscriptions {
		id := aws.ToString(sub.SubscriptionArn)
		if id == "PendingConfirmation" {
			id = busy.ARN + "/email:" + aws.ToString(sub.Endpoint)
		}
		cases = append(cases,
			columnCase{"topic of " + id, id, "Topic Name", name},
			columnCase{"display name of " + id, id, "Topic Display Name", busy.Attributes["DisplayName"]},
			columnCase{"protocol of " + id, id, "Subscription Protocol", aws.ToString(sub.Protocol)},
			columnCase{"endpoint of " + id, id, "Subscription Endpoint", aws.ToString(sub.Endpoint)},
		)
	}
	cases = append(cases,
		columnCase{"idle topic protocol", idle.ARN, "Subscription Protocol", "-"},
		columnCase{"idle topic endpoint", idle.ARN, "Subscription Endpoint", "-"},
	)
	checkColumns(t, recs, cases)
	for _, rec := range recs {
		if !strings.HasPrefix(rec.ID, rec.ARN) || rec.Tags["Name"] != rec.Name {
			t.Errorf("row %s: arn %q name %q tags %v", rec.ID, rec.ARN, rec.Name, rec.Tags)
		}
	}
}
