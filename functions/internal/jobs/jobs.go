// Package jobs runs the work that may outgrow a request: inventory and
// audit exports and report rebuilds. API Gateway waits 29 s and Lambda
// answers at most 6 MB, so the route only records a queued job and hands
// it to a worker (the jobs Lambda, invoked asynchronously; in local mode a
// goroutine behind the same Dispatcher); the worker writes the file to S3
// under exports/, and the exports routes answer the job and, once it
// succeeded, a presigned link valid for ten minutes.
//
// A job is claimed with a conditional write, so Lambda's retried
// asynchronous invocations (at-least-once) run it once; a worker that died
// leaves a running job that the next claim, or the next read, recognises
// as stale after the worker's lifetime.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Lifetime is how long a worker may run on one job: the jobs function's
// timeout. A job running longer than Lifetime plus a minute is dead.
const Lifetime = 15 * time.Minute

// Keep is how long a finished job and its file stay (the exports/ prefix
// expires after a day, layout.Retain.ExportsDays).
const Keep = 24 * time.Hour

// LinkTTL is how long a download link works.
const LinkTTL = 10 * time.Minute

// PerUser is how many jobs one user may have queued or running at once.
const PerUser = 3

// staleAfter is when a running job's worker is presumed dead.
const staleAfter = Lifetime + time.Minute

// Invocation is what the worker is invoked with.
type Invocation struct {
	WorkspaceID string `json:"workspaceId"`
	JobID       string `json:"jobId"`
	// Retention: the daily scheduled run of the report retention (an
	// EventBridge rule's constant input), not a job.
	Retention bool `json:"retention,omitempty"`
	// Housekeeping: the minute's scheduled run (an EventBridge rule's
	// constant input): approval requests whose step timed out expire.
	Housekeeping bool `json:"housekeeping,omitempty"`
}

// Dispatcher hands a queued job to a worker without waiting for it.
type Dispatcher interface {
	Dispatch(ctx context.Context, in Invocation) error
}

// Store is what starting and reading jobs need of the table.
type Store interface {
	CreateJob(ctx context.Context, j *domain.Job) error
	GetJob(ctx context.Context, ws, id string) (*domain.Job, error)
	ListJobs(ctx context.Context, ws, user string, p domain.Page) (domain.Listed[domain.Job], error)
	TakeJobSlot(ctx context.Context, ws, user, job string, n int, until time.Time) (bool, error)
	ReleaseJobSlot(ctx context.Context, ws, user, job string, n int) error
}

// Links presigns a finished job's file.
type Links interface {
	PresignGet(ctx context.Context, key, fileName string, ttl time.Duration) (string, error)
}

// Service starts jobs for the exporting routes and serves the exports
// routes.
type Service struct {
	store    Store
	dispatch Dispatcher
	links    Links
	now      func() time.Time
}

// New makes the service; links may be nil for a function that only
// starts jobs.
func New(st Store, d Dispatcher, links Links) *Service {
	return &Service{store: st, dispatch: d, links: links, now: func() time.Time { return time.Now().UTC() }}
}

// Start records a queued job for the caller and dispatches it. perm is
// the permission the starting route required: a download needs it still.
// A user runs at most PerUser jobs at once: each holds one of the user's
// slots (taken with a conditional write, so the bound is exact under any
// concurrency) until it ends or its worker's lifetime has passed; past it
// the start answers 429 naming the limit.
func (s *Service) Start(ctx context.Context, p *httpapi.Principal, kind domain.JobKind, perm string, params domain.JobParams) (*domain.Job, error) {
	now := s.now()
	j := &domain.Job{ID: domain.NewID(), WorkspaceID: p.WorkspaceID, Kind: kind, Params: params, Status: domain.JobQueued,
		CreatedBy: p.UserID, Perm: perm, ExpiresAt: now.Add(Keep)}
	ok, err := s.store.TakeJobSlot(ctx, j.WorkspaceID, j.CreatedBy, j.ID, PerUser, now.Add(staleAfter))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, domain.Throttled(fmt.Sprintf("at most %d exports or rebuilds of one user run at once (jobs.PerUser): wait for one to finish", PerUser))
	}
	err = s.store.CreateJob(ctx, j)
	if err == nil {
		if err = s.dispatch.Dispatch(ctx, Invocation{WorkspaceID: j.WorkspaceID, JobID: j.ID}); err != nil {
			// The row stays queued; reads show it failed once stale.
			err = domain.Unavailable("the job could not be started: try again", fmt.Errorf("dispatch job %s: %w", j.ID, err))
		}
	}
	if err != nil {
		return nil, errors.Join(err, s.store.ReleaseJobSlot(context.WithoutCancel(ctx), j.WorkspaceID, j.CreatedBy, j.ID, PerUser))
	}
	return j, nil
}

// Routes are the exports routes: a user's own jobs and their files.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/exports", Perm: authz.AuthSelf, Summary: "The caller's exports and rebuilds, newest first",
			Query: httpapi.PageParams, Reply: httpapi.List[domain.Job]{}, Handler: s.list},
		{Method: "GET", Path: "/api/exports/detail", Perm: authz.AuthSelf, Summary: "One export or rebuild, with a download link once it succeeded",
			Query: httpapi.IDParam, Reply: Detail{}, Handler: s.detail},
	}
}

// Detail is a job with the link to its file.
type Detail struct {
	domain.Job
	// Download is set for a succeeded export the caller may still
	// download.
	Download *Download `json:"download,omitempty"`
}

// Download is a short-lived link to the file.
type Download struct {
	URL       string `json:"url"`
	ExpiresIn int    `json:"expiresIn"`
	FileName  string `json:"fileName"`
}

func (s *Service) list(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.Job], error) {
		l, err := s.store.ListJobs(r.Context(), p.WorkspaceID, p.UserID, page)
		for i := range l.Items {
			settle(&l.Items[i], s.now())
		}
		return l, err
	})
}

func (s *Service) detail(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	id := r.URL.Query().Get("id")
	if !domain.ValidID(id) {
		return domain.Invalid("id", "not a job id")
	}
	j, err := s.store.GetJob(r.Context(), p.WorkspaceID, id)
	if err != nil {
		return err
	}
	if j.CreatedBy != p.UserID {
		return domain.NotFound("job")
	}
	now := s.now()
	settle(j, now)
	d := Detail{Job: *j}
	if j.Status == domain.JobSucceeded && j.ResultKey != "" && now.Before(j.ExpiresAt) {
		if !p.Can(j.Perm) {
			return domain.Forbidden(j.Perm)
		}
		url, err := s.links.PresignGet(r.Context(), j.ResultKey, j.FileName, LinkTTL)
		if err != nil {
			return err
		}
		d.Download = &Download{URL: url, ExpiresIn: int(LinkTTL / time.Second), FileName: j.FileName}
	}
	return httpapi.JSON(w, http.StatusOK, d)
}

// settle shows a job whose worker died as failed, and one past its
// keeping as gone.
func settle(j *domain.Job, now time.Time) {
	switch {
	case j.Status == domain.JobQueued && now.Sub(j.CreatedAt) > staleAfter,
		j.Status == domain.JobRunning && now.Sub(j.StartedAt) > staleAfter:
		j.Status, j.Error = domain.JobFailed, "the job stopped without finishing: start it again"
	case j.Status == domain.JobSucceeded && !now.Before(j.ExpiresAt):
		j.Error = "the file expired: start the export again"
	}
}
