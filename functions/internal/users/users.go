// Package users serves the user routes: list, detail, create, update
// (role, status, unlock) and delete. The lifecycle behind them, which
// keeps the pool and the table in step, is identity.Users.
package users

import (
	"context"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// Lister is what the user list needs of the table: the users, and whose
// sign-in failed attempts have closed.
type Lister interface {
	ListUsers(ctx context.Context, ws string, f store.UserFilter, p domain.Page) (domain.Listed[domain.User], error)
	SignInClosedUntil(ctx context.Context, users []string, now time.Time) (map[string]time.Time, error)
	GetRole(ctx context.Context, ws string, role domain.Role) (*domain.RolePermissions, error)
}

// Lifecycle changes users in the pool and the table (identity.Users).
type Lifecycle interface {
	Create(ctx context.Context, ws string, n identity.NewUser) (*domain.User, error)
	Apply(ctx context.Context, actor identity.Actor, up identity.Update) (before, after *domain.User, err error)
	Delete(ctx context.Context, actor identity.Actor, id string) (*domain.User, error)
	Get(ctx context.Context, ws, id string) (*domain.User, error)
	ResetPassword(ctx context.Context, actor identity.Actor, id string) (*domain.User, string, error)
}

// Service serves the user routes.
type Service struct {
	list  Lister
	users Lifecycle
}

// New builds the service.
func New(l Lister, u Lifecycle) *Service { return &Service{list: l, users: u} }

func actor(p *httpapi.Principal) identity.Actor {
	return identity.Actor{UserID: p.UserID, WorkspaceID: p.WorkspaceID}
}
