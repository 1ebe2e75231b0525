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
	"fmt"
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
	// DefaultWorkspaceID is the deployment's first workspace, the only
	// one where workspaces:manage counts.
	DefaultWorkspaceID(ctx context.Context) (string, error)
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
	first  string // the default workspace's id, once read (it never changes)
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
	first, err := c.defaultWorkspace(ctx)
	if err != nil {
		return nil, err
	}
	res, err := Union(u, first, func(role domain.Role) (*domain.RolePermissions, error) {
		return cached(c, c.roles, u.WorkspaceID+"/"+string(role), func() (*domain.RolePermissions, error) {
			return c.store.GetRole(ctx, u.WorkspaceID, role)
		})
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
	cur.Username = u.Username
	res.apply(&cur)
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

func (c *Checker) defaultWorkspace(ctx context.Context) (string, error) {
	c.mu.Lock()
	first := c.first
	c.mu.Unlock()
	if first != "" {
		return first, nil
	}
	first, err := c.store.DefaultWorkspaceID(ctx)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	c.first = first
	c.mu.Unlock()
	return first, nil
}

// Resolved is what a user's roles give together.
type Resolved struct {
	Roles       []string
	Rank        int
	Permissions []string
	UIResources []string
}

func (r Resolved) apply(p *httpapi.Principal) {
	p.Role, p.Roles, p.Rank = r.Roles[0], r.Roles, r.Rank
	p.Permissions, p.UIResources = r.Permissions, r.UIResources
}

// Union joins the permissions of every role of u (the primary first):
// the union is what u may do, the highest rank is u's rank. A role
// deleted since it was given counts for nothing. workspaces:manage counts
// only in the deployment's first workspace (firstWorkspace), so an
// admin of a client's workspace never administers the platform. The UI
// ids are those of the permissions: a role never sees a button its API
// would refuse.
func Union(u *domain.User, firstWorkspace string, read func(domain.Role) (*domain.RolePermissions, error)) (Resolved, error) {
	var out Resolved
	for _, role := range u.AllRoles() {
		out.Roles = append(out.Roles, string(role))
		rp, err := read(role)
		if domain.Is(err, domain.KindNotFound) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("role %s: %w", role, err)
		}
		out.Rank = max(out.Rank, rp.RankOf())
		for _, perm := range rp.Permissions {
			if perm == authz.WorkspacesManage && u.WorkspaceID != firstWorkspace {
				continue
			}
			if !slices.Contains(out.Permissions, perm) {
				out.Permissions = append(out.Permissions, perm)
			}
		}
	}
	out.UIResources = authz.UIFor(out.Permissions)
	return out, nil
}

// RoleReader reads a workspace's role.
type RoleReader interface {
	GetRole(ctx context.Context, ws string, role domain.Role) (*domain.RolePermissions, error)
}

// Grantable reads a role the caller means to give (to a user, an invite,
// a membership) and refuses one that does not exist in the caller's
// workspace or ranks above the caller's own.
func Grantable(ctx context.Context, rd RoleReader, p *httpapi.Principal, field string, role domain.Role) (*domain.RolePermissions, error) {
	if err := domain.ValidateRoleName(field, role); err != nil {
		return nil, err
	}
	rp, err := rd.GetRole(ctx, p.WorkspaceID, role)
	if domain.Is(err, domain.KindNotFound) {
		return nil, domain.Invalidf(field, "no role named %s in this workspace", role)
	}
	if err != nil {
		return nil, err
	}
	if rp.RankOf() > p.Rank {
		return nil, domain.Refused(field, fmt.Sprintf("the role %s ranks above your own role: ask someone of a higher rank", role))
	}
	return rp, nil
}

// UserRank is a user's rank: its highest role's (a role deleted since
// counts for nothing).
func UserRank(ctx context.Context, rd RoleReader, u *domain.User) (int, error) {
	return RolesRank(ctx, rd, u.WorkspaceID, u.AllRoles()...)
}

// RolesRank is the highest rank among roles of workspace ws.
func RolesRank(ctx context.Context, rd RoleReader, ws string, roles ...domain.Role) (int, error) {
	rank := 0
	for _, role := range roles {
		rp, err := rd.GetRole(ctx, ws, role)
		if domain.Is(err, domain.KindNotFound) {
			continue
		}
		if err != nil {
			return 0, err
		}
		rank = max(rank, rp.RankOf())
	}
	return rank, nil
}

// PrincipalOf is u as a caller acting without a token (a schedule's
// owner, a notification's reader): its roles' union, read now.
// workspaces:manage does not count here: nothing runs as a platform
// admin without one.
func PrincipalOf(ctx context.Context, rd RoleReader, u *domain.User) (*httpapi.Principal, error) {
	res, err := Union(u, "", func(role domain.Role) (*domain.RolePermissions, error) { return rd.GetRole(ctx, u.WorkspaceID, role) })
	if err != nil {
		return nil, err
	}
	p := &httpapi.Principal{UserID: u.ID, Username: u.Username, WorkspaceID: u.WorkspaceID}
	res.apply(p)
	return p, nil
}
