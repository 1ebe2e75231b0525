package report

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// sections sends the document's content to s in reading order. The
// first pass (compare) also diffs each service with the previous scan;
// pages numbers the table of contents in the second.
func (b *builder) sections(ctx context.Context, s sink, pages map[int]int, compare bool) error {
	s.fragment(b.tpl.cover)
	b.documentControl(s)
	s.toc(b.outline, pages)
	b.networkDiagram(ctx, s)
	if err := b.implementationList(ctx, s, compare); err != nil {
		return err
	}
	b.changesSection(s)
	b.coverageAppendix(s)
	b.errorsAppendix(s)
	s.text("DocumentEnd", "End of document")
	if b.tpl.closing != "" {
		s.fragment(b.tpl.closing)
	}
	return nil
}

// documentControl writes the project's people and the document's identity
// (from the template) and the revision history, this report's row last.
func (b *builder) documentControl(body sink) {
	body.heading(b.outline.control)
	body.fragment(b.tpl.control)
	body.heading(b.outline.revisions)
	header := []string{"Version", "Date", "Author", "Description"}
	var rows [][]string
	for _, r := range b.req.Meta.History() {
		rows = append(rows, []string{orDash(r.Version), formatDate(r.Date), orDash(r.Author), orDash(r.Description)})
	}
	table(body, fitColumns(b.styles, header, rows), header, rows)
}

// formatDate prints a date the way the document does, or a dash.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2 January 2006")
}

// joinAnd lists items as prose: "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// plural is "1 resource" or "n resources".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
