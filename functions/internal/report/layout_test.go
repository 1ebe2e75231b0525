package report

import (
	"testing"
)

func templateStyles(t *testing.T) map[string]styleMetrics {
	t.Helper()
	raw, err := templateFS.ReadFile("template/word/styles.xml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := parseStyleMetrics(raw)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestStyleMetricsFollowTheTemplate(t *testing.T) {
	m := templateStyles(t)
	for _, tc := range []struct {
		style      string
		size       int
		bold, keep bool
	}{
		{"Normal", 20, false, false},
		{"Heading1", 36, true, false}, // keeps with next by starting a page
		{"TableText", 17, false, false},
		{"TableHeading", 17, true, true}, // inherits its size from TableText
		{"BodyNote", 20, false, true},
	} {
		got := m[tc.style]
		if got.size != tc.size || got.bold != tc.bold || (tc.keep && !got.keepNext) {
			t.Errorf("%s = %+v, want size %d bold %v keepNext %v", tc.style, got, tc.size, tc.bold, tc.keep)
		}
	}
}

func TestFitColumns(t *testing.T) {
	m := templateStyles(t)
	header := []string{"Account", "Name", "Description"}
	for _, tc := range []struct {
		name string
		rows [][]string
	}{
		{"short", [][]string{{"123456789012", "web", "ok"}}},
		{"long text wraps where it must", [][]string{{"123456789012", "web", "a very long description that cannot fit on one line of a table cell in any way whatsoever, " +
			"and goes on and on for a good while longer than the page is wide"}}},
		{"words longer than the page", [][]string{{"123456789012", "arn:aws:iam::123456789012:role/a-very-long-role-name-without-spaces-at-all-anywhere",
			"arn:aws:iam::123456789012:role/another-very-long-role-name-without-spaces-at-all-anywhere"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := fitColumns(m, header, tc.rows)
			var total int64
			for _, x := range w {
				total += x
			}
			if total != textWidth {
				t.Errorf("widths %v sum to %d, want the text width %d", w, total, textWidth)
			}
			if need := int64(m["TableText"].width("123456789012") + 2*cellPadX); w[0] < need {
				t.Errorf("account column %d twips, an account id needs %d", w[0], need)
			}
		})
	}
}

func TestPager(t *testing.T) {
	m := templateStyles(t)
	p := newPager(m)
	o := &outline{}
	h1, h2, h1b := o.add(1, "One"), o.add(2, "Two"), o.add(1, "Three")
	p.fragment(`<w:p><w:r><w:t>cover</w:t></w:r></w:p>`)
	p.heading(h1) // a Heading 1 starts a page
	p.text("Normal", "intro")
	widths := share([]int{1, 1})
	p.heading(h2)
	p.beginTable(widths, []string{"A", "B"})
	rowH := p.row(widths, func(int) string { return "TableText" }, []string{"x", "y"})
	perPage := pageHeight / rowH
	for range 3 * perPage {
		p.dataRow(widths, []string{"x", "y"})
	}
	p.endTable()
	p.heading(h1b)
	p.text("Normal", "end")
	if p.pages[h1.id] != 2 || p.pages[h2.id] != 2 {
		t.Fatalf("pages = %v, want the first Heading 1 and its Heading 2 on page 2", p.pages)
	}
	// Three pages of rows, plus the header row repeated on each: four
	// pages from page 2, so the next Heading 1 starts page 6.
	if got := p.pages[h1b.id]; got != 6 {
		t.Fatalf("next chapter on page %d, want 6", got)
	}
	if n := lines("one two three", m["Normal"].width("one two")+1, m["Normal"]); n != 2 {
		t.Errorf("lines = %d, want a wrap after two words", n)
	}
	if n := lines("a\nb", textWidth, m["Normal"]); n != 2 {
		t.Errorf("lines = %d, want one per line break", n)
	}
}
