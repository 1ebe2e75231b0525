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
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/users"
)

// Pool is what sign-in needs of the identity pool.
type Pool interface {
	SignIn(ctx context.Context, username, password string) (*identity.Session, *identity.Challenge, error)
	RespondNewPassword(ctx context.Context, username, session, newPassword string) (*identity.Session, error)
	Refresh(ctx context.Context, refreshToken string) (*identity.Session, error)
	Revoke(ctx context.Context, refreshToken string) error
	ChangePassword(ctx context.Context, accessToken, oldPassword, newPassword string) error
}

// Store is what sign-in needs of the table.
type Store interface {
	UserByUsername(ctx context.Context, username string) (*domain.User, error)
	GetUser(ctx context.Context, ws, id string) (*domain.User, error)
	UpdateUser(ctx context.Context, before, u *domain.User) error
	InviteByCodeHash(ctx context.Context, hash string) (*domain.Invite, error)
	UseInvite(ctx context.Context, inv *domain.Invite, now time.Time) error
	ReleaseInvite(ctx context.Context, inv *domain.Invite) error
}

// Resolver turns an access token into the caller (the authorizer).
type Resolver interface {
	Resolve(ctx context.Context, raw string) (*httpapi.Principal, error)
}

// Creator makes users (the users service).
type Creator interface {
	Create(ctx context.Context, ws string, n users.NewUser) (*domain.User, error)
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
	audit   *audit.Log
	alert   Alerter
	now     func() time.Time
}

// New builds the service.
func New(pool Pool, st Store, r Resolver, u Creator, a *audit.Log, al Alerter) *Service {
	return &Service{pool: pool, store: st, resolve: r, users: u, audit: a, alert: al, now: func() time.Time { return time.Now().UTC() }}
}

// Handlers binds the auth routes.
func (s *Service) Handlers() httpapi.Handlers {
	return httpapi.Handlers{
		"POST /api/auth/login":      s.login,
		"POST /api/auth/challenge":  s.challenge,
		"POST /api/auth/refresh":    s.refresh,
		"POST /api/auth/logout":     s.logout,
		"GET /api/auth/me":          s.me,
		"POST /api/auth/password":   s.password,
		"POST /api/auth/register":   s.register,
		"GET /api/auth/permissions": s.permissions,
	}
}

// LoginRequest is the seed's.
type LoginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// LoginResponse is the seed's {token, user} plus the refresh token and the
// access token's lifetime; or, when the pool asks one, a challenge.
type LoginResponse struct {
	Token        string       `json:"token,omitempty"`
	RefreshToken string       `json:"refreshToken,omitempty"`
	ExpiresIn    int32        `json:"expiresIn,omitempty"`
	User         *domain.User `json:"user,omitempty"`
	Challenge    string       `json:"challenge,omitempty"`
	Session      string       `json:"session,omitempty"`
	Username     string       `json:"username,omitempty"`
}

// ChallengeRequest answers NEW_PASSWORD_REQUIRED.
type ChallengeRequest struct {
	Username    string `json:"username"`
	Session     string `json:"session"`
	NewPassword string `json:"newPassword"`
}

// RefreshRequest carries the refresh token.
type RefreshRequest struct {
	RefreshToken string `json:"refreshToken"`
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
	Role        string          `json:"role"`
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

// HashInviteCode is how invite codes are stored: only their hash.
func HashInviteCode(code string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(code)))
	return hex.EncodeToString(sum[:])
}
