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

// workspacesPK indexes every workspace (GSI1), for work that visits each.
const workspacesPK = "WORKSPACES"

func newWorkspaceItem(w *domain.Workspace) *workspaceItem {
	return &workspaceItem{Meta: Meta{PK: workspacePK(w.ID), SK: "WORKSPACE", Type: "workspace",
		GSI1PK: workspacesPK, GSI1SK: workspacePK(w.ID)}, Workspace: *w}
}

// CreateWorkspace stores a new workspace.
func (s *Store) CreateWorkspace(ctx context.Context, w *domain.Workspace) error {
	it := newWorkspaceItem(w)
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

// EnsureDefaultWorkspace returns the deployment's first workspace, making
// it on first use: a fresh deployment (and local mode) starts with one,
// found again through its marker.
func (s *Store) EnsureDefaultWorkspace(ctx context.Context, name string) (*domain.Workspace, error) {
	var m marker
	err := s.get(ctx, markerKey("workspace", "default"), "UNIQUE", "workspace", &m)
	if err == nil {
		ws, _, _ := cutOwner(m.Owner)
		return s.GetWorkspace(ctx, ws)
	}
	if !domain.Is(err, domain.KindNotFound) {
		return nil, err
	}
	w := &domain.Workspace{ID: domain.NewID(), Name: name}
	it := newWorkspaceItem(w)
	if err := s.create(ctx, it, owner(w.ID, w.ID), Unique{"workspace", "default"}); err != nil {
		if domain.Is(err, domain.KindConflict) { // made by a concurrent first start
			return s.EnsureDefaultWorkspace(ctx, name)
		}
		return nil, err
	}
	return &it.Workspace, nil
}
