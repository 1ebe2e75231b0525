package report

import (
	"archive/zip"
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

// templateEdit changes the built-in template into another one: parts
// rewritten by a function, parts added or replaced.
type templateEdit struct {
	rewrite map[string]func(string) string
	add     map[string][]byte
}

func editedTemplate(t *testing.T, e templateEdit) []byte {
	t.Helper()
	base, err := BuiltinTemplate()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, data []byte) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range zr.File {
		if _, replaced := e.add[f.Name]; replaced {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		data := b.String()
		if fn := e.rewrite[f.Name]; fn != nil {
			data = fn(data)
		}
		put(f.Name, []byte(data))
	}
	for name, data := range e.add {
		put(name, data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func logoPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 120, 40))
	for x := range 120 {
		for y := range 40 {
			img.Set(x, y, color.RGBA{R: uint8(x * 2), G: 80, B: 160, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const logoDrawing = `<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="1143000" cy="381000"/>` +
	`<wp:docPr id="900" name="Company logo"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">` +
	`<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
	`<pic:nvPicPr><pic:cNvPr id="0" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdLogo"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
	`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1143000" cy="381000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`

// brandedTemplate is what a consultancy uploads: its logo first on the
// cover, its font in the styles and font table (embedded), its header.
func brandedTemplate(t *testing.T) []byte {
	logo := logoPNG(t)
	return editedTemplate(t, templateEdit{
		rewrite: map[string]func(string) string{
			"word/document.xml": func(s string) string {
				s = strings.Replace(s, `<w:document `, `<w:document xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" `, 1)
				return strings.Replace(s, "<w:body>", "<w:body>"+logoDrawing, 1)
			},
			"word/_rels/document.xml.rels": func(s string) string {
				return strings.Replace(s, "</Relationships>",
					`<Relationship Id="rIdLogo" Type="`+relBase+`image" Target="media/logo.png"/></Relationships>`, 1)
			},
			"[Content_Types].xml": func(s string) string {
				return strings.Replace(s, `<Default Extension="xml"`,
					`<Default Extension="png" ContentType="image/png"/><Default Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"/><Default Extension="xml"`, 1)
			},
			"word/styles.xml": func(s string) string { return strings.ReplaceAll(s, `w:ascii="Arial"`, `w:ascii="Brand Sans"`) },
			"word/fontTable.xml": func(s string) string {
				s = strings.Replace(s, "<w:fonts ", `<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" `, 1)
				return strings.Replace(s, "</w:fonts>", `<w:font w:name="Brand Sans"><w:embedRegular r:id="rIdFont1"/></w:font></w:fonts>`, 1)
			},
			"word/header1.xml": func(s string) string {
				return strings.Replace(s, "[Client Name]", "Brand Consulting for [Client Name]", 1)
			},
		},
		add: map[string][]byte{
			"word/media/logo.png":    logo,
			"word/fonts/font1.odttf": []byte("not really a font, but a part the font table refers to"),
			"word/_rels/fontTable.xml.rels": []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
				`<Relationship Id="rIdFont1" Type="` + relBase + `font" Target="fonts/font1.odttf"/></Relationships>`),
		},
	})
}

func TestBuiltinTemplateIsAFileReadLikeAnUpload(t *testing.T) {
	data, err := BuiltinTemplate()
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := ParseTemplate(data)
	if err != nil {
		t.Fatalf("the built-in template does not pass the upload's checks: %v", err)
	}
	if len(tpl.Placeholders) != len(KnownPlaceholders()) {
		t.Errorf("built-in template uses %v, want every known placeholder %v", tpl.Placeholders, KnownPlaceholders())
	}
	for _, p := range KnownPlaceholders() {
		if PlaceholderHelp[p] == "" {
			t.Errorf("placeholder %s is not documented", p)
		}
	}
}

func TestABrandedTemplateCarriesItsLogoFontAndHeader(t *testing.T) {
	tpl, err := ParseTemplate(brandedTemplate(t))
	if err != nil {
		t.Fatal(err)
	}
	req, err := demoRequest(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	req.Template = tpl
	doc, _ := build(t, req)

	body := parseXML(t, "document", doc["word/document.xml"])
	blips := body.find("blip")
	if len(blips) == 0 || blips[0].attrs["embed"] != "tplrIdLogo" {
		t.Fatalf("the cover's first picture is not the logo: %+v", blips)
	}
	rels := parseXML(t, "rels", doc["word/_rels/document.xml.rels"])
	target := ""
	for _, r := range rels.find("Relationship") {
		if r.attrs["Id"] == "tplrIdLogo" {
			target = r.attrs["Target"]
		}
	}
	if !bytes.Equal(doc["word/"+target], logoPNG(t)) {
		t.Errorf("the logo's relationship targets %q, which does not hold the uploaded logo", target)
	}
	if !strings.Contains(string(doc["word/styles.xml"]), `w:ascii="Brand Sans"`) {
		t.Error("the report's styles do not use the template's font")
	}
	if _, ok := doc["word/fonts/font1.odttf"]; !ok {
		t.Error("the embedded font is not in the report")
	}
	if !strings.Contains(string(doc["word/_rels/fontTable.xml.rels"]), "fonts/font1.odttf") {
		t.Error("the font table's relationships are not in the report")
	}
	header := parseXML(t, "header", doc["word/header1.xml"]).plainText()
	if !strings.Contains(header, "Brand Consulting for Example Corp") {
		t.Errorf("header %q is not the template's, filled", header)
	}
	// Every style the generated sections use is still defined: the
	// product's styles fill what the template lacks.
	if !strings.Contains(string(doc["word/styles.xml"]), `w:styleId="ReportTable"`) {
		t.Error("merged styles lost the report table style")
	}
}

func TestTemplateRefusals(t *testing.T) {
	withBody := func(from, to string) []byte {
		return editedTemplate(t, templateEdit{rewrite: map[string]func(string) string{
			"word/document.xml": func(s string) string { return strings.Replace(s, from, to, 1) },
		}})
	}
	macro := editedTemplate(t, templateEdit{rewrite: map[string]func(string) string{
		"[Content_Types].xml": func(s string) string {
			return strings.Replace(s, ctMain, "application/vnd.ms-word.document.macroEnabled.main+xml", 1)
		},
	}})
	outside := editedTemplate(t, templateEdit{rewrite: map[string]func(string) string{
		"word/document.xml": func(s string) string {
			s = strings.Replace(s, `<w:document `, `<w:document xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" `, 1)
			return strings.Replace(s, "<w:body>", "<w:body>"+logoDrawing, 1)
		},
		"word/_rels/document.xml.rels": func(s string) string {
			return strings.Replace(s, "</Relationships>",
				`<Relationship Id="rIdLogo" Type="`+relBase+`image" Target="https://tracker.example/pixel.png" TargetMode="External"/></Relationships>`, 1)
		},
	}})
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("word/document.xml")
	zeros := make([]byte, 1<<20)
	for range 21 {
		w.Write(zeros)
	}
	zw.Close()

	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"not a zip", []byte("%PDF-1.7 not a docx"), "not a Word document"},
		{"too large", make([]byte, MaxTemplateSize+1), "larger than 10 MB"},
		{"zip bomb", bomb.Bytes(), "inflates to more than"},
		{"unknown placeholder", withBody("[Project Name]", "[Project Nmae]"), "unknown placeholder [Project Nmae] in the cover"},
		{"missing control anchor", withBody("<w:t>[Document Control]</w:t>", "<w:t>Control</w:t>"), "required anchor [Document Control] is missing"},
		{"missing body anchor", withBody("<w:t>[Report Body]</w:t>", "<w:t>Body</w:t>"), "required anchor [Report Body] is missing"},
		{"anchor not alone", withBody("<w:t>[Report Body]</w:t>", "<w:t>See [Report Body]</w:t>"), "must be alone in its paragraph"},
		{"anchor twice", withBody("<w:t>[Document Control]</w:t></w:r></w:p>", "<w:t>[Document Control]</w:t></w:r></w:p><w:p><w:r><w:t>[Document Control]</w:t></w:r></w:p>"), "appears 2 times"},
		{"macros", macro, "contains macros"},
		{"outside picture", outside, "links to an outside file (https://tracker.example/pixel.png)"},
		{"missing relationship", withBody(`r:id="rId4"`, `r:id="rId99"`), `relationship "rId99" it does not define`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTemplate(tc.data)
			var te *TemplateError
			if !errors.As(err, &te) || !strings.Contains(te.Reason, tc.want) {
				t.Fatalf("ParseTemplate = %v, want a TemplateError containing %q", err, tc.want)
			}
		})
	}
}
