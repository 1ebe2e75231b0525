package report

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"

	"github.com/fumiama/go-docx"
)

// bodyWriter streams document.xml: go-docx values are encoded one at a
// time as they are made, so no more than a row or a paragraph of the body
// is held in memory. The first error sticks and is returned by flush.
type bodyWriter struct {
	bw    *bufio.Writer
	enc   *xml.Encoder
	err   error
	refs  string // the template's header and footer references
	broke bool   // a section break was written: the last section is not the first
}

func newBodyWriter(w io.Writer, refs string) *bodyWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	return &bodyWriter{bw: bw, enc: xml.NewEncoder(bw), refs: refs}
}

// pageBreak starts a new page.
func (b *bodyWriter) pageBreak() { b.raw(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`) }

// sectionBreak ends the section so far, portrait or landscape: the
// properties of a section are in the paragraph that ends it.
func (b *bodyWriter) sectionBreak(landscape bool) {
	b.raw(`<w:p><w:pPr>` + sectionProperties(b.refs, landscape, !b.broke) + `</w:pPr></w:p>`)
	b.broke = true
}

// raw writes markup that is already XML.
func (b *bodyWriter) raw(s string) {
	if b.err == nil {
		_, b.err = b.bw.WriteString(s)
	}
}

// put encodes one element.
func (b *bodyWriter) put(v any) {
	if b.err == nil {
		if err := b.enc.Encode(v); err != nil {
			b.err = fmt.Errorf("encode %T: %w", v, err)
		}
	}
}

// text writes a paragraph of one style.
func (b *bodyWriter) text(style, s string) { b.put(para(style, s)) }

// fragment writes template markup.
func (b *bodyWriter) fragment(markup string) { b.raw(markup) }

// picture writes go-docx's paragraph holding the diagram.
func (b *bodyWriter) picture(p *picture) { b.put(p.para) }

// rows copies table rows written earlier to a file.
func (b *bodyWriter) rows(f *rowFile) {
	if b.err == nil {
		_, b.err = io.Copy(b.bw, f.f)
	}
}

func (b *bodyWriter) flush() error {
	if b.err != nil {
		return b.err
	}
	return b.bw.Flush()
}

// heading writes a heading paragraph wrapped in its bookmark.
func (b *bodyWriter) heading(h heading) {
	children := []any{&bookmarkStart{ID: h.id, Name: h.bookmark}}
	children = append(children, runs(h.text)...)
	children = append(children, &bookmarkEnd{ID: h.id})
	b.put(&docx.Paragraph{
		Properties: &docx.ParagraphProperties{Style: &docx.Style{Val: fmt.Sprintf("Heading%d", h.level)}},
		Children:   children,
	})
}
