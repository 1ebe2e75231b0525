package auth

import (
	"net/http"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
)

func (s *Service) me(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	u, err := s.store.GetUser(r.Context(), p.WorkspaceID, p.UserID)
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, u)
}

func (s *Service) password(w http.ResponseWriter, r *http.Request) error {
	httpapi.AuditOf(r).ResourceID = httpapi.PrincipalFrom(r.Context()).UserID
	var req PasswordRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	if err := required("oldPassword", req.OldPassword); err != nil {
		return err
	}
	if err := domain.ValidatePassword("newPassword", req.NewPassword); err != nil {
		return err
	}
	raw := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	err := s.pool.ChangePassword(r.Context(), raw, req.OldPassword, req.NewPassword)
	if domain.Is(err, domain.KindUnauthenticated) {
		return domain.Invalid("oldPassword", "is not your current password")
	}
	if err != nil {
		return err
	}
	return httpapi.NoContent(w)
}

func (s *Service) permissions(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	resp := Permissions{Role: domain.Role(p.Role), Roles: p.Roles, Rank: p.Rank, WorkspaceID: p.WorkspaceID,
		Permissions: p.Permissions, UIResources: p.UIResources}
	if resp.Permissions == nil {
		resp.Permissions = []string{}
	}
	if resp.UIResources == nil {
		resp.UIResources = []string{}
	}
	if check := r.URL.Query().Get("check"); check != "" {
		resp.Checks = map[string]bool{}
		for _, k := range strings.Split(check, ",") {
			if k = strings.TrimSpace(k); k != "" {
				resp.Checks[k] = p.Can(k)
			}
		}
	}
	return httpapi.JSON(w, http.StatusOK, resp)
}

func (s *Service) register(w http.ResponseWriter, r *http.Request) error {
	var req RegisterRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ActorName = req.Username
	if err := required("inviteCode", req.InviteCode); err != nil {
		return err
	}
	inv, err := s.usableInvite(r.Context(), req.InviteCode)
	if err != nil {
		return err
	}
	ev.WorkspaceID = inv.WorkspaceID
	n := identity.NewUser{Username: req.Username, Email: req.Email, Password: req.Password, Role: inv.Role}
	if err := n.Validate(); err != nil {
		return err
	}
	now := s.now()
	if err := s.store.UseInvite(r.Context(), inv, now); err != nil {
		return err
	}
	u, err := s.users.Create(r.Context(), inv.WorkspaceID, n)
	if err != nil {
		if rerr := s.store.ReleaseInvite(r.Context(), inv); rerr != nil {
			httpapi.Logger(r.Context()).Error("give back an invite use", "invite", inv.ID, "error", rerr.Error())
		}
		return err
	}
	ev.Actor, ev.ResourceID, ev.After = u.ID, u.ID, u
	return httpapi.JSON(w, http.StatusCreated, RegisterResponse{User: u})
}
