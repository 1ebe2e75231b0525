package report

import (
	"archive/zip"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// Content types and relationship types of the parts the package holds.
const (
	ctMain     = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ctStyles   = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
	ctSettings = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
	ctFonts    = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
	ctHeader   = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
	ctFooter   = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
	ctCore     = "application/vnd.openxmlformats-package.core-properties+xml"
	ctApp      = "application/vnd.openxmlformats-officedocument.extended-properties+xml"

	relBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

// part is one part of the package that word/document.xml refers to.
type part struct {
	name, contentType string
	relID, relType    string // relative to word/
	body              string // static or filled content
}

// docParts are the parts around the body: styles, settings, fonts, the
// header and footer, and an empty header and footer for the cover page.
func docParts(t *filledTemplate) ([]part, error) {
	static := map[string]string{}
	for _, name := range []string{"styles.xml", "settings.xml", "fontTable.xml", "first.xml"} {
		b, err := templateFS.ReadFile("template/word/" + name)
		if err != nil {
			return nil, fmt.Errorf("read template %s: %w", name, err)
		}
		static[name] = string(b)
	}
	firstFooter := strings.ReplaceAll(static["first.xml"], "w:hdr", "w:ftr")
	return []part{
		{"word/styles.xml", ctStyles, "rIdStyles", relBase + "styles", static["styles.xml"]},
		{"word/settings.xml", ctSettings, "rIdSettings", relBase + "settings", static["settings.xml"]},
		{"word/fontTable.xml", ctFonts, "rIdFonts", relBase + "fontTable", static["fontTable.xml"]},
		{"word/header1.xml", ctHeader, "rIdHeader", relBase + "header", t.header},
		{"word/footer1.xml", ctFooter, "rIdFooter", relBase + "footer", t.footer},
		{"word/header2.xml", ctHeader, "rIdHeaderFirst", relBase + "header", static["first.xml"]},
		{"word/footer2.xml", ctFooter, "rIdFooterFirst", relBase + "footer", firstFooter},
	}, nil
}

// sectionProperties: A4 portrait, the header and footer on every page but
// the cover (titlePg gives the first page the empty pair).
const sectionProperties = `<w:sectPr>` +
	`<w:headerReference w:type="default" r:id="rIdHeader"/>` +
	`<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>` +
	`<w:footerReference w:type="default" r:id="rIdFooter"/>` +
	`<w:footerReference w:type="first" r:id="rIdFooterFirst"/>` +
	`<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>` +
	`<w:pgMar w:top="1418" w:right="1134" w:bottom="1418" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>` +
	`<w:cols w:space="708"/><w:titlePg/><w:docGrid w:linePitch="360"/>` +
	`</w:sectPr>`

// documentOpen declares the namespaces the body and go-docx's picture use.
const documentOpen = xml.Header + `<w:document` +
	` xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"` +
	` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"` +
	` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
	` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
	` xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>`

const documentClose = sectionProperties + `</w:body></w:document>`

// zipPackage writes the parts of a .docx into a zip stream. Deflate runs
// at its fastest level: report XML compresses well either way, and the
// build time matters more than a few per cent of size.
type zipPackage struct{ zw *zip.Writer }

func newZipPackage(w io.Writer) *zipPackage {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	return &zipPackage{zw: zw}
}

func (p *zipPackage) create(name string) (io.Writer, error) {
	w, err := p.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		return nil, fmt.Errorf("create part %s: %w", name, err)
	}
	return w, nil
}

func (p *zipPackage) write(name string, content []byte) error {
	w, err := p.create(name)
	if err != nil {
		return err
	}
	if _, err := w.Write(content); err != nil {
		return fmt.Errorf("write part %s: %w", name, err)
	}
	return nil
}

func (p *zipPackage) close() error {
	if err := p.zw.Close(); err != nil {
		return fmt.Errorf("close package: %w", err)
	}
	return nil
}

// contentTypes is [Content_Types].xml for the parts and the picture.
func contentTypes(parts []part, media *picture) string {
	var sb strings.Builder
	sb.WriteString(xml.Header)
	sb.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	sb.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	sb.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	if media != nil {
		fmt.Fprintf(&sb, `<Default Extension="%s" ContentType="%s"/>`, media.ext, media.contentType)
	}
	override := func(name, ct string) { fmt.Fprintf(&sb, `<Override PartName="/%s" ContentType="%s"/>`, name, ct) }
	override("word/document.xml", ctMain)
	for _, pt := range parts {
		override(pt.name, pt.contentType)
	}
	override("docProps/core.xml", ctCore)
	override("docProps/app.xml", ctApp)
	sb.WriteString(`</Types>`)
	return sb.String()
}

// documentRels is word/_rels/document.xml.rels.
func documentRels(parts []part, media *picture) string {
	var sb strings.Builder
	sb.WriteString(xml.Header)
	sb.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	rel := func(id, typ, target string) {
		fmt.Fprintf(&sb, `<Relationship Id="%s" Type="%s" Target="%s"/>`, id, typ, escapeText(target))
	}
	for _, pt := range parts {
		rel(pt.relID, pt.relType, strings.TrimPrefix(pt.name, "word/"))
	}
	if media != nil {
		rel(media.relID, relBase+"image", media.target)
	}
	sb.WriteString(`</Relationships>`)
	return sb.String()
}

// coreProperties is docProps/core.xml: title, subject and author.
func coreProperties(m Metadata) string {
	when := m.Date.UTC()
	if m.Date.IsZero() {
		when = time.Unix(0, 0).UTC()
	}
	esc := escapeText
	return xml.Header +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc("AWS Implementation Document - "+orDash(m.ProjectName)) + `</dc:title>` +
		`<dc:subject>` + esc(orDash(m.ClientName)) + `</dc:subject>` +
		`<dc:creator>` + esc(orDash(m.CloudEngineer)) + `</dc:creator>` +
		`<cp:keywords>AWS; implementation; ` + PlatformName + `</cp:keywords>` +
		`<cp:revision>1</cp:revision>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + when.Format(time.RFC3339) + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + when.Format(time.RFC3339) + `</dcterms:modified>` +
		`</cp:coreProperties>`
}
