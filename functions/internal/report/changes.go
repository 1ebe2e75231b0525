package report

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// changeLog gathers the rows of the three change tables while the
// Implementation List is written, in temporary files, because the section
// comes after the list and a first scan of a big estate against an
// unrelated previous one can hold a row for every resource.
type changeLog struct {
	multi                   bool
	measure                 *pager
	added, removed, changed *rowFile
	addedN, removedN        int
	changedN, uncompared    int
	byService               []event.ServiceChanges
	// The first MaxNotable changes of each kind; Notable merges them.
	notable map[event.ChangeKind][]event.Change
}

// rowFile is a file of table rows, written with the body's encoder, and
// the estimated height of each row for the pager.
type rowFile struct {
	f       *os.File
	body    *bodyWriter
	heights []int32
}

func newChangeLog(dir string, multi bool, measure *pager) (*changeLog, error) {
	c := &changeLog{multi: multi, measure: measure}
	for _, f := range []struct {
		name string
		to   **rowFile
	}{{"added", &c.added}, {"removed", &c.removed}, {"changed", &c.changed}} {
		file, err := os.Create(filepath.Join(dir, "changes-"+f.name+".xml"))
		if err != nil {
			c.release()
			return nil, fmt.Errorf("create changes file: %w", err)
		}
		*f.to = &rowFile{f: file, body: newBodyWriter(file, "")}
	}
	return c, nil
}

// row logs one row of a change table.
func (c *changeLog) row(to *rowFile, widths []int64, values []string) {
	to.body.dataRow(widths, values)
	to.heights = append(to.heights, int32(c.measure.row(widths, func(int) string { return "TableText" }, values)))
}

// Table headers and widths of the change tables. The rows are written as
// they are found, before the tables are laid out, so the widths come from
// a typical row: a 12-digit account, the longest service title, a long
// region name, a name and an id of common lengths.
func (c *changeLog) listHeader() ([]string, []int64) {
	header := c.withAccount("Account", "Service", "Region", "Name", "ID")
	sample := c.withAccount("123456789012", longestTitle(), "ap-southeast-2", "staging-payments-api-01", "subnet-0123456789abcdef0")
	return header, fitColumns(c.measure.styles, header, [][]string{sample})
}

func (c *changeLog) changedHeader() ([]string, []int64) {
	header := c.withAccount("Account", "Service", "Region", "Resource", "Attribute", "Previous", "Current")
	sample := c.withAccount("123456789012", longestTitle(), "ap-southeast-2", "staging-payments-api-01 (i-0123456789abcdef0)",
		longestColumn(), "sg-0123456789abcdef0", "sg-0123456789abcdef0")
	return header, fitColumns(c.measure.styles, header, [][]string{sample})
}

// withAccount puts the account cell first when there are several
// accounts, and drops it otherwise.
func (c *changeLog) withAccount(account string, cols ...string) []string {
	if !c.multi {
		return cols
	}
	return append([]string{account}, cols...)
}

// longestTitle and longestColumn are the spec's service title and column
// name with the longest word, so no column of a change table breaks one.
func longestTitle() string {
	var titles []string
	for _, s := range spec.All() {
		titles = append(titles, s.Title)
	}
	return longestWord(titles)
}

func longestColumn() string {
	var columns []string
	for _, s := range spec.All() {
		columns = append(columns, s.Columns...)
	}
	return longestWord(columns)
}

func longestWord(texts []string) string {
	best, n := "", 0
	for _, t := range texts {
		for _, w := range strings.Fields(t) {
			if len(w) > n {
				best, n = t, len(w)
			}
		}
	}
	return best
}

func (c *changeLog) lead(r inventory.Record, svc spec.Service) []string {
	return c.withAccount(r.AccountID, svc.Title, regionText(r.Region))
}

// add logs the changes of one service.
func (c *changeLog) add(svc spec.Service, d serviceDiff) error {
	_, listW := c.listHeader()
	_, changedW := c.changedHeader()
	for _, l := range []struct {
		recs []inventory.Record
		to   *rowFile
	}{{d.added, c.added}, {d.removed, c.removed}} {
		for _, r := range l.recs {
			c.row(l.to, listW, append(c.lead(r, svc), orDash(r.Name), orDash(r.ID)))
		}
	}
	for _, ch := range d.changed {
		for _, a := range ch.attrs {
			c.row(c.changed, changedW, append(c.lead(ch.rec, svc), resourceLabel(ch.rec.Name, ch.rec.ID), a.name, a.before, a.after))
		}
	}
	c.addedN += len(d.added)
	c.removedN += len(d.removed)
	c.changedN += len(d.changed)
	if n := len(d.added) + len(d.removed) + len(d.changed); n > 0 {
		c.byService = append(c.byService, event.ServiceChanges{Service: svc.Key, Title: svc.Title,
			Added: len(d.added), Removed: len(d.removed), Changed: len(d.changed)})
	}
	note := func(kind event.ChangeKind, r inventory.Record, detail string) {
		if c.notable == nil {
			c.notable = map[event.ChangeKind][]event.Change{}
		}
		if len(c.notable[kind]) < event.MaxNotable {
			c.notable[kind] = append(c.notable[kind], event.Change{Kind: kind, Service: svc.Title, ResourceType: r.ResourceType,
				Account: r.AccountID, Region: r.Region, ID: r.ID, Name: r.Name, Detail: detail})
		}
	}
	for _, r := range d.removed {
		note(event.Removed, r, "")
	}
	for _, r := range d.added {
		note(event.Added, r, "")
	}
	for _, ch := range d.changed {
		var parts []string
		for _, a := range ch.attrs[:min(len(ch.attrs), 3)] {
			parts = append(parts, a.name+": "+a.before+" -> "+a.after)
		}
		note(event.Changed, ch.rec, strings.Join(parts, "; "))
	}
	c.uncompared += d.uncompared
	for _, f := range []*rowFile{c.added, c.removed, c.changed} {
		if f.body.err != nil {
			return fmt.Errorf("log changes of %s: %w", svc.Key, f.body.err)
		}
	}
	return nil
}

// close flushes the files and rewinds them for reading.
func (c *changeLog) close() error {
	var errs []error
	for _, f := range []*rowFile{c.added, c.removed, c.changed} {
		if err := f.body.flush(); err != nil {
			errs = append(errs, err)
		}
		if _, err := f.f.Seek(0, io.SeekStart); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("changes: %w", err)
	}
	return nil
}

// release closes the files; the build's temporary directory goes after.
func (c *changeLog) release() {
	for _, f := range []*rowFile{c.added, c.removed, c.changed} {
		if f != nil {
			f.f.Close()
		}
	}
}

// changesSection writes what was added, removed and changed since the
// previous scan, or says there was no previous scan.
func (b *builder) changesSection(body sink) {
	o, c := b.outline, b.changes
	body.heading(o.changes)
	if b.prev == nil {
		body.text("Normal", "No earlier completed scan of the same accounts was found, so this report has nothing to compare with. "+
			"The next report will list the resources added, removed and changed since this scan.")
		return
	}
	b.sum.Added, b.sum.Removed, b.sum.Changed = c.addedN, c.removedN, c.changedN
	b.sum.ByService = c.byService
	b.sum.Notable = nil
	for _, kind := range []event.ChangeKind{event.Removed, event.Added, event.Changed} {
		b.sum.Notable = append(b.sum.Notable, c.notable[kind]...)
	}
	b.sum.Notable = b.sum.Notable[:min(len(b.sum.Notable), event.MaxNotable)]
	since := b.req.PreviousLabel
	if since == "" {
		since = "task " + b.req.PreviousTaskID
	}
	body.text("Normal", fmt.Sprintf("Compared with the previous scan (%s): %s added, %s removed and %s changed. "+
		"A resource is the same in both scans when its service, account, region and identifier match.",
		since, plural(c.addedN, "resource", "resources"), plural(c.removedN, "resource", "resources"),
		plural(c.changedN, "resource", "resources")))
	if c.uncompared > 0 {
		body.text("BodyNote", fmt.Sprintf("%s could not be compared because one of the two scans did not complete "+
			"their service in their account and region; Appendix A shows which.", plural(c.uncompared, "resource", "resources")))
	}
	listHeader, listW := c.listHeader()
	changedHeader, changedW := c.changedHeader()
	for _, s := range []struct {
		h       heading
		f       *rowFile
		header  []string
		widths  []int64
		nothing string
	}{
		{o.added, c.added, listHeader, listW, "No resources were added."},
		{o.removed, c.removed, listHeader, listW, "No resources were removed."},
		{o.changed, c.changed, changedHeader, changedW, "No resource attributes changed."},
	} {
		body.heading(s.h)
		if len(s.f.heights) == 0 {
			body.text("BodyNote", s.nothing)
			continue
		}
		body.beginTable(s.widths, s.header)
		body.rows(s.f)
		body.endTable()
	}
}
