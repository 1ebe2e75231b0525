// Package auth serves sign-in and the caller's own account: login with the
// pool's challenges, refresh, logout (revocation), the caller's profile and
// permissions, password change, and sign-up with a workspace invite code.
// It also counts failed sign-ins and locks a user after too many.
//
// It must not import the AWS SDK: the pool, the store and the authorizer
// are interfaces.
package auth

import (
	"context"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
)

// Pool is what sign-in needs of the identity pool.
type Pool interface {
	SignIn(ctx context.Context, username, password string) (*identity.Session, *identity.Challenge, error)
	RespondNewPassword(ctx context.Context, username, session, newPassword string) (*identity.Session, error)
	Refresh(ctx context.Context, refreshToken string) (*identity.Session, error)
	Revoke(ctx context.Context, refreshToken string) error
	ChangePassword(ctx context.Context, accessToken, oldPassword, newPassword string) error
	MoveToWorkspace(ctx context.Context, username, ws string, from []string) error
}

// Store is what sign-in needs of the table.
type Store interface {
	UserByUsername(ctx context.Context, username string) (*domain.User, error)
	UserByEmail(ctx context.Context, email string) (*domain.User, error)
	AdmitSignIn(ctx context.Context, userID string, now time.Time, window time.Duration, max int) (bool, error)
	SignInFailed(ctx context.Context, userID string, now time.Time, max int, base, limit time.Duration) (time.Time, error)
	SignInSucceeded(ctx context.Context, userID string, now time.Time) error
	SignInFailuresFromAddress(ctx context.Context, addr string, now time.Time, window time.Duration) (int, error)
	CountSignInFailureFromAddress(ctx context.Context, addr string, now time.Time, window time.Duration) (int, error)
	RecordToken(ctx context.Context, sessionKey, owner, ws, tokenID string, expires, now time.Time) error
	SessionWorkspace(ctx context.Context, sessionKey string) (ws, owner string, err error)
	RevokeSession(ctx context.Context, sessionKey, owner string) (bool, error)
	GetUser(ctx context.Context, ws, id string) (*domain.User, error)
	UpdateUser(ctx context.Context, before, u *domain.User) error
	InviteByCodeHash(ctx context.Context, hash string) (*domain.Invite, error)
	UseInvite(ctx context.Context, inv *domain.Invite, now time.Time) error
	ReleaseInvite(ctx context.Context, inv *domain.Invite) error
	workspaceStore
}

// Resolver turns an access token into the caller (the authorizer).
type Resolver interface {
	Resolve(ctx context.Context, raw string) (*httpapi.Principal, error)
}

// Creator makes users (the users service).
type Creator interface {
	Create(ctx context.Context, ws string, n identity.NewUser) (*domain.User, error)
}

// Alerter raises security alerts (lockouts) on the notification channels.
type Alerter interface {
	Alert(ctx context.Context, ws, kind, message string)
}

// Service serves the auth routes.
type Service struct {
	pool    Pool
	store   Store
	resolve Resolver
	users   Creator
	audit   httpapi.Auditor // events beside the route's own (a lockout)
	alert   Alerter
	now     func() time.Time
	policy  Policy
	// failFloor is how long a failed sign-in takes at least; sleep waits.
	failFloor time.Duration
	sleep     func(ctx context.Context, d time.Duration)
}

// Policy is how sign-in defends its users. Failed attempts close a
// user's sign-in for a while (doubling with each closing) instead of
// locking the account for good, so that nobody can lock its owner out for
// good by guessing; an admin opens it again at once (users/update with
// status active).
type Policy struct {
	MaxFailures int           // wrong passwords within Window that close a user's sign-in
	Window      time.Duration //
	LockFor     time.Duration // the first closing; each next one doubles
	LockLimit   time.Duration // the longest closing
	// AddressMax failed attempts per source address in AddressWindow;
	// beyond, 429 until the window turns (successes do not count, so an
	// office behind one address is not throttled for signing in).
	AddressMax    int
	AddressWindow time.Duration
	// UnknownAudited is how many failures for unknown names an address
	// gets recorded per window: the audit log cannot be flooded.
	UnknownAudited int
	// FailFloor is the least time any failed sign-in takes, so that a
	// wrong password, an unknown user and a closed account read the same.
	FailFloor time.Duration
}

// DefaultPolicy is the product's: 5 wrong passwords in 15 minutes close
// sign-in for 15 minutes, then 30, 60... up to a day; 30 failed attempts
// per address per 5 minutes.
func DefaultPolicy() Policy {
	return Policy{MaxFailures: 5, Window: 15 * time.Minute, LockFor: 15 * time.Minute, LockLimit: 24 * time.Hour,
		AddressMax: 30, AddressWindow: 5 * time.Minute, UnknownAudited: 10, FailFloor: 400 * time.Millisecond}
}

// WithPolicy sets the sign-in policy (tests shorten it).
func (s *Service) WithPolicy(p Policy) *Service {
	s.policy, s.failFloor = p, p.FailFloor
	return s
}

// WithClock sets the service's clock (tests).
func (s *Service) WithClock(now func() time.Time) *Service {
	s.now = now
	return s
}

// New builds the service.
func New(pool Pool, st Store, r Resolver, u Creator, a httpapi.Auditor, al Alerter) *Service {
	s := &Service{pool: pool, store: st, resolve: r, users: u, audit: a, alert: al, now: func() time.Time { return time.Now().UTC() },
		sleep: func(ctx context.Context, d time.Duration) {
			if d <= 0 {
				return
			}
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
			}
		}}
	return s.WithPolicy(DefaultPolicy())
}

// Routes are the sign-in and self-service routes, each with its handler.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "POST", Path: "/api/auth/login", Public: true, Summary: "Sign in with username and password",
			Body: LoginRequest{}, Reply: LoginResponse{}, Audit: httpapi.Audited("auth.login", "session"), Handler: s.login},
		{Method: "POST", Path: "/api/auth/challenge", Public: true, Summary: "Answer a sign-in challenge (NEW_PASSWORD_REQUIRED)",
			Body: ChallengeRequest{}, Reply: LoginResponse{}, Audit: httpapi.Audited("auth.challenge", "session"), Handler: s.challenge},
		{Method: "POST", Path: "/api/auth/refresh", Public: true, Summary: "Trade a refresh token for a new access token",
			Body: RefreshRequest{}, Reply: LoginResponse{}, Handler: s.refresh},
		{Method: "POST", Path: "/api/auth/register", Public: true, Summary: "Sign up with a workspace invite code",
			Body: RegisterRequest{}, Reply: RegisterResponse{}, Status: 201, Audit: httpapi.Audited("auth.register", "user"), Handler: s.register},
		{Method: "POST", Path: "/api/auth/logout", Perm: authz.AuthSelf, Summary: "Sign out: revoke the refresh token",
			Body: RefreshRequest{}, Status: 204, Audit: httpapi.Audited("auth.logout", "session"), Handler: s.logout},
		{Method: "GET", Path: "/api/auth/workspaces", Perm: authz.AuthSelf, Summary: "The workspaces the signed-in person belongs to",
			Reply: Memberships{}, Handler: s.workspaces},
		{Method: "POST", Path: "/api/auth/workspace", Perm: authz.AuthSelf, Summary: "Work in another of one's workspaces: a new access token carrying it, no password",
			Body: SwitchRequest{}, Reply: LoginResponse{}, Audit: httpapi.Audited("auth.switch_workspace", "workspace"), Handler: s.switchWorkspace},
		{Method: "POST", Path: "/api/auth/join", Perm: authz.AuthSelf, Summary: "Join another workspace with its invite code",
			Body: JoinRequest{}, Reply: domain.User{}, Status: 201, Audit: httpapi.Audited("auth.join", "user"), Handler: s.join},
		{Method: "GET", Path: "/api/auth/me", Perm: authz.AuthSelf, Summary: "The signed-in user", Reply: domain.User{}, Handler: s.me},
		{Method: "POST", Path: "/api/auth/password", Perm: authz.AuthSelf, Summary: "Change the signed-in user's password",
			Body: PasswordRequest{}, Status: 204, Audit: httpapi.Audited("auth.password", "user"), Handler: s.password},
		{Method: "GET", Path: "/api/auth/permissions", Perm: authz.AuthSelf,
			Summary: "The caller's permission keys and UI resources; ?check=a:b,c:d answers a batch of checks",
			Query:   []httpapi.Param{{Name: "check", Desc: "comma-separated permission keys to check"}}, Reply: Permissions{}, Handler: s.permissions},
	}
}

// LoginRequest is the seed's.
type LoginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	// WorkspaceID chooses one of the person's workspaces; without it the
	// one they last worked in (their first, at the first sign-in).
	WorkspaceID string `json:"workspaceId,omitempty"`
}

// LoginResponse is the seed's {token, user} plus the access token's
// lifetime; or, when the pool asks one, a challenge. The refresh token
// travels only in the session cookie (HttpOnly): no script of the page
// can read it.
type LoginResponse struct {
	Token     string       `json:"token,omitempty"`
	ExpiresIn int32        `json:"expiresIn,omitempty"`
	User      *domain.User `json:"user,omitempty"`
	Challenge string       `json:"challenge,omitempty"`
	Session   string       `json:"session,omitempty"`
	Username  string       `json:"username,omitempty"`
}

// ChallengeRequest answers NEW_PASSWORD_REQUIRED.
type ChallengeRequest struct {
	Username    string `json:"username"`
	Session     string `json:"session"`
	NewPassword string `json:"newPassword"`
}

// RefreshRequest names the session to refresh or end: the session cookie
// when the body is {} (the console), or the refresh token in the body (a
// client without cookies).
type RefreshRequest struct {
	RefreshToken string `json:"refreshToken,omitempty"`
}

// PasswordRequest changes the caller's password.
type PasswordRequest struct {
	OldPassword string `json:"oldPassword"`
	NewPassword string `json:"newPassword"`
}

// RegisterRequest signs up with an invite code.
type RegisterRequest struct {
	InviteCode string `json:"inviteCode"`
	Username   string `json:"username"`
	Email      string `json:"email"`
	Password   string `json:"password"`
}

// RegisterResponse is the new user.
type RegisterResponse struct {
	User *domain.User `json:"user"`
}

// Permissions is the caller's keys and console elements, and the answers
// of a batch of checks.
type Permissions struct {
	Role        domain.Role     `json:"role"`  // the primary role
	Roles       []string        `json:"roles"` // every role: the permissions are their union
	Rank        int             `json:"rank"`
	WorkspaceID string          `json:"workspaceId"`
	Permissions []string        `json:"permissions"`
	UIResources []string        `json:"uiResources"`
	Checks      map[string]bool `json:"checks,omitempty"`
}

func required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return domain.Invalid(field, "is required")
	}
	return nil
}
