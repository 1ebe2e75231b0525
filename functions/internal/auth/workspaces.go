package auth

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
)

// A person (one pool user: one username, email and password) may belong
// to several workspaces, with a user row, roles and status in each. The
// access token carries the workspace chosen: the pool group of that
// workspace, which the sign-in or a switch puts the person in before the
// token is issued; the authorizer reads it from the token and checks the
// membership (store.MemberOf). Switching trades the session's refresh
// token for a new access token: no password again.

// Membership is one workspace a person belongs to.
type Membership struct {
	WorkspaceID   string            `json:"workspaceId"`
	WorkspaceName string            `json:"workspaceName"`
	UserID        string            `json:"userId"`
	Role          domain.Role       `json:"role"`
	Roles         []domain.Role     `json:"roles"`
	Status        domain.UserStatus `json:"status"`
	Current       bool              `json:"current"` // the workspace of the caller's token
}

// Memberships lists the caller's workspaces.
type Memberships struct {
	Data []Membership `json:"data"`
}

// SwitchRequest chooses a workspace; the session is the refresh token in
// the body or the session cookie, as for a refresh.
type SwitchRequest struct {
	WorkspaceID  string `json:"workspaceId"`
	RefreshToken string `json:"refreshToken,omitempty"`
}

// JoinRequest joins another workspace with an invite code.
type JoinRequest struct {
	InviteCode string `json:"inviteCode"`
}

// workspaceStore is what choosing a workspace needs of the table.
type workspaceStore interface {
	Memberships(ctx context.Context, subject string) ([]domain.User, error)
	GetWorkspace(ctx context.Context, id string) (*domain.Workspace, error)
	Join(ctx context.Context, person *domain.User, ws string, role domain.Role, roles []domain.Role) (*domain.User, error)
	SignedIn(ctx context.Context, u *domain.User, at time.Time) error
	SetPasswordChangeRequired(ctx context.Context, u *domain.User, required bool) error
}

func (s *Service) workspaces(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	me, err := s.store.GetUser(r.Context(), p.WorkspaceID, p.UserID)
	if err != nil {
		return err
	}
	ms, err := s.store.Memberships(r.Context(), me.Subject)
	if err != nil {
		return err
	}
	out := Memberships{Data: []Membership{}}
	for _, m := range ms {
		ws, err := s.store.GetWorkspace(r.Context(), m.WorkspaceID)
		if domain.Is(err, domain.KindNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		out.Data = append(out.Data, Membership{WorkspaceID: ws.ID, WorkspaceName: ws.Name, UserID: m.ID, Role: m.Role,
			Roles: m.AllRoles(), Status: m.Status, Current: m.WorkspaceID == p.WorkspaceID})
	}
	return httpapi.JSON(w, http.StatusOK, out)
}

func (s *Service) switchWorkspace(w http.ResponseWriter, r *http.Request) error {
	var req SwitchRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	p := httpapi.PrincipalFrom(ctx)
	ev := httpapi.AuditOf(r)
	ev.ResourceID = req.WorkspaceID
	if !domain.ValidID(req.WorkspaceID) {
		return domain.Invalid("workspaceId", "not a workspace id")
	}
	token := req.RefreshToken
	if token == "" {
		c, err := r.Cookie(SessionCookie)
		if err != nil || c.Value == "" {
			return domain.Unauthenticated("no session: sign in")
		}
		if r.Header.Get(CSRFHeader) == "" {
			return domain.Invalid(CSRFHeader, "is required with the session cookie")
		}
		token = c.Value
	}
	me, err := s.store.GetUser(ctx, p.WorkspaceID, p.UserID)
	if err != nil {
		return err
	}
	sess, err := s.pool.Refresh(ctx, token)
	if err != nil {
		return err
	}
	sess, err = s.inWorkspace(ctx, sess, me, req.WorkspaceID)
	if err != nil {
		return err
	}
	resp, err := s.answer(ctx, sess)
	if err != nil {
		return err
	}
	if resp.User.Subject != me.Subject { // a refresh token of someone else's session
		return domain.Unauthenticated("this session is not yours: sign in again")
	}
	ev.Before, ev.After = map[string]any{"workspaceId": p.WorkspaceID}, map[string]any{"workspaceId": resp.User.WorkspaceID}
	setSessionCookie(w, r, sess.RefreshToken)
	return httpapi.JSON(w, http.StatusOK, resp)
}

// inWorkspace answers a session whose token carries workspace want (the
// token's own when want is empty and the person may work there, else the
// person's first active membership): the person is moved into that
// workspace's pool group and the session refreshed. A workspace the
// person is not an active member of is refused.
func (s *Service) inWorkspace(ctx context.Context, sess *identity.Session, person *domain.User, want string) (*identity.Session, error) {
	p, err := s.resolve.Resolve(ctx, sess.AccessToken)
	if err == nil && (want == "" || p.WorkspaceID == want) {
		return sess, nil
	}
	ms, merr := s.store.Memberships(ctx, person.Subject)
	if merr != nil {
		return nil, merr
	}
	active := slices.DeleteFunc(slices.Clone(ms), func(m domain.User) bool { return m.Status != domain.UserActive })
	if want == "" {
		if len(active) == 0 {
			return nil, &domain.Error{Kind: domain.KindUnauthenticated, Msg: "this account cannot sign in here", Err: err}
		}
		want = active[0].WorkspaceID
	}
	if !slices.ContainsFunc(active, func(m domain.User) bool { return m.WorkspaceID == want }) {
		return nil, domain.Refused("workspaceId", "you are not an active member of that workspace")
	}
	from := make([]string, 0, len(ms))
	for _, m := range ms {
		from = append(from, m.WorkspaceID)
	}
	if err := s.pool.MoveToWorkspace(ctx, person.Username, want, from); err != nil {
		return nil, err
	}
	return s.pool.Refresh(ctx, sess.RefreshToken)
}

func (s *Service) join(w http.ResponseWriter, r *http.Request) error {
	var req JoinRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	p := httpapi.PrincipalFrom(ctx)
	if err := required("inviteCode", req.InviteCode); err != nil {
		return err
	}
	inv, err := s.usableInvite(ctx, req.InviteCode)
	if err != nil {
		return err
	}
	me, err := s.store.GetUser(ctx, p.WorkspaceID, p.UserID)
	if err != nil {
		return err
	}
	if err := s.store.UseInvite(ctx, inv, s.now()); err != nil {
		return err
	}
	u, err := s.store.Join(ctx, me, inv.WorkspaceID, inv.Role, nil)
	if err != nil {
		if rerr := s.store.ReleaseInvite(ctx, inv); rerr != nil {
			httpapi.Logger(ctx).Error("give back an invite use", "invite", inv.ID, "error", rerr.Error())
		}
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.WorkspaceID, ev.Actor, ev.ResourceID, ev.After = inv.WorkspaceID, u.ID, u.ID, u // recorded in the workspace joined
	return httpapi.JSON(w, http.StatusCreated, u)
}

// usableInvite finds an invite by its code, refusing an unknown, expired
// or used-up one.
func (s *Service) usableInvite(ctx context.Context, code string) (*domain.Invite, error) {
	inv, err := s.store.InviteByCodeHash(ctx, domain.HashInviteCode(code))
	if domain.Is(err, domain.KindNotFound) {
		return nil, domain.Invalid("inviteCode", "unknown invite code")
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	switch {
	case !now.Before(inv.ExpiresAt):
		return nil, domain.Invalid("inviteCode", "this invite code has expired")
	case inv.Uses >= inv.MaxUses:
		return nil, domain.Invalid("inviteCode", "this invite code is used up")
	}
	return inv, nil
}
