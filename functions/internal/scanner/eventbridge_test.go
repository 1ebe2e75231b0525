package scanner

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
)

func init() {
	expectations["eventbridge"] = expectation{
		records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.EventRules) },
		paged:   []string{"EventBridge/ListEventBuses", "EventBridge/ListRules"},
	}
}

func TestEventBridgeValues(t *testing.T) {
	estate := testEstate()
	r := estate.Accounts[0].Region(testRegion)
	recs := scanOne(t, awssim.New(estate, awssim.Options{PageSize: 2}), "eventbridge")
	buses := map[string]bool{}
	var cases []columnCase
	for _, rule := range r.EventRules {
		bus := aws.ToString(rule.EventBusName)
		id := bus + "/" + aws.ToString(rule.Name)
		buses[bus] = true
		cases = append(cases,
			columnCase{"bus of " + id, id, "Event Bus", bus},
			columnCase{"state of " + id, id, "State", ruleState(rule.State)},
			columnCase{"description of " + id, id, "Description", dash(aws.ToString(rule.Description))},
		)
	}
	if len(buses) < 2 {
		t.Errorf("rules on %d buses: the test estate should have custom buses with rules", len(buses))
	}
	checkColumns(t, recs, cases)
}

func TestRuleState(t *testing.T) {
	for state, want := range map[ebtypes.RuleState]string{
		ebtypes.RuleStateEnabled:                                  "Enabled",
		ebtypes.RuleStateDisabled:                                 "Disabled",
		ebtypes.RuleStateEnabledWithAllCloudtrailManagementEvents: "Enabled (all CloudTrail management events)",
	} {
		if got := ruleState(state); got != want {
			t.Errorf("ruleState(%s) = %q, want %q", state, got, want)
		}
	}
}
