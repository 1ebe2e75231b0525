package report

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestFillPlaceholders(t *testing.T) {
	values := map[string]string{"Client Name": "Acme & Sons <UK>", "Project Name": "Landing Zone", "Version": " 1.2 "}
	for _, tc := range []struct {
		name, in, want string
	}{
		{"whole in one run",
			`<w:p><w:r><w:t>[Client Name]</w:t></w:r></w:p>`,
			`<w:p><w:r><w:t xml:space="preserve">Acme &amp; Sons &lt;UK&gt;</w:t></w:r></w:p>`},
		{"split across three runs as Word saves it",
			`<w:p><w:r><w:t>For [Client</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> Na</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t>me], thanks</w:t></w:r></w:p>`,
			`<w:p><w:r><w:t xml:space="preserve">For Acme &amp; Sons &lt;UK&gt;</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"></w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t xml:space="preserve">, thanks</w:t></w:r></w:p>`},
		{"two in one paragraph, one split",
			`<w:p><w:r><w:t>[Project Name] v[Vers</w:t></w:r><w:r><w:t>ion]</w:t></w:r></w:p>`,
			`<w:p><w:r><w:t xml:space="preserve">Landing Zone v 1.2 </w:t></w:r><w:r><w:t xml:space="preserve"></w:t></w:r></w:p>`},
		{"text around is kept and other runs untouched",
			`<w:p><w:r><w:t>a</w:t></w:r><w:r><w:t>[Version]</w:t></w:r><w:r><w:tab/></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p>`,
			`<w:p><w:r><w:t>a</w:t></w:r><w:r><w:t xml:space="preserve"> 1.2 </w:t></w:r><w:r><w:tab/></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p>`},
		{"brackets across paragraphs are not a placeholder",
			`<w:p><w:r><w:t>[Client</w:t></w:r></w:p><w:p><w:r><w:t>Name]</w:t></w:r></w:p>`,
			`<w:p><w:r><w:t>[Client</w:t></w:r></w:p><w:p><w:r><w:t>Name]</w:t></w:r></w:p>`},
		{"lower-case brackets are text",
			`<w:p><w:r><w:t>[see note]</w:t></w:r></w:p>`,
			`<w:p><w:r><w:t>[see note]</w:t></w:r></w:p>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := fillPlaceholders(tc.in, values)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("\ngot  %s\nwant %s", got, tc.want)
			}
			if left := Placeholders(got); len(left) > 0 {
				t.Fatalf("placeholders left: %v", left)
			}
		})
	}
}

func TestFillPlaceholdersRefusesUnknownMarkers(t *testing.T) {
	_, err := fillPlaceholders(`<w:p><w:r><w:t>[Client</w:t></w:r><w:r><w:t> Nmae]</w:t></w:r></w:p>`, map[string]string{"Client Name": "x"})
	if err == nil || !strings.Contains(err.Error(), "[Client Nmae]") {
		t.Fatalf("err = %v, want the unknown placeholder named", err)
	}
}

func TestPlaceholdersFindsSplitMarkers(t *testing.T) {
	got := Placeholders(`<w:p><w:r><w:t>[Report</w:t></w:r><w:r><w:t xml:space="preserve"> Date]</w:t></w:r></w:p>`)
	if len(got) != 1 || got[0] != "[Report Date]" {
		t.Fatalf("Placeholders = %v", got)
	}
}

func TestEveryTemplatePlaceholderHasAValue(t *testing.T) {
	tpl, err := builtin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fillTemplate(Metadata{}, tpl); err != nil {
		t.Fatalf("an empty project still fills the template: %v", err)
	}
}

// Values are text: a value that looks like a marker, XML specials, emoji,
// right-to-left text and a 10,000-character value come out as written, and
// are never filled again.
func TestValuesAreNeverPlaceholders(t *testing.T) {
	long := strings.Repeat("Ω", 10000)
	values := map[string]string{
		"Client Name":  "ACME [UK] Ltd",
		"Project Name": "Landing Zone [Phase 2] [Client Name]",
		"Version":      `<w:t>&amp;"'</w:t> 🚀 שלום ` + long,
	}
	in := `<w:p><w:r><w:t>[Client Name] / [Proj</w:t></w:r><w:r><w:t>ect Name] / [Version]</w:t></w:r></w:p>`
	got, err := fillPlaceholders(in, values)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, p := range paragraphs(got) {
		text.WriteString(p.text)
	}
	want := values["Client Name"] + " / " + values["Project Name"] + " / " + values["Version"]
	if text.String() != want {
		t.Fatalf("text of the filled part:\n%.200s\nwant\n%.200s", text.String(), want)
	}
}

// FuzzFillPlaceholders: whatever the values, the filled part's text is the
// template's text with each marker replaced by its value as written, and
// the part stays well-formed XML. The seed corpus is in testdata/fuzz.
func FuzzFillPlaceholders(f *testing.F) {
	for _, v := range []string{"ACME [UK] Ltd", "[Client Name]", "<b>&amp;</b>", "=1+1", "🚀 שלום", "\x00\x01\ufffe", ""} {
		f.Add(v, "Landing Zone [Phase 2]")
	}
	f.Fuzz(func(t *testing.T, client, project string) {
		values := map[string]string{"Client Name": client, "Project Name": project}
		in := `<w:document><w:p><w:r><w:t>For [Client</w:t></w:r><w:r><w:t xml:space="preserve"> Name]: </w:t></w:r><w:r><w:t>[Project Name].</w:t></w:r></w:p></w:document>`
		got, err := fillPlaceholders(in, values)
		if err != nil {
			t.Fatal(err)
		}
		if err := wellFormed(got); err != nil {
			t.Fatalf("%v in %q", err, got)
		}
		var text strings.Builder
		for _, p := range paragraphs(got) {
			text.WriteString(p.text)
		}
		want := "For " + xmlText(client) + ": " + xmlText(project) + "."
		if text.String() != want {
			t.Fatalf("text %q, want %q", text.String(), want)
		}
	})
}

// xmlText is what a string reads as once escaped into XML and read back:
// characters XML cannot hold become U+FFFD.
func xmlText(s string) string {
	var v struct {
		Text string `xml:",chardata"`
	}
	if err := xml.Unmarshal([]byte("<t>"+escapeText(s)+"</t>"), &v); err != nil {
		return "<unreadable: " + err.Error() + ">"
	}
	return v.Text
}

func wellFormed(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
