package rights

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

type fakeStore struct {
	mu      sync.Mutex
	user    *domain.User
	perms   map[domain.Role][]string
	revoked map[string]bool
	grants  []domain.Grant
	reads   int
}

func (f *fakeStore) ActiveGrants(_ context.Context, _, _ string, now time.Time) ([]domain.Grant, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []domain.Grant
	for _, g := range f.grants {
		if g.Active(now) {
			out = append(out, g)
		}
	}
	return out, nil
}

func (f *fakeStore) GetUser(_ context.Context, _, _ string) (*domain.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads++
	if f.user == nil {
		return nil, domain.NotFound("user")
	}
	u := *f.user
	return &u, nil
}

func (f *fakeStore) GetRole(_ context.Context, _ string, r domain.Role) (*domain.RolePermissions, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return &domain.RolePermissions{Role: r, Permissions: f.perms[r]}, nil
}

func (f *fakeStore) DefaultWorkspaceID(context.Context) (string, error) { return "ws", nil }

func (f *fakeStore) TokenRevoked(_ context.Context, id string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.revoked[id], nil
}

func (f *fakeStore) set(fn func()) { f.mu.Lock(); defer f.mu.Unlock(); fn() }

// A change takes effect once the bound has passed, never later, whatever
// the principal the (cached) gateway answer carried.
func TestChangesTakeEffectWithinTheBound(t *testing.T) {
	st := &fakeStore{user: &domain.User{ID: "u1", Username: "ana", Role: domain.RoleAdmin, Status: domain.UserActive},
		perms: map[domain.Role][]string{domain.RoleAdmin: {"users:read", "auth:self"}, domain.RoleUser: {"auth:self"}}, revoked: map[string]bool{}}
	now := time.Unix(1_000_000, 0)
	c := New(st, Bound)
	c.now = func() time.Time { return now }
	cached := &httpapi.Principal{UserID: "u1", WorkspaceID: "ws", Role: "admin", Permissions: []string{"users:read", "auth:self"}, TokenID: "t1"}
	for _, tc := range []struct {
		name   string
		change func()
		check  func(p *httpapi.Principal, err error) bool
	}{
		{"role lowered", func() { st.user.Role = domain.RoleUser }, func(p *httpapi.Principal, err error) bool {
			return err == nil && !p.Can("users:read") && p.Role == "user"
		}},
		{"signed out", func() { st.revoked["t1"] = true }, func(_ *httpapi.Principal, err error) bool {
			return domain.Is(err, domain.KindUnauthenticated)
		}},
		{"locked", func() { st.revoked["t1"] = false; st.user.Status = domain.UserLocked }, func(_ *httpapi.Principal, err error) bool {
			return domain.Is(err, domain.KindUnauthenticated)
		}},
		{"deleted", func() { st.user = nil }, func(_ *httpapi.Principal, err error) bool { return domain.Is(err, domain.KindUnauthenticated) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _ = c.Current(context.Background(), cached) // what the checker has read so far
			st.set(tc.change)
			now = now.Add(Bound)
			if p, err := c.Current(context.Background(), cached); !tc.check(p, err) {
				t.Fatalf("%v after the bound: %+v, %v", Bound, p, err)
			}
		})
	}
}

func TestReadsAreCachedWithinTheBound(t *testing.T) {
	st := &fakeStore{user: &domain.User{ID: "u1", Role: domain.RoleUser, Status: domain.UserActive},
		perms: map[domain.Role][]string{domain.RoleUser: {"auth:self"}}, revoked: map[string]bool{}}
	now := time.Unix(1_000_000, 0)
	c := New(st, Bound)
	c.now = func() time.Time { return now }
	p := &httpapi.Principal{UserID: "u1", WorkspaceID: "ws"}
	for range 100 {
		if _, err := c.Current(context.Background(), p); err != nil {
			t.Fatal(err)
		}
	}
	if st.reads != 1 {
		t.Fatalf("%d reads of the user for 100 requests within the bound", st.reads)
	}
	now = now.Add(Bound)
	_, _ = c.Current(context.Background(), p)
	if st.reads != 2 {
		t.Fatalf("%d reads after the bound", st.reads)
	}
}

// A grant adds its permissions (and the console elements they turn on)
// until it ends, even while the cache still holds it.
func TestGrantsAddPermissionsUntilTheyEnd(t *testing.T) {
	st := &fakeStore{user: &domain.User{ID: "u", WorkspaceID: "w", Role: domain.RoleUser, Status: domain.UserActive},
		perms: map[domain.Role][]string{domain.RoleUser: {"tasks:read"}}}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	st.grants = []domain.Grant{{ID: "g", UserID: "u", Permissions: []string{"audit:read"}, ExpiresAt: now.Add(time.Hour)}}
	c := New(st, time.Minute)
	c.now = func() time.Time { return now }
	p, err := c.Current(context.Background(), &httpapi.Principal{UserID: "u", WorkspaceID: "w"})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Can("audit:read") || !p.Can("tasks:read") || !slices.Contains(p.UIResources, "menu:audit") {
		t.Fatalf("with a grant: %v %v", p.Permissions, p.UIResources)
	}
	now = now.Add(time.Hour) // the grant ends; the cached read is 0 s old in fake time
	if p, _ = c.Current(context.Background(), &httpapi.Principal{UserID: "u", WorkspaceID: "w"}); p.Can("audit:read") {
		t.Fatal("an ended grant still gives its permission")
	}
}
