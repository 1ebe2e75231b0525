package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// coverageAppendix writes the service x account x region matrix: what was
// scanned where, how it ended, and what it cost in calls and throttles,
// so nothing is silently missing from the report.
func (b *builder) coverageAppendix(body sink) {
	body.heading(b.outline.coverage)
	cov := b.sortedCoverage()
	statuses := map[inventory.Status]int{}
	calls, throttles := 0, 0
	for _, c := range cov {
		statuses[c.Status]++
		calls += c.Calls
		throttles += c.Throttles
	}
	var parts []string
	for _, s := range []inventory.Status{inventory.StatusOK, inventory.StatusSkipped, inventory.StatusAccessDenied,
		inventory.StatusRegionDisabled, inventory.StatusThrottled, inventory.StatusError} {
		if n := statuses[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, lowerStatus(s)))
		}
	}
	if len(cov) == 0 {
		body.text("BodyNote", "The scan recorded no coverage.")
		return
	}
	body.text("Normal", fmt.Sprintf("The scan ran %s in %s, with %s API calls and %s: %s. "+
		"A region listed as global holds the account's global services.",
		plural(len(cov), "service check", "service checks"), plural(b.cur.units, "unit", "units"),
		fmt.Sprint(calls), plural(throttles, "throttled call", "throttled calls"), joinAnd(parts)))
	header := []string{"Service", "Account", "Region", "Status", "Resources", "Calls", "Throttles"}
	rows := make([][]string, len(cov))
	for i, c := range cov {
		rows[i] = []string{serviceTitle(c.Service), c.AccountID, regionText(c.Region), statusText(c.Status),
			fmt.Sprint(c.Resources), fmt.Sprint(c.Calls), fmt.Sprint(c.Throttles)}
	}
	table(body, fitColumns(b.styles, header, rows), header, rows)
}

// errorsAppendix lists every service that did not complete, with its error.
func (b *builder) errorsAppendix(body sink) {
	body.heading(b.outline.errors)
	var failed []inventory.Coverage
	for _, c := range b.sortedCoverage() {
		if c.Failed() {
			failed = append(failed, c)
		}
	}
	b.sum.Failures = len(failed)
	if len(failed) == 0 {
		body.text("Normal", "No errors were recorded: every service completed in every account and region it was scanned in.")
		return
	}
	body.text("Normal", fmt.Sprintf("%s did not complete. Their resources may be missing from the Implementation List; "+
		"the error says why.", plural(len(failed), "service check", "service checks")))
	header := []string{"Service", "Account", "Region", "Status", "Error"}
	rows := make([][]string, len(failed))
	for i, c := range failed {
		msg := orDash(c.Error)
		if c.Details != "" && c.Details != c.Error {
			msg += "\n" + c.Details
		}
		rows[i] = []string{serviceTitle(c.Service), c.AccountID, regionText(c.Region), statusText(c.Status), msg}
	}
	table(body, fitColumns(b.styles, header, rows), header, rows)
}

// sortedCoverage is the coverage in spec order, then account and region.
func (b *builder) sortedCoverage() []inventory.Coverage {
	cov := slices.Clone(b.cur.coverage)
	slices.SortStableFunc(cov, func(x, y inventory.Coverage) int {
		return cmp.Or(
			cmp.Compare(serviceOrder(x.Service), serviceOrder(y.Service)),
			cmp.Compare(x.Service, y.Service),
			cmp.Compare(x.AccountID, y.AccountID),
			cmp.Compare(x.Region, y.Region),
		)
	})
	return cov
}

// serviceOrder places services the spec does not know after the others.
func serviceOrder(key string) int {
	if i := spec.Order(key); i >= 0 {
		return i
	}
	return len(spec.Keys())
}

func serviceTitle(key string) string {
	if s, ok := spec.Lookup(key); ok {
		return s.Title
	}
	return key
}

func regionText(region string) string {
	if region == spec.GlobalUnit {
		return "Global"
	}
	return orDash(region)
}

// lowerStatus is a status inside a sentence: "access denied", "OK".
func lowerStatus(s inventory.Status) string {
	if s == inventory.StatusOK {
		return "OK"
	}
	return strings.ReplaceAll(string(s), "_", " ")
}

// statusText prints a status for a reader: "access_denied" as "Access denied".
func statusText(s inventory.Status) string {
	if s == inventory.StatusOK {
		return "OK"
	}
	return orDash(capitalize(strings.ReplaceAll(string(s), "_", " ")))
}
