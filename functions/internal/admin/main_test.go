package admin_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/admin"
	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

var endpoint string

func TestMain(m *testing.M) { apitest.TestMain(m, &endpoint) }

const ws = apitest.Workspace

var _ admin.Store = (*store.Store)(nil)

// roleCache records which roles were invalidated.
type roleCache struct {
	mu   sync.Mutex
	gone []string
}

func (c *roleCache) InvalidateRole(ws string, role domain.Role) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gone = append(c.gone, ws+"/"+string(role))
}

// harness is the admin routes on the shared API harness (a real store).
type harness struct {
	*apitest.Harness
	t     *testing.T
	svc   *admin.Service
	cache *roleCache
	files *apitest.MemFiles // the results bucket: audit exports
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	api := apitest.New(t, endpoint)
	h := &harness{Harness: api, t: t, cache: &roleCache{}, files: apitest.NewMemFiles()}
	h.svc = admin.New(api.Store, h.cache).WithJobs(api.Jobs(h.files, nil))
	api.Mount(h.svc.Routes())
	return h
}

// putAudit writes an entry as if it happened at a time.
func (h *harness) putAudit(at time.Time, e domain.AuditEntry) domain.AuditEntry {
	h.t.Helper()
	e.ID = ulid.MustNew(ulid.Timestamp(at), rand.Reader).String()
	e.WorkspaceID, e.Timestamp = ws, at.UTC()
	if e.ResourceType == "" {
		e.ResourceType = "thing"
	}
	if err := h.Store.PutAudit(context.Background(), &e); err != nil {
		h.t.Fatal(err)
	}
	return e
}

// entries are the audit entries of an action, newest first.
func (h *harness) entries(action string) []domain.AuditEntry {
	var out []domain.AuditEntry
	for _, e := range h.Audit() {
		if e.Action == action {
			out = append(out, e)
		}
	}
	return out
}

// role reads a role through the API.
func (h *harness) role(r domain.Role) domain.RolePermissions {
	h.t.Helper()
	var l admin.Roles
	if st, raw := h.Call("admin", "GET", "/api/roles", nil, &l); st != 200 {
		h.t.Fatalf("%d %s", st, raw)
	}
	i := slices.IndexFunc(l.Data, func(rp domain.RolePermissions) bool { return rp.Role == r })
	if i < 0 {
		h.t.Fatalf("no role %s in %+v", r, l.Data)
	}
	return l.Data[i]
}

func asJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return b.String()
}

// with is apitest.With: a body with fields set or removed.
var with = apitest.With

// export runs an audit export with the filter body as user and answers the
// job and the CSV it wrote.
func (h *harness) export(user string, body map[string]string) (*domain.Job, string) {
	h.t.Helper()
	st, raw, job, file := h.Job(user, "/api/audit/export", body, h.files)
	if st != http.StatusAccepted || job.Status != domain.JobSucceeded {
		h.t.Fatalf("audit export %v: %d %s, job %+v", body, st, raw, job)
	}
	return job, string(file)
}
