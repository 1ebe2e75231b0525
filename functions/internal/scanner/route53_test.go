package scanner

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
)

func init() {
	expectations["route53"] = expectation{
		records: func(a *awssim.Account, _ *awssim.Region) int { return len(a.Global.HostedZones) },
		paged:   []string{"Route 53/ListHostedZones"},
	}
}

func TestRoute53Values(t *testing.T) {
	estate := testEstate()
	sim := awssim.New(estate, awssim.Options{PageSize: 2})
	recs := scanOne(t, sim, "route53")
	zones := estate.Accounts[0].Global.HostedZones
	var cases []columnCase
	private := false
	for _, z := range zones {
		id := strings.TrimPrefix(aws.ToString(z.Zone.Id), "/hostedzone/")
		kind := "Public"
		if z.Zone.Config.PrivateZone {
			kind, private = "Private", true
		}
		cases = append(cases,
			columnCase{"name of " + id, id, "Name", strings.TrimSuffix(aws.ToString(z.Zone.Name), ".")},
			columnCase{"type of " + id, id, "Type", kind},
			columnCase{"records of " + id, id, "Record Count", num(aws.Int64(int64(len(z.Records))))},
		)
	}
	if !private {
		t.Error("the test estate has no private zone")
	}
	checkColumns(t, recs, cases)
	for _, rec := range recs {
		if rec.Tags["Name"] != rec.Columns["Name"] {
			t.Errorf("zone %s: tags %v", rec.ID, rec.Tags)
		}
	}
	// Tags are read ten zones per call.
	if got, want := sim.CallCount("Route 53", "ListTagsForResources"), (len(zones)+9)/10; got != want {
		t.Errorf("%d ListTagsForResources calls for %d zones, want %d", got, len(zones), want)
	}
}
