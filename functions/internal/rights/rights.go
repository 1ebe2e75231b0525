// Package rights keeps a signed-in caller's rights current between token
// verifications. API Gateway keeps the authorizer's answer for a token
// for five minutes (GatewayCache), and so does the local gateway;
// the mux asks Current on every request, which reads the caller's user,
// its role and its token's revocation at most Bound old. So a role
// change, an account disabled, locked or deleted, and a sign-out take
// effect within Bound, deployed as locally, whatever the
// gateway cached.
//
// It must not import the store or the AWS SDK: the table is an interface.
package rights

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Bound is the longest a revoked right still works.
const Bound = 10 * time.Second

// GatewayCache is how long API Gateway keeps the authorizer's answer for
// one token (the CDK sets it on the token authorizer through the
// contract), and how long the local gateway keeps it too: a test cannot
// see a change take effect sooner locally than it would deployed. Bound,
// not this, is how long a revoked right lasts.
const GatewayCache = 300 * time.Second

// Store is what the check reads.
type Store interface {
	GetUser(ctx context.Context, ws, id string) (*domain.User, error)
	GetRole(ctx context.Context, ws string, role domain.Role) (*domain.RolePermissions, error)
	TokenRevoked(ctx context.Context, tokenID string) (bool, error)
	// ActiveGrants are the user's approved access requests that hold at
	// now: their permissions add to the role's until they end.
	ActiveGrants(ctx context.Context, ws, userID string, now time.Time) ([]domain.Grant, error)
}

// Checker answers a caller's current rights, from reads at most bound old.
type Checker struct {
	store Store
	bound time.Duration
	now   func() time.Time

	mu     sync.Mutex
	users  map[string]entry[*domain.User]
	roles  map[string]entry[*domain.RolePermissions]
	tokens map[string]entry[bool]
	grants map[string]entry[[]domain.Grant]
}

type entry[T any] struct {
	v  T
	at time.Time
}

// New builds a checker whose reads are at most bound old.
func New(st Store, bound time.Duration) *Checker {
	return &Checker{store: st, bound: bound, now: time.Now,
		users: map[string]entry[*domain.User]{}, roles: map[string]entry[*domain.RolePermissions]{}, tokens: map[string]entry[bool]{},
		grants: map[string]entry[[]domain.Grant]{}}
}

// WithClock reads the time from now (local mode's clock, which tests move:
// a grant ends when that clock passes its end).
func (c *Checker) WithClock(now func() time.Time) *Checker {
	c.now = now
	return c
}

// errGone is what a caller whose right is gone is told.
var errGone = domain.Unauthenticated("sign in again: your session ended or your account changed")

// Current answers p with the permissions its role has now, or
// Unauthenticated when the account is gone or not active, or the token
// was revoked at sign-out.
func (c *Checker) Current(ctx context.Context, p *httpapi.Principal) (*httpapi.Principal, error) {
	u, err := cached(c, c.users, p.WorkspaceID+"/"+p.UserID, func() (*domain.User, error) {
		u, err := c.store.GetUser(ctx, p.WorkspaceID, p.UserID)
		if domain.Is(err, domain.KindNotFound) {
			return nil, nil
		}
		return u, err
	})
	if err != nil {
		return nil, err
	}
	if u == nil || u.Status != domain.UserActive {
		return nil, errGone
	}
	if p.TokenID != "" {
		revoked, err := cached(c, c.tokens, p.TokenID, func() (bool, error) { return c.store.TokenRevoked(ctx, p.TokenID) })
		if err != nil {
			return nil, err
		}
		if revoked {
			return nil, errGone
		}
	}
	rp, err := cached(c, c.roles, u.WorkspaceID+"/"+string(u.Role), func() (*domain.RolePermissions, error) {
		return c.store.GetRole(ctx, u.WorkspaceID, u.Role)
	})
	if err != nil {
		return nil, err
	}
	grants, err := cached(c, c.grants, u.WorkspaceID+"/"+u.ID, func() ([]domain.Grant, error) {
		return c.store.ActiveGrants(ctx, u.WorkspaceID, u.ID, c.now())
	})
	if err != nil {
		return nil, err
	}
	cur := *p
	cur.Role, cur.Username = string(u.Role), u.Username
	cur.Permissions, cur.UIResources = slices.Clone(rp.Permissions), slices.Clone(rp.UIResources)
	// A grant read within the bound may have ended since: it counts only
	// until its end, whatever the cache holds.
	now := c.now()
	for _, g := range grants {
		if !g.Active(now) {
			continue
		}
		for _, perm := range g.Permissions {
			if !slices.Contains(cur.Permissions, perm) {
				cur.Permissions = append(cur.Permissions, perm)
			}
		}
		for _, id := range authz.UIFor(g.Permissions) {
			if !slices.Contains(cur.UIResources, id) {
				cur.UIResources = append(cur.UIResources, id)
			}
		}
	}
	return &cur, nil
}

// cached answers m[key] while it is fresher than the bound, and reads it
// again otherwise.
func cached[T any](c *Checker, m map[string]entry[T], key string, read func() (T, error)) (T, error) {
	now := c.now()
	c.mu.Lock()
	e, ok := m[key]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < c.bound {
		return e.v, nil
	}
	v, err := read()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(m) > 10000 { // many callers in one process: start over rather than grow
		clear(m)
	}
	m[key] = entry[T]{v: v, at: now}
	return v, nil
}
