package report

import (
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
	if _, err := fillTemplate(Metadata{}); err != nil {
		t.Fatalf("an empty project still fills the template: %v", err)
	}
}
