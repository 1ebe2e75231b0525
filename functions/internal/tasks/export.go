package tasks

import (
	"context"
	"net/http"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/exports"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Jobs starts background work (jobs.Service).
type Jobs interface {
	Start(ctx context.Context, p *httpapi.Principal, kind domain.JobKind, perm string, params domain.JobParams) (*domain.Job, error)
}

// WithJobs lets the service start exports.
func (s *Service) WithJobs(j Jobs) *Service {
	s.jobs = j
	return s
}

// ExportBody asks for a task's inventory as a file.
type ExportBody struct {
	ID     string `json:"id"`
	Format string `json:"format,omitempty"` // json (default), csv or xlsx
}

// export starts a job that writes the task's inventory (JSON in the shape
// of the command-line scan's file, or CSV with formulas neutralised) to a
// file; GET /api/exports/detail gives its link. An inventory can be far
// larger than Lambda's 6 MB answer and take longer than API Gateway's 29 s.
func (s *Service) export(w http.ResponseWriter, r *http.Request) error {
	var b ExportBody
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = b.ID
	p := httpapi.PrincipalFrom(r.Context())
	t, err := s.visible(r.Context(), p, b.ID)
	if err != nil {
		return err
	}
	if b.Format == "" {
		b.Format = exports.JSON
	}
	if b.Format != exports.JSON && b.Format != exports.CSV && b.Format != exports.XLSX {
		return domain.Invalid("format", "must be json, csv or xlsx")
	}
	if err := t.ResultsAvailable(s.now()); err != nil {
		return err
	}
	if s.jobs == nil {
		return domain.Unavailable("exports are not set up in this deployment", nil)
	}
	j, err := s.jobs.Start(r.Context(), p, domain.JobInventoryExport, authz.TasksExport, domain.JobParams{TaskID: t.ID, Format: b.Format})
	if err != nil {
		return err
	}
	ev.After = j
	return httpapi.JSON(w, http.StatusAccepted, j)
}
