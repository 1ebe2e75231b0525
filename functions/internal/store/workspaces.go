package store

import (
	"context"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

type workspaceItem struct {
	Meta
	domain.Workspace
}

func workspacePK(ws string) string { return "WS#" + ws }

// CreateWorkspace stores a new workspace.
func (s *Store) CreateWorkspace(ctx context.Context, w *domain.Workspace) error {
	it := &workspaceItem{Meta: Meta{PK: workspacePK(w.ID), SK: "WORKSPACE", Type: "workspace"}, Workspace: *w}
	if err := s.create(ctx, it, ""); err != nil {
		return err
	}
	*w = it.Workspace
	return nil
}

// GetWorkspace reads a workspace.
func (s *Store) GetWorkspace(ctx context.Context, id string) (*domain.Workspace, error) {
	var it workspaceItem
	if err := s.get(ctx, workspacePK(id), "WORKSPACE", "workspace", &it); err != nil {
		return nil, err
	}
	return &it.Workspace, nil
}
