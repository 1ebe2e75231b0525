package scanner

import (
	"slices"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

func TestEveryScannerHasAnExpectation(t *testing.T) {
	for _, key := range Services() {
		if _, ok := expectations[key]; !ok {
			t.Errorf("%s has a scanner but no expectation in the tests", key)
		}
	}
}

// TestEveryServiceAgainstSim scans each service alone against an estate
// that pages by two, and checks the rules: every record carries the
// account, region, id and exactly the spec's columns; some resource has
// every column filled; the count matches the estate; every list call went
// past its first page; the coverage counts the calls the sim answered.
func TestEveryServiceAgainstSim(t *testing.T) {
	estate := testEstate()
	for _, key := range Services() {
		t.Run(key, func(t *testing.T) {
			exp := expectations[key]
			sim := awssim.New(estate, awssim.Options{PageSize: 2})
			region := unitRegion(key)
			res := scanWith(t, testRunner(), sim, region, key)
			cov := coverageOf(t, res, key)
			if cov.Status != inventory.StatusOK {
				t.Fatalf("status %s: %s (%s)", cov.Status, cov.Error, cov.Details)
			}
			account := estate.Accounts[0]
			var r *awssim.Region
			if region != spec.GlobalUnit {
				r = account.Region(region)
			}
			recs := recordsOf(res, key)
			if want := exp.records(account, r); len(recs) != want || cov.Resources != want {
				t.Fatalf("%d records (coverage %d), want %d", len(recs), cov.Resources, want)
			}
			if len(recs) == 0 {
				t.Fatal("the test estate has nothing for this service: the test proves nothing")
			}
			checkRecords(t, key, region, account.ID, exp, recs)

			calls := sim.Calls()
			if cov.Calls != len(calls) {
				t.Errorf("coverage counts %d calls, the sim answered %d", cov.Calls, len(calls))
			}
			for _, op := range exp.paged {
				if !slices.ContainsFunc(calls, func(c awssim.Call) bool { return c.Service+"/"+c.Operation == op && c.Continued }) {
					t.Errorf("%s never asked for a second page", op)
				}
			}
		})
	}
}

func checkRecords(t *testing.T, key, region, account string, exp expectation, recs []inventory.Record) {
	t.Helper()
	svc, _ := spec.Lookup(key)
	ids := map[string]bool{}
	complete := false
	for _, rec := range recs {
		if rec.AccountID != account || rec.Service != key || rec.ResourceType != svc.ResourceType || rec.ID == "" {
			t.Fatalf("bad identity: %+v", rec)
		}
		if !exp.ownRegion && rec.Region != region {
			t.Fatalf("region %q, want %q: %+v", rec.Region, region, rec)
		}
		if exp.ownRegion && !spec.IsRegion(rec.Region) {
			t.Fatalf("region %q is not a region: %+v", rec.Region, rec)
		}
		if ids[rec.ID] {
			t.Fatalf("duplicate id %s", rec.ID)
		}
		ids[rec.ID] = true
		var keys []string
		filled := true
		for k, v := range rec.Columns {
			keys = append(keys, k)
			if v == "-" || strings.TrimSpace(v) == "" {
				filled = false
			}
		}
		slices.Sort(keys)
		want := slices.Sorted(slices.Values(svc.Columns))
		if !slices.Equal(keys, want) {
			t.Fatalf("columns %v, want the spec's %v", keys, want)
		}
		complete = complete || filled
	}
	if !complete {
		t.Errorf("no record has every column filled; first: %v", recs[0].Columns)
	}
}
