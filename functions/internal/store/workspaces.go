package store

import (
	"context"
	"fmt"

	"github.com/guregu/dynamo/v2"

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

// DefaultWorkspaceID is the deployment's first workspace.
func (s *Store) DefaultWorkspaceID(ctx context.Context) (string, error) {
	var m marker
	if err := s.get(ctx, markerKey("workspace", "default"), "UNIQUE", "workspace", &m); err != nil {
		return "", err
	}
	ws, _, _ := cutOwner(m.Owner)
	return ws, nil
}

// RenameWorkspace names a workspace if its version is still the one read.
func (s *Store) RenameWorkspace(ctx context.Context, ws, name string, version int) (*domain.Workspace, error) {
	var it workspaceItem
	err := s.table.Update("PK", workspacePK(ws)).Range("SK", "WORKSPACE").Set("name", name).Add("version", 1).
		Set("updatedAt", s.now()).If("attribute_exists(PK) AND version = ?", version).Value(ctx, &it)
	if dynamo.IsCondCheckFailed(err) {
		if _, gerr := s.GetWorkspace(ctx, ws); gerr != nil {
			return nil, gerr
		}
		return nil, domain.Conflict("the workspace changed since it was read: reload and try again")
	}
	if err != nil {
		return nil, fmt.Errorf("rename workspace %s: %w", ws, err)
	}
	return &it.Workspace, nil
}
