package domain

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// Role is a user's role; each role maps to permission keys per workspace.
type Role string

const (
	RoleAdmin     Role = "admin"
	RolePowerUser Role = "power_user"
	RoleUser      Role = "user"
)

// Roles in order of privilege, lowest first.
var Roles = []Role{RoleUser, RolePowerUser, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RolePowerUser || r == RoleUser }

// Rank orders roles by privilege, for "raising a role" checks.
func (r Role) Rank() int {
	for i, x := range Roles {
		if x == r {
			return i
		}
	}
	return -1
}

// Outranks reports whether r ranks above other: a caller of role other may
// not create, change or hand credentials to a user of role r.
func (r Role) Outranks(other Role) bool { return r.Rank() > other.Rank() }

// UserStatus is whether a user may sign in and use its tokens.
type UserStatus string

const (
	UserActive   UserStatus = "active"
	UserInactive UserStatus = "inactive"
	UserLocked   UserStatus = "locked"
)

// Valid reports whether s is a known status.
func (s UserStatus) Valid() bool { return s == UserActive || s == UserInactive || s == UserLocked }

// User is a person who signs in to a workspace.
type User struct {
	ID          string     `json:"id" dynamo:"id"`
	WorkspaceID string     `json:"workspaceId" dynamo:"workspaceId"`
	Username    string     `json:"username" dynamo:"username"`
	Email       string     `json:"email" dynamo:"email"`
	Role        Role       `json:"role" dynamo:"role"`
	Status      UserStatus `json:"status" dynamo:"status"`
	Subject     string     `json:"-" dynamo:"subject"` // the identity provider's sub
	// LockedAt is when an admin locked the account (status locked).
	// Failed sign-ins close sign-in for a while without touching the
	// account (store.SignInGate).
	LockedAt *time.Time `json:"lockedAt,omitempty" dynamo:"lockedAt,omitempty"`
	// SignInClosedUntil is when a sign-in closed by failed attempts opens
	// again (read from the gate, never stored here); an update with status
	// active opens it at once.
	SignInClosedUntil *time.Time `json:"signInClosedUntil,omitempty" dynamo:"-"`
	Stamp
}

var usernamePattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{2,49}$`)

// NormalizeUsername gives the form uniqueness is checked on.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormalizeEmail gives the form uniqueness is checked on.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateUsername checks a sign-in name.
func ValidateUsername(s string) error {
	if strings.TrimSpace(s) == "" {
		return Invalid("username", "is required")
	}
	if !usernamePattern.MatchString(s) {
		return Invalid("username", "3 to 50 letters, digits, dots, dashes or underscores, starting with a letter or digit")
	}
	return nil
}

// ValidateEmail checks an email address.
func ValidateEmail(s string) error {
	if strings.TrimSpace(s) == "" {
		return Invalid("email", "is required")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") || len(s) > 254 {
		return Invalid("email", "not a valid email address")
	}
	return nil
}

// ValidatePassword checks a new password against the pool's policy.
func ValidatePassword(field, s string) error {
	switch {
	case s == "":
		return Invalid(field, "is required")
	case len(s) < 12:
		return Invalid(field, "at least 12 characters")
	case len(s) > 256:
		return Invalid(field, "at most 256 characters")
	case !strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz"), !strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
		!strings.ContainsAny(s, "0123456789"):
		return Invalid(field, "needs upper and lower case letters and a digit")
	}
	return nil
}

// EnumValues lists the roles for the API description.
func (Role) EnumValues() []string { return enumOf(Roles) }

// EnumValues lists the statuses for the API description.
func (UserStatus) EnumValues() []string {
	return []string{string(UserActive), string(UserInactive), string(UserLocked)}
}
