package report

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func testMeta(accounts ...string) Metadata {
	return Metadata{
		ClientName: "Acme Corp", ProjectName: "Landing Zone", BDManager: "Bea Manager",
		SolutionsArchitect: "Sol Architect", CloudEngineer: "Cleo Engineer", CloudEngineerEmail: "cleo@example.com",
		Date: time.Date(2025, 5, 6, 0, 0, 0, 0, time.UTC), Version: "1.0", TaskName: "May scan",
		Accounts: accounts, Regions: []string{"eu-west-1"},
	}
}

// build builds a report and opens it.
func build(t *testing.T, req Request) (docxFile, Summary) {
	t.Helper()
	if req.Logger == nil {
		req.Logger = quiet
	}
	if req.TempDir == "" {
		req.TempDir = t.TempDir()
	}
	var buf bytes.Buffer
	sum, err := Build(context.Background(), &buf, req)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return openDocx(t, buf.Bytes()), sum
}

func sourceOf(t *testing.T, results ...[]*inventory.Result) MemSource {
	t.Helper()
	src := MemSource{}
	for _, r := range results {
		if err := src.Put(r); err != nil {
			t.Fatal(err)
		}
	}
	return src
}

func TestImplementationListFollowsTheSpec(t *testing.T) {
	// A mix of horizontal and vertical services of several families; the
	// others find nothing and must not appear.
	only := []string{"vpc", "subnet", "security_group", "ec2", "internet_gateway", "lambda", "rds", "s3", "route53", "acm", "config"}
	for _, tc := range []struct {
		name     string
		accounts []string
	}{
		{"one account", []string{"111111111111"}},
		{"three accounts", []string{"111111111111", "222222222222", "333333333333"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			results := synthesize(synthOptions{taskID: "T", accounts: tc.accounts, regions: []string{"eu-west-1", "us-east-1"}, total: 5 * len(only), only: only})
			want := map[string]int{} // records per service
			for _, r := range results {
				for _, rec := range r.Records {
					want[rec.Service]++
				}
			}
			doc, sum := build(t, Request{Meta: testMeta(tc.accounts...), Source: sourceOf(t, results), TaskID: "T"})
			bs := blocks(t, doc)
			multi := len(tc.accounts) > 1

			var wantH3, gotH3 []string
			for _, f := range spec.Families {
				for _, s := range spec.All() {
					if s.Family == f && want[s.Key] > 0 {
						wantH3 = append(wantH3, s.Title)
					}
				}
			}
			for _, b := range bs {
				if b.level == 3 && b.h1 == "Implementation List" {
					gotH3 = append(gotH3, b.heading)
				}
			}
			if !slices.Equal(gotH3, wantH3) {
				t.Fatalf("service sections = %v\nwant exactly the services with records, in spec order: %v", gotH3, wantH3)
			}
			if sum.Services != len(wantH3) || sum.Resources != 5*len(only) {
				t.Errorf("summary = %+v, want %d services and %d resources", sum, len(wantH3), 5*len(only))
			}

			for _, svc := range spec.All() {
				if want[svc.Key] == 0 {
					continue
				}
				tables := tablesUnder(bs, 3, svc.Title)
				columns := svc.Columns
				if multi {
					columns = append([]string{"Account"}, columns...)
				}
				for _, tbl := range tables {
					if !tbl.repeatsHeader() {
						t.Errorf("%s: a table's header row does not repeat on new pages (w:tblHeader)", svc.Key)
					}
				}
				switch svc.Layout {
				case spec.Horizontal:
					if len(tables) != 1 {
						t.Fatalf("%s: %d tables, want one horizontal table", svc.Key, len(tables))
					}
					rows := tables[0].rows()
					if !slices.Equal(rows[0], columns) {
						t.Errorf("%s: header %q, want %q", svc.Key, rows[0], columns)
					}
					if len(rows)-1 != want[svc.Key] {
						t.Errorf("%s: %d rows, want one per resource (%d)", svc.Key, len(rows)-1, want[svc.Key])
					}
				case spec.Vertical:
					if len(tables) != want[svc.Key] {
						t.Fatalf("%s: %d tables, want one per resource (%d)", svc.Key, len(tables), want[svc.Key])
					}
					for _, tbl := range tables {
						rows := tbl.rows()
						if rows[0][0] != svc.ResourceType {
							t.Errorf("%s: table headed %q, want the resource type %q", svc.Key, rows[0][0], svc.ResourceType)
						}
						var labels []string
						for _, r := range rows[1:] {
							labels = append(labels, r[0])
						}
						if !slices.Equal(labels, columns) {
							t.Errorf("%s: attributes %q, want %q", svc.Key, labels, columns)
						}
					}
				}
			}
		})
	}
}

func TestTableOfContentsMatchesTheHeadings(t *testing.T) {
	req, err := demoRequest(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := build(t, req)
	root := parseXML(t, "word/document.xml", doc["word/document.xml"])
	type entry struct {
		level        int
		text, anchor string
	}
	var toc, headings []entry
	bookmarks := map[string]bool{}
	for _, p := range root.first("body").children {
		if p.name != "p" {
			continue
		}
		style := p.style()
		switch {
		case strings.HasPrefix(style, "TOC") && style != "TOCHeading":
			link := p.first("hyperlink")
			if link == nil {
				t.Fatalf("TOC entry %q is not a link", p.plainText())
			}
			text, _, _ := strings.Cut(link.plainText(), "\t")
			toc = append(toc, entry{int(style[3] - '0'), text, link.attrs["anchor"]})
		case strings.HasPrefix(style, "Heading"):
			bm := p.first("bookmarkStart")
			if bm == nil {
				t.Fatalf("heading %q has no bookmark", p.plainText())
			}
			bookmarks[bm.attrs["name"]] = true
			headings = append(headings, entry{int(style[7] - '0'), p.plainText(), bm.attrs["name"]})
		}
	}
	if len(toc) == 0 || !slices.Equal(toc, headings) {
		t.Fatalf("TOC entries differ from the headings:\nTOC:      %v\nheadings: %v", toc, headings)
	}
	// The entries are the cached result of a TOC field Word can refresh.
	instr := root.find("instrText")
	if len(instr) == 0 || !strings.Contains(instr[0].text, `TOC \o "1-3"`) {
		t.Fatalf("no TOC field before the entries")
	}
	var kinds []string
	for _, f := range root.find("fldChar") {
		kinds = append(kinds, f.attrs["fldCharType"])
	}
	if strings.Count(strings.Join(kinds, ","), "begin") != strings.Count(strings.Join(kinds, ","), "end") {
		t.Fatalf("unbalanced field characters: %v", kinds)
	}
}

var placeholderLeft = regexp.MustCompile(`\[[A-Z][A-Za-z]*( [A-Z][A-Za-z]*)*\]`)

func TestNoPlaceholderLeftInAnyPart(t *testing.T) {
	req, err := demoRequest(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := build(t, req)
	checked := 0
	for name, data := range doc {
		if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") {
			continue
		}
		root := parseXML(t, name, data) // every part is well-formed
		for _, p := range root.find("p") {
			if m := placeholderLeft.FindString(p.plainText()); m != "" {
				t.Errorf("%s keeps placeholder %s in %q", name, m, p.plainText())
			}
		}
		checked++
	}
	for _, part := range []string{"word/document.xml", "word/header1.xml", "word/footer1.xml"} {
		if _, ok := doc[part]; !ok {
			t.Fatalf("no %s", part)
		}
	}
	header := parseXML(t, "header", doc["word/header1.xml"]).plainText()
	if !strings.Contains(header, "Landing Zone Migration") || !strings.Contains(header, "Example Corp") {
		t.Errorf("header %q does not name the project and client", header)
	}
	cover := parseXML(t, "document", doc["word/document.xml"]).first("body").children[4].plainText()
	if cover != "Example Corp" {
		t.Errorf("the client name split across runs on the cover reads %q", cover)
	}
	t.Logf("%d parts checked", checked)
}

func TestPackageIsComplete(t *testing.T) {
	req, err := demoRequest(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := build(t, req)
	// Every relationship of the document resolves to a part.
	rels := parseXML(t, "rels", doc["word/_rels/document.xml.rels"])
	ids := map[string]bool{}
	for _, r := range rels.find("Relationship") {
		ids[r.attrs["Id"]] = true
		if _, ok := doc[path.Join("word", r.attrs["Target"])]; !ok {
			t.Errorf("relationship %s targets missing part %s", r.attrs["Id"], r.attrs["Target"])
		}
	}
	body := parseXML(t, "document", doc["word/document.xml"])
	var refs []*node
	for _, name := range []string{"headerReference", "footerReference", "blip"} {
		refs = append(refs, body.find(name)...)
	}
	for _, r := range refs {
		id := r.attrs["id"] + r.attrs["embed"]
		if !ids[id] {
			t.Errorf("%s refers to unknown relationship %q", r.name, id)
		}
	}
	// Every part has a content type.
	ct := parseXML(t, "types", doc["[Content_Types].xml"])
	typed := map[string]bool{}
	for _, o := range ct.find("Override") {
		typed[strings.TrimPrefix(o.attrs["PartName"], "/")] = true
		if _, ok := doc[strings.TrimPrefix(o.attrs["PartName"], "/")]; !ok {
			t.Errorf("content type for missing part %s", o.attrs["PartName"])
		}
	}
	for _, d := range ct.find("Default") {
		typed["."+d.attrs["Extension"]] = true
	}
	for name := range doc {
		if !typed[name] && !typed[path.Ext(name)] {
			t.Errorf("part %s has no content type", name)
		}
	}
	// A4 portrait, a header and a footer with a PAGE field.
	sect := body.first("sectPr")
	if sz := sect.child("pgSz"); sz == nil || sz.attrs["w"] != "11906" || sz.attrs["h"] != "16838" {
		t.Errorf("page size is not A4 portrait: %+v", sz)
	}
	if len(sect.find("headerReference")) == 0 || len(sect.find("footerReference")) == 0 {
		t.Error("no header or footer reference")
	}
	footer := parseXML(t, "footer", doc["word/footer1.xml"])
	if ins := footer.find("instrText"); len(ins) == 0 || strings.TrimSpace(ins[0].text) != "PAGE" {
		t.Error("footer has no PAGE field")
	}
	// Every paragraph style used is defined.
	styles := parseXML(t, "styles", doc["word/styles.xml"])
	defined := map[string]bool{}
	for _, s := range styles.find("style") {
		defined[s.attrs["styleId"]] = true
	}
	for _, s := range body.find("pStyle") {
		if !defined[s.attrs["val"]] {
			t.Errorf("style %s is used but not defined", s.attrs["val"])
		}
	}
	for _, s := range []string{"Title", "Heading1", "Heading2", "Heading3", "ReportTable", "Header", "Footer"} {
		if !defined[s] {
			t.Errorf("template has no %s style", s)
		}
	}
}

func TestRevisionHistoryGrowsByOnePerReport(t *testing.T) {
	results := synthesize(synthOptions{taskID: "T", accounts: []string{"111111111111"}, regions: []string{"eu-west-1"}, total: 31})
	src := sourceOf(t, results)
	revisionRows := func(doc docxFile) [][]string {
		tables := tablesUnder(blocks(t, doc), 2, "Revision History")
		if len(tables) != 1 {
			t.Fatalf("%d revision history tables, want 1", len(tables))
		}
		return tables[0].rows()[1:]
	}

	first := testMeta("111111111111")
	first.Version = NextVersion(nil)
	doc1, _ := build(t, Request{Meta: first, Source: src, TaskID: "T"})
	rows1 := revisionRows(doc1)

	second := testMeta("111111111111")
	second.Date = first.Date.AddDate(0, 1, 0)
	second.Revisions = first.History()
	second.Version = NextVersion(second.Revisions)
	doc2, _ := build(t, Request{Meta: second, Source: src, TaskID: "T"})
	rows2 := revisionRows(doc2)

	if len(rows1) != 1 || len(rows2) != 2 {
		t.Fatalf("revision rows: %d then %d, want 1 then 2", len(rows1), len(rows2))
	}
	if !slices.Equal(rows2[0], rows1[0]) {
		t.Errorf("the earlier revision changed: %q -> %q", rows1[0], rows2[0])
	}
	if rows1[0][0] != "1.0" || rows2[1][0] != "1.1" || rows2[1][1] != "6 June 2025" {
		t.Errorf("revisions = %q, want 1.0 then 1.1 of 6 June 2025", rows2)
	}
}

func specService(t *testing.T, key string) spec.Service {
	t.Helper()
	s, ok := spec.Lookup(key)
	if !ok {
		t.Fatalf("no service %s in the spec", key)
	}
	return s
}
