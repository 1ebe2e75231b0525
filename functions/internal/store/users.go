package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

type userItem struct {
	Meta
	domain.User
	SearchText string `dynamo:"searchText"` // lower-case username and email, for the search filter
}

func userPK(ws string) string { return "WS#" + ws + "#USER" }
func userSK(id string) string { return "USER#" + id }

func newUserItem(u *domain.User) *userItem {
	return &userItem{
		Meta: Meta{PK: userPK(u.WorkspaceID), SK: userSK(u.ID), Type: "user",
			GSI1PK: "WS#" + u.WorkspaceID + "#USERROLE#" + string(u.Role), GSI1SK: userSK(u.ID)},
		User:       *u,
		SearchText: domain.NormalizeUsername(u.Username) + " " + domain.NormalizeEmail(u.Email),
	}
}

func userUniques(u *domain.User) []Unique {
	uq := []Unique{{"username", domain.NormalizeUsername(u.Username)}, {"email", domain.NormalizeEmail(u.Email)}}
	if u.Subject != "" {
		uq = append(uq, Unique{"subject", u.Subject})
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
		q = query{index: GSI1, pk: "WS#" + ws + "#USERROLE#" + string(f.Role)}
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

// CountActiveAdmins counts a workspace's active admins, so the last one
// can be neither deleted nor demoted.
func (s *Store) CountActiveAdmins(ctx context.Context, ws string) (int, error) {
	n, err := s.build(query{index: GSI1, pk: "WS#" + ws + "#USERROLE#" + string(domain.RoleAdmin),
		filters: []filter{{"$ = ?", []any{"status", domain.UserActive}}}}).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("count admins: %w", err)
	}
	return n, nil
}
