package scanner

import (
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// A failing detail call (per topic, bucket, web ACL, log group) fails its
// service with the right status and says where, and the unit's other
// services still complete, in regional and global units alike.
func TestDetailCallFaults(t *testing.T) {
	estate := testEstate()
	for _, tc := range []struct {
		name    string
		fault   awssim.Fault
		region  string
		service string
		status  inventory.Status
		retries int // at least: detail calls run concurrently, each retrying
		detail  []string
	}{
		{"subscriptions denied", awssim.Fault{Kind: awssim.Deny, Service: "SNS", Operation: "ListSubscriptionsByTopic"}, testRegion,
			"sns", inventory.StatusAccessDenied, 0, []string{"sns:ListSubscriptionsByTopic", "sns.go:"}},
		{"log group tags denied", awssim.Fault{Kind: awssim.Deny, Service: "CloudWatch Logs", Operation: "ListTagsForResource"}, testRegion,
			"cloudwatch", inventory.StatusAccessDenied, 0, []string{"logs:ListTagsForResource", "cloudwatch.go:"}},
		{"bucket notifications denied", awssim.Fault{Kind: awssim.Deny, Service: "S3", Operation: "GetBucketNotificationConfiguration"}, spec.GlobalUnit,
			"s3_event_notification", inventory.StatusAccessDenied, 0, []string{"s3:GetBucketNotification", "s3_event_notification.go:"}},
		{"web ACL list throttled past the retries", awssim.Fault{Kind: awssim.Throttle, Service: "WAFV2", Operation: "ListWebACLs"}, spec.GlobalUnit,
			"waf", inventory.StatusThrottled, 3, []string{"gave up after 4 attempts", "waf.go:"}},
		{"a 5xx burst on a detail call is retried", awssim.Fault{Kind: awssim.ServerError, Service: "WAFV2", Operation: "GetWebACL", Times: 2}, spec.GlobalUnit,
			"waf", inventory.StatusOK, 2, nil},
		{"rules of one bus fail", awssim.Fault{Kind: awssim.ServerError, Service: "EventBridge", Operation: "ListRules"}, testRegion,
			"eventbridge", inventory.StatusError, 3, []string{"code ServiceUnavailable", "eventbridge.go:"}},
		// The one detail a service does without: the cache clusters are
		// listed without their network placement (net_test.go).
		{"cache subnet groups denied", awssim.Fault{Kind: awssim.Deny, Service: "ElastiCache", Operation: "DescribeCacheSubnetGroups"}, testRegion,
			"elasticache", inventory.StatusOK, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := awssim.New(estate, awssim.Options{})
			sim.Inject(tc.fault)
			res := scanWith(t, testRunner(), sim, tc.region)
			cov := coverageOf(t, res, tc.service)
			if cov.Status != tc.status || cov.Retries < tc.retries {
				t.Fatalf("got %s with %d retries, want %s with %d or more (%s)", cov.Status, cov.Retries, tc.status, tc.retries, cov.Details)
			}
			for _, d := range tc.detail {
				if !strings.Contains(cov.Details, d) {
					t.Errorf("details %q do not mention %q", cov.Details, d)
				}
			}
			if tc.status != inventory.StatusOK && len(recordsOf(res, tc.service)) != 0 {
				t.Errorf("a failed service left %d records", len(recordsOf(res, tc.service)))
			}
			a := estate.Accounts[0]
			var r *awssim.Region
			if tc.region != spec.GlobalUnit {
				r = a.Region(tc.region)
			}
			for _, c := range res.Coverage {
				exp, ok := expectations[c.Service]
				if c.Service == tc.service || !ok {
					continue
				}
				if c.Status != inventory.StatusOK || c.Resources != exp.records(a, r) {
					t.Errorf("%s: %s with %d resources, want ok with %d", c.Service, c.Status, c.Resources, exp.records(a, r))
				}
			}
		})
	}
}
