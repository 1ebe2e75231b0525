package identity

import (
	"context"
	"fmt"
	"log/slog"
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// accountPool is what the user lifecycle needs of the pool (a *Pool).
type accountPool interface {
	CreateUser(ctx context.Context, username, email, password string, temporary bool, group string) (string, error)
	AddToGroup(ctx context.Context, username, group string) error
	RemoveFromGroup(ctx context.Context, username, group string) error
	SetEnabled(ctx context.Context, username string, enabled bool) error
	DeleteUser(ctx context.Context, username string) error
	SetTemporaryPassword(ctx context.Context, username, password string) error
}

// UserTable is what the user lifecycle needs of the table.
type UserTable interface {
	CreateUser(ctx context.Context, u *domain.User) error
	GetUser(ctx context.Context, ws, id string) (*domain.User, error)
	UpdateUser(ctx context.Context, before, u *domain.User) error
	DeleteUser(ctx context.Context, u *domain.User) error
	CountActiveAdmins(ctx context.Context, ws string) (int, error)
	Memberships(ctx context.Context, subject string) ([]domain.User, error)
	RemoveMembership(ctx context.Context, u, successor *domain.User) error
	SetPasswordChangeRequired(ctx context.Context, u *domain.User, required bool) error
	RemoveUserAssignments(ctx context.Context, ws, userID string) error
	ClearSignInGate(ctx context.Context, userID string) error
}

// Users creates, changes and deletes users in both the pool and the
// table, compensating a half-done change so that a user never exists in
// one and not the other. The user routes, sign-up by invite, the seeded
// admin and `cloudcensus admin` all go through it.
type Users struct {
	pool  accountPool
	store UserTable
}

// NewUsers builds the lifecycle over a pool and the table.
func NewUsers(pool accountPool, st UserTable) *Users { return &Users{pool: pool, store: st} }

// Actor is who asks for a change: it may not demote, lock or delete
// itself.
type Actor struct {
	UserID      string
	WorkspaceID string
}

// NewUser is what creating a user needs.
type NewUser struct {
	Username  string        `json:"username"`
	Password  string        `json:"password"`
	Email     string        `json:"email"`
	Role      domain.Role   `json:"role"`
	Roles     []domain.Role `json:"roles,omitempty"` // more roles beside the primary one
	Temporary bool          `json:"temporary,omitempty"`
}

// Validate checks every field and names the first bad one.
func (n NewUser) Validate() error {
	if err := domain.ValidateUsername(n.Username); err != nil {
		return err
	}
	if err := domain.ValidatePassword("password", n.Password); err != nil {
		return err
	}
	if err := domain.ValidateEmail(n.Email); err != nil {
		return err
	}
	if err := domain.ValidateRoleName("role", n.Role); err != nil {
		return err
	}
	return validateRoles(n.Roles)
}

// validateRoles checks the names of a user's other roles (whether they
// exist and may be given is the caller's check: rights.Grantable).
func validateRoles(roles []domain.Role) error {
	if len(roles) > 20 {
		return domain.Invalid("roles", "at most 20 roles")
	}
	for _, r := range roles {
		if err := domain.ValidateRoleName("roles", r); err != nil {
			return err
		}
	}
	return nil
}

// otherRoles drops the primary role and repeats from roles.
func otherRoles(primary domain.Role, roles []domain.Role) []domain.Role {
	out := []domain.Role{}
	for _, r := range roles {
		if r != primary && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// Create makes a user in the pool and the table. The table's uniqueness
// markers are written first (so a taken name fails before the pool is
// touched); a pool failure then removes the row again.
func (s *Users) Create(ctx context.Context, ws string, n NewUser) (*domain.User, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	u := &domain.User{ID: domain.NewID(), WorkspaceID: ws, Username: n.Username, Email: n.Email, Role: n.Role,
		Roles: otherRoles(n.Role, n.Roles), Status: domain.UserActive, Subject: "pending:" + domain.NewID(), PasswordChangeRequired: n.Temporary}
	if err := s.store.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	// The pool group is the workspace: the person's first token carries it.
	sub, err := s.pool.CreateUser(ctx, n.Username, n.Email, n.Password, n.Temporary, domain.WorkspaceGroup(ws))
	if err != nil {
		return nil, s.undoCreate(ctx, u, n.Username, err)
	}
	before := *u
	u.Subject = sub
	if err := s.store.UpdateUser(ctx, &before, u); err != nil {
		return nil, s.undoCreate(ctx, &before, n.Username, err)
	}
	return u, nil
}

// undoCreate removes what a failed create left behind and returns cause.
func (s *Users) undoCreate(ctx context.Context, u *domain.User, username string, cause error) error {
	ctx = context.WithoutCancel(ctx)
	// The row goes whatever the pool says: a row left behind would hold
	// the username and email, and a pool user without a row cannot sign
	// in (the authorizer finds no user).
	poolErr := s.pool.DeleteUser(ctx, username)
	if err := s.store.DeleteUser(ctx, u); err != nil && !domain.Is(err, domain.KindNotFound) {
		return fmt.Errorf("%w (and removing the table row failed: %v)", cause, err)
	}
	if poolErr != nil {
		return fmt.Errorf("%w (and removing the pool user failed: %v)", cause, poolErr)
	}
	return cause
}

// Update is a change to a user.
type Update struct {
	ID      string             `json:"id"`
	Version int                `json:"version"`
	Email   *string            `json:"email,omitempty"`
	Role    *domain.Role       `json:"role,omitempty"`
	Roles   *[]domain.Role     `json:"roles,omitempty"` // the other roles, all of them (replaces the list)
	Status  *domain.UserStatus `json:"status,omitempty"`
}

// Apply changes a user in the table and mirrors role and status into the
// pool; a pool failure rolls the table back.
func (s *Users) Apply(ctx context.Context, actor Actor, up Update) (before, after *domain.User, err error) {
	if up.Version < 1 {
		return nil, nil, domain.Invalid("version", "is required: send the version you read")
	}
	cur, err := s.Get(ctx, actor.WorkspaceID, up.ID)
	if err != nil {
		return nil, nil, err
	}
	b := *cur
	next := *cur
	next.Version = up.Version
	unlock := false
	if up.Email != nil {
		if err := domain.ValidateEmail(*up.Email); err != nil {
			return nil, nil, err
		}
		if cur.Linked && *up.Email != cur.Email {
			return nil, nil, domain.Conflict("this person's email is kept by the first workspace they joined: change it there")
		}
		next.Email = *up.Email
	}
	if up.Role != nil {
		if err := domain.ValidateRoleName("role", *up.Role); err != nil {
			return nil, nil, err
		}
		next.Role = *up.Role
	}
	if up.Roles != nil {
		if err := validateRoles(*up.Roles); err != nil {
			return nil, nil, err
		}
		next.Roles = *up.Roles
	}
	next.Roles = otherRoles(next.Role, next.Roles)
	if up.Status != nil {
		if !up.Status.Valid() {
			return nil, nil, domain.Invalid("status", "must be active, inactive or locked")
		}
		next.Status = *up.Status
		if next.Status == domain.UserActive {
			next.LockedAt = nil // unlock
			unlock = true
		}
	}
	if err := s.guardLastAdmin(ctx, actor, &b, &next); err != nil {
		return nil, nil, err
	}
	if err := s.store.UpdateUser(ctx, &b, &next); err != nil {
		return nil, nil, err
	}
	if unlock { // an admin's unlock also opens a sign-in closed by failed attempts
		if err := s.store.ClearSignInGate(ctx, next.ID); err != nil {
			return nil, nil, err
		}
	}
	if err := s.mirror(ctx, &b, &next); err != nil {
		rollback := next
		restored := b
		restored.Version = next.Version
		if rerr := s.store.UpdateUser(context.WithoutCancel(ctx), &rollback, &restored); rerr != nil {
			return nil, nil, fmt.Errorf("%w (and rolling back the table failed: %v)", err, rerr)
		}
		return nil, nil, err
	}
	return &b, &next, nil
}

// mirror copies the enabled state into the pool. Roles are not the
// pool's: the token carries the workspace, and the roles are read from the
// table. A person who belongs to other workspaces stays enabled while any
// of their memberships is active.
func (s *Users) mirror(ctx context.Context, b, n *domain.User) error {
	if (b.Status == domain.UserActive) == (n.Status == domain.UserActive) {
		return nil
	}
	others, err := s.otherMemberships(ctx, n)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.Status == domain.UserActive {
			return nil
		}
	}
	return s.pool.SetEnabled(ctx, n.Username, n.Status == domain.UserActive)
}

// otherMemberships are u's person's rows in other workspaces.
func (s *Users) otherMemberships(ctx context.Context, u *domain.User) ([]domain.User, error) {
	all, err := s.store.Memberships(ctx, u.Subject)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(o domain.User) bool { return o.WorkspaceID == u.WorkspaceID }), nil
}

// guardLastAdmin refuses to demote, deactivate or lock oneself, or the
// last active admin.
func (s *Users) guardLastAdmin(ctx context.Context, actor Actor, b, n *domain.User) error {
	losesAdmin := b.HasRole(domain.RoleAdmin) && b.Status == domain.UserActive &&
		(!n.HasRole(domain.RoleAdmin) || n.Status != domain.UserActive)
	if b.ID == actor.UserID && (!slices.Equal(n.AllRoles(), b.AllRoles()) || n.Status != domain.UserActive) {
		return domain.Conflict("you cannot change your own role or status")
	}
	if !losesAdmin {
		return nil
	}
	admins, err := s.store.CountActiveAdmins(ctx, b.WorkspaceID)
	if err != nil {
		return err
	}
	if admins <= 1 {
		return domain.Conflict("this is the last active admin: make another admin first")
	}
	return nil
}

// Delete removes a user from the table and the pool.
func (s *Users) Delete(ctx context.Context, actor Actor, id string) (*domain.User, error) {
	u, err := s.Get(ctx, actor.WorkspaceID, id)
	if err != nil {
		return nil, err
	}
	if u.ID == actor.UserID {
		return nil, domain.Conflict("you cannot delete yourself")
	}
	if u.HasRole(domain.RoleAdmin) && u.Status == domain.UserActive {
		if n, err := s.store.CountActiveAdmins(ctx, u.WorkspaceID); err != nil {
			return nil, err
		} else if n <= 1 {
			return nil, domain.Conflict("this is the last active admin")
		}
	}
	others, err := s.otherMemberships(ctx, u)
	if err != nil {
		return nil, err
	}
	if len(others) > 0 {
		// The person stays in their other workspaces: only this row goes
		// (handing the person's markers to another row if it held them).
		if err := s.store.RemoveMembership(ctx, u, &others[0]); err != nil {
			return nil, err
		}
		s.removeAssignments(ctx, u)
		return u, nil
	}
	// Disable in the pool first: a failure after it leaves a user that
	// cannot sign in, never one that can but has no row.
	if err := s.pool.SetEnabled(ctx, u.Username, false); err != nil {
		return nil, err
	}
	if err := s.store.DeleteUser(ctx, u); err != nil {
		_ = s.pool.SetEnabled(context.WithoutCancel(ctx), u.Username, true)
		return nil, err
	}
	if err := s.pool.DeleteUser(ctx, u.Username); err != nil {
		return nil, fmt.Errorf("user %s removed from the table but not the pool (it stays disabled): %w", u.ID, err)
	}
	s.removeAssignments(ctx, u)
	return u, nil
}

// removeAssignments drops a removed user's credential assignments.
// Readers ignore assignments of users that are gone; removing them keeps
// the table clean, and a failure here is not the caller's.
func (s *Users) removeAssignments(ctx context.Context, u *domain.User) {
	if err := s.store.RemoveUserAssignments(ctx, u.WorkspaceID, u.ID); err != nil {
		slog.WarnContext(ctx, "remove the deleted user's credential assignments", "user", u.ID, "error", err.Error())
	}
}

// ResetPassword gives a user a temporary password, shown once to the
// admin: the next sign-in must choose a new one. Nobody resets their own
// (they change it), and a person who belongs to other workspaces too is
// not reset from one of them: their password is theirs across clients.
func (s *Users) ResetPassword(ctx context.Context, actor Actor, id string) (*domain.User, string, error) {
	u, err := s.Get(ctx, actor.WorkspaceID, id)
	if err != nil {
		return nil, "", err
	}
	if u.ID == actor.UserID {
		return nil, "", domain.Conflict("you cannot reset your own password: change it on your account page")
	}
	others, err := s.otherMemberships(ctx, u)
	if err != nil {
		return nil, "", err
	}
	if len(others) > 0 {
		return nil, "", domain.Conflict(fmt.Sprintf("%s also works in %d other workspace(s): only they can change their password", u.Username, len(others)))
	}
	pw := GeneratePassword()
	if err := s.pool.SetTemporaryPassword(ctx, u.Username, pw); err != nil {
		return nil, "", err
	}
	if err := s.store.SetPasswordChangeRequired(ctx, u, true); err != nil {
		return nil, "", err
	}
	u.PasswordChangeRequired = true
	return u, pw, nil
}

// Get reads a user of a workspace.
func (s *Users) Get(ctx context.Context, ws, id string) (*domain.User, error) {
	if !domain.ValidID(id) {
		return nil, domain.Invalid("id", "not a user id")
	}
	return s.store.GetUser(ctx, ws, id)
}
