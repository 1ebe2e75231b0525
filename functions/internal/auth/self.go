package auth

import (
	"net/http"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/users"
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
	var req PasswordRequest
	ev := audit.Event{Action: "auth.password", ResourceType: "user"}
	if err := httpapi.Decode(r, &req); err != nil {
		return s.audit.Record(r, ev, err)
	}
	ev.ResourceID = httpapi.PrincipalFrom(r.Context()).UserID
	if err := required("oldPassword", req.OldPassword); err != nil {
		return s.audit.Record(r, ev, err)
	}
	if err := domain.ValidatePassword("newPassword", req.NewPassword); err != nil {
		return s.audit.Record(r, ev, err)
	}
	raw := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	err := s.pool.ChangePassword(r.Context(), raw, req.OldPassword, req.NewPassword)
	if domain.Is(err, domain.KindUnauthenticated) {
		err = domain.Invalid("oldPassword", "is not your current password")
	}
	if err := s.audit.Record(r, ev, err); err != nil {
		return err
	}
	return httpapi.NoContent(w)
}

func (s *Service) permissions(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	resp := Permissions{Role: p.Role, Permissions: p.Permissions, UIResources: p.UIResources}
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
	ev := audit.Event{Action: "auth.register", ResourceType: "user"}
	if err := httpapi.Decode(r, &req); err != nil {
		return s.audit.Record(r, ev, err)
	}
	ev.ActorName = req.Username
	if err := required("inviteCode", req.InviteCode); err != nil {
		return s.audit.Record(r, ev, err)
	}
	inv, err := s.store.InviteByCodeHash(r.Context(), HashInviteCode(req.InviteCode))
	if domain.Is(err, domain.KindNotFound) {
		err = domain.Invalid("inviteCode", "unknown invite code")
	}
	if err != nil {
		return s.audit.Record(r, ev, err)
	}
	ev.WorkspaceID = inv.WorkspaceID
	n := users.NewUser{Username: req.Username, Email: req.Email, Password: req.Password, Role: inv.Role}
	if err := n.Validate(); err != nil {
		return s.audit.Record(r, ev, err)
	}
	now := s.now()
	switch {
	case !now.Before(inv.ExpiresAt):
		return s.audit.Record(r, ev, domain.Invalid("inviteCode", "this invite code has expired"))
	case inv.Uses >= inv.MaxUses:
		return s.audit.Record(r, ev, domain.Invalid("inviteCode", "this invite code is used up"))
	}
	if err := s.store.UseInvite(r.Context(), inv, now); err != nil {
		return s.audit.Record(r, ev, err)
	}
	u, err := s.users.Create(r.Context(), inv.WorkspaceID, n)
	if err != nil {
		if rerr := s.store.ReleaseInvite(r.Context(), inv); rerr != nil {
			httpapi.Logger(r.Context()).Error("give back an invite use", "invite", inv.ID, "error", rerr.Error())
		}
		return s.audit.Record(r, ev, err)
	}
	ev.Actor, ev.ResourceID, ev.After = u.ID, u.ID, u
	if err := s.audit.Record(r, ev, nil); err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusCreated, RegisterResponse{User: u})
}
