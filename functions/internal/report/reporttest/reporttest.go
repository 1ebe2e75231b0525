// Package reporttest makes report templates for tests: a template edited
// part by part, and the branded one a consultancy would upload (its logo
// on the cover, its font embedded, its name in the header). It works on
// the .docx as a zip and does not import package report, so report's own
// tests use it too.
package reporttest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
)

const relBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

// Edit changes a template: parts rewritten by a function, parts added or
// replaced.
type Edit struct {
	Rewrite map[string]func(string) string
	Add     map[string][]byte
}

// Apply returns base with the edit made.
func (e Edit) Apply(base []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		return nil, fmt.Errorf("open template: %w", err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, data []byte) error {
		w, err := zw.Create(name)
		if err == nil {
			_, err = w.Write(data)
		}
		return err
	}
	for _, f := range zr.File {
		if _, replaced := e.Add[f.Name]; replaced {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if fn := e.Rewrite[f.Name]; fn != nil {
			data = []byte(fn(string(data)))
		}
		if err := put(f.Name, data); err != nil {
			return nil, err
		}
	}
	for name, data := range e.Add {
		if err := put(name, data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Logo is a 120 x 40 PNG, the same bytes on every call.
func Logo() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 120, 40))
	for x := range 120 {
		for y := range 40 {
			img.Set(x, y, color.RGBA{R: uint8(x * 2), G: 80, B: 160, A: 255})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img) // an in-memory RGBA encodes
	return buf.Bytes()
}

// LogoRelID is the relationship id of the logo in a branded template.
const LogoRelID = "rIdLogo"

// Drawing is an inline picture paragraph showing the relationship relID.
func Drawing(relID string) string {
	return `<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="1143000" cy="381000"/>` +
		`<wp:docPr id="900" name="Company logo"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
		`<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
		`<pic:nvPicPr><pic:cNvPr id="0" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="` + relID + `"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1143000" cy="381000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`
}

// PictureFirst puts Drawing(relID) first in the body and declares the
// drawing namespace.
func PictureFirst(relID string) func(string) string {
	return func(s string) string {
		s = strings.Replace(s, `<w:document `, `<w:document xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" `, 1)
		return strings.Replace(s, "<w:body>", "<w:body>"+Drawing(relID), 1)
	}
}

// AddRelationship adds a relationship to a .rels part.
func AddRelationship(id, typ, target, mode string) func(string) string {
	return func(s string) string {
		rel := `<Relationship Id="` + id + `" Type="` + relBase + typ + `" Target="` + target + `"`
		if mode != "" {
			rel += ` TargetMode="` + mode + `"`
		}
		return strings.Replace(s, "</Relationships>", rel+"/></Relationships>", 1)
	}
}

// Font is the brand font of a branded template.
const Font = "Brand Sans"

// HeaderText is what a branded template's header says before the client.
const HeaderText = "Brand Consulting for "

// Branded is base (the product's built-in template, report.BuiltinTemplate)
// made a consultancy's: Logo first on the cover, Font in the styles and
// embedded in the font table, HeaderText in the header.
func Branded(base []byte) ([]byte, error) {
	return Edit{
		Rewrite: map[string]func(string) string{
			"word/document.xml":            PictureFirst(LogoRelID),
			"word/_rels/document.xml.rels": AddRelationship(LogoRelID, "image", "media/logo.png", ""),
			"[Content_Types].xml": func(s string) string {
				return strings.Replace(s, `<Default Extension="xml"`,
					`<Default Extension="png" ContentType="image/png"/><Default Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"/><Default Extension="xml"`, 1)
			},
			"word/styles.xml": func(s string) string { return strings.ReplaceAll(s, `w:ascii="Arial"`, `w:ascii="`+Font+`"`) },
			"word/fontTable.xml": func(s string) string {
				s = strings.Replace(s, "<w:fonts ", `<w:fonts xmlns:r="`+strings.TrimSuffix(relBase, "/")+`" `, 1)
				return strings.Replace(s, "</w:fonts>", `<w:font w:name="`+Font+`"><w:embedRegular r:id="rIdFont1"/></w:font></w:fonts>`, 1)
			},
			"word/header1.xml": func(s string) string { return strings.Replace(s, "[Client Name]", HeaderText+"[Client Name]", 1) },
		},
		Add: map[string][]byte{
			"word/media/logo.png":    Logo(),
			"word/fonts/font1.odttf": []byte("not really a font, but a part the font table refers to"),
			"word/_rels/fontTable.xml.rels": []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
				`<Relationship Id="rIdFont1" Type="` + relBase + `font" Target="fonts/font1.odttf"/></Relationships>`),
		},
	}.Apply(base)
}
