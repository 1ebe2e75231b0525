// Package apitest is the harness of the handler tests that sit next to
// each domain's code: one package's routes mounted on the real mux over a
// real store (DynamoDB Local, a fresh table per test), one signed-in
// principal per role with the default permissions, the audit log as the
// mux's auditor, and a recorder of every log line and answer body (for
// the tests that prove nothing secret leaks).
//
// Only tests import it. The whole-stack tests (localapp) stay for the
// paths that need every server.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// Workspace is the harness's workspace id.
const Workspace = "01JWORKSPACE0000000000000A"

// TestMain starts one in-memory DynamoDB Local for a test binary; its
// endpoint goes into *endpoint. Call it from the package's TestMain.
func TestMain(m *testing.M, endpoint *string) {
	standin.TestMain(m, standin.DynamoDBForTests, endpoint)
}

// People are the users every harness has: an admin, two power users and
// two users, each with the default permissions of its role.
var People = []struct {
	Name string
	Role domain.Role
}{{"admin", domain.RoleAdmin}, {"pu1", domain.RolePowerUser}, {"pu2", domain.RolePowerUser}, {"u1", domain.RoleUser}, {"u2", domain.RoleUser}}

// Harness is one test's API.
type Harness struct {
	T          *testing.T
	Store      *store.Store
	Users      map[string]*domain.User // by name: admin, pu1, pu2, u1, u2
	Principals map[string]*httpapi.Principal
	srv        *httptest.Server

	mu     sync.Mutex
	logs   bytes.Buffer
	bodies []string
}

// New makes a fresh table on the test binary's DynamoDB Local, with the
// people and the default roles in it.
func New(t *testing.T, endpoint string) *Harness {
	t.Helper()
	ctx := context.Background()
	st := store.New(standin.AWSConfig(endpoint), "t"+strings.ToLower(domain.NewID()))
	if err := st.EnsureTable(ctx); err != nil {
		t.Fatal(err)
	}
	h := &Harness{T: t, Store: st, Users: map[string]*domain.User{}, Principals: map[string]*httpapi.Principal{}}
	// The workspace's own row holds its settings (scope rules, default
	// template, retention), which routes read.
	if err := st.CreateWorkspace(ctx, &domain.Workspace{ID: Workspace, Name: "Harness"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range domain.Roles {
		if err := st.PutRoleIfMissing(ctx, authz.BuiltInRole(Workspace, r)); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range People {
		u := &domain.User{ID: domain.NewID(), WorkspaceID: Workspace, Username: p.Name + "x", Email: p.Name + "@example.com",
			Role: p.Role, Status: domain.UserActive, Subject: "sub-" + p.Name}
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		h.Users[p.Name] = u
		h.Principals[p.Name] = &httpapi.Principal{UserID: u.ID, Username: u.Username, Role: string(p.Role), Roles: []string{string(p.Role)}, Rank: p.Role.Rank(),
			WorkspaceID: Workspace, Permissions: authz.Defaults(p.Role), UIResources: authz.UIFor(authz.Defaults(p.Role))}
	}
	return h
}

// Mount serves routes on the real mux: the caller is whoever the
// X-Test-User header names, and audited calls go to the audit log.
func (h *Harness) Mount(routes []httpapi.Route) {
	h.T.Helper()
	mux, err := httpapi.NewMux(routes, httpapi.Options{Auth: fakeAuth{h}, Auditor: audit.New(h.Store),
		Logger: slog.New(slog.NewJSONHandler(h, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		h.T.Fatal(err)
	}
	h.srv = httptest.NewServer(mux)
	h.T.Cleanup(h.srv.Close)
}

// fakeAuth signs in whoever the X-Test-User header names.
type fakeAuth struct{ h *Harness }

func (f fakeAuth) Authenticate(r *http.Request, _ httpapi.Route) (*httpapi.Principal, error) {
	p, ok := f.h.Principals[r.Header.Get("X-Test-User")]
	if !ok {
		return nil, domain.Unauthenticated("sign in")
	}
	return p, nil
}

// Write takes the mux's log lines.
func (h *Harness) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.logs.Write(p)
}

// Logs is every log line so far.
func (h *Harness) Logs() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.logs.String()
}

// Bodies is every answer body so far.
func (h *Harness) Bodies() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.bodies...)
}

// Call sends a request as a user (a name of People, or anything else for
// an anonymous call) and decodes a successful answer into out when not
// nil. A string body is sent as it is; anything else as JSON.
func (h *Harness) Call(user, method, path string, body any, out any) (int, string) {
	h.T.Helper()
	st, raw, _ := h.CallWith(user, method, path, body, nil, out)
	return st, raw
}

// CallWith is Call with request headers (an Idempotency-Key, say), and
// answers the response's headers too.
func (h *Harness) CallWith(user, method, path string, body any, headers map[string]string, out any) (int, string, http.Header) {
	h.T.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			h.T.Fatal(err)
		}
		if s, ok := body.(string); ok {
			b = []byte(s)
		}
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, h.srv.URL+path, rd)
	req.Header.Set("X-Test-User", user)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.T.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	h.mu.Lock()
	h.bodies = append(h.bodies, string(raw))
	h.mu.Unlock()
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			h.T.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
	return res.StatusCode, string(raw), res.Header
}

// Expect checks a status and, for an error, the envelope's field; it
// answers the raw body.
func (h *Harness) Expect(user, method, path string, body any, status int, field string) string {
	h.T.Helper()
	got, raw := h.Call(user, method, path, body, nil)
	if got != status {
		h.T.Fatalf("%s %s %s: status %d, want %d: %s", user, method, path, got, status, raw)
	}
	if field != "" {
		var env httpapi.ErrorBody
		if err := json.Unmarshal([]byte(raw), &env); err != nil || env.Error.Details["field"] != field {
			h.T.Fatalf("%s %s: details.field %q, want %q: %s", method, path, env.Error.Details["field"], field, raw)
		}
	}
	return raw
}

// Audit is the workspace's audit entries, newest first.
func (h *Harness) Audit() []domain.AuditEntry {
	h.T.Helper()
	var out []domain.AuditEntry
	err := h.Store.EachAudit(context.Background(), Workspace, store.AuditFilter{}, func(e *domain.AuditEntry) error {
		out = append(out, *e)
		return nil
	})
	if err != nil {
		h.T.Fatal(err)
	}
	return out
}

// Entries is the workspace's audit entries of some actions, newest first.
func (h *Harness) Entries(actions ...string) []domain.AuditEntry {
	h.T.Helper()
	var out []domain.AuditEntry
	for _, e := range h.Audit() {
		if slices.Contains(actions, e.Action) {
			out = append(out, e)
		}
	}
	return out
}

// AuditText is every audit entry of the workspace, as JSON lines.
func (h *Harness) AuditText() string {
	var b strings.Builder
	for _, e := range h.Audit() {
		j, _ := json.Marshal(e)
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

// Decode unmarshals a body or fails the test.
func (h *Harness) Decode(raw string, out any) {
	h.T.Helper()
	if err := json.Unmarshal([]byte(raw), out); err != nil {
		h.T.Fatalf("%v in %s", err, raw)
	}
}

// With copies a JSON body with fields set, or removed where the value is
// nil: the rows of a table of rejections.
func With(body map[string]any, kv ...any) map[string]any {
	out := maps.Clone(body)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

// CheckRoutes walks a package's routes: each has a handler, a summary and
// a path under /api/; a protected one has a permission of the catalog and
// is refused (403 naming it, with its apply link) to every person whose
// role lacks it; an audited one leaves an entry even when its body is
// refused, with the resource type, the actor, the request id and the
// address.
func CheckRoutes(t *testing.T, h *Harness, routes []httpapi.Route) {
	t.Helper()
	for _, rt := range routes {
		t.Run(rt.Key(), func(t *testing.T) {
			switch {
			case rt.Handler == nil:
				t.Fatal("no handler")
			case !rt.Public && !slices.Contains(authz.Catalog, rt.Perm):
				t.Fatalf("permission %q is not in the catalog", rt.Perm)
			case !strings.HasPrefix(rt.Path, "/api/") || rt.Summary == "":
				t.Fatalf("path %q summary %q", rt.Path, rt.Summary)
			}
			for _, p := range People {
				if rt.Public || h.Principals[p.Name].Can(rt.Perm) {
					continue
				}
				raw := h.Expect(p.Name, rt.Method, rt.Path, "{}", http.StatusForbidden, "")
				if !strings.Contains(raw, `"permission":"`+rt.Perm+`"`) || !strings.Contains(raw, `"applyUrl":"/permissions/apply?permission=`+rt.Perm+`"`) {
					t.Fatalf("%s: 403 does not name %s: %s", p.Name, rt.Perm, raw)
				}
			}
			if rt.Audit.Action == "" || rt.Public {
				return
			}
			before := len(h.Entries(rt.Audit.Action))
			st, raw := h.Call("admin", rt.Method, rt.Path, "{not json", nil)
			entries := h.Entries(rt.Audit.Action)
			if len(entries) != before+1 {
				t.Fatalf("%d: %s: no audit entry %s", st, raw, rt.Audit.Action)
			}
			e := entries[0]
			if e.ResourceType != rt.Audit.ResourceType || e.Actor != h.Users["admin"].ID || e.RequestID == "" || e.IP == "" {
				t.Fatalf("entry %+v", e)
			}
			if rt.Body == nil { // the route reads no body: the call goes through
				if st >= 300 || e.Result != domain.AuditSuccess {
					t.Fatalf("%d %s: entry %+v", st, raw, e)
				}
				return
			}
			if st != http.StatusBadRequest || !strings.Contains(raw, `"field":"body"`) || e.Result != domain.AuditFailure || e.Error != "body: malformed JSON" {
				t.Fatalf("%d %s: entry %+v", st, raw, e)
			}
		})
	}
}
