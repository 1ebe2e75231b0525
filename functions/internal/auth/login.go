package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
)

func (s *Service) login(w http.ResponseWriter, r *http.Request) error {
	start := time.Now()
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
	err := s.signIn(w, r, req)
	if domain.Is(err, domain.KindUnauthenticated) || domain.Is(err, domain.KindThrottled) {
		// A wrong password, an unknown user, a closed account and a
		// throttled address take the same time to answer.
		s.sleep(r.Context(), s.failFloor-time.Since(start))
	}
	return err
}

// errSignIn is the one answer to a sign-in that did not succeed, whatever
// the reason: a wrong password, an unknown user, an inactive or locked
// account. The audit entry and the log keep the reason.
var errSignIn = identity.ErrBadCredentials

func (s *Service) signIn(w http.ResponseWriter, r *http.Request, req LoginRequest) error {
	ctx := r.Context()
	ev := httpapi.AuditOf(r)
	ev.ActorName = req.Username
	now, addr := s.now(), httpapi.ClientIP(ctx)
	// refuse counts a failure from the address and answers err; past the
	// bounds, failures are no longer recorded one by one, so that a flood
	// cannot fill the audit log.
	refuse := func(reason string, auditUpTo int, err error) error {
		n, cerr := s.store.CountSignInFailureFromAddress(context.WithoutCancel(ctx), addr, now, s.policy.AddressWindow)
		if cerr != nil {
			httpapi.Logger(ctx).Error("count a failed sign-in", "error", cerr.Error())
		}
		ev.After = map[string]any{"reason": reason}
		ev.Skip = n > auditUpTo
		return err
	}
	fails, err := s.store.SignInFailuresFromAddress(ctx, addr, now, s.policy.AddressWindow)
	if err != nil {
		return err
	}
	if fails >= s.policy.AddressMax {
		return refuse("throttled address", s.policy.AddressMax+1,
			domain.Throttled("too many failed sign-ins from this address: wait a few minutes"))
	}
	u, err := s.findUser(ctx, req.Username)
	if err != nil {
		return err
	}
	if u == nil {
		return refuse("unknown user", s.policy.UnknownAudited, errSignIn)
	}
	ev.WorkspaceID, ev.Actor, ev.ActorName, ev.ResourceID = u.WorkspaceID, u.ID, u.Username, u.ID
	ms, err := s.store.Memberships(ctx, u.Subject)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(append(ms, *u), func(m domain.User) bool { return m.Status == domain.UserActive }) {
		return refuse("account "+string(u.Status), s.policy.AddressMax+1, errSignIn)
	}
	admitted, err := s.store.AdmitSignIn(ctx, u.ID, now, s.policy.Window, s.policy.MaxFailures)
	if err != nil {
		return err
	}
	if !admitted {
		return refuse("sign-in closed after failed attempts", s.policy.AddressMax+1, errSignIn)
	}
	sess, ch, err := s.pool.SignIn(ctx, u.Username, req.Password)
	if domain.Is(err, domain.KindUnauthenticated) {
		s.failed(r, u, now)
		return refuse("wrong password", s.policy.AddressMax+1, errSignIn)
	}
	if err != nil {
		return err
	}
	if err := s.store.SignInSucceeded(ctx, u.ID, now); err != nil {
		httpapi.Logger(ctx).Warn("reset failed sign-ins", "user", u.ID, "error", err.Error())
	}
	if ch != nil {
		ev.Action = "auth.challenge_issued"
		return httpapi.JSON(w, http.StatusOK, LoginResponse{Challenge: ch.Name, Session: ch.Session, Username: u.Username})
	}
	// Only now, with the password checked, may the sign-in move the
	// person to another workspace.
	sess, err = s.inWorkspace(ctx, sess, u, req.WorkspaceID)
	return s.signedIn(w, r, sess, err)
}

// maxSignInName is longer than any username or email the product accepts.
const maxSignInName = 320

// findUser finds the user a sign-in names, by username or by email: the
// lockout counts per user, whichever name was typed.
func (s *Service) findUser(ctx context.Context, name string) (*domain.User, error) {
	if len(name) > maxSignInName { // no user has such a name; its key would not fit the table's
		return nil, nil
	}
	u, err := s.store.UserByUsername(ctx, name)
	if domain.Is(err, domain.KindNotFound) && strings.Contains(name, "@") {
		u, err = s.store.UserByEmail(ctx, name)
	}
	if domain.Is(err, domain.KindNotFound) {
		return nil, nil
	}
	return u, err
}

// failed counts a wrong password; at the threshold the user's sign-in
// closes for a while, doubling with each lock, and an alert is raised.
// The account itself stays active: its sessions go on, so an attacker who
// guesses cannot sign its owner out.
func (s *Service) failed(r *http.Request, u *domain.User, now time.Time) {
	ctx := context.WithoutCancel(r.Context())
	until, err := s.store.SignInFailed(ctx, u.ID, now, s.policy.MaxFailures, s.policy.LockFor, s.policy.LockLimit)
	if err != nil {
		httpapi.Logger(ctx).Error("count failed sign-in", "user", u.ID, "error", err.Error())
		return
	}
	if until.IsZero() {
		return
	}
	_ = s.audit.Record(r, httpapi.AuditEvent{Action: "users.lock", ResourceType: "user", ResourceID: u.ID, WorkspaceID: u.WorkspaceID,
		Actor: "system", ActorName: "lockout", After: map[string]any{"signInClosedUntil": until}}, nil)
	s.alert.Alert(ctx, u.WorkspaceID, "user_locked", "sign-in of "+u.Username+" is closed until "+until.Format(time.RFC3339)+
		" after "+strconv.Itoa(s.policy.MaxFailures)+" failed attempts")
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
	// The token is noted in its session, so that a sign-out ends it too;
	// a token that could not be ended is not handed out.
	if p.TokenID != "" && sess.RefreshToken != "" {
		now := s.now()
		if err := s.store.RecordToken(ctx, sessionKey(sess.RefreshToken), u.Subject, p.WorkspaceID, p.TokenID,
			now.Add(time.Duration(sess.ExpiresIn)*time.Second), now); err != nil {
			return nil, err
		}
	}
	return &LoginResponse{Token: sess.AccessToken, ExpiresIn: sess.ExpiresIn, User: u}, nil
}

// noteSignIn records when the person last signed in to the workspace
// their token carries; a failure is logged, not the caller's.
func (s *Service) noteSignIn(ctx context.Context, u *domain.User) {
	now := s.now()
	if err := s.store.SignedIn(ctx, u, now); err != nil {
		httpapi.Logger(ctx).Warn("record the sign-in", "user", u.ID, "error", err.Error())
		return
	}
	u.LastLoginAt = &now
}

// sessionKey names a session by its refresh token, which is never stored.
func sessionKey(refreshToken string) string {
	sum := sha256.Sum256([]byte(refreshToken))
	return hex.EncodeToString(sum[:])
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
	resp, err := s.session(w, r, sess, err)
	if err != nil {
		return err
	}
	s.passwordChosen(r.Context(), resp.User)
	s.noteSignIn(r.Context(), resp.User)
	return httpapi.JSON(w, http.StatusOK, resp)
}

// passwordChosen clears the mark of a temporary password once the person
// chose their own; a failure is logged, not the caller's.
func (s *Service) passwordChosen(ctx context.Context, u *domain.User) {
	if !u.PasswordChangeRequired {
		return
	}
	if err := s.store.SetPasswordChangeRequired(ctx, u, false); err != nil {
		httpapi.Logger(ctx).Warn("clear the temporary password mark", "user", u.ID, "error", err.Error())
		return
	}
	u.PasswordChangeRequired = false
}

// signedIn answers a session the pool issued, once the authorizer would
// accept its token, recording the sign-in (not a refresh) on the user.

func (s *Service) signedIn(w http.ResponseWriter, r *http.Request, sess *identity.Session, err error) error {
	resp, err := s.session(w, r, sess, err)
	if err != nil {
		return err
	}
	s.noteSignIn(r.Context(), resp.User)
	return httpapi.JSON(w, http.StatusOK, resp)
}

// session answers a session the pool issued, once the authorizer would
// accept its token, and keeps its refresh token in the cookie.
func (s *Service) session(w http.ResponseWriter, r *http.Request, sess *identity.Session, err error) (*LoginResponse, error) {
	if err != nil {
		return nil, err
	}
	resp, err := s.answer(r.Context(), sess)
	if err != nil {
		return nil, err
	}
	setSessionCookie(w, r, sess.RefreshToken)
	return resp, nil
}

// refreshToken reads the session a refresh or a sign-out names: the
// refresh token in the body, or else the session cookie, which a request
// may use only with the CSRF header (a page of another site cannot set
// it without a CORS preflight this API refuses; the cookie is SameSite
// Strict besides).
func refreshToken(r *http.Request) (string, error) {
	var req RefreshRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return "", err
	}
	if req.RefreshToken != "" {
		return req.RefreshToken, nil
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return "", domain.Unauthenticated("no session: sign in")
	}
	if r.Header.Get(CSRFHeader) == "" {
		return "", domain.Invalid(CSRFHeader, "is required with the session cookie")
	}
	return c.Value, nil
}

func (s *Service) refresh(w http.ResponseWriter, r *http.Request) error {
	token, err := refreshToken(r)
	if err != nil {
		return err
	}
	sess, err := s.pool.Refresh(r.Context(), token)
	if err == nil {
		sess, err = s.keepWorkspace(r.Context(), sess, token)
	}
	resp, err := s.session(w, r, sess, err)
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, resp)
}

// logout ends the caller's own session: its refresh token and every
// access token handed out in it (the mux refuses them within the
// revocation bound). Another user's refresh token changes nothing; the
// answer is the same, so it tells nothing either.
func (s *Service) logout(w http.ResponseWriter, r *http.Request) error {
	token, err := refreshToken(r)
	if err != nil {
		return err
	}
	clearSessionCookie(w, r)
	p := httpapi.PrincipalFrom(r.Context())
	ev := httpapi.AuditOf(r)
	ev.ResourceID = p.UserID
	me, err := s.store.GetUser(r.Context(), p.WorkspaceID, p.UserID)
	if err != nil {
		return err
	}
	own, err := s.store.RevokeSession(r.Context(), sessionKey(token), me.Subject)
	if err != nil {
		return err
	}
	if !own {
		ev.After = map[string]any{"ended": false, "reason": "not a session of the caller"}
		return httpapi.NoContent(w)
	}
	if err := s.pool.Revoke(r.Context(), token); err != nil {
		return err
	}
	ev.After = map[string]any{"ended": true}
	return httpapi.NoContent(w)
}

// keepWorkspace keeps a refreshed session in the workspace of its own
// latest token: the pool group that puts the workspace in tokens is the
// person's, so a switch in another tab or device may have moved it. When
// the refreshed token names another workspace, the person is moved back
// and the session refreshed again (a workspace they may no longer work in
// falls back to their first active one).
func (s *Service) keepWorkspace(ctx context.Context, sess *identity.Session, refreshToken string) (*identity.Session, error) {
	want, owner, err := s.store.SessionWorkspace(ctx, sessionKey(refreshToken))
	if err != nil || want == "" {
		return sess, err
	}
	if p, err := s.resolve.Resolve(ctx, sess.AccessToken); err == nil && p.WorkspaceID == want {
		return sess, nil
	}
	ms, err := s.store.Memberships(ctx, owner)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, domain.Unauthenticated("this account cannot sign in here")
	}
	person := &ms[0]
	if !slices.ContainsFunc(ms, func(m domain.User) bool { return m.WorkspaceID == want && m.Status == domain.UserActive }) {
		want = ""
	}
	return s.inWorkspace(ctx, sess, person, want)
}
