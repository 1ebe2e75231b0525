package users

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// Routes are the user routes, each with its handler.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/users", Perm: authz.UsersRead, Summary: "List users",
			Query: httpapi.WithPage(httpapi.Param{Name: "role"}, httpapi.Param{Name: "status"}, httpapi.Param{Name: "search"}),
			Reply: httpapi.List[domain.User]{}, Handler: s.listUsers},
		{Method: "GET", Path: "/api/users/detail", Perm: authz.UsersRead, Summary: "One user", Query: httpapi.IDParam, Reply: domain.User{}, Handler: s.detail},
		{Method: "POST", Path: "/api/users/create", Perm: authz.UsersCreate, Summary: "Create a user",
			Body: identity.NewUser{}, Reply: domain.User{}, Status: 201, Audit: httpapi.Audited("users.create", "user"), Handler: s.create},
		{Method: "POST", Path: "/api/users/update", Perm: authz.UsersUpdate, Summary: "Change a user's email, role or status (active unlocks)",
			Body: identity.Update{}, Reply: domain.User{}, Audit: httpapi.Audited("users.update", "user"), Handler: s.update},
		{Method: "POST", Path: "/api/users/reset-password", Perm: authz.UsersUpdate,
			Summary: "Give a user a temporary password (shown once); their next sign-in chooses a new one",
			Body:    httpapi.IDBody{}, Reply: PasswordReset{}, Audit: httpapi.Audited("users.reset_password", "user"), Handler: s.resetPassword},
		{Method: "POST", Path: "/api/users/delete", Perm: authz.UsersDelete, Summary: "Delete a user",
			Body: httpapi.IDBody{}, Status: 204, Audit: httpapi.Audited("users.delete", "user"), Handler: s.delete},
	}
}

func (s *Service) listUsers(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	q := r.URL.Query()
	f := store.UserFilter{Role: domain.Role(q.Get("role")), Status: domain.UserStatus(q.Get("status")), Search: strings.TrimSpace(q.Get("search"))}
	if f.Role != "" {
		if err := domain.ValidateRoleName("role", f.Role); err != nil {
			return err
		}
		if _, err := s.list.GetRole(r.Context(), p.WorkspaceID, f.Role); domain.Is(err, domain.KindNotFound) {
			return domain.Invalidf("role", "no role named %s in this workspace", f.Role)
		} else if err != nil {
			return err
		}
	}
	if f.Status != "" && !f.Status.Valid() {
		return domain.Invalid("status", "must be active, inactive or locked")
	}
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.User], error) {
		l, err := s.list.ListUsers(r.Context(), p.WorkspaceID, f, page)
		if err != nil {
			return l, err
		}
		return l, s.noteClosed(r.Context(), l.Items)
	})
}

func (s *Service) detail(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	u, err := s.users.Get(r.Context(), p.WorkspaceID, r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	one := []domain.User{*u}
	if err := s.noteClosed(r.Context(), one); err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, one[0])
}

// noteClosed marks the users whose sign-in failed attempts have closed,
// so an admin sees who is shut out and until when.
func (s *Service) noteClosed(ctx context.Context, us []domain.User) error {
	ids := make([]string, len(us))
	for i := range us {
		ids[i] = us[i].ID
	}
	closed, err := s.list.SignInClosedUntil(ctx, ids, time.Now().UTC())
	if err != nil {
		return err
	}
	for i := range us {
		if until, ok := closed[us[i].ID]; ok {
			us[i].SignInClosedUntil = &until
		}
	}
	return nil
}

func (s *Service) create(w http.ResponseWriter, r *http.Request) error {
	var n identity.NewUser
	if err := httpapi.Decode(r, &n); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.After = map[string]any{"username": n.Username, "email": n.Email, "role": n.Role, "roles": n.Roles, "temporary": n.Temporary}
	p := httpapi.PrincipalFrom(r.Context())
	if err := n.Validate(); err != nil {
		return err
	}
	if err := s.mayGive(r.Context(), p, &n.Role, &n.Roles); err != nil {
		return err
	}
	u, err := s.users.Create(r.Context(), p.WorkspaceID, n)
	if err != nil {
		return err
	}
	ev.ResourceID, ev.After = u.ID, u
	return httpapi.JSON(w, http.StatusCreated, u)
}

func (s *Service) update(w http.ResponseWriter, r *http.Request) error {
	var up identity.Update
	if err := httpapi.Decode(r, &up); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = up.ID
	p := httpapi.PrincipalFrom(r.Context())
	if err := s.mayChange(r, p, up); err != nil {
		return err
	}
	before, after, err := s.users.Apply(r.Context(), actor(p), up)
	if err != nil {
		return err
	}
	ev.Before, ev.After = before, after
	was, err := s.rankOf(r.Context(), before)
	if err != nil {
		return err
	}
	now, err := s.rankOf(r.Context(), after)
	if err != nil {
		return err
	}
	if now > was {
		ev.Action = "users.elevate" // a role raise is a security event of its own
		httpapi.Logger(r.Context()).Warn("security alert: role raised", "user", after.ID, "from", before.AllRoles(), "to", after.AllRoles())
	}
	return httpapi.JSON(w, http.StatusOK, after)
}

func (s *Service) delete(w http.ResponseWriter, r *http.Request) error {
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	p := httpapi.PrincipalFrom(r.Context())
	if domain.ValidID(id) {
		target, err := s.users.Get(r.Context(), p.WorkspaceID, id)
		if err != nil {
			return err
		}
		if err := s.mayManage(r.Context(), p, target, "remove"); err != nil {
			return err
		}
	}
	u, err := s.users.Delete(r.Context(), actor(p), id)
	if err != nil {
		return err
	}
	ev.Before = u
	return httpapi.NoContent(w)
}

// PasswordReset is a user after a reset, with the temporary password
// shown this once (it is never stored, logged or audited).
type PasswordReset struct {
	User              domain.User `json:"user"`
	TemporaryPassword string      `json:"temporaryPassword"`
}

func (s *Service) resetPassword(w http.ResponseWriter, r *http.Request) error {
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	p := httpapi.PrincipalFrom(r.Context())
	target, err := s.users.Get(r.Context(), p.WorkspaceID, id)
	if err != nil {
		return err
	}
	if err := s.mayManage(r.Context(), p, target, "reset the password of"); err != nil {
		return err
	}
	u, pw, err := s.users.ResetPassword(r.Context(), actor(p), id)
	if err != nil {
		return err
	}
	ev.After = map[string]any{"username": u.Username, "passwordChangeRequired": true}
	return httpapi.JSON(w, http.StatusOK, PasswordReset{User: *u, TemporaryPassword: pw})
}
