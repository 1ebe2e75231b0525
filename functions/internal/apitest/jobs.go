package apitest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/jobs"
)

// inline runs a job within Dispatch: the job has ended when the request
// that started it answers, so a handler test reads the file at once.
type inline struct{ w *jobs.Worker }

func (i inline) Dispatch(ctx context.Context, in jobs.Invocation) error {
	return i.w.Run(context.WithoutCancel(ctx), in)
}

// Jobs is the jobs service the exporting handlers start jobs with: each
// runs inside the request over files (unit results in, exports out) and
// rebuild (nil where no route rebuilds).
func (h *Harness) Jobs(files jobs.Files, rebuild jobs.Rebuilder) *jobs.Service {
	log := slog.New(slog.NewJSONHandler(h, nil))
	return jobs.New(h.Store, inline{jobs.NewWorker(h.Store, files, rebuild, h.T.TempDir(), log)}, nil)
}

// Job starts a job with a POST to path as user and answers the start's
// status and body, the ended job and the file it wrote (nil for none).
func (h *Harness) Job(user, path string, body any, files jobs.Files) (status int, raw string, job *domain.Job, file []byte) {
	h.T.Helper()
	var started domain.Job
	status, raw = h.Call(user, http.MethodPost, path, body, &started)
	if status != http.StatusAccepted {
		return status, raw, nil, nil
	}
	job, err := h.Store.GetJob(context.Background(), Workspace, started.ID)
	if err != nil {
		h.T.Fatalf("job %s: %v", started.ID, err)
	}
	if job.ResultKey != "" {
		rc, err := files.Get(context.Background(), job.ResultKey)
		if err != nil {
			h.T.Fatalf("file of job %s: %v", job.ID, err)
		}
		defer rc.Close()
		file, _ = io.ReadAll(rc)
	}
	return status, raw, job, file
}

// MemFiles is a bucket in memory, for the jobs' unit results and exports.
type MemFiles struct {
	mu    sync.Mutex
	files map[string][]byte
}

// NewMemFiles makes an empty bucket.
func NewMemFiles() *MemFiles { return &MemFiles{files: map[string][]byte{}} }

// Put stores an object.
func (m *MemFiles) Put(_ context.Context, key string, body io.Reader, _ string) error {
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[key] = b
	return nil
}

// Get opens an object.
func (m *MemFiles) Get(_ context.Context, key string) (io.ReadCloser, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.files[key]
	if !ok {
		return nil, domain.NotFound("object " + key)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// List lists the keys under prefix, sorted.
func (m *MemFiles) List(_ context.Context, prefix string) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for k := range m.files {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out, nil
}
