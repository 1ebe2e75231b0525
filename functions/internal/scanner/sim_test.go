package scanner

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/retrypolicy"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// The test estate: two accounts in two regions, realistic sizes, fixed seed.
const (
	testSeed   = 42
	testRegion = "eu-west-1"
)

var testRegions = []string{"eu-west-1", "us-east-1"}

func testEstate() *awssim.Estate {
	return awssim.Generate(testSeed, awssim.Size{Accounts: 2, Regions: testRegions, Scale: 1})
}

// testRunner retries as in production but with tiny delays, and never
// waits on the budget.
func testRunner() *Runner {
	return &Runner{
		Budget: budget.Unlimited(),
		Retry:  retrypolicy.Policy{MaxRetries: 3, Base: time.Millisecond, Max: 4 * time.Millisecond},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

// scanWith scans one unit of the sim's first account.
func scanWith(t *testing.T, r *Runner, sim *awssim.Sim, region string, services ...string) *inventory.Result {
	t.Helper()
	account := sim.Estate().Accounts[0].ID
	unit := inventory.Unit{TaskID: "test", AccountID: account, Region: region, Services: services}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return r.Scan(ctx, unit, sim.Config(account, spec.GlobalRegion))
}

// coverageOf returns a service's coverage in a result.
func coverageOf(t *testing.T, res *inventory.Result, service string) inventory.Coverage {
	t.Helper()
	for _, c := range res.Coverage {
		if c.Service == service {
			return c
		}
	}
	t.Fatalf("no coverage for %s in %+v", service, res.Coverage)
	return inventory.Coverage{}
}

// recordsOf returns a service's records in a result.
func recordsOf(res *inventory.Result, service string) []inventory.Record {
	var out []inventory.Record
	for _, r := range res.Records {
		if r.Service == service {
			out = append(out, r)
		}
	}
	return out
}

// unitRegion is where a service is scanned in the tests: its global unit
// or the test region.
func unitRegion(service string) string {
	if s, _ := spec.Lookup(service); s.Scope == spec.Global {
		return spec.GlobalUnit
	}
	return testRegion
}
