package scanner

import (
	"testing"

	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
)

func init() {
	expectations["config"] = expectation{
		records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.ConfigRecorders) },
	}
}

func TestConfigValues(t *testing.T) {
	estate := testEstate()
	r := estate.Accounts[0].Region(testRegion)
	recs := scanOne(t, awssim.New(estate, awssim.Options{PageSize: 2}), "config")
	retention := "2557 days (default)"
	if len(r.RetentionConfigs) > 0 {
		retention = num(r.RetentionConfigs[0].RetentionPeriodInDays) + " days"
	}
	checkColumns(t, recs, []columnCase{
		{"name", "default", "Name", "default"},
		{"retention", "default", "Retention period", retention},
		{"regional", "default", "Regional Resources", "All supported"},
		{"global types in the home region", "default", "Global Resources", "Yes"},
	})
}

func TestRecordedResources(t *testing.T) {
	for _, tc := range []struct {
		name             string
		group            *cfgtypes.RecordingGroup
		regional, global string
	}{
		{"no group", nil, "All supported", "No"},
		{"all with global", &cfgtypes.RecordingGroup{AllSupported: true, IncludeGlobalResourceTypes: true}, "All supported", "Yes"},
		{"selected types", &cfgtypes.RecordingGroup{
			ResourceTypes:     []cfgtypes.ResourceType{cfgtypes.ResourceTypeInstance, cfgtypes.ResourceTypeRole},
			RecordingStrategy: &cfgtypes.RecordingStrategy{UseOnly: cfgtypes.RecordingStrategyTypeInclusionByResourceTypes},
		}, "Selected types (AWS::EC2::Instance, AWS::IAM::Role)", "Yes"},
		{"all but some", &cfgtypes.RecordingGroup{
			ExclusionByResourceTypes: &cfgtypes.ExclusionByResourceTypes{ResourceTypes: []cfgtypes.ResourceType{cfgtypes.ResourceTypeBucket}},
			RecordingStrategy:        &cfgtypes.RecordingStrategy{UseOnly: cfgtypes.RecordingStrategyTypeExclusionByResourceTypes},
		}, "All supported except AWS::S3::Bucket", "No"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			regional, global := recordedResources(tc.group)
			if regional != tc.regional || global != tc.global {
				t.Errorf("got %q, %q; want %q, %q", regional, global, tc.regional, tc.global)
			}
		})
	}
}
