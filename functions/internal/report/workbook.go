package report

import (
	"archive/zip"
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/safecsv"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// The Excel workbook is the report's inventory as data: the same records,
// spilled and read back one service at a time, written with excelize's
// StreamWriter instead of laid out as a document.
//
// excelize keeps a streamed sheet's XML in memory until the whole file is
// written (moving it to disk only past 16 MiB), so streaming every sheet
// into one file would hold the whole estate, as XML, until the end. Each
// sheet is therefore streamed by a scratch excelize file of its own, with
// the same styles, and its worksheet part moved to a temporary file as
// soon as the sheet is done. The workbook itself is an excelize file with
// the sheets, styles and filter names but empty worksheets; its zip,
// written straight into the output, takes each worksheet from its file
// (sheetWriter, partZip).
//
// Layout:
//
//   - "Summary": client, project, task, date, accounts, regions (and the
//     previous scan and its change counts when one is compared), then
//     Service / Family / Resources per service with records, in the
//     report's order, and a total row. Counts are numbers.
//   - One sheet per service with records, named after the service's title
//     (see sheetNamer): Account, Region, then the spec's columns in order.
//     VPC and RDS Instances have a "Region" column in the spec; it is not
//     repeated: the leading Region column holds the scanner's value of it
//     (the record's region when the scanner left it empty), so every
//     sheet starts with Account and Region and the two are never doubled.
//     Rows are sorted like the report's tables (account, region, name, id).
//   - "Coverage": Service, Account, Region, Status (in words), Resources
//     (a number) and Error, for every service check of every unit.
//   - "Changes", only when a previous scan is compared: Change (Added,
//     Removed, Changed), Service, Account, Region, Resource, Attribute,
//     Before, After; a changed resource has a row per changed attribute.
//
// Every table sheet has a bold, filled header row, frozen, and an
// autofilter over the table. Columns are as wide as their longest value
// (longest line of it), between 10 and 60 characters; the Changes sheet,
// written as it is found, gets widths from the spec instead. Text is not
// wrapped, so rows stay one line high and the sheet scans like a list;
// only the Coverage sheet's Error column wraps, as its messages are
// sentences.
//
// Every value is written as an inline string cell, never a formula; the
// counts of the Summary and Coverage sheets are the only numbers. Values
// come from the scanned accounts (names, tags, descriptions), so each goes
// through cellText: control characters XML cannot carry become their
// visible Unicode pictures, a value a spreadsheet would read as a formula
// gets the leading single quote of the CSV exports (safecsv.Neutralise),
// and a value over Excel's 32,767-character cell limit is cut and marked.

// WorkbookSummary describes a written workbook, for the caller's item and
// logs.
type WorkbookSummary struct {
	Sheets    []string // sheet names, in workbook order
	Services  int      // services with a sheet
	Resources int
	Accounts  int
	Units     int // unit results read for the current task
	Coverage  int // rows of the Coverage sheet
	Failures  int // coverage entries that did not complete
	Compared  bool
	Added     int
	Removed   int
	Changed   int // resources with at least one changed attribute
	// Uncompared counts resources left out of the comparison because one
	// of the two scans did not complete their service in their unit.
	Uncompared int
	ChangeRows int // rows of the Changes sheet
	Truncated  int // cells cut to Excel's cell limit
}

// WorkbookFileName names the workbook's file like the report's, e.g.
// "Acme-Corp_Landing-Zone_2025-05-06_v1.2.xlsx".
func WorkbookFileName(m Metadata) string {
	return domain.DocumentName(m.ClientName, m.ProjectName, m.Date, m.Version) + ".xlsx"
}

// Sheet names of the workbook besides the services'.
const (
	summarySheet  = "Summary"
	coverageSheet = "Coverage"
	changesSheet  = "Changes"
)

// Column widths, in characters of the default font.
const (
	minColumnWidth = 10
	maxColumnWidth = 60
)

// Workbook writes the task's inventory as an .xlsx workbook to w and
// describes it: a Summary sheet, a sheet per service with records, the
// Coverage sheet and, when req.PreviousTaskID is set, the Changes sheet
// (see the layout above). It reads the unit results like Build, one at a
// time, spilling records to a temporary directory under req.TempDir that
// it removes, and writes one service at a time, so the records in memory
// are those of the largest service. Meta's client, project, task name,
// date, accounts and regions head the Summary sheet; the rest of Meta is
// not used.
//
// Each sheet goes to a temporary file as soon as it is written and the
// workbook is zipped straight into w, so memory holds the records of one
// service, the sheet being written, and the Changes sheet until it is
// done (excelize moves it to a file past 16 MiB).
func Workbook(ctx context.Context, w io.Writer, req Request) (WorkbookSummary, error) {
	if req.Source == nil || req.TaskID == "" {
		return WorkbookSummary{}, errors.New("write workbook: a source and a task id are required")
	}
	x := &workbookWriter{req: req, log: req.Logger}
	if x.log == nil {
		x.log = slog.Default()
	}
	start := time.Now()
	dir, err := os.MkdirTemp(req.TempDir, "workbook-")
	if err != nil {
		return WorkbookSummary{}, fmt.Errorf("write workbook: temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	defer x.release()
	if err := x.prepare(ctx, dir); err != nil {
		return WorkbookSummary{}, fmt.Errorf("write workbook of task %s: %w", req.TaskID, err)
	}
	if err := x.write(ctx, w, dir); err != nil {
		return WorkbookSummary{}, fmt.Errorf("write workbook of task %s: %w", req.TaskID, err)
	}
	x.log.InfoContext(ctx, "workbook written", "task", req.TaskID, "sheets", len(x.sum.Sheets),
		"services", x.sum.Services, "resources", x.sum.Resources, "changeRows", x.sum.ChangeRows,
		"truncated", x.sum.Truncated, "duration", time.Since(start))
	return x.sum, nil
}

// workbookWriter holds what one workbook needs while it is written.
type workbookWriter struct {
	req      Request
	log      *slog.Logger
	dir      string
	cur      *scan
	prev     *scan // nil: no previous scan to compare with
	accounts []string
	f        *excelize.File // the workbook: its structure, styles and names
	styles   workbookStyles
	// parts are the worksheets streamed so far, by part name in the
	// workbook, each in a file under dir; open are the scratch files of
	// the sheets being streamed.
	parts map[string]string
	open  map[*sheetWriter]bool
	sum   WorkbookSummary
}

type workbookStyles struct {
	header, title, label, count, total, totalCount, top, wrap int
}

func (x *workbookWriter) release() {
	for _, s := range []*scan{x.cur, x.prev} {
		if s != nil {
			s.records.close()
		}
	}
	for sh := range x.open {
		_ = sh.scratch.Close()
	}
	if x.f != nil {
		_ = x.f.Close() // removes excelize's temporary files
	}
}

// prepare reads the results of both scans into spill files.
func (x *workbookWriter) prepare(ctx context.Context, dir string) error {
	var err error
	if x.cur, err = collect(ctx, x.req.Source, x.req.TaskID, dir, "current.spill", x.log, nil); err != nil {
		return err
	}
	if x.req.PreviousTaskID != "" {
		if x.prev, err = collect(ctx, x.req.Source, x.req.PreviousTaskID, dir, "previous.spill", x.log, nil); err != nil {
			return fmt.Errorf("previous scan: %w", err)
		}
	}
	accounts := maps.Clone(x.cur.accounts)
	for _, a := range x.req.Meta.Accounts {
		accounts[a] = true
	}
	x.accounts = slices.Sorted(maps.Keys(accounts))
	x.sum.Accounts = len(x.accounts)
	x.sum.Units = x.cur.units
	x.sum.Compared = x.prev != nil
	return nil
}

// reportServices is every service of the spec in the report's order:
// by family, then as the spec lists them.
func reportServices() []spec.Service {
	var out []spec.Service
	all := spec.All()
	for _, f := range spec.Families {
		for _, s := range all {
			if s.Family == f {
				out = append(out, s)
			}
		}
	}
	return out
}

// write lays out the sheets, streams them one at a time and zips the
// workbook into w.
func (x *workbookWriter) write(ctx context.Context, w io.Writer, dir string) error {
	x.dir, x.parts, x.open = dir, map[string]string{}, map[*sheetWriter]bool{}
	x.f = excelize.NewFile(excelize.Options{TmpDir: dir})
	var err error
	if x.styles, err = newWorkbookStyles(x.f); err != nil {
		return err
	}
	// The sheets are created first, in their order; their rows are
	// streamed afterwards, the Changes sheet alongside the services and
	// the Summary last, when every count is known.
	names := newSheetNamer(summarySheet, coverageSheet, changesSheet)
	if err := x.f.SetSheetName("Sheet1", summarySheet); err != nil {
		return fmt.Errorf("name summary sheet: %w", err)
	}
	services := reportServices()
	sheetOf := map[string]string{}
	x.sum.Sheets = []string{summarySheet}
	for _, svc := range services {
		if x.cur.records.count(svc.Key) == 0 {
			continue
		}
		sheetOf[svc.Key] = names.name(svc.Title)
		x.sum.Sheets = append(x.sum.Sheets, sheetOf[svc.Key])
	}
	x.sum.Sheets = append(x.sum.Sheets, coverageSheet)
	if x.prev != nil {
		x.sum.Sheets = append(x.sum.Sheets, changesSheet)
	}
	for _, name := range x.sum.Sheets[1:] {
		if _, err := x.f.NewSheet(name); err != nil {
			return fmt.Errorf("add sheet %q: %w", name, err)
		}
	}

	var changes *sheetWriter
	if x.prev != nil {
		if changes, err = x.openChanges(); err != nil {
			return err
		}
	}
	for _, svc := range services {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := x.cur.records.count(svc.Key)
		if n == 0 && (x.prev == nil || x.prev.records.count(svc.Key) == 0) {
			continue
		}
		cur, err := x.cur.records.load(svc.Key)
		if err != nil {
			return err
		}
		sortRecords(cur)
		if n > 0 {
			if err := x.serviceSheet(sheetOf[svc.Key], svc, cur); err != nil {
				return fmt.Errorf("sheet of %s: %w", svc.Key, err)
			}
			x.sum.Services++
			x.sum.Resources += n
		}
		if x.prev != nil {
			if err := x.compare(changes, svc, cur); err != nil {
				return fmt.Errorf("changes of %s: %w", svc.Key, err)
			}
		}
	}
	if changes != nil {
		x.sum.ChangeRows = changes.rows - 1
		if err := changes.close(true); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := x.coverageSheet(); err != nil {
		return err
	}
	if err := x.summarySheet(); err != nil {
		return err
	}
	// The Summary, the first sheet, is the active one as it is.
	return x.zip(w)
}

// zip writes the package into w, through excelize's SetZipWriter hook:
// its Write would assemble the whole zip in a buffer, where this zip
// writer streams it into w, and puts each streamed worksheet's part in
// place of the empty sheet the workbook holds.
func (x *workbookWriter) zip(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	z := &partZip{Writer: zip.NewWriter(bw), parts: x.parts, used: map[string]bool{}}
	x.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return z })
	if _, err := x.f.WriteToBuffer(); err != nil {
		return fmt.Errorf("zip workbook: %w", err)
	}
	if len(z.used) != len(x.parts) {
		return fmt.Errorf("zip workbook: %d of %d worksheets found their part", len(z.used), len(x.parts))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("zip workbook: %w", err)
	}
	return nil
}

// partZip zips the workbook, taking the parts it has files for from
// them instead of from excelize.
type partZip struct {
	*zip.Writer
	parts map[string]string
	used  map[string]bool
}

func (z *partZip) Create(name string) (io.Writer, error) {
	w, err := z.Writer.Create(name)
	if err != nil {
		return nil, err
	}
	file, ok := z.parts[name]
	if !ok {
		return w, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("worksheet %s: %w", name, err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return nil, fmt.Errorf("worksheet %s: %w", name, err)
	}
	z.used[name] = true
	return io.Discard, nil // excelize's own, empty, sheet
}

// partCapture is the zip writer of a scratch file: it keeps one part, a
// worksheet, and drops the rest.
type partCapture struct {
	name  string
	to    io.Writer
	found bool
}

func (c *partCapture) Create(name string) (io.Writer, error) {
	if name != c.name {
		return io.Discard, nil
	}
	c.found = true
	return c.to, nil
}

func (c *partCapture) AddFS(fs.FS) error { return errors.New("not supported") }
func (c *partCapture) Close() error      { return nil }

// newWorkbookStyles adds the workbook's styles to a file. Every file
// gets them in the same order, so a style has the same id in the
// workbook and in the scratch files its sheets are streamed by.
func newWorkbookStyles(f *excelize.File) (workbookStyles, error) {
	var styles workbookStyles
	for _, s := range []struct {
		to    *int
		style excelize.Style
	}{
		{&styles.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F1"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "8EA9C1", Style: 1}},
			Alignment: &excelize.Alignment{Vertical: "center"},
		}},
		{&styles.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&styles.label, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&styles.count, excelize.Style{NumFmt: 3}}, // #,##0
		{&styles.total, excelize.Style{Font: &excelize.Font{Bold: true},
			Border: []excelize.Border{{Type: "top", Color: "8EA9C1", Style: 1}}}},
		{&styles.totalCount, excelize.Style{NumFmt: 3, Font: &excelize.Font{Bold: true},
			Border: []excelize.Border{{Type: "top", Color: "8EA9C1", Style: 1}}}},
		{&styles.top, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&styles.wrap, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	} {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return workbookStyles{}, fmt.Errorf("workbook style: %w", err)
		}
		*s.to = id
	}
	return styles, nil
}

// resourceColumns are the spec's columns of a service as its sheet shows
// them after Account and Region: without a "Region" column of its own.
func resourceColumns(svc spec.Service) []string {
	return slices.DeleteFunc(slices.Clone(svc.Columns), func(c string) bool { return c == "Region" })
}

// serviceHeader is the header row of a service's sheet.
func serviceHeader(svc spec.Service) []string {
	return append([]string{"Account", "Region"}, resourceColumns(svc)...)
}

// serviceSheet writes one service's records, sorted, on its sheet.
func (x *workbookWriter) serviceSheet(name string, svc spec.Service, recs []spilled) error {
	header := serviceHeader(svc)
	columns := header[2:]
	hasRegion := slices.Contains(svc.Columns, "Region")
	values := make([]string, len(header))
	fill := func(r inventory.Record) {
		values[0] = r.AccountID
		values[1] = regionText(r.Region)
		if v := strings.TrimSpace(r.Columns["Region"]); hasRegion && v != "" && v != "-" {
			values[1] = v
		}
		for i, c := range columns {
			values[2+i] = orDash(r.Columns[c])
		}
	}
	// First pass: the widths, which excelize needs before the rows.
	widths := newColumnWidths(header)
	for _, s := range recs {
		fill(s.Record)
		for i, v := range values {
			t, _ := cellText(v)
			widths.see(i, t)
		}
	}
	sh, err := x.openTable(name, header, widths.widths())
	if err != nil {
		return err
	}
	row := make([]any, len(header))
	for _, s := range recs {
		fill(s.Record)
		for i, v := range values {
			row[i] = x.cell(v)
		}
		if err := sh.add(row); err != nil {
			return err
		}
	}
	return sh.close(true)
}

// changesHeader is the Changes sheet's header.
var changesHeader = []string{"Change", "Service", "Account", "Region", "Resource", "Attribute", "Before", "After"}

// openChanges starts the Changes sheet. Its rows are written as each
// service is compared, so its widths come from what is known before: the
// spec's longest title and column name, and fixed widths for the rest.
func (x *workbookWriter) openChanges() (*sheetWriter, error) {
	widths := newColumnWidths(changesHeader)
	widths.see(0, "Removed")
	widths.see(2, "123456789012")
	widths.see(3, "ap-southeast-2")
	for _, s := range spec.All() {
		widths.see(1, s.Title)
		for _, c := range s.Columns {
			widths.see(5, c)
		}
	}
	w := widths.widths()
	w[4], w[6], w[7] = 40, 40, 40
	return x.openTable(changesSheet, changesHeader, w)
}

// compare diffs one service with the previous scan and writes its
// changes: what was added, then removed, then each changed attribute.
func (x *workbookWriter) compare(changes *sheetWriter, svc spec.Service, cur []spilled) error {
	prev, err := x.prev.records.load(svc.Key)
	if err != nil {
		return err
	}
	sortRecords(prev)
	d := diffService(svc, cur, prev, func(account, unit string) bool {
		u := unitService{svc.Key, account, unit}
		return x.cur.ok[u] && x.prev.ok[u]
	})
	x.sum.Added += len(d.added)
	x.sum.Removed += len(d.removed)
	x.sum.Changed += len(d.changed)
	x.sum.Uncompared += d.uncompared
	row := make([]any, len(changesHeader))
	put := func(kind string, r inventory.Record, attr, before, after string) error {
		for i, v := range []string{kind, svc.Title, r.AccountID, regionText(r.Region), resourceLabel(r.Name, r.ID), attr, before, after} {
			row[i] = x.cell(v)
		}
		return changes.add(row)
	}
	for _, l := range []struct {
		kind string
		recs []inventory.Record
	}{{"Added", d.added}, {"Removed", d.removed}} {
		for _, r := range l.recs {
			if err := put(l.kind, r, "", "", ""); err != nil {
				return err
			}
		}
	}
	for _, c := range d.changed {
		for _, a := range c.attrs {
			if err := put("Changed", c.rec, a.name, a.before, a.after); err != nil {
				return err
			}
		}
	}
	return nil
}

// coverageHeader is the Coverage sheet's header.
var coverageHeader = []string{"Service", "Account", "Region", "Status", "Resources", "Error"}

// coverageSheet writes every service check, in the report's order of
// services, then account and region.
func (x *workbookWriter) coverageSheet() error {
	cov := slices.Clone(x.cur.coverage)
	slices.SortStableFunc(cov, func(a, b inventory.Coverage) int {
		return cmp.Or(
			cmp.Compare(serviceOrder(a.Service), serviceOrder(b.Service)),
			cmp.Compare(a.Service, b.Service),
			cmp.Compare(a.AccountID, b.AccountID),
			cmp.Compare(a.Region, b.Region),
		)
	})
	text := func(c inventory.Coverage) []string {
		return []string{serviceTitle(c.Service), c.AccountID, regionText(c.Region), statusText(c.Status), "", c.Error}
	}
	widths := newColumnWidths(coverageHeader)
	for _, c := range cov {
		for i, v := range text(c) {
			t, _ := cellText(v)
			widths.see(i, t)
		}
	}
	sh, err := x.openTable(coverageSheet, coverageHeader, widths.widths())
	if err != nil {
		return err
	}
	row := make([]any, len(coverageHeader))
	for _, c := range cov {
		for i, v := range text(c) {
			style := x.styles.top
			if i == 5 {
				style = x.styles.wrap
			}
			row[i] = excelize.Cell{StyleID: style, Value: x.text(v)}
		}
		row[4] = excelize.Cell{StyleID: x.styles.count, Value: c.Resources}
		if err := sh.add(row); err != nil {
			return err
		}
		if c.Failed() {
			x.sum.Failures++
		}
	}
	x.sum.Coverage = len(cov)
	return sh.close(true)
}

// summarySheet writes what the workbook is about and counts resources
// per service.
func (x *workbookWriter) summarySheet() error {
	m := x.req.Meta
	regions := m.Regions
	if len(regions) == 0 {
		seen := map[string]bool{}
		for _, c := range x.cur.coverage {
			if c.Region != spec.GlobalUnit && c.Region != "" {
				seen[c.Region] = true
			}
		}
		regions = slices.Sorted(maps.Keys(seen))
	}
	type pair struct{ label, value string }
	about := []pair{
		{"Client", orDash(m.ClientName)},
		{"Project", orDash(m.ProjectName)},
		{"Task", orDash(m.TaskName)},
		{"Date", formatDate(m.Date)},
		{"Accounts", orDash(strings.Join(x.accounts, ", "))},
		{"Regions", orDash(strings.Join(regions, ", "))},
	}
	if x.prev != nil {
		since := x.req.PreviousLabel
		if since == "" {
			since = "task " + x.req.PreviousTaskID
		}
		changes := fmt.Sprintf("%d added, %d removed, %d changed", x.sum.Added, x.sum.Removed, x.sum.Changed)
		if x.sum.Uncompared > 0 {
			changes += fmt.Sprintf("; %s not compared (a scan did not complete their service)",
				plural(x.sum.Uncompared, "resource", "resources"))
		}
		about = append(about, pair{"Compared with", since}, pair{"Changes", changes})
	}
	type line struct {
		title, family string
		n             int
	}
	var lines []line
	for _, svc := range reportServices() {
		if n := x.cur.records.count(svc.Key); n > 0 {
			lines = append(lines, line{svc.Title, familyTitle(svc.Family), n})
		}
	}

	widths := newColumnWidths([]string{"Service", "Family", "Resources"})
	for _, p := range about {
		widths.see(0, p.label)
	}
	for _, l := range lines {
		widths.see(0, l.title)
		widths.see(1, l.family)
	}
	w := widths.widths()
	w[1] = max(w[1], 20) // the about values run over the columns after the first
	sh, err := x.openSheet(summarySheet, 3, w)
	if err != nil {
		return err
	}
	title := "Inventory"
	if named := slices.DeleteFunc([]string{m.ClientName, m.ProjectName}, func(s string) bool { return strings.TrimSpace(s) == "" }); len(named) > 0 {
		title += ": " + strings.Join(named, " - ")
	}
	if err := sh.add([]any{excelize.Cell{StyleID: x.styles.title, Value: x.text(title)}}); err != nil {
		return err
	}
	sh.rows++ // a blank row
	for _, p := range about {
		if err := sh.add([]any{excelize.Cell{StyleID: x.styles.label, Value: p.label}, x.text(p.value)}); err != nil {
			return err
		}
	}
	sh.rows++
	if err := sh.add(headerCells([]string{"Service", "Family", "Resources"}, x.styles.header)); err != nil {
		return err
	}
	total := 0
	for _, l := range lines {
		total += l.n
		if err := sh.add([]any{x.text(l.title), x.text(l.family), excelize.Cell{StyleID: x.styles.count, Value: l.n}}); err != nil {
			return err
		}
	}
	if err := sh.add([]any{excelize.Cell{StyleID: x.styles.total, Value: "Total"},
		excelize.Cell{StyleID: x.styles.total, Value: plural(len(lines), "service", "services")},
		excelize.Cell{StyleID: x.styles.totalCount, Value: total}}); err != nil {
		return err
	}
	return sh.close(false)
}

// text is a value as its cell holds it, counting cells cut to the limit.
func (x *workbookWriter) text(s string) string {
	t, cut := cellText(s)
	if cut {
		x.sum.Truncated++
	}
	return t
}

// cell is a value for a row: its text, or nil, which leaves the cell out,
// for an empty value.
func (x *workbookWriter) cell(s string) any {
	if s == "" {
		return nil
	}
	return x.text(s)
}

// sheetWriter streams the rows of one sheet. excelize keeps a streamed
// sheet in memory until the whole workbook is written (or it passes 16
// MiB), which would hold the whole estate: so each sheet is streamed by
// a scratch file of its own, with the workbook's styles, and its part is
// moved to a file as soon as it is done; the workbook's zip takes it from
// there (partZip).
type sheetWriter struct {
	x       *workbookWriter
	name    string
	scratch *excelize.File
	sw      *excelize.StreamWriter
	rows    int // rows written (or skipped) so far
	cols    int
}

// scratchSheet is the sheet of a scratch file, and its part.
const (
	scratchSheet = "Sheet1"
	scratchPart  = "xl/worksheets/sheet1.xml"
)

// openSheet starts streaming a sheet of cols columns of the given widths.
func (x *workbookWriter) openSheet(name string, cols int, widths []float64) (*sheetWriter, error) {
	scratch := excelize.NewFile(excelize.Options{TmpDir: x.dir})
	sh := &sheetWriter{x: x, name: name, scratch: scratch, cols: cols}
	x.open[sh] = true
	styles, err := newWorkbookStyles(scratch)
	if err != nil {
		return nil, err
	}
	if styles != x.styles {
		return nil, fmt.Errorf("sheet %q: the styles of its scratch file differ from the workbook's", name)
	}
	// A scratch file's only sheet is selected; in the workbook, only the
	// Summary may be, or Excel opens the sheets grouped. Selecting another
	// sheet of the scratch file unselects it.
	if name != summarySheet {
		if _, err := scratch.NewSheet("Unselected"); err != nil {
			return nil, fmt.Errorf("sheet %q: %w", name, err)
		}
		scratch.SetActiveSheet(1)
	}
	if sh.sw, err = scratch.NewStreamWriter(scratchSheet); err != nil {
		return nil, fmt.Errorf("sheet %q: %w", name, err)
	}
	// excelize writes the columns in the reverse order of the calls, and
	// Excel wants them in order.
	for i := len(widths) - 1; i >= 0; i-- {
		if err := sh.sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return nil, fmt.Errorf("sheet %q: column width: %w", name, err)
		}
	}
	return sh, nil
}

// openTable starts a table sheet: column widths, the header row frozen
// at the top, then the rows with add; close(true) sets the autofilter.
func (x *workbookWriter) openTable(name string, header []string, widths []float64) (*sheetWriter, error) {
	sh, err := x.openSheet(name, len(header), widths)
	if err != nil {
		return nil, err
	}
	if err := sh.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, fmt.Errorf("sheet %q: freeze header: %w", name, err)
	}
	if err := sh.add(headerCells(header, x.styles.header)); err != nil {
		return nil, err
	}
	return sh, nil
}

func headerCells(header []string, style int) []any {
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: style, Value: h}
	}
	return cells
}

// add writes the next row.
func (s *sheetWriter) add(values []any) error {
	s.rows++
	if err := s.sw.SetRow("A"+strconv.Itoa(s.rows), values); err != nil {
		return fmt.Errorf("sheet %q: row %d: %w", s.name, s.rows, err)
	}
	return nil
}

// close ends the sheet, with an autofilter over the table (header
// included) when filter is set, and moves its part to a file. The
// filter goes on both files: excelize writes the scratch sheet's with
// its rows, and the workbook's names the filtered range.
func (s *sheetWriter) close(filter bool) error {
	if filter {
		last, err := excelize.CoordinatesToCellName(s.cols, max(s.rows, 1))
		if err != nil {
			return fmt.Errorf("sheet %q: %w", s.name, err)
		}
		for _, f := range []struct {
			file  *excelize.File
			sheet string
		}{{s.scratch, scratchSheet}, {s.x.f, s.name}} {
			if err := f.file.AutoFilter(f.sheet, "A1:"+last, nil); err != nil {
				return fmt.Errorf("sheet %q: autofilter: %w", s.name, err)
			}
		}
	}
	if err := s.sw.Flush(); err != nil {
		return fmt.Errorf("sheet %q: %w", s.name, err)
	}
	part, err := s.x.partOf(s.name)
	if err != nil {
		return err
	}
	file := filepath.Join(s.x.dir, fmt.Sprintf("part-%d.xml", len(s.x.parts)+1))
	if err := s.save(file); err != nil {
		return fmt.Errorf("sheet %q: %w", s.name, err)
	}
	s.x.parts[part] = file
	delete(s.x.open, s)
	return s.scratch.Close()
}

// save writes the scratch file's worksheet part to a file.
func (s *sheetWriter) save(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 64<<10)
	c := &partCapture{name: scratchPart, to: bw}
	s.scratch.SetZipWriter(func(io.Writer) excelize.ZipWriter { return c })
	if _, err := s.scratch.WriteToBuffer(); err != nil {
		return err
	}
	if !c.found {
		return fmt.Errorf("the scratch file has no part %s", scratchPart)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// partOf is the part of the workbook that holds a sheet. excelize names
// a new sheet's part after its sheet id; zip checks every part found its
// place.
func (x *workbookWriter) partOf(sheet string) (string, error) {
	for id, name := range x.f.GetSheetMap() {
		if name == sheet {
			return "xl/worksheets/sheet" + strconv.Itoa(id) + ".xml", nil
		}
	}
	return "", fmt.Errorf("no sheet %q in the workbook", sheet)
}

// columnWidths measures the longest line of each column.
type columnWidths []int

func newColumnWidths(header []string) columnWidths {
	w := make(columnWidths, len(header))
	for i, h := range header {
		w[i] = lineLength(h) + 3 // bold, and the filter button
	}
	return w
}

func (w columnWidths) see(col int, s string) {
	if w[col] < maxColumnWidth {
		w[col] = max(w[col], lineLength(s)+1)
	}
}

func (w columnWidths) widths() []float64 {
	out := make([]float64, len(w))
	for i, n := range w {
		out[i] = float64(min(max(n, minColumnWidth), maxColumnWidth))
	}
	return out
}

// lineLength is the length in characters of the longest line of s, up to
// a little over the widest column.
func lineLength(s string) int {
	best, n := 0, 0
	for _, r := range s {
		if r == '\n' {
			best, n = max(best, n), 0
			continue
		}
		n++
		if n > maxColumnWidth {
			return n
		}
	}
	return max(best, n)
}

// Excel's limit on the characters of a cell, counted in UTF-16 units.
const cellLimit = excelize.TotalCellChars

// truncatedMark ends a value cut to Excel's cell limit.
const truncatedMark = "… [truncated]"

// cellText is a value as a workbook cell holds it, and whether it was
// cut: control characters XML cannot carry become their Unicode pictures
// (U+0001 shows as ␁), a value a spreadsheet would take for a formula
// gets a leading single quote as in the CSV exports (safecsv.Neutralise)
// - except a lone "-", the scanners' and the report's empty value, which
// no spreadsheet reads as anything but text -, and a value over Excel's
// cell limit is cut and ends with truncatedMark.
func cellText(s string) (string, bool) {
	s = controlPictures(s)
	if s != "-" {
		s = safecsv.Neutralise(s)
	}
	return fitCell(s)
}

// controlPictures replaces the C0 control characters XML 1.0 cannot
// carry (all but tab, line feed and carriage return) by the symbols of
// the Control Pictures block, instead of the U+FFFD excelize would write.
func controlPictures(s string) string {
	i := 0
	for i < len(s) && !badControl(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		if c := s[i]; badControl(c) {
			b.WriteRune(0x2400 + rune(c))
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// badControl: a byte below 0x20 is always a whole character in UTF-8.
func badControl(c byte) bool { return c < 0x20 && c != '\t' && c != '\n' && c != '\r' }

// fitCell cuts s to Excel's cell limit, marking the cut, on a character
// boundary.
func fitCell(s string) (string, bool) {
	if len(s) <= cellLimit || utf16Len(s) <= cellLimit { // UTF-16 units never outnumber bytes
		return s, false
	}
	budget := cellLimit - utf16Len(truncatedMark)
	units := 0
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if units+w > budget {
			return s[:i] + truncatedMark, true
		}
		units += w
	}
	return s, false
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// Excel's rules for sheet names: at most 31 characters (UTF-16 units),
// none of []:*?/\, not starting or ending with an apostrophe, not
// "History", unique regardless of case.
const maxSheetName = excelize.MaxSheetNameLength

// sheetNamer gives sheets names Excel accepts, each one unique.
type sheetNamer struct{ used map[string]bool }

// newSheetNamer reserves the given names (and "History", which Excel
// keeps for itself).
func newSheetNamer(reserved ...string) *sheetNamer {
	n := &sheetNamer{used: map[string]bool{"history": true}}
	for _, r := range reserved {
		n.used[strings.ToLower(r)] = true
	}
	return n
}

// name is a title as a sheet name: forbidden characters replaced
// (brackets by parentheses, the others by a dash), cut to 31 characters,
// and made unique with " (2)", " (3)"... cut into the name when it is
// taken.
func (n *sheetNamer) name(title string) string {
	base := cleanSheetName(title)
	for k := 1; ; k++ {
		name := base
		if k > 1 {
			suffix := " (" + strconv.Itoa(k) + ")"
			name = strings.TrimRight(cutUTF16(base, maxSheetName-len(suffix)), " '") + suffix
		}
		if key := strings.ToLower(name); !n.used[key] {
			n.used[key] = true
			return name
		}
	}
}

func cleanSheetName(title string) string {
	s := strings.Map(func(r rune) rune {
		switch {
		case r == '[':
			return '('
		case r == ']':
			return ')'
		case strings.ContainsRune(`:*?/\`, r):
			return '-'
		case r < 0x20 || r == 0x7F || r == utf8.RuneError:
			return -1
		}
		return r
	}, title)
	s = strings.Trim(cutUTF16(strings.Trim(s, " '"), maxSheetName), " '")
	if s == "" {
		return "Sheet"
	}
	return s
}

// cutUTF16 is the longest prefix of s of at most n UTF-16 units.
func cutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if units+w > n {
			return s[:i]
		}
		units += w
	}
	return s
}
