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
	for _, s := range []inventory.Status{inventory.StatusOK, inventory.StatusPartial, inventory.StatusSkipped, inventory.StatusExcluded, inventory.StatusAccessDenied,
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
	b.coverageMatrix(body, cov)
	b.scopeRules(body)
	var notOK [][]string
	for _, c := range cov {
		if c.Status != inventory.StatusOK {
			status := statusText(c.Status)
			if len(c.PartialCalls) > 0 {
				status += ": not readable " + strings.Join(c.PartialCalls, ", ")
			}
			notOK = append(notOK, []string{serviceTitle(c.Service), c.AccountID, regionText(c.Region), status,
				fmt.Sprint(c.Resources), fmt.Sprint(c.Calls), fmt.Sprint(c.Throttles)})
		}
	}
	if len(notOK) == 0 {
		body.text("Normal", "Every service completed in every account and region it was scanned in.")
		return
	}
	body.text("Normal", "The checks that did not end OK:")
	header := []string{"Service", "Account", "Region", "Status", "Resources", "Calls", "Throttles"}
	table(body, fitColumns(b.styles, header, notOK), header, notOK)
}

// scopeRules states the rules that left resources out of the scan and
// how many each dropped. Rules that leave out whole accounts, regions or
// services show as excluded cells of the matrix.
func (b *builder) scopeRules(body sink) {
	rules := b.req.Meta.Exclusions
	if len(rules) == 0 && len(b.cur.excluded) == 0 {
		return
	}
	body.text("Normal", "Scope rules left resources out of this scan: they appear nowhere in this document, "+
		"its exports or the scan results.")
	header := []string{"Rule", "Set by", "Resources excluded"}
	var rows [][]string
	for _, r := range rules {
		n, text := 0, r.Kind+" "+r.Value
		for _, e := range b.cur.excluded {
			if e.Rule == text {
				n += e.Resources
			}
		}
		count := fmt.Sprint(n)
		if r.Kind == "account" || r.Kind == "region" || r.Kind == "service" {
			count = "not scanned"
		}
		rows = append(rows, []string{text, orDash(r.Source), count})
	}
	table(body, fitColumns(b.styles, header, rows), header, rows)
}

// Cell symbols of the coverage matrix. They are in WGL4, which Arial,
// Liberation Sans and the usual Word fonts all cover, so no reader sees a
// missing-glyph box.
var coverageSymbols = []struct {
	status inventory.Status
	symbol string
	means  string
}{
	{inventory.StatusOK, "●", "completed"},
	{inventory.StatusPartial, "○", "partial: listed, some details unreadable"},
	{inventory.StatusAccessDenied, "■", "access denied"},
	{inventory.StatusRegionDisabled, "□", "region not enabled in the account"},
	{inventory.StatusThrottled, "▲", "throttled"},
	{inventory.StatusError, "×", "error"},
	{inventory.StatusExcluded, "–", "excluded by a scope rule"},
	{inventory.StatusSkipped, "·", "skipped"},
}

// matrixColumns is how many account x region columns one matrix table
// holds beside the service names on a portrait page; more columns make
// more tables, each with the service names again.
const matrixColumns = 6

// coverageMatrix writes services down and account x region across, one
// symbol per cell, then the legend of the symbols used. A blank cell is a
// service not scanned there (a global service in a region unit).
func (b *builder) coverageMatrix(body sink, cov []inventory.Coverage) {
	type unit struct{ account, region string }
	var units []unit
	var services []string
	cell := map[string]map[unit]inventory.Status{}
	for _, c := range cov {
		u := unit{c.AccountID, c.Region}
		if !slices.Contains(units, u) {
			units = append(units, u)
		}
		if cell[c.Service] == nil {
			cell[c.Service] = map[unit]inventory.Status{}
			services = append(services, c.Service)
		}
		cell[c.Service][u] = c.Status
	}
	slices.SortFunc(units, func(x, y unit) int {
		return cmp.Or(cmp.Compare(x.account, y.account), cmp.Compare(regionText(x.region), regionText(y.region)))
	})
	symbol := map[inventory.Status]string{}
	for _, s := range coverageSymbols {
		symbol[s.status] = s.symbol
	}
	used := map[inventory.Status]bool{}
	for start := 0; start < len(units); start += matrixColumns {
		chunk := units[start:min(start+matrixColumns, len(units))]
		header := []string{"Service"}
		for _, u := range chunk {
			header = append(header, u.account+"\n"+regionText(u.region))
		}
		rows := make([][]string, 0, len(services))
		for _, svc := range services {
			row := []string{serviceTitle(svc)}
			for _, u := range chunk {
				st, ok := cell[svc][u]
				sym := symbol[st]
				if ok && sym == "" {
					sym = "?"
				}
				used[st] = used[st] || ok
				row = append(row, sym)
			}
			rows = append(rows, row)
		}
		table(body, fitColumns(b.styles, header, rows), header, rows)
	}
	var legend [][]string
	for _, s := range coverageSymbols {
		if used[s.status] {
			legend = append(legend, []string{s.symbol, s.means})
		}
	}
	header := []string{"Symbol", "Meaning"}
	table(body, fitColumns(b.styles, header, legend), header, legend)
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
