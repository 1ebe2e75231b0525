package report

// sink receives the sections of the document in reading order. The body
// writer encodes them into document.xml; the pager only measures them, in
// a first pass, so the table of contents near the start can carry page
// numbers before the body is written. One description of each section
// feeds both, so the two cannot disagree.
type sink interface {
	heading(h heading)
	text(style, s string)
	beginTable(widths []int64, header []string)
	dataRow(widths []int64, values []string)
	labelRow(widths []int64, label, value string)
	endTable()
	// fragment is markup of the template.
	fragment(markup string)
	picture(p *picture)
	// sectionBreak ends the current section, laid out landscape or
	// portrait; what follows starts on a new page.
	sectionBreak(landscape bool)
	// pageBreak starts a new page.
	pageBreak()
	toc(o *outline, pages map[int]int)
	// rows copies table rows logged earlier (the change tables).
	rows(f *rowFile)
}

var (
	_ sink = (*bodyWriter)(nil)
	_ sink = (*pager)(nil)
)

// table writes a whole small table.
func table(s sink, widths []int64, header []string, rows [][]string) {
	s.beginTable(widths, header)
	for _, r := range rows {
		s.dataRow(widths, r)
	}
	s.endTable()
}
