package scanner

import (
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// With AWS's published limits enforced, the production budget keeps the
// detail-heavy services (a call per bucket, distribution, web ACL, topic,
// log group, rule) under them: nothing is throttled.
func TestDetailCallsStayUnderPublishedLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("waits on the real API budget for a few seconds")
	}
	sim := awssim.New(testEstate(), awssim.Options{Limits: true})
	r := testRunner()
	r.Budget = budget.NewRegistry(budget.DefaultFraction)
	for _, unit := range []struct {
		region   string
		services []string
	}{
		{spec.GlobalUnit, []string{"s3", "s3_event_notification", "cloudfront", "route53", "waf"}},
		{testRegion, []string{"rds", "elasticache", "sns", "cloudwatch", "eventbridge", "cloudtrail", "config", "acm"}},
	} {
		res := scanWith(t, r, sim, unit.region, unit.services...)
		for _, c := range res.Coverage {
			if c.Status != inventory.StatusOK || c.Throttles != 0 {
				t.Errorf("%s/%s: %s with %d throttles (%s)", unit.region, c.Service, c.Status, c.Throttles, c.Details)
			}
		}
	}
	for _, c := range sim.Calls() {
		if c.Outcome != "ok" && c.Outcome != "NoSuchTagSet" { // S3's answer for a bucket without tags
			t.Errorf("%s %s in %s answered %s", c.Service, c.Operation, c.Region, c.Outcome)
		}
	}
}
