package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/auth"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

var endpoint string

func TestMain(m *testing.M) { apitest.TestMain(m, &endpoint) }

const (
	ws = apitest.Workspace
	// noWorkspace is where the audit log keeps attempts of nobody known
	// (store.PutAudit).
	noWorkspace = "none"
)

var _ auth.Store = (*store.Store)(nil)

// password is each harness user's password in the pool.
func password(name string) string { return "Passw0rd-" + name }

// poolUser is one user of the in-memory pool.
type poolUser struct {
	password, email, sub, group string
	temporary, enabled          bool
}

// memPool is the user pool in memory: sign-in with its challenge, tokens,
// refresh, revocation, password change, and the administration the user
// lifecycle needs.
type memPool struct {
	mu       sync.Mutex
	users    map[string]*poolUser // by username
	access   map[string]string    // access token -> username
	refresh  map[string]string    // refresh token -> username
	sessions map[string]string    // challenge session -> username
	revoked  map[string]bool
	signIns  int
	n        int
}

// asked is how many sign-ins reached the pool.
func (p *memPool) asked() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.signIns
}

func (p *memPool) token(kind string) string {
	p.n++
	return kind + "-" + domain.NewID()
}

func (p *memPool) issue(username, refresh string) *identity.Session {
	at := p.token("at")
	p.access[at] = username
	if refresh == "" {
		refresh = p.token("rt")
		p.refresh[refresh] = username
	}
	return &identity.Session{AccessToken: at, RefreshToken: refresh, ExpiresIn: 3600}
}

func (p *memPool) SignIn(_ context.Context, username, pw string) (*identity.Session, *identity.Challenge, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.signIns++
	time.Sleep(2 * time.Millisecond) // a pool answers in its own time: parallel attempts overlap
	u, ok := p.users[username]
	if !ok || !u.enabled || u.password != pw {
		return nil, nil, identity.ErrBadCredentials
	}
	if u.temporary {
		s := p.token("session")
		p.sessions[s] = username
		return nil, &identity.Challenge{Name: "NEW_PASSWORD_REQUIRED", Session: s}, nil
	}
	return p.issue(username, ""), nil, nil
}

func (p *memPool) RespondNewPassword(_ context.Context, username, session, newPassword string) (*identity.Session, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.sessions[session] != username {
		return nil, domain.Unauthenticated("the session expired: sign in again")
	}
	delete(p.sessions, session)
	u := p.users[username]
	u.password, u.temporary = newPassword, false
	return p.issue(username, ""), nil
}

func (p *memPool) Refresh(_ context.Context, token string) (*identity.Session, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	username, ok := p.refresh[token]
	if !ok || p.revoked[token] {
		return nil, domain.Unauthenticated("the session ended: sign in again")
	}
	return p.issue(username, token), nil
}

func (p *memPool) Revoke(_ context.Context, token string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.revoked[token] = true
	return nil
}

func (p *memPool) ChangePassword(_ context.Context, accessToken, oldPassword, newPassword string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	username, ok := p.access[accessToken]
	if !ok {
		return domain.Unauthenticated("invalid access token")
	}
	u := p.users[username]
	if u.password != oldPassword {
		return identity.ErrBadCredentials
	}
	u.password = newPassword
	return nil
}

func (p *memPool) CreateUser(_ context.Context, username, email, pw string, temporary bool, group string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.users[username]; ok {
		return "", domain.Conflict("the pool has this username")
	}
	sub := "sub-" + domain.NewID()
	p.users[username] = &poolUser{password: pw, email: email, sub: sub, group: group, temporary: temporary, enabled: true}
	return sub, nil
}

func (p *memPool) AddToGroup(_ context.Context, username, group string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.users[username].group = group
	return nil
}

func (p *memPool) RemoveFromGroup(context.Context, string, string) error { return nil }

func (p *memPool) MoveToWorkspace(ctx context.Context, username, ws string, _ []string) error {
	return p.AddToGroup(ctx, username, domain.WorkspaceGroup(ws))
}

func (p *memPool) SetTemporaryPassword(_ context.Context, username, password string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.users[username]
	u.password, u.temporary = password, true
	return nil
}

func (p *memPool) SetEnabled(_ context.Context, username string, enabled bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.users[username].enabled = enabled
	return nil
}

func (p *memPool) DeleteUser(_ context.Context, username string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.users, username)
	return nil
}

func (p *memPool) user(username string) *poolUser {
	p.mu.Lock()
	defer p.mu.Unlock()
	if u, ok := p.users[username]; ok {
		c := *u
		return &c
	}
	return nil
}

// resolver is the authorizer's token check: the pool's token, a user that
// exists and is active, and its role's permissions now.
type resolver struct {
	pool  *memPool
	store *store.Store
}

func (r resolver) Resolve(ctx context.Context, raw string) (*httpapi.Principal, error) {
	r.pool.mu.Lock()
	username, ok := r.pool.access[raw]
	r.pool.mu.Unlock()
	if !ok {
		return nil, domain.Unauthenticated("invalid token")
	}
	u, err := r.store.UserByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	if u.Status != domain.UserActive {
		return nil, domain.Unauthenticated("the user is " + string(u.Status))
	}
	rp, err := r.store.GetRole(ctx, u.WorkspaceID, u.Role)
	if err != nil {
		return nil, err
	}
	return &httpapi.Principal{UserID: u.ID, Username: u.Username, Role: string(u.Role), Roles: []string{string(u.Role)}, Rank: rp.RankOf(),
		WorkspaceID: u.WorkspaceID, Permissions: rp.Permissions, UIResources: rp.UIResources, TokenID: "jti-" + raw, IssuedAt: time.Now().Unix()}, nil
}

// alerts records the security alerts raised.
type alerts struct {
	mu   sync.Mutex
	sent []string
}

func (a *alerts) Alert(_ context.Context, ws, kind, message string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sent = append(a.sent, ws+" "+kind+" "+message)
}

// harness is the auth routes on the shared API harness (a real store),
// the real user lifecycle for registration, and the pool in memory.
type harness struct {
	*apitest.Harness
	t      *testing.T
	svc    *auth.Service
	pool   *memPool
	alerts *alerts
	clock  *clock
}

// clock is the service's time, which a test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	api := apitest.New(t, endpoint)
	pool := &memPool{users: map[string]*poolUser{}, access: map[string]string{}, refresh: map[string]string{},
		sessions: map[string]string{}, revoked: map[string]bool{}}
	for name, u := range api.Users {
		pool.users[u.Username] = &poolUser{password: password(name), email: u.Email, sub: u.Subject, group: string(u.Role), enabled: true}
	}
	h := &harness{Harness: api, t: t, pool: pool, alerts: &alerts{}, clock: &clock{t: time.Now().UTC()}}
	al := audit.New(api.Store)
	policy := auth.DefaultPolicy()
	policy.FailFloor = 0 // TestFailedSignInsTakeTheSameTime sets its own
	h.svc = auth.New(pool, api.Store, resolver{pool, api.Store}, identity.NewUsers(pool, api.Store), al, h.alerts).
		WithPolicy(policy).WithClock(h.clock.now)
	api.Mount(h.svc.Routes())
	return h
}

// callWith sends a request with extra headers and decodes a success.
func (h *harness) callWith(user, method, path string, body any, hdr map[string]string, out any) (int, string) {
	h.t.Helper()
	st, raw, _ := h.CallWith(user, method, path, body, hdr, out)
	return st, raw
}

// login signs in and answers the session.
func (h *harness) login(username, pw string) signedIn {
	h.t.Helper()
	var out auth.LoginResponse
	st, raw, hdr := h.CallWith("", "POST", "/api/auth/login", map[string]string{"username": username, "password": pw}, nil, &out)
	if st != 200 {
		h.t.Fatalf("login %s: %d %s", username, st, raw)
	}
	return signedIn{LoginResponse: out, RefreshToken: sessionCookie(h.t, hdr).Value, raw: raw}
}

// signedIn is a sign-in answer with the refresh token of its cookie.
type signedIn struct {
	auth.LoginResponse
	RefreshToken string
	raw          string
}

// sessionCookie is the session cookie an answer sets, checked for its
// attributes: HttpOnly, SameSite Strict, scoped to the sign-in routes.
func sessionCookie(t *testing.T, hdr http.Header) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: hdr}).Cookies() {
		if c.Name == auth.SessionCookie {
			if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/api/auth" {
				t.Fatalf("session cookie %+v", c)
			}
			return c
		}
	}
	t.Fatalf("no session cookie in %v", hdr)
	return nil
}

// auditIn is a workspace's audit entries of some actions, oldest first.
func (h *harness) auditIn(workspace string, actions ...string) []domain.AuditEntry {
	h.t.Helper()
	var out []domain.AuditEntry
	err := h.Store.EachAudit(context.Background(), workspace, store.AuditFilter{}, func(e *domain.AuditEntry) error {
		if len(actions) == 0 || slices.Contains(actions, e.Action) {
			out = append(out, *e)
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	slices.Reverse(out)
	return out
}

// everything is every audit entry, in the workspace and of nobody, as text.
func (h *harness) everything() string {
	var b strings.Builder
	for _, w := range []string{ws, noWorkspace} {
		for _, e := range h.auditIn(w) {
			j, _ := json.Marshal(e)
			b.Write(j)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// invite stores an invite with a known code.
func (h *harness) invite(code string, role domain.Role, expires time.Time, maxUses, uses int) domain.Invite {
	h.t.Helper()
	inv := domain.Invite{ID: domain.NewID(), WorkspaceID: ws, CodeHash: domain.HashInviteCode(code), Hint: code[len(code)-4:], Role: role,
		ExpiresAt: expires, MaxUses: maxUses, Uses: uses, CreatedBy: h.Users["admin"].ID}
	if err := h.Store.CreateInvite(context.Background(), &inv); err != nil {
		h.t.Fatal(err)
	}
	return inv
}

// asJSON is v as JSON, HTML characters as written.
func asJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return b.String()
}
