package report

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// attrChange is one attribute whose value differs between two scans.
type attrChange struct{ name, before, after string }

// changedRecord is a resource found by both scans with different values.
type changedRecord struct {
	rec   inventory.Record // as the current scan found it
	attrs []attrChange
}

// serviceDiff is what changed in one service between two scans.
type serviceDiff struct {
	added, removed []inventory.Record
	changed        []changedRecord
	// uncompared counts resources left out because one of the scans did
	// not complete their service in their unit: a failed scan must not
	// read as resources removed.
	uncompared int
}

// identity is what makes two records the same resource across scans:
// service, account, region and id. A scanner that emits several records
// under one id (say one per rule) gets them paired by occurrence.
type identity struct{ service, account, region, id string }

func identities(recs []spilled) []identity {
	seen := map[identity]int{}
	out := make([]identity, len(recs))
	for i, s := range recs {
		r := s.Record
		id := identity{r.Service, r.AccountID, r.Region, r.ID}
		n := seen[id]
		seen[id] = n + 1
		if n > 0 {
			id.id += "#" + strconv.Itoa(n)
		}
		out[i] = id
	}
	return out
}

// diffService compares one service's records of the current and previous
// scans, both sorted with sortRecords. comparable says whether both scans
// completed the service in a unit (account and unit region).
func diffService(svc spec.Service, cur, prev []spilled, comparable func(account, unit string) bool) serviceDiff {
	var d serviceDiff
	curIDs, prevIDs := identities(cur), identities(prev)
	prevAt := make(map[identity]int, len(prev))
	for i, id := range prevIDs {
		prevAt[id] = i
	}
	found := make(map[identity]bool, len(cur))
	for i, c := range cur {
		id := curIDs[i]
		found[id] = true
		if !comparable(c.Record.AccountID, c.Unit) {
			d.uncompared++
			continue
		}
		j, ok := prevAt[id]
		if !ok {
			d.added = append(d.added, c.Record)
			continue
		}
		if attrs := changedAttrs(svc.Columns, prev[j].Record.Columns, c.Record.Columns); len(attrs) > 0 {
			d.changed = append(d.changed, changedRecord{rec: c.Record, attrs: attrs})
		}
	}
	for i, p := range prev {
		if found[prevIDs[i]] {
			continue
		}
		if !comparable(p.Record.AccountID, p.Unit) {
			d.uncompared++
			continue
		}
		d.removed = append(d.removed, p.Record)
	}
	return d
}

// changedAttrs lists the attributes that differ, in column order, then any
// attribute the spec does not name, alphabetically.
func changedAttrs(columns []string, before, after map[string]string) []attrChange {
	names := slices.Clone(columns)
	var extra []string
	for _, m := range []map[string]string{before, after} {
		for k := range m {
			if !slices.Contains(columns, k) && !slices.Contains(extra, k) {
				extra = append(extra, k)
			}
		}
	}
	slices.Sort(extra)
	var out []attrChange
	for _, n := range append(names, extra...) {
		b, a := orDash(before[n]), orDash(after[n])
		if a != b {
			out = append(out, attrChange{name: n, before: b, after: a})
		}
	}
	return out
}

// sortRecords orders a service's records for the document: by account,
// region, name, then id.
func sortRecords(recs []spilled) {
	slices.SortStableFunc(recs, func(a, b spilled) int {
		x, y := a.Record, b.Record
		return cmp.Or(
			cmp.Compare(x.AccountID, y.AccountID),
			cmp.Compare(x.Region, y.Region),
			cmp.Compare(x.Name, y.Name),
			cmp.Compare(x.ID, y.ID),
		)
	})
}
