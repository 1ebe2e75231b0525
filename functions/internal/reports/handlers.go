package reports

import (
	"context"
	"net/http"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/visibility"
)

// DownloadTTL is how long a download link works.
const DownloadTTL = 10 * time.Minute

// Service serves the report routes.
type Service struct {
	b     *Builder
	creds visibility.Credentials
	audit *audit.Log
}

// NewService builds the routes over a builder.
func NewService(b *Builder, creds visibility.Credentials, a *audit.Log) *Service {
	return &Service{b: b, creds: creds, audit: a}
}

// Handlers binds the report routes.
func (s *Service) Handlers() httpapi.Handlers {
	return httpapi.Handlers{
		"GET /api/reports":          s.list,
		"GET /api/reports/detail":   s.detail,
		"GET /api/reports/download": s.download,
		"POST /api/reports/delete":  s.delete,
		"POST /api/reports/rebuild": s.rebuild,
	}
}

// Download is a short-lived link to the document.
type Download struct {
	URL       string `json:"url"`
	ExpiresIn int    `json:"expiresIn"`
	FileName  string `json:"fileName"`
}

// IDBody names a report.
type IDBody struct {
	ID string `json:"id"`
}

// RebuildBody names the task whose report to build again.
type RebuildBody struct {
	TaskID string `json:"taskId"`
}

func (s *Service) list(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	page, err := httpapi.ParsePage(r)
	if err != nil {
		return err
	}
	f := store.ReportFilter{TaskID: r.URL.Query().Get("task_id")}
	if f.TaskID != "" && !domain.ValidID(f.TaskID) {
		return domain.Invalid("task_id", "not a task id")
	}
	if f.Visible, err = visibility.Of(r.Context(), p, s.creds); err != nil {
		return err
	}
	l, err := s.b.store.ListReports(r.Context(), p.WorkspaceID, f, store.Page{Number: page.Page, Size: page.PageSize, Cursor: page.Cursor})
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, httpapi.NewList(l.Items, page, l.Total, l.Next))
}

// visible reads a report the caller may see, or answers 404.
func (s *Service) visible(ctx context.Context, p *httpapi.Principal, id string) (*domain.Report, error) {
	if !domain.ValidID(id) {
		return nil, domain.Invalid("id", "not a report id")
	}
	rep, err := s.b.store.GetReport(ctx, p.WorkspaceID, id)
	if err != nil {
		return nil, err
	}
	return rep, visibility.Require(ctx, p, s.creds, rep.CreatedBy, rep.CredentialIDs, "report")
}

func (s *Service) detail(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.visible(r.Context(), httpapi.PrincipalFrom(r.Context()), r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, rep)
}

func (s *Service) download(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.visible(r.Context(), httpapi.PrincipalFrom(r.Context()), r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	url, err := s.b.docs.PresignGet(r.Context(), rep.S3Key, rep.FileName, DownloadTTL)
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, Download{URL: url, ExpiresIn: int(DownloadTTL.Seconds()), FileName: rep.FileName})
}

func (s *Service) delete(w http.ResponseWriter, r *http.Request) error {
	var b IDBody
	ev := audit.Event{Action: "reports.delete", ResourceType: "report"}
	if err := httpapi.Decode(r, &b); err != nil {
		return s.audit.Record(r, ev, err)
	}
	ev.ResourceID = b.ID
	rep, err := s.visible(r.Context(), httpapi.PrincipalFrom(r.Context()), b.ID)
	if err == nil {
		ev.Before = rep
		err = s.b.docs.Delete(r.Context(), rep.S3Key)
	}
	if err == nil {
		err = s.b.store.DeleteReport(r.Context(), rep)
	}
	if err := s.audit.Record(r, ev, err); err != nil {
		return err
	}
	return httpapi.NoContent(w)
}

func (s *Service) rebuild(w http.ResponseWriter, r *http.Request) error {
	var b RebuildBody
	ev := audit.Event{Action: "reports.rebuild", ResourceType: "task"}
	if err := httpapi.Decode(r, &b); err != nil {
		return s.audit.Record(r, ev, err)
	}
	ev.ResourceID = b.TaskID
	p := httpapi.PrincipalFrom(r.Context())
	rep, err := s.rebuildVisible(r.Context(), p, b.TaskID)
	if err == nil {
		ev.After = rep
	}
	if err := s.audit.Record(r, ev, err); err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusCreated, rep)
}

func (s *Service) rebuildVisible(ctx context.Context, p *httpapi.Principal, taskID string) (*domain.Report, error) {
	if !domain.ValidID(taskID) {
		return nil, domain.Invalid("taskId", "not a task id")
	}
	t, err := s.b.store.GetTask(ctx, p.WorkspaceID, taskID)
	if err != nil {
		return nil, err
	}
	if err := visibility.Require(ctx, p, s.creds, t.CreatedBy, t.CredentialIDs, "task"); err != nil {
		return nil, err
	}
	if t.Status != domain.TaskCompleted && t.Status != domain.TaskPartiallyCompleted {
		return nil, domain.Conflict("only a completed task has a report to rebuild; this one is " + string(t.Status))
	}
	return s.b.Build(ctx, p.WorkspaceID, taskID)
}
