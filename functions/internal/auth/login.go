package auth

import (
	"context"
	"net/http"
	"strconv"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
)

func (s *Service) login(w http.ResponseWriter, r *http.Request) error {
	var req LoginRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	if err := required("username", req.Username); err != nil {
		return err
	}
	if err := required("password", req.Password); err != nil {
		return err
	}
	ctx := r.Context()
	ev := httpapi.AuditOf(r)
	u, err := s.store.UserByUsername(ctx, req.Username)
	if err != nil && !domain.Is(err, domain.KindNotFound) {
		return err
	}
	if u != nil {
		ev.WorkspaceID, ev.Actor, ev.ActorName, ev.ResourceID = u.WorkspaceID, u.ID, u.Username, u.ID
		switch u.Status {
		case domain.UserLocked:
			return domain.Unauthenticated("this account is locked after too many failed sign-ins: ask an admin to unlock it")
		case domain.UserInactive:
			return domain.Unauthenticated("this account is inactive: ask an admin")
		}
	} else {
		ev.ActorName = req.Username
	}
	sess, ch, err := s.pool.SignIn(ctx, req.Username, req.Password)
	if err != nil {
		if u != nil && domain.Is(err, domain.KindUnauthenticated) {
			s.countFailure(r, u)
		}
		return err
	}
	if ch != nil {
		ev.Action = "auth.challenge_issued"
		return httpapi.JSON(w, http.StatusOK, LoginResponse{Challenge: ch.Name, Session: ch.Session, Username: req.Username})
	}
	if err := s.signedIn(w, r, sess, nil); err != nil {
		return err
	}
	if u != nil && len(u.FailedLogins) > 0 {
		s.resetFailures(ctx, u)
	}
	return nil
}

// answer resolves the new token to the user through the same path the
// authorizer takes, so a token is only handed out to an active user.
func (s *Service) answer(ctx context.Context, sess *identity.Session) (*LoginResponse, error) {
	p, err := s.resolve.Resolve(ctx, sess.AccessToken)
	if err != nil {
		return nil, &domain.Error{Kind: domain.KindUnauthenticated, Msg: "this account cannot sign in here", Err: err}
	}
	u, err := s.store.GetUser(ctx, p.WorkspaceID, p.UserID)
	if err != nil {
		return nil, err
	}
	return &LoginResponse{Token: sess.AccessToken, RefreshToken: sess.RefreshToken, ExpiresIn: sess.ExpiresIn, User: u}, nil
}

// countFailure remembers a failed sign-in and locks the user at the
// threshold. It retries once on a concurrent write.
func (s *Service) countFailure(r *http.Request, u *domain.User) {
	ctx := context.WithoutCancel(r.Context())
	for attempt := 0; attempt < 3; attempt++ {
		now := s.now()
		before := *u
		next := *u
		next.FailedLogins = nil
		for _, t := range u.FailedLogins {
			if now.Sub(t) < identity.LockWindow {
				next.FailedLogins = append(next.FailedLogins, t)
			}
		}
		next.FailedLogins = append(next.FailedLogins, now)
		locking := len(next.FailedLogins) >= identity.LockAfter && next.Status == domain.UserActive
		if locking {
			next.Status, next.LockedAt = domain.UserLocked, &now
		}
		err := s.store.UpdateUser(ctx, &before, &next)
		if domain.Is(err, domain.KindConflict) {
			fresh, gerr := s.store.GetUser(ctx, u.WorkspaceID, u.ID)
			if gerr != nil {
				return
			}
			u = fresh
			continue
		}
		if err != nil {
			httpapi.Logger(ctx).Error("count failed sign-in", "user", u.ID, "error", err.Error())
			return
		}
		if locking {
			_ = s.audit.Record(r, httpapi.AuditEvent{Action: "users.lock", ResourceType: "user", ResourceID: u.ID, WorkspaceID: u.WorkspaceID,
				Actor: "system", ActorName: "lockout", Before: map[string]any{"status": before.Status}, After: map[string]any{"status": next.Status}}, nil)
			s.alert.Alert(ctx, u.WorkspaceID, "user_locked", "user "+u.Username+" was locked after "+strconv.Itoa(identity.LockAfter)+" failed sign-ins")
		}
		return
	}
}

func (s *Service) resetFailures(ctx context.Context, u *domain.User) {
	before, next := *u, *u
	next.FailedLogins = nil
	if err := s.store.UpdateUser(context.WithoutCancel(ctx), &before, &next); err != nil && !domain.Is(err, domain.KindConflict) {
		httpapi.Logger(ctx).Warn("reset failed sign-ins", "user", u.ID, "error", err.Error())
	}
}

func (s *Service) challenge(w http.ResponseWriter, r *http.Request) error {
	var req ChallengeRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	httpapi.AuditOf(r).ActorName = req.Username
	for _, f := range []struct{ name, v string }{{"username", req.Username}, {"session", req.Session}} {
		if err := required(f.name, f.v); err != nil {
			return err
		}
	}
	if err := domain.ValidatePassword("newPassword", req.NewPassword); err != nil {
		return err
	}
	sess, err := s.pool.RespondNewPassword(r.Context(), req.Username, req.Session, req.NewPassword)
	return s.signedIn(w, r, sess, err)
}

// signedIn answers a session the pool issued, once the authorizer would
// accept its token.
func (s *Service) signedIn(w http.ResponseWriter, r *http.Request, sess *identity.Session, err error) error {
	if err != nil {
		return err
	}
	resp, err := s.answer(r.Context(), sess)
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, resp)
}

// refreshToken reads the refresh token a body carries.
func refreshToken(r *http.Request) (string, error) {
	var req RefreshRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return "", err
	}
	return req.RefreshToken, required("refreshToken", req.RefreshToken)
}

func (s *Service) refresh(w http.ResponseWriter, r *http.Request) error {
	token, err := refreshToken(r)
	if err != nil {
		return err
	}
	sess, err := s.pool.Refresh(r.Context(), token)
	return s.signedIn(w, r, sess, err)
}

func (s *Service) logout(w http.ResponseWriter, r *http.Request) error {
	token, err := refreshToken(r)
	if err != nil {
		return err
	}
	if err := s.pool.Revoke(r.Context(), token); err != nil {
		return err
	}
	return httpapi.NoContent(w)
}
