// Package workspaces serves platform administration: the deployment's
// workspaces (tenants, seed 003), created and renamed by a platform admin,
// someone holding workspaces:manage in the deployment's first workspace
// (rights.Union honours it nowhere else). Every item of the table lives
// under one workspace's keys; the token says which one a caller works in.
//
// It must not import the AWS SDK.
package workspaces

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Store is what workspace administration needs of the table.
type Store interface {
	ListWorkspaces(ctx context.Context) ([]domain.Workspace, error)
	GetWorkspace(ctx context.Context, id string) (*domain.Workspace, error)
	CreateWorkspace(ctx context.Context, w *domain.Workspace) error
	RenameWorkspace(ctx context.Context, ws, name string, version int) (*domain.Workspace, error)
	PutRoleIfMissing(ctx context.Context, rp *domain.RolePermissions) error
	GetUser(ctx context.Context, ws, id string) (*domain.User, error)
	Join(ctx context.Context, person *domain.User, ws string, role domain.Role, roles []domain.Role) (*domain.User, error)
	DefaultWorkspaceID(ctx context.Context) (string, error)
}

// Service serves the workspace routes.
type Service struct{ store Store }

// New builds the service.
func New(st Store) *Service { return &Service{store: st} }

// Routes are the workspace routes, each with its handler.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/workspaces", Perm: authz.WorkspacesManage, Summary: "Every workspace of the deployment",
			Reply: List{}, Handler: s.list},
		{Method: "POST", Path: "/api/workspaces/create", Perm: authz.WorkspacesManage,
			Summary: "Make a workspace; its maker joins it as admin and invites its people from there",
			Body:    Create{}, Reply: domain.Workspace{}, Status: 201, Audit: httpapi.Audited("workspaces.create", "workspace"), Handler: s.create},
		{Method: "POST", Path: "/api/workspaces/update", Perm: authz.WorkspacesManage, Summary: "Rename a workspace",
			Body: Update{}, Reply: domain.Workspace{}, Audit: httpapi.Audited("workspaces.update", "workspace"), Handler: s.update},
	}
}

// List is every workspace, the first (the platform's own) marked.
type List struct {
	Data    []domain.Workspace `json:"data"`
	Default string             `json:"defaultWorkspaceId"`
}

// Create names a new workspace.
type Create struct {
	Name string `json:"name"`
}

// Update renames a workspace.
type Update struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Version int    `json:"version"`
}

func (s *Service) list(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.store.ListWorkspaces(r.Context())
	if err != nil {
		return err
	}
	first, err := s.store.DefaultWorkspaceID(r.Context())
	if err != nil {
		return err
	}
	slices.SortFunc(ws, func(a, b domain.Workspace) int {
		if (a.ID == first) != (b.ID == first) {
			if a.ID == first {
				return -1
			}
			return 1
		}
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return httpapi.JSON(w, http.StatusOK, List{Data: ws, Default: first})
}

func (s *Service) create(w http.ResponseWriter, r *http.Request) error {
	var req Create
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	p := httpapi.PrincipalFrom(ctx)
	if err := domain.ValidateWorkspaceName(req.Name); err != nil {
		return err
	}
	all, err := s.store.ListWorkspaces(ctx)
	if err != nil {
		return err
	}
	for _, o := range all {
		if strings.EqualFold(strings.TrimSpace(o.Name), strings.TrimSpace(req.Name)) {
			return domain.Conflict(fmt.Sprintf("a workspace named %q exists already", o.Name))
		}
	}
	ws := &domain.Workspace{ID: domain.NewID(), Name: req.Name}
	if err := s.store.CreateWorkspace(ctx, ws); err != nil {
		return err
	}
	if err := Seed(ctx, s.store, ws.ID); err != nil {
		return err
	}
	me, err := s.store.GetUser(ctx, p.WorkspaceID, p.UserID)
	if err != nil {
		return err
	}
	if _, err := s.store.Join(ctx, me, ws.ID, domain.RoleAdmin, nil); err != nil {
		return fmt.Errorf("make %s admin of workspace %s: %w", me.Username, ws.ID, err)
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID, ev.After = ws.ID, ws
	return httpapi.JSON(w, http.StatusCreated, ws)
}

func (s *Service) update(w http.ResponseWriter, r *http.Request) error {
	var req Update
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = req.ID
	if !domain.ValidID(req.ID) {
		return domain.Invalid("id", "not a workspace id")
	}
	if err := domain.ValidateWorkspaceName(req.Name); err != nil {
		return err
	}
	if req.Version < 1 {
		return domain.Invalid("version", "is required: send the version you read")
	}
	before, err := s.store.GetWorkspace(r.Context(), req.ID)
	if err != nil {
		return err
	}
	after, err := s.store.RenameWorkspace(r.Context(), req.ID, req.Name, req.Version)
	if err != nil {
		return err
	}
	ev.Before, ev.After = map[string]any{"name": before.Name}, map[string]any{"name": after.Name}
	return httpapi.JSON(w, http.StatusOK, after)
}

// RoleSeeder writes a role unless the workspace has it already.
type RoleSeeder interface {
	PutRoleIfMissing(ctx context.Context, rp *domain.RolePermissions) error
}

// Seed writes the built-in roles into a workspace, keeping any role an
// admin already edited: every workspace starts with them.
func Seed(ctx context.Context, st RoleSeeder, ws string) error {
	for _, r := range domain.Roles {
		if err := st.PutRoleIfMissing(ctx, authz.BuiltInRole(ws, r)); err != nil {
			return fmt.Errorf("seed role %s in workspace %s: %w", r, ws, err)
		}
	}
	return nil
}
