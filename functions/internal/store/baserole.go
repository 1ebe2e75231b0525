package store

import (
	"context"
	"fmt"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Base role row (the principal that assumes roles in target accounts):
//
//	base role  PK WS#<ws>  SK BASEROLE
//
// A workspace without the row uses the platform's execution role.
type baseRoleItem struct {
	Meta
	domain.BaseRole
}

// GetBaseRole reads a workspace's base role setting; a workspace that
// never set one gets the default (execution role, version 0).
func (s *Store) GetBaseRole(ctx context.Context, ws string) (*domain.BaseRole, error) {
	var it baseRoleItem
	err := s.get(ctx, workspacePK(ws), "BASEROLE", "base role", &it)
	if domain.Is(err, domain.KindNotFound) {
		return &domain.BaseRole{WorkspaceID: ws, Mode: domain.BaseExecutionRole}, nil
	}
	if err != nil {
		return nil, err
	}
	return &it.BaseRole, nil
}

// PutBaseRole writes a workspace's base role setting: created when b is
// the default (version 0), otherwise replaced if the stored version is
// still b.Version.
func (s *Store) PutBaseRole(ctx context.Context, b *domain.BaseRole) error {
	it := &baseRoleItem{Meta: Meta{PK: workspacePK(b.WorkspaceID), SK: "BASEROLE", Type: "base-role"}, BaseRole: *b}
	var err error
	if b.Version == 0 {
		err = s.create(ctx, it, "")
	} else {
		err = s.update(ctx, it, "", nil, nil)
	}
	if err != nil {
		if domain.Is(err, domain.KindConflict) {
			return fmt.Errorf("put base role: %w", domain.Conflict("the base role changed meanwhile: reload and try again"))
		}
		return fmt.Errorf("put base role: %w", err)
	}
	*b = it.BaseRole
	return nil
}
