package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

type userItem struct {
	Meta
	domain.User
	SearchText string `dynamo:"searchText"` // lower-case username and email, for the search filter
}

func userPK(ws string) string { return "WS#" + ws + "#USER" }
func userSK(id string) string { return "USER#" + id }

// personPK indexes (GSI2) every membership of one person, the identity
// provider's subject: the workspaces a person may choose from.
func personPK(subject string) string { return "PERSON#" + subject }

func newUserItem(u *domain.User) *userItem {
	m := Meta{PK: userPK(u.WorkspaceID), SK: userSK(u.ID), Type: "user",
		GSI1PK: "WS#" + u.WorkspaceID + "#USERROLE#" + string(u.Role), GSI1SK: userSK(u.ID)}
	if realSubject(u.Subject) {
		m.GSI2PK, m.GSI2SK = personPK(u.Subject), "WS#"+u.WorkspaceID
	}
	return &userItem{
		Meta:       m,
		User:       *u,
		SearchText: domain.NormalizeUsername(u.Username) + " " + domain.NormalizeEmail(u.Email),
	}
}

// realSubject tells an identity subject from the placeholder a user row
// holds while its pool user is being made.
func realSubject(sub string) bool { return sub != "" && !strings.HasPrefix(sub, "pending:") }

// userUniques are the markers a user row holds: a person's first row
// holds its username, email and subject (sign-in finds the person
// through them); every row holds its membership, one per person and
// workspace.
func userUniques(u *domain.User) []Unique {
	var uq []Unique
	if !u.Linked {
		uq = append(uq, Unique{"username", domain.NormalizeUsername(u.Username)}, Unique{"email", domain.NormalizeEmail(u.Email)})
		if u.Subject != "" {
			uq = append(uq, Unique{"subject", u.Subject})
		}
	}
	if realSubject(u.Subject) {
		uq = append(uq, Unique{"member", u.Subject + "@" + u.WorkspaceID})
	}
	return uq
}

func owner(ws, id string) string { return ws + "/" + id }

func cutOwner(o string) (ws, id string, ok bool) { return strings.Cut(o, "/") }

// CreateUser stores a new user; its username, email and identity subject
// must be free (a taken one is a conflict).
func (s *Store) CreateUser(ctx context.Context, u *domain.User) error {
	it := newUserItem(u)
	if err := s.create(ctx, it, owner(u.WorkspaceID, u.ID), userUniques(u)...); err != nil {
		return fmt.Errorf("create user %s: %w", u.Username, err)
	}
	*u = it.User
	return nil
}

// GetUser reads a user of a workspace.
func (s *Store) GetUser(ctx context.Context, ws, id string) (*domain.User, error) {
	var it userItem
	if err := s.get(ctx, userPK(ws), userSK(id), "user", &it); err != nil {
		return nil, err
	}
	return &it.User, nil
}

// UserBySubject finds the user an identity token belongs to, through the
// subject's marker.
func (s *Store) UserBySubject(ctx context.Context, subject string) (*domain.User, error) {
	return s.userByMarker(ctx, "subject", subject)
}

// UserByUsername finds a user by sign-in name (any workspace).
func (s *Store) UserByUsername(ctx context.Context, username string) (*domain.User, error) {
	return s.userByMarker(ctx, "username", domain.NormalizeUsername(username))
}

// UserByEmail finds a user by email, in any workspace.
func (s *Store) UserByEmail(ctx context.Context, email string) (*domain.User, error) {
	return s.userByMarker(ctx, "email", domain.NormalizeEmail(email))
}

func (s *Store) userByMarker(ctx context.Context, kind, value string) (*domain.User, error) {
	var m marker
	if err := s.get(ctx, markerKey(kind, value), "UNIQUE", "user", &m); err != nil {
		return nil, err
	}
	ws, id, ok := cutOwner(m.Owner)
	if !ok {
		return nil, fmt.Errorf("marker %s#%s has a malformed owner", kind, value)
	}
	return s.GetUser(ctx, ws, id)
}

// UpdateUser writes u if the stored version is still u.Version, moving the
// uniqueness markers when the email or subject changed.
func (s *Store) UpdateUser(ctx context.Context, before, u *domain.User) error {
	it := newUserItem(u)
	if err := s.update(ctx, it, owner(u.WorkspaceID, u.ID), userUniques(before), userUniques(u)); err != nil {
		return fmt.Errorf("update user %s: %w", u.ID, err)
	}
	*u = it.User
	return nil
}

// DeleteUser removes a user and frees its username, email and subject.
func (s *Store) DeleteUser(ctx context.Context, u *domain.User) error {
	if err := s.remove(ctx, userPK(u.WorkspaceID), userSK(u.ID), userUniques(u)...); err != nil {
		return fmt.Errorf("delete user %s: %w", u.ID, err)
	}
	return nil
}

// UserFilter narrows a user list.
type UserFilter struct {
	Role   domain.Role
	Status domain.UserStatus
	Search string // part of the username or email
}

// ListUsers lists a workspace's users, oldest first.
func (s *Store) ListUsers(ctx context.Context, ws string, f UserFilter, p Page) (Listed[domain.User], error) {
	q := query{pk: userPK(ws), skPrefix: "USER#"}
	if f.Role != "" {
		q.filters = append(q.filters, filter{"($ = ? OR contains($, ?))", []any{"role", f.Role, "roles", f.Role}})
	}
	if f.Status != "" {
		q.filters = append(q.filters, filter{"$ = ?", []any{"status", f.Status}})
	}
	if f.Search != "" {
		q.filters = append(q.filters, filter{"contains($, ?)", []any{"searchText", strings.ToLower(f.Search)}})
	}
	items, err := list[userItem](ctx, s, q, p)
	if err != nil {
		return Listed[domain.User]{}, fmt.Errorf("list users: %w", err)
	}
	return mapListed(items, func(it userItem) domain.User { return it.User }), nil
}

// CountActiveAdmins counts a workspace's active admins (the admin role
// primary or among the others), so the last one can be neither deleted
// nor demoted.
func (s *Store) CountActiveAdmins(ctx context.Context, ws string) (int, error) {
	us, err := s.UsersWithRole(ctx, ws, domain.RoleAdmin)
	if err != nil {
		return 0, fmt.Errorf("count admins: %w", err)
	}
	n := 0
	for _, u := range us {
		if u.Status == domain.UserActive {
			n++
		}
	}
	return n, nil
}

// Memberships lists a person's user rows, one per workspace (read from
// an index, so a membership made a moment ago may be missing for a
// moment; MemberOf is exact). The first row is always there, even one
// written before the index existed.
func (s *Store) Memberships(ctx context.Context, subject string) ([]domain.User, error) {
	if !realSubject(subject) {
		return nil, nil
	}
	items, err := all[userItem](ctx, s, query{index: GSI2, pk: personPK(subject), skPrefix: "WS#"})
	if err != nil {
		return nil, fmt.Errorf("memberships of %s: %w", subject, err)
	}
	out := make([]domain.User, 0, len(items)+1)
	home := false
	for _, it := range items {
		out = append(out, it.User)
		home = home || !it.Linked
	}
	if !home {
		u, err := s.UserBySubject(ctx, subject)
		if err == nil {
			out = append([]domain.User{*u}, out...)
		} else if !domain.Is(err, domain.KindNotFound) {
			return nil, err
		}
	}
	return out, nil
}

// MemberOf finds a person's user row in one workspace, through the
// membership marker (a consistent read); a row written before
// memberships had markers is found as the person's first row.
func (s *Store) MemberOf(ctx context.Context, subject, ws string) (*domain.User, error) {
	if !realSubject(subject) {
		return nil, domain.NotFound("user")
	}
	u, err := s.userByMarker(ctx, "member", subject+"@"+ws)
	if !domain.Is(err, domain.KindNotFound) {
		return u, err
	}
	home, herr := s.UserBySubject(ctx, subject)
	if herr != nil || home.WorkspaceID != ws {
		return nil, err
	}
	return home, nil
}

// SignedIn records a successful sign-in on a user row, without taking a
// version: an admin editing the user meanwhile is not made to reload.
func (s *Store) SignedIn(ctx context.Context, u *domain.User, at time.Time) error {
	err := s.table.Update("PK", userPK(u.WorkspaceID)).Range("SK", userSK(u.ID)).Set("lastLoginAt", at.UTC()).
		If("attribute_exists(PK)").Run(ctx)
	if err != nil && !dynamo.IsCondCheckFailed(err) {
		return fmt.Errorf("record the sign-in of %s: %w", u.ID, err)
	}
	return nil
}

// SetPasswordChangeRequired marks a person's rows as signing in with a
// temporary password (or not any more), without taking a version.
func (s *Store) SetPasswordChangeRequired(ctx context.Context, u *domain.User, required bool) error {
	rows, err := s.Memberships(ctx, u.Subject)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(rows, func(o domain.User) bool { return o.ID == u.ID }) {
		rows = append(rows, *u)
	}
	for _, row := range rows {
		up := s.table.Update("PK", userPK(row.WorkspaceID)).Range("SK", userSK(row.ID))
		if required {
			up = up.Set("mustChangePassword", true)
		} else {
			up = up.Remove("mustChangePassword")
		}
		if err := up.If("attribute_exists(PK)").Run(ctx); err != nil && !dynamo.IsCondCheckFailed(err) {
			return fmt.Errorf("mark the password of %s: %w", row.ID, err)
		}
	}
	return nil
}

// RemoveMembership deletes a person's row in one workspace while they
// keep others. When that row held the person's username, email and
// subject markers, they pass to successor (another of the person's rows,
// read at its version) in the same transaction.
func (s *Store) RemoveMembership(ctx context.Context, u, successor *domain.User) error {
	tx := s.db.WriteTx().Delete(s.table.Delete("PK", userPK(u.WorkspaceID)).Range("SK", userSK(u.ID)).If("attribute_exists(PK)"))
	tx.Delete(s.table.Delete("PK", markerKey("member", u.Subject+"@"+u.WorkspaceID)).Range("SK", "UNIQUE"))
	var next *userItem
	if !u.Linked && successor != nil {
		n := *successor
		n.Linked = false
		n.Version = successor.Version + 1
		n.UpdatedAt = s.now()
		next = newUserItem(&n)
		tx.Put(s.table.Put(next).If("attribute_exists(PK) AND version = ?", successor.Version))
		for _, k := range []Unique{{"username", domain.NormalizeUsername(u.Username)}, {"email", domain.NormalizeEmail(u.Email)}, {"subject", u.Subject}} {
			tx.Put(s.table.Put(marker{PK: markerKey(k.Kind, k.Value), SK: "UNIQUE", Owner: owner(n.WorkspaceID, n.ID)}))
		}
	}
	if err := tx.Run(ctx); err != nil {
		if dynamo.IsCondCheckFailed(err) {
			return domain.Conflict("the user changed since it was read: reload and try again")
		}
		return fmt.Errorf("remove %s from workspace %s: %w", u.ID, u.WorkspaceID, err)
	}
	if next != nil {
		*successor = next.User
	}
	return nil
}

// Join adds a membership for a person who has one elsewhere: a row in ws
// linked to the person (no username, email or subject markers of its
// own), with its roles. A person already in ws is a conflict.
func (s *Store) Join(ctx context.Context, person *domain.User, ws string, role domain.Role, roles []domain.Role) (*domain.User, error) {
	u := &domain.User{ID: domain.NewID(), WorkspaceID: ws, Username: person.Username, Email: person.Email, Subject: person.Subject,
		Role: role, Roles: roles, Status: domain.UserActive, Linked: true}
	if err := s.CreateUser(ctx, u); err != nil {
		if domain.Is(err, domain.KindConflict) {
			return nil, domain.Conflict("already a member of this workspace")
		}
		return nil, err
	}
	return u, nil
}
