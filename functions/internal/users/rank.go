package users

import (
	"fmt"
	"net/http"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
)

// A role that may manage users manages those whose role ranks no higher
// than its own: a power user given users.create or users.update in the
// role matrix cannot make an admin, raise anyone to admin, or change an
// admin's email, role or status. The permission says which routes a role
// may call; the rank says on whom.

// mayChange refuses an update of a user who outranks the caller, or one
// that would raise a user above the caller. The user's role is read before
// the change; Apply checks the version the caller read, so a role raised
// in between makes the update a stale write.
func (s *Service) mayChange(r *http.Request, p *httpapi.Principal, up identity.Update) error {
	caller := domain.Role(p.Role)
	if up.Role != nil && up.Role.Valid() && up.Role.Outranks(caller) {
		return aboveOwnRole("give a user the role", *up.Role, p)
	}
	if !domain.ValidID(up.ID) {
		return nil // Apply names the field
	}
	u, err := s.users.Get(r.Context(), p.WorkspaceID, up.ID)
	if err != nil {
		return err
	}
	if u.Role.Outranks(caller) {
		return aboveOwnRole("change a user of role", u.Role, p)
	}
	return nil
}

func aboveOwnRole(what string, role domain.Role, p *httpapi.Principal) error {
	return domain.Refused("role", fmt.Sprintf("a %s cannot %s %s: it ranks above your own role; ask an admin", p.Role, what, role))
}
