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
}

// Results is where unit results and uploads are read from.
type Results interface {
	List(ctx context.Context, prefix string) ([]string, error)
	Get(ctx context.Context, key string) (io.ReadCloser, error)
}

// Documents is where reports are written and downloaded from.
type Documents interface {
	Put(ctx context.Context, key string, body io.Reader, contentType string) error
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

// Build writes the report of a finished (or finishing) task, records it
// and links it to the task. The document is spooled to a temporary file so
// memory follows the report builder's, not the document's size.
func (b *Builder) Build(ctx context.Context, ws, taskID string) (*domain.Report, error) {
	t, err := b.store.GetTask(ctx, ws, taskID)
	if err != nil {
		return nil, err
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
	now := b.now()
	m := t.ProjectMetadata
	meta := report.Metadata{ClientName: m.ClientName, ProjectName: m.ProjectName, BDManager: m.BDManager,
		SolutionsArchitect: m.SolutionsArchitect, CloudEngineer: m.CloudEngineer, CloudEngineerEmail: m.CloudEngineerEmail,
		Date: now, Version: report.NextVersion(revisions), Revisions: revisions,
		TaskName: t.Name, Accounts: t.Accounts, Regions: t.Regions}
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
	req := report.Request{Meta: meta, Source: b.results, TaskID: t.ID, TempDir: b.tempDir}
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
	rep := &domain.Report{ID: domain.NewID(), WorkspaceID: ws, TaskID: t.ID, TaskName: t.Name, FileName: report.FileName(meta),
		FileSize: size, Format: "docx", Version: meta.Version, Project: project, CreatedBy: t.CreatedBy, Author: m.CloudEngineer,
		Description: meta.History()[len(meta.History())-1].Description, Resources: sum.Resources, CredentialIDs: t.CredentialIDs, GeneratedAt: now}
	rep.S3Key = layout.ReportKey(ws, t.ID, rep.ID)
	if err := b.docs.Put(ctx, rep.S3Key, f, docxType); err != nil {
		return nil, err
	}
	if err := b.store.CreateReport(ctx, rep); err != nil {
		_ = b.docs.Delete(context.WithoutCancel(ctx), rep.S3Key)
		return nil, err
	}
	if err := b.store.SetTaskReport(ctx, ws, t.ID, rep.ID); err != nil {
		return nil, err
	}
	return rep, nil
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
