package reports

import (
	"context"
	"net/http"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
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
	jobs  Jobs
}

// Jobs starts background work (jobs.Service).
type Jobs interface {
	Start(ctx context.Context, p *httpapi.Principal, kind domain.JobKind, perm string, params domain.JobParams) (*domain.Job, error)
}

// WithJobs lets the service start rebuilds.
func (s *Service) WithJobs(j Jobs) *Service {
	s.jobs = j
	return s
}

// NewService builds the routes over a builder.
func NewService(b *Builder, creds visibility.Credentials) *Service {
	return &Service{b: b, creds: creds}
}

// Routes are the report routes, each with its handler.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/reports", Perm: authz.ReportsRead, Summary: "List reports, newest first",
			Query: httpapi.WithPage(httpapi.Param{Name: "task_id"}, httpapi.Param{Name: "q", Desc: "free text: task, client, project, file name, version or author containing it"}),
			Reply: httpapi.List[domain.Report]{}, Handler: s.list},
		{Method: "GET", Path: "/api/reports/detail", Perm: authz.ReportsRead, Summary: "One report", Query: httpapi.IDParam, Reply: domain.Report{}, Handler: s.detail},
		{Method: "GET", Path: "/api/reports/download", Perm: authz.ReportsDownload, Summary: "A download link that works for 10 minutes",
			Query: httpapi.IDParam, Reply: Download{}, Handler: s.download},
		{Method: "POST", Path: "/api/reports/delete", Perm: authz.ReportsDelete, Summary: "Delete a report and its document",
			Body: httpapi.IDBody{}, Status: 204, Audit: httpapi.Audited("reports.delete", "report"), Handler: s.delete},
		{Method: "POST", Path: "/api/reports/rebuild", Perm: authz.ReportsRebuild, Summary: "Start building a finished task's report again; the job at /api/exports/detail names the new report",
			Body: RebuildBody{}, Reply: domain.Job{}, Status: 202, Audit: httpapi.Audited("reports.rebuild", "task"), Handler: s.rebuild},
	}
}

// Download is a short-lived link to the document.
type Download struct {
	URL       string `json:"url"`
	ExpiresIn int    `json:"expiresIn"`
	FileName  string `json:"fileName"`
}

// RebuildBody names the task whose report to build again.
type RebuildBody struct {
	TaskID string `json:"taskId"`
}

func (s *Service) list(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	f := store.ReportFilter{TaskID: r.URL.Query().Get("task_id"), Text: r.URL.Query().Get("q")}
	if len(f.Text) > 200 {
		return domain.Invalid("q", "at most 200 characters")
	}
	if f.TaskID != "" && !domain.ValidID(f.TaskID) {
		return domain.Invalid("task_id", "not a task id")
	}
	var err error
	if f.Visible, err = visibility.Of(r.Context(), p, s.creds); err != nil {
		return err
	}
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.Report], error) {
		return s.b.store.ListReports(r.Context(), p.WorkspaceID, f, page)
	})
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
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	rep, err := s.visible(r.Context(), httpapi.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	ev.Before = rep
	if err := s.b.docs.Delete(r.Context(), rep.S3Key); err != nil {
		return err
	}
	if err := s.b.store.DeleteReport(r.Context(), rep); err != nil {
		return err
	}
	return httpapi.NoContent(w)
}

// rebuild starts a job building a new version of the task's report: a
// large estate's document takes longer than API Gateway's 29 s. Versions
// are reserved with a conditional write, so parallel rebuilds make one
// document per version.
func (s *Service) rebuild(w http.ResponseWriter, r *http.Request) error {
	var b RebuildBody
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = b.TaskID
	p := httpapi.PrincipalFrom(r.Context())
	if err := s.rebuildable(r.Context(), p, b.TaskID); err != nil {
		return err
	}
	if s.jobs == nil {
		return domain.Unavailable("rebuilds are not set up in this deployment", nil)
	}
	j, err := s.jobs.Start(r.Context(), p, domain.JobReportRebuild, authz.ReportsRebuild, domain.JobParams{TaskID: b.TaskID})
	if err != nil {
		return err
	}
	ev.After = j
	return httpapi.JSON(w, http.StatusAccepted, j)
}

// rebuildable checks that the caller may see the task, that it ended with
// results and that they are still kept.
func (s *Service) rebuildable(ctx context.Context, p *httpapi.Principal, taskID string) error {
	if !domain.ValidID(taskID) {
		return domain.Invalid("taskId", "not a task id")
	}
	t, err := s.b.store.GetTask(ctx, p.WorkspaceID, taskID)
	if err != nil {
		return err
	}
	if err := visibility.Require(ctx, p, s.creds, t.CreatedBy, t.CredentialIDs, "task"); err != nil {
		return err
	}
	if t.Status != domain.TaskCompleted && t.Status != domain.TaskPartiallyCompleted {
		return domain.Conflict("only a completed task has a report to rebuild; this one is " + string(t.Status))
	}
	return t.ResultsAvailable(s.b.now())
}
