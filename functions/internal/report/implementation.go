package report

import (
	"context"
	"fmt"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// implementationList writes one section per service with records, in the
// outline's order, loading one service at a time; and, with a previous
// scan, compares each service on the way and logs its changes for the
// section that follows.
func (b *builder) implementationList(ctx context.Context, body sink, compare bool) error {
	o := b.outline
	body.heading(o.implementation)
	b.summaryTable(body)
	all := spec.All()
	for _, f := range spec.Families {
		familyDone := false
		for _, svc := range all {
			if svc.Family != f {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			n := b.cur.records.count(svc.Key)
			if n == 0 && (!compare || b.prev == nil || b.prev.records.count(svc.Key) == 0) {
				continue
			}
			cur, err := b.cur.records.load(svc.Key)
			if err != nil {
				return err
			}
			sortRecords(cur)
			if n > 0 {
				if !familyDone {
					body.heading(o.families[f])
					familyDone = true
				}
				b.service(body, svc, cur)
			}
			if compare {
				if err := b.compare(svc, cur); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// service writes a service's section: a horizontal table, or a vertical
// table per resource, as the spec says.
func (b *builder) service(body sink, svc spec.Service, cur []spilled) {
	body.heading(b.outline.services[svc.Key])
	body.text("BodyNote", plural(len(cur), "resource", "resources")+".")
	if svc.Layout == spec.Horizontal {
		b.horizontal(body, svc, cur)
	} else {
		b.vertical(body, svc, cur)
	}
}

// compare diffs a service with the previous scan and logs the changes;
// it also counts the service for the summary, once.
func (b *builder) compare(svc spec.Service, cur []spilled) error {
	if len(cur) > 0 {
		b.sum.Services++
		b.sum.Resources += len(cur)
	}
	if b.prev == nil {
		return nil
	}
	prev, err := b.prev.records.load(svc.Key)
	if err != nil {
		return err
	}
	sortRecords(prev)
	d := diffService(svc, cur, prev, func(account, unit string) bool {
		u := unitService{svc.Key, account, unit}
		return b.cur.ok[u] && b.prev.ok[u]
	})
	return b.changes.add(svc, d)
}

// header is a resource table's header: the spec's columns, after an
// Account column when the task spans several accounts.
func (b *builder) header(columns []string) []string {
	if b.multi {
		return append([]string{"Account"}, columns...)
	}
	return columns
}

// horizontal writes one table for the service, one row per resource.
func (b *builder) horizontal(body sink, svc spec.Service, recs []spilled) {
	header := b.header(svc.Columns)
	rows := make([][]string, len(recs))
	for i, s := range recs {
		r := make([]string, 0, len(header))
		if b.multi {
			r = append(r, s.Record.AccountID)
		}
		for _, c := range svc.Columns {
			r = append(r, orDash(s.Record.Columns[c]))
		}
		rows[i] = r
	}
	table(body, fitColumns(b.styles, header, rows), header, rows)
}

// vertical writes an attribute / value table per resource, headed by the
// resource type and the resource's name.
func (b *builder) vertical(body sink, svc spec.Service, recs []spilled) {
	labels := b.header(svc.Columns)
	label := 0
	for _, l := range append(labels, svc.ResourceType) {
		label = max(label, b.styles["TableLabel"].width(l)+2*cellPadX+20)
	}
	label = min(max(label, textWidth/4), textWidth*2/5)
	widths := share([]int{label, textWidth - label})
	for _, s := range recs {
		r := s.Record
		body.beginTable(widths, []string{svc.ResourceType, resourceLabel(r.Name, r.ID)})
		if b.multi {
			body.labelRow(widths, "Account", r.AccountID)
		}
		for _, c := range svc.Columns {
			body.labelRow(widths, c, orDash(r.Columns[c]))
		}
		body.endTable()
		body.text("TableGap", "") // keeps Word from joining adjacent tables
	}
}

// summaryTable introduces the list and counts resources per service (and
// account when there are several).
func (b *builder) summaryTable(body sink) {
	m := b.req.Meta
	total, services := 0, 0
	var rows [][]string
	for _, f := range spec.Families {
		for _, svc := range spec.All() {
			n := b.cur.records.count(svc.Key)
			if svc.Family != f || n == 0 {
				continue
			}
			total += n
			services++
			if !b.multi {
				rows = append(rows, []string{svc.Title, familyTitle(f), fmt.Sprint(n)})
				continue
			}
			for _, a := range b.accounts {
				if k := b.cur.records.countIn(svc.Key, a); k > 0 {
					rows = append(rows, []string{a, svc.Title, familyTitle(f), fmt.Sprint(k)})
				}
			}
		}
	}
	regions := "-"
	if len(m.Regions) > 0 {
		regions = joinAnd(m.Regions)
	}
	body.text("Normal", fmt.Sprintf("This section documents %s in %s, found in %s %s and %s %s, plus the global services of each account. "+
		"Services in which the scan found no resources are left out; Appendix A shows every service scanned in every account and region.",
		plural(total, "resource", "resources"), plural(services, "service", "services"),
		pick(len(b.accounts) == 1, "account", "accounts"), joinAnd(b.accounts),
		pick(len(m.Regions) == 1, "region", "regions"), regions))
	b.organizationTable(body)
	body.heading(b.outline.summary)
	if len(rows) == 0 {
		body.text("BodyNote", "The scan found no resources.")
		return
	}
	header := b.header([]string{"Service", "Family", "Resources"})
	table(body, fitColumns(b.styles, header, rows), header, rows)
}

// organizationTable names the accounts of an organization scan: each
// member with its name, OU path and status, and whether it was scanned
// (a suspended account is not; one the scan could not enter is in
// Appendix A).
func (b *builder) organizationTable(body sink) {
	members := b.req.Meta.Members
	if len(members) == 0 {
		return
	}
	body.text("Normal", fmt.Sprintf("The accounts come from an AWS Organization of %s:", plural(len(members), "account", "accounts")))
	scanned := map[string]bool{}
	for _, c := range b.cur.coverage {
		if c.Status == inventory.StatusOK {
			scanned[c.AccountID] = true
		}
	}
	header := []string{"Account", "Name", "OU path", "Status", "Scanned"}
	rows := make([][]string, 0, len(members))
	for _, m := range members {
		state := pick(scanned[m.ID], "Yes", "No")
		if !scanned[m.ID] && b.cur.accounts[m.ID] {
			state = "No: see Appendix A"
		}
		rows = append(rows, []string{m.ID, orDash(m.Name), orDash(m.OUPath), capitalize(strings.ToLower(m.Status)), state})
	}
	table(body, fitColumns(b.styles, header, rows), header, rows)
}

// resourceLabel names a resource: "name (id)", or whichever of the two
// is known.
func resourceLabel(name, id string) string {
	name, id = strings.TrimSpace(name), strings.TrimSpace(id)
	switch {
	case name == "" || name == "-" || name == id:
		return orDash(id)
	case id == "":
		return name
	}
	return name + " (" + id + ")"
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}
