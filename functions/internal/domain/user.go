package domain

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Role names a role of a workspace: one of the three built-in roles or a
// custom one (seed 004), whose name is its key.
type Role string

const (
	RoleAdmin     Role = "admin"
	RolePowerUser Role = "power_user"
	RoleUser      Role = "user"
)

// Roles are the built-in roles in order of privilege, lowest first.
var Roles = []Role{RoleUser, RolePowerUser, RoleAdmin}

// Ranks of the built-in roles. A custom role takes any rank from 1 to
// RankAdmin; nobody grants, assigns or creates a role ranked above their
// own (their highest role's).
const (
	RankUser      = 100
	RankPowerUser = 200
	RankAdmin     = 300
)

var workspaceRoleName = regexp.MustCompile(`^[a-z][a-z0-9_-]{1,39}$`)

// Valid reports whether r is a well-formed role name; whether such a role
// exists is the workspace's to say.
func (r Role) Valid() bool { return workspaceRoleName.MatchString(string(r)) }

// BuiltIn reports whether r is one of the three roles every workspace has.
func (r Role) BuiltIn() bool { return r == RoleAdmin || r == RolePowerUser || r == RoleUser }

// Rank is a built-in role's rank, 0 for any other (a custom role's rank
// is stored with it: RolePermissions.Rank).
func (r Role) Rank() int {
	switch r {
	case RoleUser:
		return RankUser
	case RolePowerUser:
		return RankPowerUser
	case RoleAdmin:
		return RankAdmin
	}
	return 0
}

// ValidateRoleName checks a role name for a request field.
func ValidateRoleName(field string, r Role) error {
	if r == "" {
		return Invalid(field, "is required")
	}
	if !r.Valid() {
		return Invalid(field, "2 to 40 lower-case letters, digits, dashes or underscores, starting with a letter")
	}
	return nil
}

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
	ID          string `json:"id" dynamo:"id"`
	WorkspaceID string `json:"workspaceId" dynamo:"workspaceId"`
	Username    string `json:"username" dynamo:"username"`
	Email       string `json:"email" dynamo:"email"`
	// Role is the primary role; Roles adds more. What the user may do is
	// the union of all of them.
	Role    Role       `json:"role" dynamo:"role"`
	Roles   []Role     `json:"roles" dynamo:"roles"`
	Status  UserStatus `json:"status" dynamo:"status"`
	Subject string     `json:"-" dynamo:"subject"` // the identity provider's sub
	// LockedAt is when an admin locked the account (status locked).
	// Failed sign-ins close sign-in for a while without touching the
	// account (store.SignInGate).
	LockedAt *time.Time `json:"lockedAt,omitempty" dynamo:"lockedAt,omitempty"`
	// SignInClosedUntil is when a sign-in closed by failed attempts opens
	// again (read from the gate, never stored here); an update with status
	// active opens it at once.
	SignInClosedUntil *time.Time `json:"signInClosedUntil,omitempty" dynamo:"-"`
	// PasswordChangeRequired: the user signs in with a temporary password
	// (made so, or reset by an admin) and must choose a new one.
	PasswordChangeRequired bool `json:"passwordChangeRequired" dynamo:"mustChangePassword,omitempty"`
	// LastLoginAt is the last successful sign-in into this workspace.
	LastLoginAt *time.Time `json:"lastLoginAt,omitempty" dynamo:"lastLoginAt,omitempty"`
	// Linked marks a membership of a person whose first workspace is
	// another: the username, email and identity subject are held by the
	// person's first row, so this one holds none of their markers.
	Linked bool `json:"linked,omitempty" dynamo:"linked,omitempty"`
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

// AllRoles is the primary role then the others, each once.
func (u *User) AllRoles() []Role {
	out := []Role{u.Role}
	for _, r := range u.Roles {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// RoleNames are roles as strings.
func RoleNames(rs []Role) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

// HasRole reports whether r is the user's primary role or one of the others.
func (u *User) HasRole(r Role) bool { return u.Role == r || slices.Contains(u.Roles, r) }

// EnumValues lists the statuses for the API description.
func (UserStatus) EnumValues() []string {
	return []string{string(UserActive), string(UserInactive), string(UserLocked)}
}
