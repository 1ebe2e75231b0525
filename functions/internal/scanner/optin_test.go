package scanner

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// callsIn returns the calls the sim answered in a region.
func callsIn(sim *awssim.Sim, region string) []awssim.Call {
	var out []awssim.Call
	for _, c := range sim.Calls() {
		if c.Region == region {
			out = append(out, c)
		}
	}
	return out
}

// A selected opt-in region the account has not enabled is region_disabled
// for every service of the unit, and not a single call goes into it: one
// ec2:DescribeRegions in us-east-1 said so. An opt-in region the account
// enabled is scanned as any other.
func TestOptInRegions(t *testing.T) {
	// The estate has resources in me-south-1, so its accounts enabled it;
	// af-south-1 they did not.
	estate := awssim.Generate(testSeed, awssim.Size{Accounts: 1, Regions: []string{"eu-west-1", "me-south-1"}, Scale: 0.5})
	a := estate.Accounts[0]
	if !slices.Contains(a.OptedIn, "me-south-1") || slices.Contains(a.OptedIn, "af-south-1") {
		t.Fatalf("the estate opted in to %v", a.OptedIn)
	}
	for _, tc := range []struct {
		name     string
		region   string
		disable  string // DisableRegion before the scan
		disabled bool
		asks     bool // one DescribeRegions call
	}{
		{"opt-in region not enabled", "af-south-1", "", true, true},
		{"opt-in region enabled", "me-south-1", "", false, true},
		{"opt-in region disabled since", "me-south-1", "me-south-1", true, true},
		{"default region: nothing to ask", "eu-west-1", "", false, false},
		{"global unit: nothing to ask", spec.GlobalUnit, "", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := awssim.New(estate, awssim.Options{})
			if tc.disable != "" {
				sim.DisableRegion(a.ID, tc.disable)
			}
			res := scanWith(t, testRunner(), sim, tc.region)
			scope := spec.Regional
			if tc.region == spec.GlobalUnit {
				scope = spec.Global
			}
			if len(res.Coverage) != len(spec.ByScope(scope)) {
				t.Fatalf("%d services covered, want %d", len(res.Coverage), len(spec.ByScope(scope)))
			}
			for _, c := range res.Coverage {
				switch {
				case tc.disabled && (c.Status != inventory.StatusRegionDisabled || c.Calls != 0 ||
					!strings.Contains(c.Error, "not enabled") || !strings.Contains(c.Details, "ec2:DescribeRegions")):
					t.Errorf("%s: %s with %d calls (%s; %s), want region_disabled without a call", c.Service, c.Status, c.Calls, c.Error, c.Details)
				case !tc.disabled && c.Status != inventory.StatusOK:
					t.Errorf("%s: %s (%s)", c.Service, c.Status, c.Details)
				}
			}
			inRegion := callsIn(sim, tc.region)
			if tc.disabled && (len(inRegion) != 0 || len(res.Records) != 0) {
				t.Errorf("%d calls into the disabled region, %d records", len(inRegion), len(res.Records))
			}
			if !tc.disabled && tc.region != spec.GlobalUnit && len(inRegion) == 0 {
				t.Error("no call into an enabled region")
			}
			asked := sim.CallCount("EC2", "DescribeRegions")
			if (asked == 1) != tc.asks || asked > 1 {
				t.Errorf("%d DescribeRegions calls, want asked=%v", asked, tc.asks)
			}
			for _, c := range sim.Calls() {
				if c.Operation == "DescribeRegions" && c.Region != spec.GlobalRegion {
					t.Errorf("DescribeRegions asked in %s, want %s", c.Region, spec.GlobalRegion)
				}
			}
		})
	}
}

// A process scanning many units of an account asks it once, even when the
// units start together; another account is asked on its own.
func TestOptInAnswerIsCachedPerAccount(t *testing.T) {
	estate := awssim.Generate(testSeed, awssim.Size{Accounts: 2, Regions: []string{"me-south-1"}, Scale: 0.2})
	sim := awssim.New(estate, awssim.Options{Latency: awssim.Fixed(5 * time.Millisecond)})
	r := testRunner()
	regions := []string{"af-south-1", "ap-east-1", "me-south-1", "il-central-1"}
	var wg sync.WaitGroup
	results := map[string]*inventory.Result{}
	var mu sync.Mutex
	for _, a := range estate.Accounts {
		for _, region := range regions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				unit := inventory.Unit{TaskID: "test", AccountID: a.ID, Region: region, Services: []string{"vpc", "acm"}}
				res := r.Scan(context.Background(), unit, sim.Config(a.ID, spec.GlobalRegion))
				mu.Lock()
				results[a.ID+"/"+region] = res
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	perAccount := map[string]int{}
	for _, c := range sim.Calls() {
		if c.Operation == "DescribeRegions" {
			perAccount[c.Account]++
		}
	}
	for _, a := range estate.Accounts {
		if perAccount[a.ID] != 1 {
			t.Errorf("account %s asked %d times, want once", a.ID, perAccount[a.ID])
		}
		for _, region := range regions {
			want := inventory.StatusRegionDisabled
			if region == "me-south-1" {
				want = inventory.StatusOK
			}
			for _, c := range results[a.ID+"/"+region].Coverage {
				if c.Status != want {
					t.Errorf("%s/%s %s: %s, want %s", a.ID, region, c.Service, c.Status, want)
				}
			}
			if calls := callsIn(sim, region); want == inventory.StatusRegionDisabled && len(calls) != 0 {
				t.Errorf("%d calls into %s", len(calls), region)
			}
		}
	}
}
