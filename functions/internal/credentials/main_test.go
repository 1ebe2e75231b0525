package credentials_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/awsclient"
	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/credentials"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/keys"
	"github.com/cloudcensus/cloudcensus/functions/internal/localstack"
	"github.com/cloudcensus/cloudcensus/functions/internal/routes"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner"
	"github.com/cloudcensus/cloudcensus/functions/internal/secrets"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

var endpoint string

func TestMain(m *testing.M) { localstack.TestMain(m, localstack.DynamoDBForTests, &endpoint) }

const (
	ws           = "01JWORKSPACE0000000000000A"
	platformAcct = "999999999999"
)

// fakeAuth signs in whoever the X-Test-User header names.
type fakeAuth struct{ users map[string]*httpapi.Principal }

func (f fakeAuth) Authenticate(r *http.Request, _ httpapi.Route) (*httpapi.Principal, error) {
	p, ok := f.users[r.Header.Get("X-Test-User")]
	if !ok {
		return nil, domain.Unauthenticated("sign in")
	}
	return p, nil
}

// noUsage is the usage check before tasks exist: only the credentials the
// test marks are in use.
type noUsage struct {
	mu    sync.Mutex
	inUse map[string]string
}

func (u *noUsage) CredentialInUse(_ context.Context, _, id string) (bool, string, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	by, ok := u.inUse[id]
	return ok, by, nil
}

// memHost keeps published templates in memory and presigns fake URLs.
type memHost struct {
	mu    sync.Mutex
	files map[string]string
}

func (h *memHost) Put(_ context.Context, key string, body io.Reader, _ string) error {
	b, err := io.ReadAll(body)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.files[key] = string(b)
	return err
}

func (h *memHost) PresignGet(_ context.Context, key, _ string, ttl time.Duration) (string, error) {
	return fmt.Sprintf("https://templates.s3.us-east-1.amazonaws.com/%s?X-Amz-Expires=%d&X-Amz-Signature=f00d", key, int(ttl.Seconds())), nil
}

// harness is the credential routes on a real store (DynamoDB Local), a
// real secret box, the real resolver over the simulated AWS, and a log and
// response recorder for the leak test.
type harness struct {
	t     *testing.T
	srv   *httptest.Server
	store *store.Store
	sim   *awssim.Sim
	usage *noUsage
	host  *memHost
	svc   *credentials.Service
	users map[string]*domain.User // by name: admin, pu1, pu2, u1, u2

	mu     sync.Mutex
	logs   bytes.Buffer
	bodies []string
}

func (h *harness) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.logs.Write(p)
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ctx := context.Background()
	st := store.New(localstack.AWSConfig(endpoint), "t"+domain.NewID())
	if err := st.EnsureTable(ctx); err != nil {
		t.Fatal(err)
	}
	k, err := keys.OpenLocal(filepath.Join(t.TempDir(), "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	box := secrets.New(k)
	sim := awssim.New(awssim.Generate(11, awssim.Size{Accounts: 2, Regions: []string{"eu-west-1"}, Scale: 0.2}), awssim.Options{})
	resolver := awsclient.New(awsclient.Options{Base: sim.Config(platformAcct, "us-east-1"), BaseRoles: st, Secrets: box,
		Demo: sim.Config, Retryer: func() aws.Retryer { return aws.NopRetryer{} }})
	h := &harness{t: t, store: st, sim: sim, usage: &noUsage{inUse: map[string]string{}}, host: &memHost{files: map[string]string{}},
		users: map[string]*domain.User{}}
	h.svc = credentials.New(credentials.Deps{Store: st, Secrets: box, AWS: resolver, Usage: h.usage, Templates: h.host, Audit: audit.New(st),
		ReadActions: scanner.ReadActions, Region: "eu-west-1"})
	principals := map[string]*httpapi.Principal{}
	for _, u := range []struct {
		name string
		role domain.Role
	}{{"admin", domain.RoleAdmin}, {"pu1", domain.RolePowerUser}, {"pu2", domain.RolePowerUser}, {"u1", domain.RoleUser}, {"u2", domain.RoleUser}} {
		user := &domain.User{ID: domain.NewID(), WorkspaceID: ws, Username: u.name + "x", Email: u.name + "@example.com",
			Role: u.role, Status: domain.UserActive}
		if err := st.CreateUser(ctx, user); err != nil {
			t.Fatal(err)
		}
		h.users[u.name] = user
		principals[u.name] = &httpapi.Principal{UserID: user.ID, Username: user.Username, Role: string(u.role),
			WorkspaceID: ws, Permissions: authz.Defaults(u.role)}
	}
	handlers := h.svc.Handlers()
	var rts []httpapi.Route
	for _, rt := range routes.All() {
		if _, ok := handlers[rt.Key()]; ok {
			rts = append(rts, rt)
		}
	}
	mux, err := httpapi.NewMux(rts, handlers, httpapi.Options{Auth: fakeAuth{principals},
		Logger: slog.New(slog.NewJSONHandler(h, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	h.srv = httptest.NewServer(mux)
	t.Cleanup(h.srv.Close)
	return h
}

// call sends a request as a user and decodes the answer into out (when
// not nil). It returns the status and the raw body.
func (h *harness) call(user, method, path string, body any, out any) (int, string) {
	h.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			h.t.Fatal(err)
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
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	h.mu.Lock()
	h.bodies = append(h.bodies, string(raw))
	h.mu.Unlock()
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			h.t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
	return res.StatusCode, string(raw)
}

// expect checks a status and, for an error, the envelope's field.
func (h *harness) expect(user, method, path string, body any, status int, field string) string {
	h.t.Helper()
	got, raw := h.call(user, method, path, body, nil)
	if got != status {
		h.t.Fatalf("%s %s %s: status %d, want %d: %s", user, method, path, got, status, raw)
	}
	if field != "" {
		var env httpapi.ErrorBody
		if err := json.Unmarshal([]byte(raw), &env); err != nil || env.Error.Details["field"] != field {
			h.t.Fatalf("%s %s: details.field %q, want %q: %s", method, path, env.Error.Details["field"], field, raw)
		}
	}
	return raw
}

// create makes a credential as user and returns it.
func (h *harness) create(user string, body map[string]any) domain.PublicCredential {
	h.t.Helper()
	var c domain.PublicCredential
	if status, raw := h.call(user, "POST", "/api/credentials/create", body, &c); status != http.StatusCreated {
		h.t.Fatalf("create %v: %d %s", body["name"], status, raw)
	}
	return c
}

// roleBody is an assume_role credential into an estate account of the
// simulator, with the ExternalId its role expects.
func (h *harness) roleBody(name string, account int) map[string]any {
	a := h.sim.Estate().Accounts[account]
	return map[string]any{"name": name, "credentialType": "assume_role", "accountId": a.ID,
		"roleArn": "arn:aws:iam::" + a.ID + ":role/" + a.Roles[0].Name, "externalId": a.Roles[0].ExternalID}
}

func keyBody(name, keyID, secret string) map[string]any {
	return map[string]any{"name": name, "credentialType": "access_key", "accountId": "123456789012",
		"accessKeyId": keyID, "secretAccessKey": secret}
}

// auditText is every audit entry of the test's workspace, as JSON.
func (h *harness) auditText() string {
	var b strings.Builder
	err := h.store.EachAudit(context.Background(), ws, store.AuditFilter{}, func(e *domain.AuditEntry) error {
		j, _ := json.Marshal(e)
		b.Write(j)
		b.WriteByte('\n')
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return b.String()
}

func (h *harness) decode(raw string, out any) {
	h.t.Helper()
	if err := json.Unmarshal([]byte(raw), out); err != nil {
		h.t.Fatalf("%v in %s", err, raw)
	}
}
