package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"slices"
	"time"
)

// builder holds what one build needs while it streams the document.
type builder struct {
	req      Request
	log      *slog.Logger
	cur      *scan
	prev     *scan // nil: no previous scan to compare with
	accounts []string
	multi    bool // an Account column in every resource table
	outline  *outline
	tpl      *filledTemplate
	styles   map[string]styleMetrics
	diagram  *picture   // the uploaded network diagram
	drawn    []drawn    // the network diagrams drawn from the scan
	pictures []*picture // every picture of the document, the uploaded one first
	changes  *changeLog
	sum      Summary
}

// Build writes the .docx report of a task to w and describes it. It reads
// the task's unit results, and the previous task's when one is named, one
// at a time, spilling records to a temporary directory it removes.
//
// The body is produced in two passes over the spilled records, one
// service at a time: the first compares with the previous scan and
// measures the pages, so the table of contents can be numbered; the second
// writes the document.
func Build(ctx context.Context, w io.Writer, req Request) (Summary, error) {
	if req.Source == nil || req.TaskID == "" {
		return Summary{}, errors.New("build report: a source and a task id are required")
	}
	b := &builder{req: req, log: req.Logger}
	if b.log == nil {
		b.log = slog.Default()
	}
	start := time.Now()
	dir, err := os.MkdirTemp(req.TempDir, "report-")
	if err != nil {
		return Summary{}, fmt.Errorf("build report: temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	defer b.release()

	if err := b.prepare(ctx, dir); err != nil {
		return Summary{}, fmt.Errorf("build report of task %s: %w", req.TaskID, err)
	}
	pages, err := b.paginate(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("build report of task %s: %w", req.TaskID, err)
	}
	if err := b.write(ctx, w, pages); err != nil {
		return Summary{}, fmt.Errorf("build report of task %s: %w", req.TaskID, err)
	}
	b.log.InfoContext(ctx, "report built", "task", req.TaskID, "services", b.sum.Services,
		"resources", b.sum.Resources, "added", b.sum.Added, "removed", b.sum.Removed,
		"changed", b.sum.Changed, "duration", time.Since(start))
	return b.sum, nil
}

// release closes the temporary files; the directory goes after.
func (b *builder) release() {
	for _, s := range []*scan{b.cur, b.prev} {
		if s != nil {
			s.records.close()
		}
	}
	if b.changes != nil {
		b.changes.release()
	}
}

// prepare reads the results and decides the outline.
func (b *builder) prepare(ctx context.Context, dir string) error {
	var err error
	if len(b.req.Meta.Diagram) > 0 {
		if b.diagram, err = newPicture(b.req.Meta.Diagram, 1, false); err == nil {
			b.pictures = append(b.pictures, b.diagram)
		} else {
			// A bad upload must not cost the client the report: the
			// diagram section says the picture could not be used.
			b.log.WarnContext(ctx, "report leaves out the network diagram", "task", b.req.TaskID,
				"contentType", b.req.Meta.DiagramType, "err", err)
			b.diagram = nil
		}
	}
	if b.cur, err = collect(ctx, b.req.Source, b.req.TaskID, dir, "current.jsonl", b.log, b.drawUnit(dir)); err != nil {
		return err
	}
	if b.req.PreviousTaskID != "" {
		if b.prev, err = collect(ctx, b.req.Source, b.req.PreviousTaskID, dir, "previous.jsonl", b.log, nil); err != nil {
			return fmt.Errorf("previous scan: %w", err)
		}
	}
	accounts := maps.Clone(b.cur.accounts)
	for _, a := range b.req.Meta.Accounts {
		accounts[a] = true
	}
	b.accounts = slices.Sorted(maps.Keys(accounts))
	b.multi = len(b.accounts) > 1
	titles := make([]string, len(b.drawn))
	for i, d := range b.drawn {
		titles[i] = d.title
	}
	b.outline = newOutline(func(key string) bool { return b.cur.records.count(key) > 0 }, b.prev != nil, titles)
	tpl := b.req.Template
	if tpl == nil {
		if tpl, err = builtin(); err != nil {
			return err
		}
	}
	if b.tpl, err = fillTemplate(b.req.Meta, tpl); err != nil {
		return err
	}
	if b.styles, err = parseStyleMetrics([]byte(tpl.styles)); err != nil {
		return err
	}
	if b.changes, err = newChangeLog(dir, b.multi, newPager(b.styles)); err != nil {
		return err
	}
	b.sum.Accounts = len(b.accounts)
	b.sum.Units = b.cur.units
	b.sum.Compared = b.prev != nil
	return nil
}

// paginate is the first pass: it compares each service with the previous
// scan, logging the changes, and measures the document's pages.
func (b *builder) paginate(ctx context.Context) (map[int]int, error) {
	p := newPager(b.styles)
	if err := b.sections(ctx, p, nil, true); err != nil {
		return nil, err
	}
	if err := b.changes.close(); err != nil {
		return nil, err
	}
	return p.pages, nil
}

// write assembles the package: content types, package relationships and
// properties, the parts around the body, then the body itself.
func (b *builder) write(ctx context.Context, w io.Writer, pages map[int]int) error {
	parts, err := docParts(b.tpl)
	if err != nil {
		return err
	}
	pkg := newZipPackage(w)
	rels, err := templateFS.ReadFile("template/_rels/.rels")
	if err != nil {
		return fmt.Errorf("read template rels: %w", err)
	}
	app, err := templateFS.ReadFile("template/docProps/app.xml")
	if err != nil {
		return fmt.Errorf("read template app properties: %w", err)
	}
	type file struct {
		name    string
		content []byte
	}
	static := []file{
		{"[Content_Types].xml", []byte(contentTypes(parts, b.tpl.defaults, b.pictures))},
		{"_rels/.rels", rels},
		{"docProps/core.xml", []byte(coreProperties(b.req.Meta))},
		{"docProps/app.xml", app},
		{"word/_rels/document.xml.rels", []byte(documentRels(parts, b.tpl.rels, b.pictures))},
	}
	for _, pt := range parts {
		static = append(static, file{pt.name, []byte(pt.body)})
	}
	for _, s := range static {
		if err := pkg.write(s.name, s.content); err != nil {
			return err
		}
	}
	for _, p := range b.pictures {
		if err := pkg.writePicture(p); err != nil {
			return err
		}
	}
	doc, err := pkg.create("word/document.xml")
	if err != nil {
		return err
	}
	body := newBodyWriter(doc, b.tpl.sectRefs)
	body.raw(documentOpen)
	if err := b.sections(ctx, body, pages, false); err != nil {
		return err
	}
	body.raw(sectionProperties(b.tpl.sectRefs, false, !body.broke) + `</w:body></w:document>`)
	if err := body.flush(); err != nil {
		return fmt.Errorf("write document body: %w", err)
	}
	return pkg.close()
}
