package tasks_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

var endpoint string

func TestMain(m *testing.M) { apitest.TestMain(m, &endpoint) }

const ws = apitest.Workspace

// The real store is the tasks' table in these tests.
var _ tasks.Store = (*store.Store)(nil)

// memBlobs is the results bucket in memory.
type memBlobs struct {
	mu        sync.Mutex
	files     map[string][]byte
	deleted   []string // prefixes
	presigned []string // keys
}

func (b *memBlobs) put(key string, data []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.files[key] = data
}

func (b *memBlobs) List(_ context.Context, prefix string) ([]string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for k := range b.files {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out, nil
}

func (b *memBlobs) Get(_ context.Context, key string) (io.ReadCloser, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, ok := b.files[key]
	if !ok {
		return nil, domain.NotFound("object " + key)
	}
	return io.NopCloser(bytes.NewReader(data)), nil
}

func (b *memBlobs) Head(_ context.Context, key string) (int64, string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, ok := b.files[key]
	if !ok {
		return 0, "", domain.NotFound("object " + key)
	}
	return int64(len(data)), "application/octet-stream", nil
}

func (b *memBlobs) Put(_ context.Context, key string, body io.Reader, _ string) error {
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	b.put(key, data)
	return nil
}

func (b *memBlobs) Delete(_ context.Context, key string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.files, key)
	return nil
}

func (b *memBlobs) DeletePrefix(_ context.Context, prefix string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for k := range b.files {
		if strings.HasPrefix(k, prefix) {
			delete(b.files, k)
		}
	}
	b.deleted = append(b.deleted, prefix)
	return nil
}

func (b *memBlobs) PresignPut(_ context.Context, key, contentType string, size int64, ttl time.Duration) (string, http.Header, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.presigned = append(b.presigned, key)
	h := http.Header{}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", fmt.Sprint(size))
	h.Set("Host", "results.s3.eu-west-1.amazonaws.com")
	return fmt.Sprintf("https://results.s3.eu-west-1.amazonaws.com/%s?X-Amz-Expires=%d", key, int(ttl.Seconds())), h, nil
}

// fakeOrch is Step Functions in memory: started executions run until
// stopped.
type fakeOrch struct {
	mu       sync.Mutex
	started  []string // execution names (task ids)
	stopped  map[string]string
	startErr error
	execs    map[string]orchestrator.Execution
}

func (o *fakeOrch) Start(_ context.Context, name string, _ any) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.startErr != nil {
		return "", o.startErr
	}
	o.started = append(o.started, name)
	arn := "arn:aws:states:eu-west-1:999999999999:execution:scan-task:" + name
	o.execs[arn] = orchestrator.Execution{ARN: arn, Name: name, Status: orchestrator.StatusRunning, StartDate: time.Now().UTC()}
	return arn, nil
}

func (o *fakeOrch) Stop(_ context.Context, arn, cause string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.stopped[arn] = cause
	delete(o.execs, arn)
	return nil
}

func (o *fakeOrch) ListRunning(context.Context) ([]orchestrator.Execution, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := []orchestrator.Execution{}
	for _, e := range o.execs {
		out = append(out, e)
	}
	return out, nil
}

func (o *fakeOrch) startedCount(name string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, s := range o.started {
		if s == name {
			n++
		}
	}
	return n
}

// harness is the task routes on the shared API harness (a real store),
// with the results bucket and the workflow in memory.
type harness struct {
	*apitest.Harness
	t     *testing.T
	svc   *tasks.Service
	blobs *memBlobs
	orch  *fakeOrch
	// creds by name: "admin" (the admin's), "pu1" (pu1's), "u1" (the
	// admin's, assigned to u1), "inactive" (the admin's, switched off).
	creds map[string]domain.Credential
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	api := apitest.New(t, endpoint)
	h := &harness{Harness: api, t: t, blobs: &memBlobs{files: map[string][]byte{}},
		orch: &fakeOrch{stopped: map[string]string{}, execs: map[string]orchestrator.Execution{}}, creds: map[string]domain.Credential{}}
	h.svc = tasks.New(api.Store, h.blobs, h.orch).WithJobs(api.Jobs(h.blobs, nil))
	// Tests that create many tasks are not about the limits (bounds_test is).
	h.svc.SetLimits(tasks.Limits{TasksPerUser: 1000, TasksPerWorkspace: 1000, UnitsPerTask: tasks.DefaultLimits.UnitsPerTask})
	api.Mount(h.svc.Routes())
	for i, c := range []struct {
		name, by string
		active   bool
	}{{"admin", "admin", true}, {"pu1", "pu1", true}, {"u1", "admin", true}, {"inactive", "admin", false}} {
		cr := domain.Credential{ID: domain.NewID(), WorkspaceID: ws, Name: "cred " + c.name, Type: domain.CredentialAssumeRole,
			AccountID: fmt.Sprintf("11111111111%d", i), RoleARN: fmt.Sprintf("arn:aws:iam::11111111111%d:role/CloudCensusScanner", i),
			ExternalID: "cc-test", IsActive: c.active, CreatedBy: api.Users[c.by].ID}
		if err := api.Store.CreateCredential(context.Background(), &cr); err != nil {
			t.Fatal(err)
		}
		h.creds[c.name] = cr
	}
	h.assign("u1", h.creds["u1"].ID)
	return h
}

// callWith sends a request with headers (an Idempotency-Key) and decodes
// a success into out.
func (h *harness) callWith(user, method, path string, body any, hdr map[string]string, out any) (int, string) {
	h.t.Helper()
	st, raw, _ := h.CallWith(user, method, path, body, hdr, out)
	return st, raw
}

// assign gives a user credentials.
func (h *harness) assign(user string, ids ...string) {
	h.t.Helper()
	_, _, _, err := h.Store.ReplaceAssignments(context.Background(), ws, h.Users[user].ID, h.Users["admin"].ID,
		func([]string) ([]string, error) { return ids, nil })
	if err != nil {
		h.t.Fatal(err)
	}
}

func metadata() map[string]any {
	return map[string]any{"clientName": "Acme Corp", "projectName": "Landing Zone", "bdManager": "Bea Manager",
		"solutionsArchitect": "Sam Architect", "cloudEngineer": "Cleo Engineer", "cloudEngineerEmail": "cleo@example.com"}
}

func taskBody(name string, creds ...string) map[string]any {
	return map[string]any{"name": name, "credentialIds": creds, "regions": []string{"eu-west-1"}, "projectMetadata": metadata()}
}

// with is apitest.With: a body with fields set or removed.
var with = apitest.With

// create makes a task through the API as user.
func (h *harness) create(user string, body map[string]any) domain.Task {
	h.t.Helper()
	var task domain.Task
	if st, raw := h.Call(user, "POST", "/api/tasks/create", body, &task); st != http.StatusCreated {
		h.t.Fatalf("create %v as %s: %d %s", body["name"], user, st, raw)
	}
	return task
}

// seed stores a task directly, created by user with a status.
func (h *harness) seed(user string, status domain.TaskStatus, credIDs ...string) domain.Task {
	h.t.Helper()
	t := domain.Task{ID: domain.NewID(), WorkspaceID: ws, Name: "seeded " + string(status), Status: status,
		CreatedBy: h.Users[user].ID, CreatedByName: h.Users[user].Username, CredentialIDs: credIDs, Regions: []string{"eu-west-1"}}
	if _, err := h.Store.CreateTask(context.Background(), &t, ""); err != nil {
		h.t.Fatal(err)
	}
	return t
}

// entries are the audit entries of one action, newest first.
func (h *harness) entries(action string) []domain.AuditEntry { return h.Entries(action) }

// ids are the ids of a list answer's items.
func ids(l httpapi.List[domain.Task]) []string {
	var out []string
	for _, t := range l.Data {
		out = append(out, t.ID)
	}
	slices.Sort(out)
	return out
}

func sorted(s ...string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
