package credentials_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/awsclient"
	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/credentials"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/keys"
	"github.com/cloudcensus/cloudcensus/functions/internal/secrets"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

var endpoint string

func TestMain(m *testing.M) { apitest.TestMain(m, &endpoint) }

const (
	ws           = apitest.Workspace
	platformAcct = "999999999999"
)

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

// harness is the credential routes on the shared API harness (a real
// store), a real secret box, and the real resolver over the simulated AWS.
type harness struct {
	*apitest.Harness
	t     *testing.T
	sim   *awssim.Sim
	usage *noUsage
	host  *memHost
	svc   *credentials.Service
	store *store.Store
	users map[string]*domain.User // by name: admin, pu1, pu2, u1, u2
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	api := apitest.New(t, endpoint)
	k, err := keys.OpenLocal(filepath.Join(t.TempDir(), "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	box := secrets.New(k)
	sim := awssim.New(awssim.Generate(11, awssim.Size{Accounts: 2, Regions: []string{"eu-west-1"}, Scale: 0.2}), awssim.Options{})
	resolver := awsclient.New(awsclient.Options{Base: sim.Config(platformAcct, "us-east-1"), BaseRoles: api.Store, Secrets: box,
		Demo: sim.Config, Retryer: func() aws.Retryer { return aws.NopRetryer{} }})
	h := &harness{Harness: api, t: t, store: api.Store, sim: sim, usage: &noUsage{inUse: map[string]string{}},
		host: &memHost{files: map[string]string{}}, users: api.Users}
	h.svc = credentials.New(credentials.Deps{Store: api.Store, Secrets: box, AWS: resolver, Usage: h.usage, Templates: h.host, Region: "eu-west-1"})
	api.Mount(h.svc.Routes())
	return h
}

// call sends a request as a user (apitest.Harness.Call).
func (h *harness) call(user, method, path string, body any, out any) (int, string) {
	h.t.Helper()
	return h.Call(user, method, path, body, out)
}

// expect checks a status and an error's field (apitest.Harness.Expect).
func (h *harness) expect(user, method, path string, body any, status int, field string) string {
	h.t.Helper()
	return h.Expect(user, method, path, body, status, field)
}

// create makes a credential as user and returns it. An assume_role
// credential into a simulated account is deployed as a person would: the
// account's role is given the ExternalId the server generated.
func (h *harness) create(user string, body map[string]any) domain.PublicCredential {
	h.t.Helper()
	var c domain.PublicCredential
	if status, raw := h.call(user, "POST", "/api/credentials/create", body, &c); status != http.StatusCreated {
		h.t.Fatalf("create %v: %d %s", body["name"], status, raw)
	}
	if c.Type == domain.CredentialAssumeRole && c.ExternalID != "" {
		h.trust(c.AccountID, c.ExternalID)
	}
	return c
}

// trust deploys the scanner role template in a simulated account with an
// ExternalId: its role now expects that one.
func (h *harness) trust(accountID, externalID string) {
	for _, a := range h.sim.Estate().Accounts {
		if a.ID == accountID && len(a.Roles) > 0 {
			a.Roles[0].ExternalID = externalID
		}
	}
}

// roleBody is an assume_role credential into an estate account of the
// simulator; the server generates its ExternalId.
func (h *harness) roleBody(name string, account int) map[string]any {
	a := h.sim.Estate().Accounts[account]
	return map[string]any{"name": name, "credentialType": "assume_role", "accountId": a.ID,
		"roleArn": "arn:aws:iam::" + a.ID + ":role/" + a.Roles[0].Name}
}

func keyBody(name, keyID, secret string) map[string]any {
	return map[string]any{"name": name, "credentialType": "access_key", "accountId": "123456789012",
		"accessKeyId": keyID, "secretAccessKey": secret}
}

func (h *harness) auditText() string { return h.AuditText() }

func (h *harness) decode(raw string, out any) { h.t.Helper(); h.Decode(raw, out) }
