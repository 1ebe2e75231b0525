package scanner

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	expectations["cloudtrail"] = expectation{
		records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.Trails) },
	}
}

// A multi-region trail is documented once, in its home region, not as a
// shadow in every other region.
func TestCloudTrailHomeRegionOnly(t *testing.T) {
	estate := testEstate()
	a := estate.Accounts[0]
	sim := awssim.New(estate, awssim.Options{PageSize: 2})
	var multi string
	for _, region := range testRegions {
		res := scanWith(t, testRunner(), sim, region, "cloudtrail")
		if cov := coverageOf(t, res, "cloudtrail"); cov.Status != inventory.StatusOK {
			t.Fatalf("%s: %s %s", region, cov.Status, cov.Details)
		}
		recs := recordsOf(res, "cloudtrail")
		if len(recs) != len(a.Region(region).Trails) {
			t.Errorf("%s: %d trails, want the %d homed there", region, len(recs), len(a.Region(region).Trails))
		}
		var cases []columnCase
		for _, tr := range a.Region(region).Trails {
			name := aws.ToString(tr.Name)
			if aws.ToBool(tr.IsMultiRegionTrail) {
				multi = name
			}
			cases = append(cases,
				columnCase{"multi-region " + name, name, "Multi-Region Trail", yesNoPtr(tr.IsMultiRegionTrail)},
				columnCase{"validation " + name, name, "Log File Validation", yesNoPtr(tr.LogFileValidationEnabled)},
				columnCase{"kms " + name, name, "KMS Encryption", kmsEncryption(aws.ToString(tr.KmsKeyId))},
			)
		}
		checkColumns(t, recs, cases)
		for _, rec := range recs {
			if rec.Tags["Name"] != rec.Name {
				t.Errorf("trail %s: tags %v", rec.ID, rec.Tags)
			}
		}
	}
	if multi == "" {
		t.Error("the test estate has no multi-region trail")
	}
}
