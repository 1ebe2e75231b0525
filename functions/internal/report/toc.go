package report

import (
	"fmt"
	"strconv"

	"github.com/fumiama/go-docx"
)

// toc writes the table of contents: a TOC field whose cached result is
// already the list of headings, each a link to its heading's bookmark with
// a PAGEREF field for its page. It reads right as generated; Word and
// LibreOffice refresh the page numbers when fields are updated (the
// settings part asks Word to do so on opening). pages holds estimated page
// numbers by heading id; a missing one leaves the number to the update.
func (b *bodyWriter) toc(o *outline, pages map[int]int) {
	b.put(&docx.Paragraph{
		Properties: &docx.ParagraphProperties{Style: &docx.Style{Val: "TOCHeading"}},
		Children:   runs("Contents"),
	})
	for i, h := range o.all {
		var children []any
		if i == 0 {
			children = field(`TOC \o "1-3" \h \z \u`, "")
			children = children[:len(children)-1] // the field ends after the last entry
		}
		page := ""
		if n, ok := pages[h.id]; ok {
			page = strconv.Itoa(n)
		}
		link := &anchorLink{Anchor: h.bookmark, History: "1"}
		link.Children = append(runs(h.text), &docx.Run{Children: []any{&docx.Tab{}}})
		link.Children = append(link.Children, field(`PAGEREF `+h.bookmark+` \h`, page)...)
		children = append(children, link)
		if i == len(o.all)-1 {
			children = append(children, &docx.Run{Children: []any{&fldChar{Type: "end"}}})
		}
		b.put(&docx.Paragraph{
			Properties: &docx.ParagraphProperties{Style: &docx.Style{Val: fmt.Sprintf("TOC%d", h.level)}},
			Children:   children,
		})
	}
}
