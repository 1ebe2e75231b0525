package report

import "strings"

const (
	// pageHeight is the height between the top and bottom margins.
	pageHeight = 16838 - 2*1418
	// Cell padding of the report table style, and what a row's borders add.
	cellPadX, cellPadY, rowBorder = 85, 28, 11
)

// pager estimates where things fall on A4 pages, as a word processor
// lays them out with the template's styles: paragraphs wrap by an average
// character width, the space between two paragraphs is the larger of the
// first's space after and the second's space before, headings keep with
// what follows, Heading 1 starts a page, table rows do not split and a
// table's header row repeats on every page it runs onto. It numbers the
// pages of the headings for the table of contents; a reader's update of
// the fields makes them exact.
type pager struct {
	styles map[string]styleMetrics
	page   int
	y      int // twips used on the current page, without the space after
	after  int // space after the last paragraph, not yet used
	held   []held
	header block // the open table's header row, repeated on new pages
	inRows bool
	pages  map[int]int // page by heading id
}

// block is something that does not split across pages.
type block struct{ before, height, after int }

// held is a block waiting to be placed with what follows it: a heading
// (id > 0) or a table's header row.
type held struct {
	block
	id int
}

func newPager(styles map[string]styleMetrics) *pager {
	return &pager{styles: styles, page: 1, pages: map[int]int{}}
}

func (p *pager) newPage() { p.page, p.y, p.after = p.page+1, 0, 0 }

// pageBreak starts a new page.
func (p *pager) pageBreak() {
	p.flush()
	if p.y > 0 {
		p.newPage()
	}
}

// sectionBreak starts a new page. A landscape page is shorter; what the
// report puts on one (a diagram and its caption) fits it by construction.
func (p *pager) sectionBreak(bool) { p.pageBreak() }

// need is the height a run of blocks takes from the current position.
func (p *pager) need(blocks []block) int {
	y, after := p.y, p.after
	for i, b := range blocks {
		if y > 0 || i > 0 {
			y += max(after, b.before)
		}
		y += b.height
		after = b.after
	}
	return y - p.y
}

// place puts a block, with the blocks held for it, on the page they fit.
func (p *pager) place(b block) {
	run := make([]block, 0, len(p.held)+1)
	for _, h := range p.held {
		run = append(run, h.block)
	}
	run = append(run, b)
	if p.y > 0 && p.y+p.need(run) > pageHeight {
		p.newPage()
		if p.inRows && len(p.held) == 0 {
			p.y = p.header.height // the header row repeats
		}
	}
	for _, h := range p.held {
		if h.id > 0 {
			p.pages[h.id] = p.page
		}
	}
	p.y += p.need(run)
	p.after = b.after
	p.held = p.held[:0]
	for p.y > pageHeight { // a block taller than a page runs over
		p.page++
		p.y -= pageHeight
	}
}

// flush places what is held with nothing after it.
func (p *pager) flush() {
	if len(p.held) > 0 {
		last := p.held[len(p.held)-1]
		p.held = p.held[:len(p.held)-1]
		p.place(last.block)
		if last.id > 0 {
			p.pages[last.id] = p.page
		}
	}
}

// paragraph is the block of a paragraph of a style holding text.
func (p *pager) paragraph(style, text string, width int) block {
	m := p.styles[style]
	return block{m.before, m.border + lines(text, width-m.indent, m)*m.lineHeight(), m.after}
}

func (p *pager) heading(h heading) {
	if h.level == 1 { // page break before
		p.flush()
		if p.y > 0 {
			p.newPage()
		}
	}
	style := "Heading" + string(rune('0'+h.level))
	if h.id < 0 {
		style = "TOCHeading"
	}
	p.held = append(p.held, held{p.paragraph(style, h.text, textWidth), h.id})
}

// text places a paragraph, or holds it for what follows when its style
// keeps with the next paragraph.
func (p *pager) text(style, s string) {
	b := p.paragraph(style, s, textWidth)
	if p.styles[style].keepNext {
		p.held = append(p.held, held{block: b})
		return
	}
	p.place(b)
}

// row is the height of a table row: its tallest cell.
func (p *pager) row(widths []int64, styles func(i int) string, values []string) int {
	tallest := 0
	for i, v := range values {
		m := p.styles[styles(i)]
		h := m.before + m.after + lines(v, int(widths[i])-2*cellPadX, m)*m.lineHeight()
		tallest = max(tallest, h)
	}
	return tallest + 2*cellPadY + rowBorder
}

func (p *pager) beginTable(widths []int64, header []string) {
	p.header = block{height: p.row(widths, func(int) string { return "TableHeading" }, header)}
	p.held = append(p.held, held{block: p.header}) // the header row keeps with the first row
}

func (p *pager) dataRow(widths []int64, values []string) {
	p.tableRow(p.row(widths, func(int) string { return "TableText" }, values))
}

func (p *pager) labelRow(widths []int64, label, value string) {
	p.tableRow(p.row(widths, func(i int) string { return [...]string{"TableLabel", "TableText"}[i] }, []string{label, value}))
}

func (p *pager) tableRow(h int) {
	p.inRows = true
	p.place(block{height: h})
}

func (p *pager) endTable() {
	p.flush()
	p.header, p.inRows = block{}, false
}

// fragment measures template markup: its paragraphs outside tables as
// Normal text, and each table row as one line.
func (p *pager) fragment(markup string) {
	outside, rows := markup, 0
	for {
		i, j := strings.Index(outside, "<w:tbl>"), strings.Index(outside, "</w:tbl>")
		if i < 0 || j < i {
			break
		}
		rows += strings.Count(outside[i:j], "<w:tr>")
		outside = outside[:i] + outside[j+len("</w:tbl>"):]
	}
	for _, para := range paragraphs(outside) {
		p.text("Normal", para.text)
	}
	one := p.row([]int64{textWidth}, func(int) string { return "TableText" }, []string{"-"})
	for range rows {
		p.tableRow(one)
	}
	p.endTable()
}

func (p *pager) picture(pic *picture) {
	m := p.styles["DiagramPara"]
	p.place(block{m.before, int(pic.height / emuPerTwip), m.after})
}

func (p *pager) toc(o *outline, _ map[int]int) {
	p.heading(heading{level: 1, text: "Contents", id: -1})
	for _, h := range o.all {
		p.text("TOC"+string(rune('0'+h.level)), h.text)
	}
}

func (p *pager) rows(f *rowFile) {
	for _, h := range f.heights {
		p.tableRow(int(h))
	}
}

// lines is how many lines text takes in a width in a style, wrapping at
// spaces and breaking words longer than a line.
func lines(text string, width int, m styleMetrics) int {
	width = max(width, 1)
	space := m.width(" ")
	n := 0
	for _, para := range strings.Split(text, "\n") {
		used, count := 0, 1
		for _, word := range strings.Fields(para) {
			w := m.width(word)
			switch {
			case used == 0:
				used = w
			case used+space+w <= width:
				used += space + w
			default:
				count++
				used = w
			}
			for used > width {
				count++
				used -= width
			}
		}
		n += count
	}
	return n
}
