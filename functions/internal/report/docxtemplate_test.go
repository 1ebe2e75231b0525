package report

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/report/reporttest"
)

func editedTemplate(t *testing.T, e reporttest.Edit) []byte {
	t.Helper()
	base, err := BuiltinTemplate()
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.Apply(base)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func brandedTemplate(t *testing.T) []byte {
	t.Helper()
	base, err := BuiltinTemplate()
	if err != nil {
		t.Fatal(err)
	}
	out, err := reporttest.Branded(base)
	if err != nil {
		t.Fatal(err)
	}
	return out
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
	if len(blips) == 0 || blips[0].attrs["embed"] != "tpl"+reporttest.LogoRelID {
		t.Fatalf("the cover's first picture is not the logo: %+v", blips)
	}
	rels := parseXML(t, "rels", doc["word/_rels/document.xml.rels"])
	target := ""
	for _, r := range rels.find("Relationship") {
		if r.attrs["Id"] == "tpl"+reporttest.LogoRelID {
			target = r.attrs["Target"]
		}
	}
	if !bytes.Equal(doc["word/"+target], reporttest.Logo()) {
		t.Errorf("the logo's relationship targets %q, which does not hold the uploaded logo", target)
	}
	if !strings.Contains(string(doc["word/styles.xml"]), `w:ascii="`+reporttest.Font+`"`) {
		t.Error("the report's styles do not use the template's font")
	}
	if _, ok := doc["word/fonts/font1.odttf"]; !ok {
		t.Error("the embedded font is not in the report")
	}
	if !strings.Contains(string(doc["word/_rels/fontTable.xml.rels"]), "fonts/font1.odttf") {
		t.Error("the font table's relationships are not in the report")
	}
	header := parseXML(t, "header", doc["word/header1.xml"]).plainText()
	if !strings.Contains(header, reporttest.HeaderText+"Example Corp") {
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
		return editedTemplate(t, reporttest.Edit{Rewrite: map[string]func(string) string{
			"word/document.xml": func(s string) string { return strings.Replace(s, from, to, 1) },
		}})
	}
	macro := editedTemplate(t, reporttest.Edit{Rewrite: map[string]func(string) string{
		"[Content_Types].xml": func(s string) string {
			return strings.Replace(s, ctMain, "application/vnd.ms-word.document.macroEnabled.main+xml", 1)
		},
	}})
	outside := editedTemplate(t, reporttest.Edit{Rewrite: map[string]func(string) string{
		"word/document.xml":            reporttest.PictureFirst("rIdPixel"),
		"word/_rels/document.xml.rels": reporttest.AddRelationship("rIdPixel", "image", "https://tracker.example/pixel.png", "External"),
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

// The README's placeholder table names every placeholder the product
// fills, and only those.
func TestTheREADMEDocumentsEveryPlaceholder(t *testing.T) {
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, line := range strings.Split(string(readme), "\n") {
		if cell, ok := strings.CutPrefix(line, "| `["); ok {
			name, _, _ := strings.Cut(cell, "]`")
			documented = append(documented, name)
		}
	}
	slices.Sort(documented)
	if !slices.Equal(documented, KnownPlaceholders()) {
		t.Fatalf("README documents %v, the product fills %v", documented, KnownPlaceholders())
	}
}
