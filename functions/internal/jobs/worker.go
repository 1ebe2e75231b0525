package jobs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/exports"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// WorkerStore is what the worker needs of the table.
type WorkerStore interface {
	ClaimJob(ctx context.Context, ws, id string, now, staleBefore time.Time) (*domain.Job, error)
	FinishJob(ctx context.Context, j *domain.Job) error
	GetTask(ctx context.Context, ws, id string) (*domain.Task, error)
	EachAudit(ctx context.Context, ws string, f store.AuditFilter, fn func(*domain.AuditEntry) error) error
	ReleaseJobSlot(ctx context.Context, ws, user, job string, n int) error
}

// Files is the results bucket: unit results in, exports out.
type Files interface {
	exports.Results
	Put(ctx context.Context, key string, body io.Reader, contentType string) error
}

// Rebuilder builds a new version of a task's report, and its workbook.
type Rebuilder interface {
	Build(ctx context.Context, ws, taskID string) (*domain.Report, error)
	Workbook(ctx context.Context, ws, taskID string, w io.Writer) (int, error)
}

// Retain removes the reports past their workspace's retention at now
// (reports.Builder.ExpireReports).
type Retain func(ctx context.Context, now time.Time) error

// Worker runs jobs.
type Worker struct {
	retain  Retain
	chores  []Retain // the minute's housekeeping
	store   WorkerStore
	files   Files
	reports Rebuilder
	tempDir string
	log     *slog.Logger
	now     func() time.Time
}

// NewWorker runs jobs with files spooled in tempDir (Lambda's /tmp: the
// upload needs a seekable body and an export may be larger than memory).
func NewWorker(st WorkerStore, files Files, reports Rebuilder, tempDir string, log *slog.Logger) *Worker {
	return &Worker{store: st, files: files, reports: reports, tempDir: tempDir, log: log, now: func() time.Time { return time.Now().UTC() }}
}

// Run claims the job and runs it. A job another worker holds, or one that
// is done, is left alone (a retried invocation); the job's own failure is
// recorded on it and is not an error of the invocation, so Lambda does not
// retry work that failed for a reason a retry does not change.
func (w *Worker) Run(ctx context.Context, in Invocation) error {
	now := w.now()
	if in.Retention {
		return w.Retain(ctx)
	}
	if in.Housekeeping {
		var errs []error
		for _, chore := range w.chores {
			errs = append(errs, chore(ctx, now))
		}
		return errors.Join(errs...)
	}
	j, err := w.store.ClaimJob(ctx, in.WorkspaceID, in.JobID, now, now.Add(-staleAfter))
	if domain.Is(err, domain.KindConflict) || domain.Is(err, domain.KindNotFound) {
		w.log.InfoContext(ctx, "job not claimed", "job", in.JobID, "reason", err.Error())
		return nil
	}
	if err != nil {
		return err // the table: worth Lambda's retry
	}
	ctx, cancel := context.WithTimeout(ctx, Lifetime)
	defer cancel()
	runErr := w.run(ctx, j)
	j.FinishedAt = w.now()
	j.ExpiresAt = j.FinishedAt.Add(Keep)
	if runErr != nil {
		j.Status, j.Error = domain.JobFailed, reason(runErr)
		w.log.ErrorContext(ctx, "job failed", "job", j.ID, "kind", j.Kind, "error", runErr.Error())
	} else {
		j.Status, j.Error = domain.JobSucceeded, ""
		w.log.InfoContext(ctx, "job done", "job", j.ID, "kind", j.Kind, "bytes", j.Size, "records", j.Records,
			"seconds", j.FinishedAt.Sub(j.StartedAt).Seconds())
	}
	ctx = context.WithoutCancel(ctx)
	if err := w.store.FinishJob(ctx, j); err != nil {
		return fmt.Errorf("finish job %s: %w", j.ID, err)
	}
	return w.store.ReleaseJobSlot(ctx, j.WorkspaceID, j.CreatedBy, j.ID, PerUser)
}

// WithRetention lets the worker run the daily report retention.
func (w *Worker) WithRetention(r Retain) *Worker {
	w.retain = r
	return w
}

// WithHousekeeping adds a chore to the minute's housekeeping.
func (w *Worker) WithHousekeeping(chore Retain) *Worker {
	w.chores = append(w.chores, chore)
	return w
}

// WithClock makes the worker read the time from now (local mode's clock,
// which tests move).
func (w *Worker) WithClock(now func() time.Time) *Worker {
	w.now = now
	return w
}

// Retain runs the report retention once. An error is returned, so that
// the scheduled invocation is retried and shows as failed in metrics.
func (w *Worker) Retain(ctx context.Context) error {
	if w.retain == nil {
		return errors.New("report retention is not wired to this worker")
	}
	return w.retain(ctx, w.now())
}

// reason is what the user reads: a domain error's message, else a
// sentence without the chain (which is in the log).
func reason(err error) string {
	var de *domain.Error
	if errors.As(err, &de) && de.Kind != domain.KindInternal {
		return de.Msg
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("the job ran longer than %s and was stopped", Lifetime)
	}
	return "the job failed; try again, and tell an administrator if it fails again"
}

func (w *Worker) run(ctx context.Context, j *domain.Job) error {
	switch j.Kind {
	case domain.JobReportRebuild:
		rep, err := w.reports.Build(ctx, j.WorkspaceID, j.Params.TaskID)
		if err != nil {
			return err
		}
		j.ReportID, j.FileName, j.Size, j.Records = rep.ID, rep.FileName, rep.FileSize, rep.Resources
		return nil
	case domain.JobInventoryExport:
		t, err := w.store.GetTask(ctx, j.WorkspaceID, j.Params.TaskID)
		if err != nil {
			return err
		}
		name := domain.DocumentName(t.ProjectMetadata.ClientName, t.ProjectMetadata.ProjectName, t.CreatedAt, "inventory") + "." + j.Params.Format
		return w.spool(ctx, j, name, exports.ContentType(j.Params.Format), func(out io.Writer) (int, error) {
			if j.Params.Format == exports.XLSX {
				return w.reports.Workbook(ctx, j.WorkspaceID, t.ID, out)
			}
			return exports.Inventory(ctx, out, w.files, t.ID, j.Params.Format)
		})
	case domain.JobAuditExport:
		p := j.Params
		f := store.AuditFilter{Actor: p.Actor, Action: p.Action, ResourceType: p.ResourceType, Result: domain.AuditResult(p.Result),
			ResourceID: p.ResourceID, Text: p.Text, From: p.From, To: p.To}
		name := "audit-" + j.CreatedAt.Format("20060102-150405") + ".csv"
		return w.spool(ctx, j, name, exports.ContentType(exports.CSV), func(out io.Writer) (int, error) {
			return exports.Audit(out, func(fn func(*domain.AuditEntry) error) error {
				return w.store.EachAudit(ctx, j.WorkspaceID, f, fn)
			})
		})
	}
	return fmt.Errorf("job %s: unknown kind %q", j.ID, j.Kind)
}

// spool writes the file to a temporary file, then to S3 under exports/.
func (w *Worker) spool(ctx context.Context, j *domain.Job, name, contentType string, write func(io.Writer) (int, error)) error {
	f, err := os.CreateTemp(w.tempDir, "export-*")
	if err != nil {
		return fmt.Errorf("job %s: spool: %w", j.ID, err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	n, err := write(f)
	if err != nil {
		return fmt.Errorf("job %s: write: %w", j.ID, err)
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	// The key holds no part of the name: client and project names are
	// people's text, and only the download's Content-Disposition shows it.
	key := layout.ExportKey(j.WorkspaceID, j.ID, "export"+path.Ext(name))
	if err := w.files.Put(ctx, key, f, contentType); err != nil {
		return fmt.Errorf("job %s: upload: %w", j.ID, err)
	}
	j.ResultKey, j.FileName, j.Size, j.Records = key, name, size, n
	return nil
}
