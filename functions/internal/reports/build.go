// Package reports builds a task's Word document and serves the report
// routes: list, detail, presigned download, delete and rebuild. The
// report-build Lambda and the rebuild route share one Build, so a rebuilt
// report is made exactly like the first.
//
// It must not import the AWS SDK: the store and the blob stores are
// interfaces.
package reports

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
	"github.com/cloudcensus/cloudcensus/functions/internal/report"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// Store is what reports need of the table.
type Store interface {
	GetTask(ctx context.Context, ws, id string) (*domain.Task, error)
	ListTasks(ctx context.Context, ws string, f store.TaskFilter, p store.Page) (store.Listed[domain.Task], error)
	CreateReport(ctx context.Context, r *domain.Report) error
	GetReport(ctx context.Context, ws, id string) (*domain.Report, error)
	ListReports(ctx context.Context, ws string, f store.ReportFilter, p store.Page) (store.Listed[domain.Report], error)
	ProjectReports(ctx context.Context, ws, project string) ([]domain.Report, error)
	DeleteReport(ctx context.Context, r *domain.Report) error
	SetTaskReport(ctx context.Context, ws, id, reportID string) error
	ReserveReportVersion(ctx context.Context, ws, project, version, reportID string) error
	ReportVersionOf(ctx context.Context, ws, project, reportID string) (string, error)
	GetTemplate(ctx context.Context, ws, id string) (*domain.Template, error)
	GetWorkspace(ctx context.Context, id string) (*domain.Workspace, error)
	ReportsGeneratedBefore(ctx context.Context, ws string, cutoff time.Time) ([]domain.Report, error)
	ListWorkspaces(ctx context.Context) ([]domain.Workspace, error)
}

// Results is where unit results and uploads are read from.
type Results interface {
	List(ctx context.Context, prefix string) ([]string, error)
	Get(ctx context.Context, key string) (io.ReadCloser, error)
}

// Documents is where reports are written and downloaded from, and
// templates read.
type Documents interface {
	Put(ctx context.Context, key string, body io.Reader, contentType string) error
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	Delete(ctx context.Context, key string) error
	PresignGet(ctx context.Context, key, fileName string, ttl time.Duration) (string, error)
}

// Builder makes reports.
type Builder struct {
	store   Store
	results Results
	docs    Documents
	tempDir string
	now     func() time.Time
}

// NewBuilder builds reports into docs from the results in results.
func NewBuilder(st Store, results Results, docs Documents, tempDir string) *Builder {
	return &Builder{store: st, results: results, docs: docs, tempDir: tempDir, now: func() time.Time { return time.Now().UTC() }}
}

// docxType is the media type of Word documents.
const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// Build writes a new report of a finished (or finishing) task, records it
// and links it to the task: each call is a new version.
func (b *Builder) Build(ctx context.Context, ws, taskID string) (*domain.Report, error) {
	return b.build(ctx, ws, taskID, "")
}

// BuildOnce builds the report that key (the workflow's execution) owns:
// a retried call finds the report, or the version, its first attempt made
// and adds no version of its own.
func (b *Builder) BuildOnce(ctx context.Context, ws, taskID, key string) (*domain.Report, error) {
	return b.build(ctx, ws, taskID, key)
}

// build makes the document under a version reserved for its report id.
// The document is spooled to a temporary file so memory follows the report
// builder's, not the document's size.
func (b *Builder) build(ctx context.Context, ws, taskID, key string) (*domain.Report, error) {
	t, err := b.store.GetTask(ctx, ws, taskID)
	if err != nil {
		return nil, err
	}
	id := domain.NewID()
	if key != "" {
		id = domain.IDFor(t.CreatedAt, key)
		if rep, err := b.store.GetReport(ctx, ws, id); err == nil {
			return rep, b.store.SetTaskReport(ctx, ws, t.ID, rep.ID)
		} else if !domain.Is(err, domain.KindNotFound) {
			return nil, err
		}
	}
	project := store.ProjectKey(t.ProjectMetadata.ClientName, t.ProjectMetadata.ProjectName)
	earlier, err := b.store.ProjectReports(ctx, ws, project)
	if err != nil {
		return nil, err
	}
	revisions := make([]report.Revision, 0, len(earlier))
	for _, r := range earlier {
		revisions = append(revisions, report.Revision{Version: r.Version, Date: r.GeneratedAt, Author: r.Author, Description: r.Description})
	}
	version, err := b.reserveVersion(ctx, ws, project, id, key != "", revisions)
	if err != nil {
		return nil, err
	}
	now := b.now()
	m := t.ProjectMetadata
	meta := report.Metadata{ClientName: m.ClientName, ProjectName: m.ProjectName, BDManager: m.BDManager,
		SolutionsArchitect: m.SolutionsArchitect, CloudEngineer: m.CloudEngineer, CloudEngineerEmail: m.CloudEngineerEmail,
		Date: now, Version: version, Revisions: revisions,
		TaskName: t.Name, Accounts: t.Accounts, Regions: t.Regions, Exclusions: t.Exclusions, Members: t.Members}
	if m.NetworkDiagramKey != "" {
		meta.Diagram, err = b.readDiagram(ctx, m.NetworkDiagramKey)
		if err != nil {
			return nil, err
		}
	}
	prev, err := b.previous(ctx, t)
	if err != nil {
		return nil, err
	}
	tpl, tplName, err := b.template(ctx, ws, t.TemplateID)
	if err != nil {
		return nil, err
	}
	req := report.Request{Meta: meta, Source: b.results, TaskID: t.ID, TempDir: b.tempDir, Template: tpl}
	if prev != nil {
		req.PreviousTaskID = prev.ID
		req.PreviousLabel = prev.Name + " (" + prev.CreatedAt.Format("2 January 2006") + ")"
	}
	f, err := os.CreateTemp(b.tempDir, "report-*.docx")
	if err != nil {
		return nil, fmt.Errorf("spool report: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	sum, err := report.Build(ctx, f, req)
	if err != nil {
		return nil, fmt.Errorf("build report of %s: %w", t.ID, err)
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	rep := &domain.Report{ID: id, WorkspaceID: ws, TaskID: t.ID, TaskName: t.Name, FileName: report.FileName(meta),
		FileSize: size, Format: "docx", Version: meta.Version, Project: project, CreatedBy: t.CreatedBy, Author: m.CloudEngineer,
		Description: meta.History()[len(meta.History())-1].Description, Resources: sum.Resources, CredentialIDs: t.CredentialIDs, GeneratedAt: now,
		Template: tplName, ClientName: m.ClientName, ProjectName: m.ProjectName}
	if prev != nil && sum.Added+sum.Removed+sum.Changed > 0 {
		rep.Changes = &event.Changes{TaskID: t.ID, TaskName: t.Name, PreviousTaskID: prev.ID, Client: m.ClientName, Project: m.ProjectName,
			Services: sum.ByService, Notable: sum.Notable}
	}
	rep.S3Key = layout.ReportKey(ws, t.ID, rep.ID)
	if err := b.docs.Put(ctx, rep.S3Key, f, docxType); err != nil {
		return nil, err
	}
	if err := b.store.CreateReport(ctx, rep); domain.Is(err, domain.KindConflict) && key != "" {
		// A concurrent attempt of the same build recorded it first; both
		// wrote the same key, so the document is one of theirs.
		if rep, err = b.store.GetReport(ctx, ws, id); err != nil {
			return nil, err
		}
	} else if err != nil {
		_ = b.docs.Delete(context.WithoutCancel(ctx), rep.S3Key)
		return nil, err
	}
	if err := b.store.SetTaskReport(ctx, ws, t.ID, rep.ID); err != nil {
		return nil, err
	}
	return rep, nil
}

// versionAttempts bounds the search for a free version: each attempt
// loses only to a build that took a version at the same moment.
const versionAttempts = 64

// reserveVersion takes the next free version of the project for report
// id: the one after the earlier reports, or after the one a concurrent
// build took first. A retried build keeps the version it reserved.
func (b *Builder) reserveVersion(ctx context.Context, ws, project, id string, retried bool, revisions []report.Revision) (string, error) {
	if retried {
		if v, err := b.store.ReportVersionOf(ctx, ws, project, id); err != nil || v != "" {
			return v, err
		}
	}
	taken := slices.Clone(revisions)
	for range versionAttempts {
		v := report.NextVersion(taken)
		err := b.store.ReserveReportVersion(ctx, ws, project, v, id)
		if err == nil {
			return v, nil
		}
		if !domain.Is(err, domain.KindConflict) {
			return "", err
		}
		taken = append(taken, report.Revision{Version: v})
	}
	return "", domain.Conflict("too many reports of this project are being built at once: try again")
}

// Workbook writes the task's inventory as an Excel workbook, compared
// with the previous scan of the same accounts like the report, and says
// how many resources it holds.
func (b *Builder) Workbook(ctx context.Context, ws, taskID string, w io.Writer) (int, error) {
	t, err := b.store.GetTask(ctx, ws, taskID)
	if err != nil {
		return 0, err
	}
	m := t.ProjectMetadata
	req := report.Request{Source: b.results, TaskID: t.ID, TempDir: b.tempDir,
		Meta: report.Metadata{ClientName: m.ClientName, ProjectName: m.ProjectName, BDManager: m.BDManager,
			SolutionsArchitect: m.SolutionsArchitect, CloudEngineer: m.CloudEngineer, CloudEngineerEmail: m.CloudEngineerEmail,
			Date: b.now(), TaskName: t.Name, Accounts: t.Accounts, Regions: t.Regions}}
	prev, err := b.previous(ctx, t)
	if err != nil {
		return 0, err
	}
	if prev != nil {
		req.PreviousTaskID = prev.ID
		req.PreviousLabel = prev.Name + " (" + prev.CreatedAt.Format("2 January 2006") + ")"
	}
	sum, err := report.Workbook(ctx, w, req)
	return sum.Resources, err
}

// template reads the template a task named, else the workspace's
// default, else the built-in one (nil). A template deleted since the task
// named it gives way to the default: the report is still made.
func (b *Builder) template(ctx context.Context, ws, id string) (*report.Template, string, error) {
	if id == "" || id == domain.BuiltinTemplate {
		w, err := b.store.GetWorkspace(ctx, ws)
		if err != nil {
			return nil, "", err
		}
		if id == domain.BuiltinTemplate || w.DefaultTemplateID == "" {
			return nil, "", nil
		}
		id = w.DefaultTemplateID
	}
	t, err := b.store.GetTemplate(ctx, ws, id)
	if domain.Is(err, domain.KindNotFound) {
		if id, err = b.defaultTemplate(ctx, ws, id); err != nil || id == "" {
			return nil, "", err
		}
		t, err = b.store.GetTemplate(ctx, ws, id)
	}
	if err != nil {
		return nil, "", err
	}
	rc, err := b.docs.Get(ctx, t.S3Key)
	if err != nil {
		return nil, "", fmt.Errorf("read template %s: %w", t.ID, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, report.MaxTemplateSize+1))
	if err != nil {
		return nil, "", fmt.Errorf("read template %s: %w", t.ID, err)
	}
	tpl, err := report.ParseTemplate(data)
	if err != nil {
		return nil, "", fmt.Errorf("template %s: %w", t.ID, err)
	}
	return tpl, t.Name, nil
}

// defaultTemplate is the workspace's default when it is not missing
// itself; empty: the built-in one.
func (b *Builder) defaultTemplate(ctx context.Context, ws, missing string) (string, error) {
	w, err := b.store.GetWorkspace(ctx, ws)
	if err != nil || w.DefaultTemplateID == missing {
		return "", err
	}
	return w.DefaultTemplateID, nil
}

func (b *Builder) readDiagram(ctx context.Context, key string) ([]byte, error) {
	rc, err := b.results.Get(ctx, key)
	if domain.Is(err, domain.KindNotFound) {
		return nil, nil // the upload never happened: the report goes without
	}
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, 10<<20+1))
}

// previous finds the last completed task of the workspace with the same
// accounts, created before t.
func (b *Builder) previous(ctx context.Context, t *domain.Task) (*domain.Task, error) {
	want := sortedCopy(t.Accounts)
	var best *domain.Task
	for _, st := range []domain.TaskStatus{domain.TaskCompleted, domain.TaskPartiallyCompleted} {
		l, err := b.store.ListTasks(ctx, t.WorkspaceID, store.TaskFilter{Status: st, To: t.CreatedAt.Add(-time.Millisecond)}, store.Page{Number: 1, Size: 100})
		if err != nil {
			return nil, err
		}
		for i := range l.Items {
			c := &l.Items[i]
			if c.ID == t.ID || !slices.Equal(sortedCopy(c.Accounts), want) {
				continue
			}
			if best == nil || strings.Compare(c.ID, best.ID) > 0 {
				best = c
			}
			break // newest first
		}
	}
	return best, nil
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}
