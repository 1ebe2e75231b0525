package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/jobs"
)

var endpoint string

func TestMain(m *testing.M) { apitest.TestMain(m, &endpoint) }

type links struct{}

func (links) PresignGet(_ context.Context, key, name string, ttl time.Duration) (string, error) {
	return "https://results.example/" + key + "?name=" + name + "&ttl=" + ttl.String(), nil
}

type noDispatch struct{}

func (noDispatch) Dispatch(context.Context, jobs.Invocation) error { return nil }

func job(t *testing.T, h *apitest.Harness, user, perm string, status domain.JobStatus, started time.Time) *domain.Job {
	t.Helper()
	j := &domain.Job{ID: domain.NewID(), WorkspaceID: apitest.Workspace, Kind: domain.JobAuditExport, Status: domain.JobQueued,
		CreatedBy: h.Users[user].ID, Perm: perm, ExpiresAt: time.Now().Add(time.Hour)}
	if err := h.Store.CreateJob(context.Background(), j); err != nil {
		t.Fatal(err)
	}
	if status != domain.JobQueued {
		c, err := h.Store.ClaimJob(context.Background(), apitest.Workspace, j.ID, started, started.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if status == domain.JobSucceeded {
			c.Status, c.ResultKey, c.FileName, c.Size = domain.JobSucceeded, "exports/x/"+j.ID+"/export.csv", "audit.csv", 10
			if err := h.Store.FinishJob(context.Background(), c); err != nil {
				t.Fatal(err)
			}
		}
		j = c
	}
	return j
}

// A job is its starter's: another user gets 404; its file's link needs
// the permission that started it, still held; a job whose worker died
// reads as failed.
func TestExportDetail(t *testing.T) {
	h := apitest.New(t, endpoint)
	h.Mount(jobs.New(h.Store, noDispatch{}, links{}).Routes())
	mine := job(t, h, "u1", "tasks:export", domain.JobSucceeded, time.Now())
	var d jobs.Detail
	if st, raw := h.Call("u1", "GET", "/api/exports/detail?id="+mine.ID, nil, &d); st != 200 || d.Download == nil ||
		!strings.Contains(d.Download.URL, "export.csv") || d.Download.ExpiresIn != 600 || d.Download.FileName != "audit.csv" {
		t.Fatalf("%d %s", st, raw)
	}
	h.Expect("u2", "GET", "/api/exports/detail?id="+mine.ID, nil, 404, "")
	h.Expect("u1", "GET", "/api/exports/detail?id=nope", nil, 400, "id")
	// u1 does not hold audit:export (any more): no link.
	lost := job(t, h, "u1", "audit:export", domain.JobSucceeded, time.Now())
	if raw := h.Expect("u1", "GET", "/api/exports/detail?id="+lost.ID, nil, http.StatusForbidden, ""); !strings.Contains(raw, "audit:export") {
		t.Fatalf("%s", raw)
	}
	dead := job(t, h, "u1", "tasks:export", domain.JobRunning, time.Now().Add(-20*time.Minute))
	d = jobs.Detail{}
	h.Call("u1", "GET", "/api/exports/detail?id="+dead.ID, nil, &d)
	if d.Status != domain.JobFailed || !strings.Contains(d.Error, "start it again") || d.Download != nil {
		t.Fatalf("a dead worker's job: %+v", d)
	}
	var l struct{ Data []domain.Job }
	h.Call("u1", "GET", "/api/exports", nil, &l)
	if len(l.Data) != 3 || l.Data[0].ID != dead.ID {
		t.Fatalf("list %+v", l.Data)
	}
	h.Call("u2", "GET", "/api/exports", nil, &l)
	if len(l.Data) != 0 {
		t.Fatalf("u2 sees %d jobs", len(l.Data))
	}
}

// A second delivery of an invocation (Lambda retries asynchronous
// invocations) finds the job taken and does nothing.
func TestWorkerRunsAJobOnce(t *testing.T) {
	h := apitest.New(t, endpoint)
	files := apitest.NewMemFiles()
	w := jobs.NewWorker(h.Store, files, nil, t.TempDir(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	j := job(t, h, "admin", "audit:export", domain.JobQueued, time.Time{})
	in := jobs.Invocation{WorkspaceID: apitest.Workspace, JobID: j.ID}
	for range 2 {
		if err := w.Run(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
	got, err := h.Store.GetJob(context.Background(), apitest.Workspace, j.ID)
	if err != nil || got.Status != domain.JobSucceeded || got.Version != 3 {
		t.Fatalf("job %+v (%v): want succeeded after one claim and one finish", got, err)
	}
	keys, _ := files.List(context.Background(), "exports/")
	if len(keys) != 1 {
		t.Fatalf("files %v", keys)
	}
}
