package motoscan

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/retrypolicy"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// The regional units the estate spans; the global unit is spec.GlobalUnit.
var regions = []string{"us-east-1", "eu-west-1"}

// want is one record the scan must hold, every column of its service
// written out as the scanner formats it.
type want struct {
	service string
	unit    string // a region of regions, or spec.GlobalUnit
	id      string // the record's ID
	label   string // how messages and the gap table name it (its name)
	region  string // the record's Region: the unit's when empty
	cols    map[string]string
}

// gap is a recorded difference between moto and AWS's documented answer.
// Its comparisons are skipped; it must still occur, or the test fails.
type gap struct {
	service string
	unit    string // a unit, or "" for every unit
	record  string // a want's label, or "" for every record of the service
	// column is a spec column; "*" when the record is missing (or the
	// whole service, with record ""); "" when the gap is a call alone.
	column string
	// call is the IAM action whose failure the coverage reports
	// (partial or failed), if the gap comes from one.
	call string
	// got is what the scanner reads from moto instead (a pattern, * for
	// any text); "" accepts any difference.
	got string
	// instead is the Name of the record the scan shows in place of a
	// missing one (column "*"), if any: it is the gap's, not unexpected.
	instead string
	reason  string
}

func (g *gap) covers(w *want, column string) bool {
	return g.service == w.service && (g.unit == "" || g.unit == w.unit) &&
		(g.record == "" || g.record == w.label) && g.column == column
}

func (g *gap) String() string {
	where := g.service
	if g.unit != "" {
		where += " in " + g.unit
	}
	if g.record != "" {
		where += " " + g.record
	}
	if g.column != "" {
		where += " [" + g.column + "]"
	}
	return where + ": " + g.reason
}

// scanned is one unit's result.
type scanned struct {
	unit string
	res  *inventory.Result
}

// scanAll scans the account's regional units and its global unit with
// the real scanners, as the scan-unit Lambda does.
func scanAll(ctx context.Context, account string) []scanned {
	runner := &scanner.Runner{
		Budget: budget.Unlimited(),
		// moto answers an API it lacks with 500: retry once, quickly,
		// rather than for seconds.
		Retry:  retrypolicy.Policy{MaxRetries: 1, Base: 5 * time.Millisecond, Max: 20 * time.Millisecond},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	var out []scanned
	for _, unit := range append(slices.Clone(regions), spec.GlobalUnit) {
		scope := spec.Regional
		if unit == spec.GlobalUnit {
			scope = spec.Global
		}
		u := inventory.Unit{TaskID: "moto-conformance", CredentialID: "moto", AccountID: account, Region: unit, Services: spec.ByScope(scope)}
		out = append(out, scanned{unit: unit, res: runner.Scan(ctx, u, awsConfig(spec.GlobalRegion))})
	}
	return out
}

func recordKey(service, unit, id string) string { return service + "|" + unit + "|" + id }

// TestScannersAgainstMoto creates the estate in moto, scans it and compares
// every column of every record with what was created.
func TestScannersAgainstMoto(t *testing.T) {
	needMoto(t)
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	who, err := sts.NewFromConfig(awsConfig(spec.GlobalRegion)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("sts:GetCallerIdentity against moto: %v", err)
	}
	account := aws.ToString(who.Account)

	// What moto holds before the test creates anything (its default VPCs
	// and what comes with them) is not the test's to compare.
	before := map[string]bool{}
	for _, s := range scanAll(ctx, account) {
		for _, r := range s.res.Records {
			before[recordKey(r.Service, s.unit, r.ID)] = true
		}
	}

	e := &estate{t: t, ctx: ctx, account: account}
	e.build()
	t.Logf("estate created in moto: %d records expected (%s)", len(e.wants), time.Since(start).Round(time.Millisecond))

	results := scanAll(ctx, account)
	c := compare(t, e.wants, gaps(), before, results)
	table := c.table()
	t.Logf("conformance of the scanners against moto (%s):\n%s", time.Since(start).Round(time.Millisecond), table)
	path := filepath.Join(t.TempDir(), "conformance.txt")
	if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
		t.Error(err)
	} else {
		t.Logf("the table is in %s", path)
	}
	if out := os.Getenv("MOTO_CONFORMANCE_OUT"); out != "" { // keep a copy where asked
		_ = os.WriteFile(out, []byte(table), 0o644)
	}
	if t.Failed() {
		t.Logf("moto's log: %s", moto.logPath)
	}
}

// comparison gathers the counts of the conformance table.
type comparison struct {
	rows     map[string]*row
	baseline int // records moto had before the estate
}

type row struct {
	records, checked, equal int
	columns                 map[string]bool // spec columns compared equal at least once
	gaps                    []*gap          // in the order they occurred
}

func (c *comparison) row(service string) *row {
	r := c.rows[service]
	if r == nil {
		r = &row{columns: map[string]bool{}}
		c.rows[service] = r
	}
	return r
}

// compare checks the scan against the wants and the gaps.
func compare(t *testing.T, wants []*want, gaps []*gap, before map[string]bool, results []scanned) *comparison {
	t.Helper()
	c := &comparison{rows: map[string]*row{}}
	hit := map[*gap]bool{}
	noteGap := func(g *gap) {
		hit[g] = true
		if r := c.row(g.service); !slices.Contains(r.gaps, g) {
			r.gaps = append(r.gaps, g)
		}
	}
	findGap := func(w *want, column string) *gap {
		for _, g := range gaps {
			if g.covers(w, column) {
				return g
			}
		}
		return nil
	}

	// Coverage: a service that failed, or that completed with detail calls
	// failing, must be a recorded gap naming the call.
	failed := map[string]inventory.Coverage{} // service|unit
	for _, s := range results {
		for _, cov := range s.res.Coverage {
			switch {
			case cov.Failed():
				failed[cov.Service+"|"+s.unit] = cov
				g := serviceGap(gaps, cov.Service, s.unit)
				if g == nil || g.call == "" || cov.Action != g.call {
					t.Errorf("%s in %s failed against moto without a recorded gap: %s (call %s)", cov.Service, s.unit, cov.Error, cov.Action)
					continue
				}
				noteGap(g)
			case cov.Partial():
				for _, call := range cov.PartialCalls {
					g := callGap(gaps, cov.Service, s.unit, call)
					if g == nil {
						t.Errorf("%s in %s: detail call %s failed against moto without a recorded gap", cov.Service, s.unit, call)
						continue
					}
					noteGap(g)
				}
			}
		}
	}

	records := map[string]inventory.Record{}
	for _, s := range results {
		for _, r := range s.res.Records {
			records[recordKey(r.Service, s.unit, r.ID)] = r
		}
	}
	matched := map[string]bool{}
	for _, w := range wants {
		svc, ok := spec.Lookup(w.service)
		if !ok {
			t.Fatalf("want of unknown service %q", w.service)
		}
		if extra, missing := diffKeys(w.cols, svc.Columns); len(extra)+len(missing) > 0 {
			t.Fatalf("%s %s: the expectation must name every column of the spec: extra %v, missing %v", w.service, w.label, extra, missing)
		}
		r := c.row(w.service)
		r.records++
		key := recordKey(w.service, w.unit, w.id)
		rec, found := records[key]
		if !found {
			r.checked += len(svc.Columns)
			switch g := findGap(w, "*"); {
			case failed[w.service+"|"+w.unit].Service != "":
				// the whole service failed: its gap was noted above
			case g != nil:
				noteGap(g)
			default:
				t.Errorf("%s in %s: %s (id %s) is not in the scan", w.service, w.unit, w.label, w.id)
			}
			continue
		}
		matched[key] = true
		if g := findGap(w, "*"); g != nil {
			t.Errorf("%s in %s: %s is recorded as missing (%s) but moto now answers it: remove the gap", w.service, w.unit, w.label, g.reason)
		}
		if region := cmpOr(w.region, w.unit); rec.Region != region {
			t.Errorf("%s %s: record region %q, want %q", w.service, w.label, rec.Region, region)
		}
		for _, col := range svc.Columns {
			r.checked++
			got, exp := rec.Columns[col], w.cols[col]
			g := findGap(w, col)
			switch {
			case cellEqual(got, exp) && g != nil:
				t.Errorf("%s in %s: %s [%s] is recorded as a gap (%s) but reads %q as AWS documents: remove the gap", w.service, w.unit, w.label, col, g.reason, got)
			case cellEqual(got, exp):
				r.equal++
				r.columns[col] = true
			case g != nil && (g.got == "" || glob(g.got, got)):
				noteGap(g)
			case g != nil:
				t.Errorf("%s in %s: %s [%s] = %q: neither AWS's %q nor the recorded gap's %q (%s)", w.service, w.unit, w.label, col, got, shown(exp), g.got, g.reason)
			default:
				t.Errorf("%s in %s: %s [%s] = %q, want %q", w.service, w.unit, w.label, col, got, shown(exp))
			}
		}
	}

	// Every record is one the test made, or one moto had before.
	for _, s := range results {
		for _, r := range s.res.Records {
			key := recordKey(r.Service, s.unit, r.ID)
			switch {
			case matched[key]:
			case before[key]:
				c.baseline++
			case insteadGap(gaps, r.Service, s.unit, r.Name) != nil:
				noteGap(insteadGap(gaps, r.Service, s.unit, r.Name))
			default:
				t.Errorf("%s in %s: unexpected record %s (%s) %v", r.Service, s.unit, r.ID, r.Name, r.Columns)
			}
		}
	}
	for _, g := range gaps {
		if !hit[g] {
			t.Errorf("recorded gap did not occur, remove it: %s", g)
		}
	}
	for _, svc := range spec.Keys() {
		if c.rows[svc] == nil || c.rows[svc].records == 0 {
			t.Errorf("%s: the estate has no resource of this service", svc)
		}
	}
	return c
}

func insteadGap(gaps []*gap, service, unit, name string) *gap {
	for _, g := range gaps {
		if g.service == service && (g.unit == "" || g.unit == unit) && g.instead != "" && g.instead == name {
			return g
		}
	}
	return nil
}

func serviceGap(gaps []*gap, service, unit string) *gap {
	for _, g := range gaps {
		if g.service == service && (g.unit == "" || g.unit == unit) && g.record == "" && g.column == "*" {
			return g
		}
	}
	return nil
}

// callGap finds the gap of a partial call ("wafv2:ListResourcesForWebACL (error)").
func callGap(gaps []*gap, service, unit, call string) *gap {
	for _, g := range gaps {
		if g.service == service && (g.unit == "" || g.unit == unit) && g.call != "" && strings.HasPrefix(call, g.call+" (") {
			return g
		}
	}
	return nil
}

func diffKeys(cols map[string]string, specCols []string) (extra, missing []string) {
	for k := range cols {
		if !slices.Contains(specCols, k) {
			extra = append(extra, k)
		}
	}
	for _, k := range specCols {
		if _, ok := cols[k]; !ok {
			missing = append(missing, k)
		}
	}
	return extra, missing
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// table is the conformance table: per service of the spec, the records
// and cells compared, how many read as AWS documents, how many of the
// spec's columns read so at least once, and the gaps (their comparisons
// skipped), each reason once with the columns it covers.
func (c *comparison) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-24s %7s %8s %6s %10s\n", "service", "records", "columns", "equal", "spec cols")
	fmt.Fprintf(&b, "%-24s %7s %8s %6s %10s\n", "", "", "checked", "", "read")
	var checked, equal, records int
	for _, svc := range spec.All() {
		r := c.row(svc.Key)
		checked, equal, records = checked+r.checked, equal+r.equal, records+r.records
		fmt.Fprintf(&b, "%-24s %7d %8d %6d %6d/%-3d\n", svc.Key, r.records, r.checked, r.equal, len(r.columns), len(svc.Columns))
		var reasons []string
		where := map[string][]string{}
		for _, g := range r.gaps {
			if _, seen := where[g.reason]; !seen {
				reasons = append(reasons, g.reason)
			}
			w := g.column
			switch {
			case w == "*" && g.record == "":
				w = "the whole service"
			case w == "*":
				w = "record " + g.record
			case w == "":
				w = g.call
			case g.record != "":
				w += " of " + g.record
			}
			if g.unit != "" {
				w += " (" + g.unit + ")"
			}
			where[g.reason] = append(where[g.reason], w)
		}
		for _, reason := range reasons {
			fmt.Fprintf(&b, "    gap: %s: %s\n", strings.Join(where[reason], ", "), reason)
		}
	}
	fmt.Fprintf(&b, "%-24s %7d %8d %6d\n", "total", records, checked, equal)
	fmt.Fprintf(&b, "records moto held before the estate (default VPCs and theirs), not compared: %d\n", c.baseline)
	return b.String()
}
