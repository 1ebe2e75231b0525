package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
	"github.com/cloudcensus/cloudcensus/functions/internal/safecsv"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// openedWorkbook is a written workbook read back two ways: with excelize,
// as a spreadsheet application would, and as its raw parts, to check the
// markup itself (no formula element anywhere, the autofilter).
type openedWorkbook struct {
	f     *excelize.File
	parts docxFile
	sheet map[string]string // sheet name -> part name
}

func writeWorkbook(t *testing.T, req Request) (*openedWorkbook, WorkbookSummary) {
	t.Helper()
	if req.Logger == nil {
		req.Logger = quiet
	}
	if req.TempDir == "" {
		req.TempDir = t.TempDir()
	}
	var buf bytes.Buffer
	sum, err := Workbook(context.Background(), &buf, req)
	if err != nil {
		t.Fatalf("workbook: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	wb := &openedWorkbook{f: f, parts: openDocx(t, buf.Bytes()), sheet: map[string]string{}}
	targets := map[string]string{}
	for _, r := range parseXML(t, "rels", wb.parts["xl/_rels/workbook.xml.rels"]).find("Relationship") {
		targets[r.attrs["Id"]] = path.Join("xl", r.attrs["Target"])
	}
	for _, s := range parseXML(t, "workbook", wb.parts["xl/workbook.xml"]).find("sheet") {
		wb.sheet[s.attrs["name"]] = targets[s.attrs["id"]]
	}
	return wb, sum
}

// rows are a sheet's rows, raw values (counts without their format).
func (wb *openedWorkbook) rows(t *testing.T, sheet string) [][]string {
	t.Helper()
	rows, err := wb.f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("rows of %s: %v", sheet, err)
	}
	return rows
}

func (wb *openedWorkbook) cell(t *testing.T, sheet string, col, row int) string {
	t.Helper()
	v, err := wb.f.GetCellValue(sheet, cellName(t, col, row), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func cellName(t *testing.T, col, row int) string {
	t.Helper()
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var (
	cellElement   = regexp.MustCompile(`<c [^>]*>`)
	autoFilterRef = regexp.MustCompile(`<autoFilter ref="([^"]+)"`)
	colMin        = regexp.MustCompile(`<col min="(\d+)"`)
	tabSelected   = regexp.MustCompile(`<sheetView [^>]*tabSelected="(true|1)"`)
)

// checkTableSheet checks what every table sheet has: the header row bold
// and frozen, an autofilter over header and rows, widths within bounds,
// and no cell that is a formula or a string result of one: every cell an
// inline string but the columns listed as numbers.
func (wb *openedWorkbook) checkTableSheet(t *testing.T, sheet string, header []string, rows int, numeric ...int) {
	t.Helper()
	f := wb.f
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("%s: panes %+v (%v), want the header row frozen", sheet, panes, err)
	}
	last := cellName(t, len(header), max(rows+1, 1))
	xml := string(wb.parts[wb.sheet[sheet]])
	// excelize writes the reference absolute ($A$1:$E$8), as Excel reads it.
	if m := autoFilterRef.FindStringSubmatch(xml); m == nil || strings.ReplaceAll(m[1], "$", "") != "A1:"+last {
		t.Errorf("%s: autofilter %q, want A1:%s", sheet, m, last)
	}
	filtered := false
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" && d.Scope == sheet {
			filtered = strings.HasSuffix(d.RefersTo, "!$A$1:$"+strings.TrimRight(last, "0123456789")+"$"+strconv.Itoa(max(rows+1, 1)))
		}
	}
	if !filtered {
		t.Errorf("%s: no filter database over A1:%s", sheet, last)
	}
	for col := range header {
		id, err := f.GetCellStyle(sheet, cellName(t, col+1, 1))
		if err != nil {
			t.Fatal(err)
		}
		if st, err := f.GetStyle(id); err != nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("%s: header cell %d is not bold", sheet, col+1)
		}
		name, _ := excelize.ColumnNumberToName(col + 1)
		if w, err := f.GetColWidth(sheet, name); err != nil || w < minColumnWidth || w > maxColumnWidth {
			t.Errorf("%s: column %s is %v wide (%v), want %d to %d", sheet, name, w, err, minColumnWidth, maxColumnWidth)
		}
	}
	if strings.Contains(xml, "<f>") || strings.Contains(xml, "<f ") || strings.Contains(xml, `t="str"`) {
		t.Errorf("%s: the sheet holds a formula", sheet)
	}
	var cols []int
	for _, m := range colMin.FindAllStringSubmatch(xml, -1) {
		n, _ := strconv.Atoi(m[1])
		cols = append(cols, n)
	}
	if len(cols) != len(header) || !slices.IsSorted(cols) {
		t.Errorf("%s: columns %v, want %d in order", sheet, cols, len(header))
	}
	cells := cellElement.FindAllString(xml, -1)
	for _, c := range cells {
		if strings.Contains(c, `t="inlineStr"`) {
			continue
		}
		ref := regexp.MustCompile(` r="([A-Z]+)(\d+)"`).FindStringSubmatch(c)
		col, _ := excelize.ColumnNameToNumber(ref[1])
		if ref[2] == "1" || !slices.Contains(numeric, col) {
			t.Errorf("%s: cell %s%s is not a string: %s", sheet, ref[1], ref[2], c)
		}
	}
	if len(cells) == 0 {
		t.Errorf("%s: no cells", sheet)
	}
}

// estate is a task's current and previous scans over several services,
// two accounts and two regions (and each account's global unit). The
// current scan lost a VPC, gained a Lambda function and changed an RDS
// instance's port; EC2 was denied in one unit of both scans.
type estate struct {
	prev, cur []*inventory.Result
	changes   [][]string // the Changes sheet's rows the edits make
}

var (
	estateAccounts = []string{"111111111111", "222222222222"}
	estateRegions  = []string{"eu-west-1", "us-east-1"}
	estateServices = []string{"vpc", "subnet", "security_group", "ec2", "lambda", "rds", "s3", "route53", "cloudwatch"}
)

func newEstate(t *testing.T) estate {
	t.Helper()
	prev := synthesize(synthOptions{taskID: "P", accounts: estateAccounts, regions: estateRegions,
		total: 8 * len(estateServices), only: estateServices,
		fail: map[unitService]inventory.Status{{"ec2", "222222222222", "us-east-1"}: inventory.StatusAccessDenied}})
	cur := cloneResults(prev, "C")
	var e estate
	unit := func(account, region string) *inventory.Result {
		for _, r := range cur {
			if r.Unit.AccountID == account && r.Unit.Region == region {
				return r
			}
		}
		t.Fatalf("no unit %s/%s", account, region)
		return nil
	}
	find := func(res *inventory.Result, service string) int {
		i := slices.IndexFunc(res.Records, func(r inventory.Record) bool { return r.Service == service })
		if i < 0 {
			t.Fatalf("no %s record in %s/%s", service, res.Unit.AccountID, res.Unit.Region)
		}
		return i
	}
	// A VPC removed.
	u := unit("111111111111", "eu-west-1")
	i := find(u, "vpc")
	gone := u.Records[i]
	u.Records = slices.Delete(u.Records, i, i+1)
	// A Lambda function added.
	u = unit("222222222222", "eu-west-1")
	added := synthRecord(specService(t, "lambda"), "222222222222", "eu-west-1", 999)
	u.Records = append(u.Records, added)
	// An RDS instance's port changed.
	u = unit("222222222222", "us-east-1")
	i = find(u, "rds")
	changed := &u.Records[i]
	before := changed.Columns["Port"]
	changed.Columns["Port"] = "6543"
	e.prev, e.cur = prev, cur
	// In the report's order of services: VPC, Lambda, RDS.
	e.changes = [][]string{
		{"Removed", "VPC", gone.AccountID, gone.Region, resourceLabel(gone.Name, gone.ID)},
		{"Added", "Lambda Functions", added.AccountID, added.Region, resourceLabel(added.Name, added.ID)},
		{"Changed", "RDS Instances", changed.AccountID, changed.Region, resourceLabel(changed.Name, changed.ID), "Port", before, "6543"},
	}
	return e
}

// cloneResults is a deep copy of a scan under another task id.
func cloneResults(results []*inventory.Result, taskID string) []*inventory.Result {
	out := make([]*inventory.Result, len(results))
	for i, r := range results {
		u := *r.Unit
		u.TaskID = taskID
		c := &inventory.Result{Unit: &u, Coverage: slices.Clone(r.Coverage)}
		for _, rec := range r.Records {
			rec.Columns = maps.Clone(rec.Columns)
			c.Records = append(c.Records, rec)
		}
		out[i] = c
	}
	return out
}

func TestWorkbookSheets(t *testing.T) {
	e := newEstate(t)
	meta := testMeta(estateAccounts...)
	meta.Regions = estateRegions
	wb, sum := writeWorkbook(t, Request{Meta: meta, Source: sourceOf(t, e.prev, e.cur), TaskID: "C",
		PreviousTaskID: "P", PreviousLabel: "April scan"})

	want := map[string]int{} // records per service in the current scan
	var coverage []inventory.Coverage
	for _, r := range e.cur {
		for _, rec := range r.Records {
			want[rec.Service]++
		}
		coverage = append(coverage, r.Coverage...)
	}
	var services []spec.Service
	wantSheets := []string{"Summary"}
	total := 0
	for _, f := range spec.Families {
		for _, s := range spec.All() {
			if s.Family == f && want[s.Key] > 0 {
				services = append(services, s)
				wantSheets = append(wantSheets, s.Title)
				total += want[s.Key]
			}
		}
	}
	wantSheets = append(wantSheets, "Coverage", "Changes")
	if got := wb.f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Fatalf("sheets %q\nwant %q", got, wantSheets)
	}
	// Only the Summary is selected: several would open grouped.
	for _, sheet := range wantSheets {
		if selected := tabSelected.MatchString(string(wb.parts[wb.sheet[sheet]])); selected != (sheet == "Summary") {
			t.Errorf("%s: selected %v", sheet, selected)
		}
	}
	if wb.f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want the Summary", wb.f.GetActiveSheetIndex())
	}
	if !slices.Equal(sum.Sheets, wantSheets) || sum.Services != len(services) || sum.Resources != total ||
		sum.Accounts != 2 || sum.Coverage != len(coverage) || sum.Failures != 1 || !sum.Compared ||
		sum.Added != 1 || sum.Removed != 1 || sum.Changed != 1 || sum.ChangeRows != 3 || sum.Truncated != 0 {
		t.Errorf("summary %+v", sum)
	}

	t.Run("services", func(t *testing.T) {
		for _, svc := range services {
			rows := wb.rows(t, svc.Title)
			header := rows[0]
			// Account and Region, then the spec's columns in order; a
			// spec column "Region" is the leading one, not a second.
			wantHeader := []string{"Account", "Region"}
			for _, c := range svc.Columns {
				if c != "Region" {
					wantHeader = append(wantHeader, c)
				}
			}
			if !slices.Equal(header, wantHeader) {
				t.Errorf("%s: header %q, want %q", svc.Key, header, wantHeader)
			}
			set := map[string]bool{"Account": true, "Region": true}
			for _, c := range svc.Columns {
				set[c] = true
			}
			if len(header) != len(set) || !slices.Equal(slices.Sorted(maps.Keys(set)), slices.Sorted(slices.Values(header))) {
				t.Errorf("%s: header %q is not the spec's columns plus Account and Region, once each", svc.Key, header)
			}
			if len(rows)-1 != want[svc.Key] {
				t.Errorf("%s: %d rows, want one per resource (%d)", svc.Key, len(rows)-1, want[svc.Key])
			}
			for _, r := range rows[1:] {
				if !slices.Contains(estateAccounts, r[0]) {
					t.Errorf("%s: account %q", svc.Key, r[0])
				}
				if ok := slices.Contains(estateRegions, r[1]) || r[1] == "Global"; !ok {
					t.Errorf("%s: region %q", svc.Key, r[1])
				}
			}
			wb.checkTableSheet(t, svc.Title, header, len(rows)-1)
		}
	})

	t.Run("summary", func(t *testing.T) {
		rows := wb.rows(t, "Summary")
		about := map[string]string{}
		at := -1
		for i, r := range rows {
			if len(r) >= 2 && at < 0 {
				about[r[0]] = r[1]
			}
			if len(r) > 0 && r[0] == "Service" {
				at = i
			}
		}
		for label, value := range map[string]string{"Client": "Acme Corp", "Project": "Landing Zone", "Task": "May scan",
			"Date": "6 May 2025", "Accounts": "111111111111, 222222222222", "Regions": "eu-west-1, us-east-1",
			"Compared with": "April scan", "Changes": "1 added, 1 removed, 1 changed"} {
			if about[label] != value {
				t.Errorf("summary says %s %q, want %q", label, about[label], value)
			}
		}
		if at < 0 {
			t.Fatalf("no table on the summary: %q", rows)
		}
		if !slices.Equal(rows[at], []string{"Service", "Family", "Resources"}) {
			t.Errorf("summary header %q", rows[at])
		}
		table := rows[at+1:]
		if len(table) != len(services)+1 {
			t.Fatalf("summary rows %q, want one per service and a total", table)
		}
		for i, svc := range services {
			if r := table[i]; r[0] != svc.Title || r[1] != familyTitle(svc.Family) || r[2] != strconv.Itoa(want[svc.Key]) {
				t.Errorf("summary row %q, want %s with %d", r, svc.Title, want[svc.Key])
			}
		}
		if r := table[len(services)]; r[0] != "Total" || r[2] != strconv.Itoa(total) {
			t.Errorf("total row %q, want %d", r, total)
		}
		// The counts are numbers.
		for i := range table {
			ref := cellName(t, 3, at+2+i)
			if typ, _ := wb.f.GetCellType("Summary", ref); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
				t.Errorf("summary count %s is text", ref)
			}
		}
	})

	t.Run("coverage", func(t *testing.T) {
		rows := wb.rows(t, "Coverage")
		header := []string{"Service", "Account", "Region", "Status", "Resources", "Error"}
		if !slices.Equal(rows[0], header) {
			t.Errorf("coverage header %q", rows[0])
		}
		if len(rows)-1 != len(coverage) {
			t.Fatalf("%d coverage rows, want %d", len(rows)-1, len(coverage))
		}
		denied := 0
		for i, r := range rows[1:] {
			if r[3] == "Access denied" {
				denied++
				if r[0] != "EC2 Instances" || r[1] != "222222222222" || r[2] != "us-east-1" || r[4] != "0" || len(r) < 6 || r[5] == "" {
					t.Errorf("denied row %q", r)
				}
			} else if r[3] != "OK" {
				t.Errorf("status %q", r[3])
			}
			if typ, _ := wb.f.GetCellType("Coverage", cellName(t, 5, i+2)); typ == excelize.CellTypeInlineString {
				t.Errorf("coverage count of row %d is text", i+2)
			}
		}
		if denied != 1 {
			t.Errorf("%d denied rows, want 1", denied)
		}
		wb.checkTableSheet(t, "Coverage", header, len(coverage), 5)
	})

	t.Run("changes", func(t *testing.T) {
		rows := wb.rows(t, "Changes")
		if !slices.Equal(rows[0], changesHeader) {
			t.Errorf("changes header %q", rows[0])
		}
		if !slices.EqualFunc(rows[1:], e.changes, slices.Equal) {
			t.Errorf("changes\n%q\nwant\n%q", rows[1:], e.changes)
		}
		wb.checkTableSheet(t, "Changes", changesHeader, len(e.changes))
	})
}

// VPC and RDS Instances have a Region column in the spec: the sheet shows
// the scanner's value of it, once, in the leading Region column.
func TestWorkbookRegionColumnOnce(t *testing.T) {
	rec := vpc("vpc-a", "a", "10.0.0.0/16")
	rec.Columns["Region"] = "eu-west-1 (Ireland)"
	res := unitResult("C", inventory.StatusOK, rec)
	wb, _ := writeWorkbook(t, Request{Meta: testMeta("111111111111"), Source: sourceOf(t, []*inventory.Result{res}), TaskID: "C"})
	rows := wb.rows(t, "VPC")
	want := [][]string{{"Account", "Region", "Name", "ID", "CIDR"}, {"111111111111", "eu-west-1 (Ireland)", "a", "vpc-a", "10.0.0.0/16"}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("VPC sheet %q, want %q", rows, want)
	}
}

// Names and values come from the scanned accounts: whatever they hold
// must reach the reader as text, never as a formula.
func TestWorkbookKeepsHostileValuesAsText(t *testing.T) {
	long := strings.Repeat("x", 40000)
	for _, tc := range []struct{ name, value, want string }{
		{"formula", `=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"plus", "+1", "'+1"},
		{"minus", "-2", "'-2"},
		{"at", "@SUM(1)", "'@SUM(1)"},
		{"markup", "<b>", "<b>"},
		{"tab", "\t=1", "'\t=1"},
		{"carriage return", "\r=1", "'\r=1"},
		{"control characters", "a\x01b\x1fc\x00", "a\u2401b\u241fc\u2400"},
		{"OOXML escape", "_x0041_", "_x0041_"},
		{"the empty dash", "-", "-"},
		{"longer than a cell", long, long[:cellLimit-utf16Len(truncatedMark)] + truncatedMark},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prev := unitResult("P", inventory.StatusOK, vpc("vpc-a", "plain", "10.0.0.0/16"))
			cur := unitResult("C", inventory.StatusOK, vpc("vpc-a", tc.value, tc.value))
			meta := testMeta("111111111111")
			meta.ClientName = tc.value
			wb, sum := writeWorkbook(t, Request{Meta: meta, Source: sourceOf(t, []*inventory.Result{prev, cur}), TaskID: "C", PreviousTaskID: "P"})
			if cut := tc.value == long; cut != (sum.Truncated > 0) {
				t.Errorf("%d cells truncated", sum.Truncated)
			}
			check := func(sheet string, col, row int) {
				t.Helper()
				ref := cellName(t, col, row)
				if got := wb.cell(t, sheet, col, row); got != tc.want {
					t.Errorf("%s!%s = %q, want %q", sheet, ref, abbreviate(got), abbreviate(tc.want))
				}
				if formula, err := wb.f.GetCellFormula(sheet, ref); formula != "" || err != nil {
					t.Errorf("%s!%s has formula %q (%v)", sheet, ref, formula, err)
				}
				if typ, _ := wb.f.GetCellType(sheet, ref); typ != excelize.CellTypeInlineString {
					t.Errorf("%s!%s is of type %v, want an inline string", sheet, ref, typ)
				}
			}
			check("VPC", 3, 2) // Name
			check("VPC", 5, 2) // CIDR
			rows := wb.rows(t, "Changes")
			for i, r := range rows {
				if len(r) > 5 && r[5] == "CIDR" {
					check("Changes", 8, i+1) // After
				}
			}
			if tc.value != "-" {
				check("Summary", 2, 3) // Client
			}
			for _, sheet := range wb.f.GetSheetList() {
				if x := string(wb.parts[wb.sheet[sheet]]); strings.Contains(x, "<f>") || strings.Contains(x, `t="str"`) {
					t.Errorf("%s holds a formula", sheet)
				}
			}
		})
	}
}

func abbreviate(s string) string {
	if len(s) > 60 {
		return fmt.Sprintf("%s...%s (%d bytes)", s[:20], s[len(s)-20:], len(s))
	}
	return s
}

func TestWorkbookCellText(t *testing.T) {
	emoji := strings.Repeat("🚀", 20000) // 40,000 UTF-16 units
	for _, tc := range []struct {
		name, in, want string
		cut            bool
	}{
		{"plain", "web-01", "web-01", false},
		{"formula", "=1+1", "'=1+1", false},
		{"lone dash", "-", "-", false},
		{"dash and more", "--", "'--", false},
		{"control picture", "\x07bell", "\u2407bell", false},
		{"line breaks kept", "a\nb\r\nc", "a\nb\r\nc", false},
		{"control then formula", "\x01=1", "\u2401=1", false},
		{"at the limit", strings.Repeat("y", cellLimit), strings.Repeat("y", cellLimit), false},
		{"a dangerous value at the limit is cut", "=" + strings.Repeat("y", cellLimit-1),
			"'=" + strings.Repeat("y", cellLimit-2-utf16Len(truncatedMark)) + truncatedMark, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, cut := cellText(tc.in)
			if got != tc.want || cut != tc.cut {
				t.Errorf("cellText(%q) = %q, %v; want %q, %v", abbreviate(tc.in), abbreviate(got), cut, abbreviate(tc.want), tc.cut)
			}
			if !safecsv.Dangerous(tc.in) && !strings.HasPrefix(got, "'") && safecsv.Dangerous(got) && got != "-" {
				t.Errorf("cellText(%q) = %q starts like a formula", tc.in, got)
			}
		})
	}
	t.Run("cut on a character boundary", func(t *testing.T) {
		got, cut := cellText(emoji)
		if !cut || !utf8.ValidString(got) || utf16Len(got) > cellLimit || !strings.HasSuffix(got, truncatedMark) {
			t.Errorf("cut to %d units (valid %v, cut %v)", utf16Len(got), utf8.ValidString(got), cut)
		}
		if utf16Len(got) < cellLimit-1 {
			t.Errorf("cut to %d units, want the most that fit", utf16Len(got))
		}
	})
}

func TestWorkbookSheetNames(t *testing.T) {
	long := "Extraordinarily Long Service Title For Testing"
	for _, tc := range []struct {
		name   string
		titles []string
		want   []string
	}{
		{"titles as they are", []string{"VPC", "EC2 Instances"}, []string{"VPC", "EC2 Instances"}},
		{"collide after the cut", []string{long + " A", long + " B", long + " C"},
			[]string{"Extraordinarily Long Service Ti", "Extraordinarily Long Servic (2)", "Extraordinarily Long Servic (3)"}},
		{"forbidden characters", []string{`Logs [old]: a/b\c*?`}, []string{"Logs (old)- a-b-c--"}},
		{"reserved, in any case", []string{"summary", "COVERAGE", "Changes", "history"},
			[]string{"summary (2)", "COVERAGE (2)", "Changes (2)", "history (2)"}},
		{"collide in another case", []string{"Subnets", "SUBNETS"}, []string{"Subnets", "SUBNETS (2)"}},
		{"apostrophes and blanks", []string{"'quoted'", " ", ""}, []string{"quoted", "Sheet", "Sheet (2)"}},
		{"cut inside a surrogate pair", []string{strings.Repeat("a", 30) + "🚀"}, []string{strings.Repeat("a", 30)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := newSheetNamer(summarySheet, coverageSheet, changesSheet)
			var got []string
			f := excelize.NewFile()
			defer f.Close()
			for _, title := range tc.titles {
				name := n.name(title)
				got = append(got, name)
				if _, err := f.NewSheet(name); err != nil {
					t.Errorf("excelize refuses %q: %v", name, err)
				}
				if utf16Len(name) > 31 {
					t.Errorf("%q is longer than 31 characters", name)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("names %q, want %q", got, tc.want)
			}
		})
	}
}

func TestWorkbookWithoutPreviousScan(t *testing.T) {
	res := unitResult("C", inventory.StatusOK, vpc("vpc-a", "a", "10.0.0.0/16"), vpc("vpc-b", "b", "10.1.0.0/16"))
	wb, sum := writeWorkbook(t, Request{Meta: testMeta("111111111111"), Source: sourceOf(t, []*inventory.Result{res}), TaskID: "C"})
	if got, want := wb.f.GetSheetList(), []string{"Summary", "VPC", "Coverage"}; !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	if sum.Compared || sum.ChangeRows != 0 || sum.Resources != 2 || sum.Services != 1 {
		t.Errorf("summary %+v", sum)
	}
	for _, r := range wb.rows(t, "Summary") {
		if len(r) > 0 && (r[0] == "Compared with" || r[0] == "Changes") {
			t.Errorf("summary row %q without a previous scan", r)
		}
	}
}

func TestWorkbookErrors(t *testing.T) {
	src := sourceOf(t, synthesize(synthOptions{taskID: "C", accounts: estateAccounts, regions: estateRegions, total: 40}))
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		req  Request
		is   error
		says string
	}{
		{"no source", context.Background(), Request{TaskID: "C"}, nil, "a source and a task id are required"},
		{"no task", context.Background(), Request{Source: src}, nil, "a source and a task id are required"},
		{"cancelled", cancelled, Request{Source: src, TaskID: "C"}, context.Canceled, "task C"},
		{"missing previous scan", context.Background(), Request{Source: previousRefused{src, "P"}, TaskID: "C", PreviousTaskID: "P"}, nil, "previous scan"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.Logger, tc.req.TempDir = quiet, t.TempDir()
			_, err := Workbook(tc.ctx, &bytes.Buffer{}, tc.req)
			if err == nil || (tc.is != nil && !errors.Is(err, tc.is)) || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("err = %v, want %v saying %q", err, tc.is, tc.says)
			}
		})
	}
}

// previousRefused refuses to list the results of one task.
type previousRefused struct {
	MemSource
	task string
}

func (f previousRefused) List(ctx context.Context, prefix string) ([]string, error) {
	if prefix == layout.ResultPrefix(f.task) {
		return nil, errors.New("listing refused")
	}
	return f.MemSource.List(ctx, prefix)
}
