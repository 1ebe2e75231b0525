package users

import (
	"context"
	"fmt"
	"net/http"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
)

// A role that may manage users manages those whose roles rank no higher
// than its own: a power user given users.create or users.update in the
// role matrix cannot make an admin, raise anyone to admin, or change an
// admin's email, role or status. The permission says which routes a role
// may call; the rank says on whom. A caller's rank is its highest role's
// (Principal.Rank), and so is a user's.

// mayGive refuses roles that do not exist in the workspace or rank above
// the caller's own.
func (s *Service) mayGive(ctx context.Context, p *httpapi.Principal, primary *domain.Role, others *[]domain.Role) error {
	if primary != nil && *primary != "" {
		if _, err := rights.Grantable(ctx, s.list, p, "role", *primary); err != nil {
			return err
		}
	}
	if others != nil {
		for _, r := range *others {
			if _, err := rights.Grantable(ctx, s.list, p, "roles", r); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Service) rankOf(ctx context.Context, u *domain.User) (int, error) {
	return rights.UserRank(ctx, s.list, u)
}

// mayChange refuses an update of a user who outranks the caller, or one
// that would give roles above the caller's. The user's roles are read
// before the change; Apply checks the version the caller read, so a role
// raised in between makes the update a stale write.
func (s *Service) mayChange(r *http.Request, p *httpapi.Principal, up identity.Update) error {
	if err := s.mayGive(r.Context(), p, up.Role, up.Roles); err != nil {
		return err
	}
	if !domain.ValidID(up.ID) {
		return nil // Apply names the field
	}
	u, err := s.users.Get(r.Context(), p.WorkspaceID, up.ID)
	if err != nil {
		return err
	}
	return s.mayManage(r.Context(), p, u, "change")
}

// mayManage refuses to act on a user who ranks above the caller.
func (s *Service) mayManage(ctx context.Context, p *httpapi.Principal, u *domain.User, what string) error {
	rank, err := s.rankOf(ctx, u)
	if err != nil {
		return err
	}
	if rank > p.Rank {
		return domain.Refused("role", fmt.Sprintf("you cannot %s %s: their roles rank above your own; ask someone of a higher rank", what, u.Username))
	}
	return nil
}
