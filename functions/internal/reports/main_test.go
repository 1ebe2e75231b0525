package reports_test

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
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
	"github.com/cloudcensus/cloudcensus/functions/internal/reports"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

var endpoint string

func TestMain(m *testing.M) { apitest.TestMain(m, &endpoint) }

const ws = apitest.Workspace

var _ reports.Store = (*store.Store)(nil)

// memBucket is a bucket in memory: the results bucket (List, Get) and the
// reports bucket (Put, Delete, PresignGet).
type memBucket struct {
	mu        sync.Mutex
	files     map[string][]byte
	types     map[string]string
	deleted   []string
	failWrite error // Put and Delete fail with it
}

func newBucket() *memBucket {
	return &memBucket{files: map[string][]byte{}, types: map[string]string{}}
}

func (b *memBucket) List(_ context.Context, prefix string) ([]string, error) {
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

func (b *memBucket) Get(_ context.Context, key string) (io.ReadCloser, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	data, ok := b.files[key]
	if !ok {
		return nil, domain.NotFound("object " + key)
	}
	return io.NopCloser(bytes.NewReader(data)), nil
}

func (b *memBucket) Put(_ context.Context, key string, body io.Reader, contentType string) error {
	data, err := io.ReadAll(body)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failWrite != nil {
		return b.failWrite
	}
	b.files[key], b.types[key] = data, contentType
	return err
}

func (b *memBucket) Delete(_ context.Context, key string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failWrite != nil {
		return b.failWrite
	}
	delete(b.files, key)
	b.deleted = append(b.deleted, key)
	return nil
}

func (b *memBucket) PresignGet(_ context.Context, key, fileName string, ttl time.Duration) (string, error) {
	return fmt.Sprintf("https://reports.s3.eu-west-1.amazonaws.com/%s?response-content-disposition=%s&X-Amz-Expires=%d",
		key, fileName, int(ttl.Seconds())), nil
}

func (b *memBucket) has(key string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, ok := b.files[key]
	return ok
}

func (b *memBucket) file(key string) []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.files[key]
}

// harness is the report routes on the shared API harness (a real store),
// the real builder, and the two buckets in memory.
type harness struct {
	*apitest.Harness
	t       *testing.T
	svc     *reports.Service
	results *memBucket
	docs    *memBucket
	// creds by name: "admin" (the admin's), "pu1" (pu1's), "u1" (the admin's).
	creds map[string]string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	api := apitest.New(t, endpoint)
	h := &harness{Harness: api, t: t, results: newBucket(), docs: newBucket(), creds: map[string]string{}}
	b := reports.NewBuilder(api.Store, h.results, h.docs, t.TempDir())
	h.svc = reports.NewService(b, api.Store).WithJobs(api.Jobs(h.results, b))
	api.Mount(h.svc.Routes())
	for i, c := range []struct{ name, by string }{{"admin", "admin"}, {"pu1", "pu1"}, {"u1", "admin"}} {
		cr := domain.Credential{ID: domain.NewID(), WorkspaceID: ws, Name: "cred " + c.name, Type: domain.CredentialAssumeRole,
			AccountID: fmt.Sprintf("22222222222%d", i), RoleARN: fmt.Sprintf("arn:aws:iam::22222222222%d:role/CloudCensusScanner", i),
			IsActive: true, CreatedBy: api.Users[c.by].ID}
		if err := api.Store.CreateCredential(context.Background(), &cr); err != nil {
			t.Fatal(err)
		}
		h.creds[c.name] = cr.ID
	}
	return h
}

func metadata() domain.ProjectMetadata {
	return domain.ProjectMetadata{ClientName: "Acme Corp", ProjectName: "Landing Zone", BDManager: "Bea Manager",
		SolutionsArchitect: "Sam Architect", CloudEngineer: "Cleo Engineer", CloudEngineerEmail: "cleo@example.com"}
}

// task stores a task of user with a status, made with a credential.
func (h *harness) task(user string, status domain.TaskStatus, cred string, meta domain.ProjectMetadata) domain.Task {
	h.t.Helper()
	t := domain.Task{ID: domain.NewID(), WorkspaceID: ws, Name: "scan of " + user, Status: status, CreatedBy: h.Users[user].ID,
		CreatedByName: h.Users[user].Username, CredentialIDs: []string{cred}, Accounts: []string{"222222222220"},
		Regions: []string{"eu-west-1"}, ProjectMetadata: meta}
	if _, err := h.Store.CreateTask(context.Background(), &t, ""); err != nil {
		h.t.Fatal(err)
	}
	return t
}

// report stores a report of a task, with its document in the bucket.
func (h *harness) report(t domain.Task) domain.Report {
	h.t.Helper()
	ctx := context.Background()
	r := domain.Report{ID: domain.NewID(), WorkspaceID: ws, TaskID: t.ID, TaskName: t.Name, FileName: "Acme-Corp_Landing-Zone_2026-01-31_v1.0.docx",
		FileSize: 4, Format: "docx", Version: "1.0", Project: store.ProjectKey(t.ProjectMetadata.ClientName, t.ProjectMetadata.ProjectName),
		CreatedBy: t.CreatedBy, Author: "Cleo Engineer", Description: "First issue", CredentialIDs: t.CredentialIDs, GeneratedAt: time.Now().UTC()}
	r.S3Key = layout.ReportKey(ws, t.ID, r.ID)
	if err := h.Store.CreateReport(ctx, &r); err != nil {
		h.t.Fatal(err)
	}
	if err := h.Store.SetTaskReport(ctx, ws, t.ID, r.ID); err != nil {
		h.t.Fatal(err)
	}
	h.docs.files[r.S3Key] = []byte("PK\x03\x04")
	return r
}

// entries are the audit entries of an action, oldest first.
func (h *harness) entries(action string) []domain.AuditEntry {
	var out []domain.AuditEntry
	for _, e := range h.Audit() {
		if e.Action == action {
			out = append(out, e)
		}
	}
	slices.Reverse(out)
	return out
}

// rebuild runs a rebuild as user and answers the report it made.
func (h *harness) rebuild(user, taskID string) *domain.Report {
	h.t.Helper()
	st, raw, job, _ := h.Job(user, "/api/reports/rebuild", map[string]string{"taskId": taskID}, h.results)
	if st != http.StatusAccepted || job.Status != domain.JobSucceeded || job.ReportID == "" {
		h.t.Fatalf("rebuild: %d %s, job %+v", st, raw, job)
	}
	rep, err := h.Store.GetReport(context.Background(), ws, job.ReportID)
	if err != nil {
		h.t.Fatal(err)
	}
	return rep
}
