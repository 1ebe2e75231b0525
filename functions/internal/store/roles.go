package store

import (
	"context"
	"fmt"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Role rows:
//
//	PK WS#<ws>#ROLE  SK ROLE#<role>
//
// One row per role per workspace, seeded with the default matrix.
type roleItem struct {
	Meta
	domain.RolePermissions
}

func roleKeys(ws string, role domain.Role) Meta {
	return Meta{PK: "WS#" + ws + "#ROLE", SK: "ROLE#" + string(role), Type: "role"}
}

// PutRoleIfMissing seeds a role's permissions; an existing row is kept.
func (s *Store) PutRoleIfMissing(ctx context.Context, rp *domain.RolePermissions) error {
	err := s.create(ctx, &roleItem{Meta: roleKeys(rp.WorkspaceID, rp.Role), RolePermissions: *rp}, "")
	if domain.Is(err, domain.KindConflict) {
		return nil
	}
	return err
}

// GetRole reads a role's permissions.
func (s *Store) GetRole(ctx context.Context, ws string, role domain.Role) (*domain.RolePermissions, error) {
	var it roleItem
	k := roleKeys(ws, role)
	if err := s.get(ctx, k.PK, k.SK, "role", &it); err != nil {
		return nil, err
	}
	return &it.RolePermissions, nil
}

// ListRoles reads every role of a workspace.
func (s *Store) ListRoles(ctx context.Context, ws string) ([]domain.RolePermissions, error) {
	items, err := all[roleItem](ctx, s, query{pk: "WS#" + ws + "#ROLE", skPrefix: "ROLE#"})
	if err != nil {
		return nil, fmt.Errorf("list roles: %w", err)
	}
	out := make([]domain.RolePermissions, 0, len(items))
	for _, it := range items {
		out = append(out, it.RolePermissions)
	}
	return out, nil
}

// UpdateRole writes a role if its version is still the one read.
func (s *Store) UpdateRole(ctx context.Context, rp *domain.RolePermissions) error {
	it := &roleItem{Meta: roleKeys(rp.WorkspaceID, rp.Role), RolePermissions: *rp}
	if err := s.update(ctx, it, "", nil, nil); err != nil {
		return fmt.Errorf("update role %s: %w", rp.Role, err)
	}
	*rp = it.RolePermissions
	return nil
}

// CreateRole stores a new custom role; a role of that name is a conflict.
func (s *Store) CreateRole(ctx context.Context, rp *domain.RolePermissions) error {
	it := &roleItem{Meta: roleKeys(rp.WorkspaceID, rp.Role), RolePermissions: *rp}
	if err := s.create(ctx, it, ""); err != nil {
		if domain.Is(err, domain.KindConflict) {
			return domain.Conflict(fmt.Sprintf("a role named %s exists already", rp.Role))
		}
		return fmt.Errorf("create role %s: %w", rp.Role, err)
	}
	*rp = it.RolePermissions
	return nil
}

// DeleteRole removes a role if its version is still the one read.
func (s *Store) DeleteRole(ctx context.Context, rp *domain.RolePermissions) error {
	k := roleKeys(rp.WorkspaceID, rp.Role)
	err := s.table.Delete("PK", k.PK).Range("SK", k.SK).If("attribute_exists(PK) AND version = ?", rp.Version).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return domain.Conflict("the role changed since it was read: reload and try again")
	}
	if err != nil {
		return fmt.Errorf("delete role %s: %w", rp.Role, err)
	}
	return nil
}

// UsersWithRole lists the users holding role, as primary or other role.
func (s *Store) UsersWithRole(ctx context.Context, ws string, role domain.Role) ([]domain.User, error) {
	items, err := all[userItem](ctx, s, query{pk: userPK(ws), skPrefix: "USER#",
		filters: []filter{{"$ = ? OR contains($, ?)", []any{"role", role, "roles", role}}}})
	if err != nil {
		return nil, fmt.Errorf("users with role %s: %w", role, err)
	}
	out := make([]domain.User, 0, len(items))
	for _, it := range items {
		out = append(out, it.User)
	}
	return out, nil
}
