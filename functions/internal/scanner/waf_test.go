package scanner

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
)

func init() {
	expectations["waf"] = expectation{
		records: func(a *awssim.Account, _ *awssim.Region) int { return len(a.Global.WebACLs) },
	}
}

func TestWAFValues(t *testing.T) {
	estate := testEstate()
	sim := awssim.New(estate, awssim.Options{PageSize: 2})
	recs := scanOne(t, sim, "waf")
	g := estate.Accounts[0].Global
	var cases []columnCase
	for _, w := range g.WebACLs {
		id := aws.ToString(w.ACL.Id)
		var protected []string
		for _, d := range g.Distributions {
			if aws.ToString(d.WebACLId) == aws.ToString(w.ACL.ARN) {
				label := aws.ToString(d.DomainName)
				if len(d.Aliases.Items) > 0 {
					label = d.Aliases.Items[0]
				}
				protected = append(protected, aws.ToString(d.Id)+" ("+label+")")
			}
		}
		cases = append(cases,
			columnCase{"scope of " + id, id, "Scope", "CLOUDFRONT"},
			columnCase{"rules of " + id, id, "Rules Count", strconv.Itoa(len(w.ACL.Rules))},
			columnCase{"distributions of " + id, id, "Associated Resources", dash(strings.Join(protected, ", "))},
		)
	}
	checkColumns(t, recs, cases)
	// WAFv2 pages with NextMarker: with two ACLs a page, three or more
	// take a second call.
	if n := len(g.WebACLs); n > 2 && sim.CallCount("WAFV2", "ListWebACLs") < 2 {
		t.Errorf("%d web ACLs listed in one call of two per page", n)
	}
	for _, c := range sim.Calls() {
		if c.Region != "us-east-1" {
			t.Errorf("%s %s called in %s: CLOUDFRONT scope lives in us-east-1", c.Service, c.Operation, c.Region)
		}
	}
}
