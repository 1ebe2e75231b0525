package report

import (
	"archive/zip"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"
)

// Content types and relationship types of the parts the package holds.
const (
	ctMain     = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ctStyles   = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
	ctSettings = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
	ctFonts    = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
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

// docParts are the parts around the body: the product's settings, the
// template's styles and font table, and what the template carries
// (headers and footers filled, pictures, fonts, theme).
func docParts(t *filledTemplate) ([]part, error) {
	settings, err := templateFS.ReadFile("template/word/settings.xml")
	if err != nil {
		return nil, fmt.Errorf("read template settings.xml: %w", err)
	}
	parts := []part{
		{"word/styles.xml", ctStyles, "rIdStyles", relBase + "styles", t.styles},
		{"word/settings.xml", ctSettings, "rIdSettings", relBase + "settings", string(settings)},
		{"word/fontTable.xml", ctFonts, "rIdFonts", relBase + "fontTable", t.fontTable},
	}
	for _, p := range t.parts {
		body, ok := t.filled[p.name]
		if !ok {
			body = string(p.data)
		}
		parts = append(parts, part{name: p.name, contentType: p.contentType, body: body})
	}
	return parts, nil
}

// Page sizes of the body's sections, in twips: A4 with the product's
// margins; the landscape one holds a wide network diagram.
const (
	pagePortrait  = `<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>`
	pageLandscape = `<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>`
	pageMargins   = `<w:pgMar w:top="1418" w:right="1134" w:bottom="1418" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>`
)

// sectionProperties closes a section with the template's header and
// footer references (titlePg, when the template has it, gives the cover
// its own first-page pair). Only the first section has a title page.
func sectionProperties(refs string, landscape, first bool) string {
	if !first {
		refs = strings.ReplaceAll(refs, "<w:titlePg/>", "")
	}
	pg := pagePortrait
	if landscape {
		pg = pageLandscape
	}
	return `<w:sectPr>` + refs + pg + pageMargins + `<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>`
}

// documentOpen declares the namespaces the body and go-docx's picture use.
const documentOpen = xml.Header + `<w:document` +
	` xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"` +
	` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"` +
	` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
	` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
	` xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>`

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

// writePicture writes a picture's media part, from memory or from the
// file it waits in.
func (p *zipPackage) writePicture(pic *picture) error {
	if pic.file == "" {
		return p.write("word/"+pic.target, pic.data)
	}
	f, err := os.Open(pic.file)
	if err != nil {
		return fmt.Errorf("open picture %s: %w", pic.file, err)
	}
	defer f.Close()
	w, err := p.create("word/" + pic.target)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("write picture %s: %w", pic.target, err)
	}
	return nil
}

func (p *zipPackage) close() error {
	if err := p.zw.Close(); err != nil {
		return fmt.Errorf("close package: %w", err)
	}
	return nil
}

// contentTypes is [Content_Types].xml for the parts and the pictures.
func contentTypes(parts []part, defaults map[string]string, pictures []*picture) string {
	var sb strings.Builder
	sb.WriteString(xml.Header)
	sb.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	exts := map[string]string{"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml"}
	for _, p := range pictures {
		exts[p.ext] = p.contentType
	}
	for ext, ct := range defaults {
		if _, ok := exts[ext]; !ok {
			exts[ext] = ct
		}
	}
	for _, ext := range slices.Sorted(maps.Keys(exts)) {
		fmt.Fprintf(&sb, `<Default Extension="%s" ContentType="%s"/>`, escapeText(ext), escapeText(exts[ext]))
	}
	override := func(name, ct string) {
		fmt.Fprintf(&sb, `<Override PartName="/%s" ContentType="%s"/>`, escapeText(name), escapeText(ct))
	}
	override("word/document.xml", ctMain)
	for _, pt := range parts {
		override(pt.name, pt.contentType)
	}
	override("docProps/core.xml", ctCore)
	override("docProps/app.xml", ctApp)
	sb.WriteString(`</Types>`)
	return sb.String()
}

// documentRels is word/_rels/document.xml.rels: the product's parts, the
// template's carried relationships and the pictures.
func documentRels(parts []part, carried []relationship, pictures []*picture) string {
	var sb strings.Builder
	sb.WriteString(xml.Header)
	sb.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	rel := func(id, typ, target, mode string) {
		fmt.Fprintf(&sb, `<Relationship Id="%s" Type="%s" Target="%s"`, escapeText(id), escapeText(typ), escapeText(target))
		if mode != "" {
			fmt.Fprintf(&sb, ` TargetMode="%s"`, escapeText(mode))
		}
		sb.WriteString(`/>`)
	}
	for _, pt := range parts {
		if pt.relID != "" {
			rel(pt.relID, pt.relType, strings.TrimPrefix(pt.name, "word/"), "")
		}
	}
	for _, r := range carried {
		rel(r.ID, r.Type, r.Target, r.TargetMode)
	}
	for _, p := range pictures {
		rel(p.relID, relBase+"image", p.target, "")
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
