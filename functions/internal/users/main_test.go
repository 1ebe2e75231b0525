package users_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/users"
)

var endpoint string

func TestMain(m *testing.M) { apitest.TestMain(m, &endpoint) }

const ws = apitest.Workspace

var (
	_ users.Lister       = (*store.Store)(nil)
	_ identity.UserTable = (*store.Store)(nil)
)

// errPool is what the pool answers when it is told to fail.
var errPool = errors.New("TooManyRequestsException: rate exceeded")

// poolUser is one user of the in-memory pool.
type poolUser struct {
	email, password, sub string
	temporary, enabled   bool
	groups               []string
}

// memPool is the user pool in memory; fail makes an operation fail.
type memPool struct {
	mu    sync.Mutex
	users map[string]*poolUser // by username
	fail  map[string]bool      // by operation name
	calls []string
}

func (p *memPool) call(op string) error {
	p.calls = append(p.calls, op)
	if p.fail[op] {
		return errPool
	}
	return nil
}

func (p *memPool) CreateUser(_ context.Context, username, email, password string, temporary bool, group string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.call("CreateUser"); err != nil {
		return "", err
	}
	if _, ok := p.users[username]; ok {
		return "", domain.Conflict("the pool has this username already")
	}
	sub := "sub-" + domain.NewID()
	p.users[username] = &poolUser{email: email, password: password, sub: sub, temporary: temporary, enabled: true, groups: []string{group}}
	return sub, nil
}

func (p *memPool) AddToGroup(_ context.Context, username, group string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.call("AddToGroup"); err != nil {
		return err
	}
	u, ok := p.users[username]
	if !ok {
		return domain.NotFound("pool user")
	}
	if !slices.Contains(u.groups, group) {
		u.groups = append(u.groups, group)
	}
	return nil
}

func (p *memPool) RemoveFromGroup(_ context.Context, username, group string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.call("RemoveFromGroup"); err != nil {
		return err
	}
	u, ok := p.users[username]
	if !ok {
		return domain.NotFound("pool user")
	}
	u.groups = slices.DeleteFunc(u.groups, func(g string) bool { return g == group })
	return nil
}

func (p *memPool) SetTemporaryPassword(_ context.Context, username, password string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.call("SetTemporaryPassword"); err != nil {
		return err
	}
	u, ok := p.users[username]
	if !ok {
		return domain.NotFound("pool user")
	}
	u.password, u.temporary = password, true
	return nil
}

func (p *memPool) SetEnabled(_ context.Context, username string, enabled bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.call("SetEnabled"); err != nil {
		return err
	}
	u, ok := p.users[username]
	if !ok {
		return domain.NotFound("pool user")
	}
	u.enabled = enabled
	return nil
}

func (p *memPool) DeleteUser(_ context.Context, username string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.call("DeleteUser"); err != nil {
		return err
	}
	delete(p.users, username)
	return nil
}

// user is a copy of a pool user, or nil.
func (p *memPool) user(username string) *poolUser {
	p.mu.Lock()
	defer p.mu.Unlock()
	u, ok := p.users[username]
	if !ok {
		return nil
	}
	c := *u
	c.groups = slices.Clone(u.groups)
	return &c
}

func (p *memPool) count(op string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, c := range p.calls {
		if c == op {
			n++
		}
	}
	return n
}

func (p *memPool) setFail(ops ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fail = map[string]bool{}
	for _, op := range ops {
		p.fail[op] = true
	}
}

// harness is the user routes on the shared API harness (a real store),
// with the real user lifecycle over an in-memory pool.
type harness struct {
	*apitest.Harness
	t    *testing.T
	svc  *users.Service
	pool *memPool
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	api := apitest.New(t, endpoint)
	pool := &memPool{users: map[string]*poolUser{}, fail: map[string]bool{}}
	for _, u := range api.Users {
		pool.users[u.Username] = &poolUser{email: u.Email, sub: u.Subject, enabled: true, groups: []string{string(u.Role)}}
	}
	h := &harness{Harness: api, t: t, pool: pool}
	h.svc = users.New(api.Store, identity.NewUsers(pool, api.Store))
	api.Mount(h.svc.Routes())
	return h
}

// addAdmin adds a second admin, signed in as "admin2".
func (h *harness) addAdmin() *domain.User {
	h.t.Helper()
	u := &domain.User{ID: domain.NewID(), WorkspaceID: ws, Username: "admin2x", Email: "admin2@example.com", Role: domain.RoleAdmin,
		Status: domain.UserActive, Subject: "sub-admin2"}
	if err := h.Store.CreateUser(context.Background(), u); err != nil {
		h.t.Fatal(err)
	}
	h.pool.users[u.Username] = &poolUser{email: u.Email, sub: u.Subject, enabled: true, groups: []string{"admin"}}
	h.Users["admin2"] = u
	h.Principals["admin2"] = &httpapi.Principal{UserID: u.ID, Username: u.Username, Role: "admin", Roles: []string{"admin"}, Rank: domain.RankAdmin, WorkspaceID: ws,
		Permissions: authz.Defaults(domain.RoleAdmin), UIResources: authz.UIFor(authz.Defaults(domain.RoleAdmin))}
	return u
}

// get reads a user through the API as the admin.
func (h *harness) get(id string) domain.User {
	h.t.Helper()
	var u domain.User
	if st, raw := h.Call("admin", "GET", "/api/users/detail?id="+id, nil, &u); st != http.StatusOK {
		h.t.Fatalf("detail %s: %d %s", id, st, raw)
	}
	return u
}

// entries are the audit entries of the given actions, oldest first.
func (h *harness) entries(actions ...string) []domain.AuditEntry {
	var out []domain.AuditEntry
	for _, e := range h.Audit() {
		if slices.Contains(actions, e.Action) {
			out = append(out, e)
		}
	}
	slices.Reverse(out)
	return out
}

// with is apitest.With: a body with fields set or removed.
var with = apitest.With
