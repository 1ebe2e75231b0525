package admin

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
)

// Roles is the roles list with the catalog the editor offers.
type Roles struct {
	Data    []domain.RolePermissions `json:"data"`
	Catalog Catalog                  `json:"catalog"`
}

// Catalog is every permission key and UI resource id, and the keys again
// in plain-language groups with their descriptions.
type Catalog struct {
	Permissions []string      `json:"permissions"`
	UIResources []string      `json:"uiResources"`
	Groups      []authz.Group `json:"groups"`
	// MaxRank is the highest rank a role may have.
	MaxRank int `json:"maxRank"`
}

// RoleCreate makes a custom role. UI ids follow from the permissions: any
// sent must be among those the permissions turn on.
type RoleCreate struct {
	Name        domain.Role `json:"name"`
	Description string      `json:"description"`
	Permissions []string    `json:"permissions"`
	UIResources []string    `json:"uiResources,omitempty"`
	Rank        int         `json:"rank"`
}

// RoleUpdate changes a role. A built-in role keeps its rank; the
// administrator role is read-only.
type RoleUpdate struct {
	Role        domain.Role `json:"role"`
	Description *string     `json:"description,omitempty"`
	Permissions []string    `json:"permissions"`
	UIResources []string    `json:"uiResources,omitempty"`
	Rank        *int        `json:"rank,omitempty"`
	Version     int         `json:"version"`
}

// RoleDelete deletes a custom role.
type RoleDelete struct {
	Role    domain.Role `json:"role"`
	Version int         `json:"version"`
}

func (s *Service) listRoles(w http.ResponseWriter, r *http.Request) error {
	rs, err := s.store.ListRoles(r.Context(), httpapi.PrincipalFrom(r.Context()).WorkspaceID)
	if err != nil {
		return err
	}
	for i := range rs {
		rs[i].Rank = rs[i].RankOf()
		rs[i].BuiltIn = rs[i].Role.BuiltIn()
		if rs[i].BuiltIn && rs[i].Description == "" {
			rs[i].Description = domain.BuiltInDescriptions[rs[i].Role]
		}
	}
	slices.SortStableFunc(rs, func(a, b domain.RolePermissions) int {
		if a.Rank != b.Rank {
			return b.Rank - a.Rank
		}
		return strings.Compare(string(a.Role), string(b.Role))
	})
	return httpapi.JSON(w, http.StatusOK, Roles{Data: rs, Catalog: Catalog{Permissions: authz.Catalog, UIResources: authz.UICatalog(),
		Groups: authz.Groups(), MaxRank: domain.RankAdmin}})
}

func (s *Service) createRole(w http.ResponseWriter, r *http.Request) error {
	var req RoleCreate
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = string(req.Name)
	p := httpapi.PrincipalFrom(r.Context())
	if err := domain.ValidateRoleName("name", req.Name); err != nil {
		return err
	}
	if req.Name.BuiltIn() {
		return domain.Conflict(fmt.Sprintf("%s is a built-in role", req.Name))
	}
	rp := domain.RolePermissions{WorkspaceID: p.WorkspaceID, Role: req.Name, Description: req.Description, Rank: req.Rank}
	if err := s.checkRole(p, &rp, req.Permissions, req.UIResources); err != nil {
		return err
	}
	if err := s.store.CreateRole(r.Context(), &rp); err != nil {
		return err
	}
	rp.BuiltIn = false
	ev.After = rp
	return httpapi.JSON(w, http.StatusCreated, rp)
}

func (s *Service) updateRole(w http.ResponseWriter, r *http.Request) error {
	var req RoleUpdate
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = string(req.Role)
	p := httpapi.PrincipalFrom(r.Context())
	rp, after, err := s.applyRole(r.Context(), p, req)
	if err != nil {
		return err
	}
	ev.Before, ev.After = rp, after
	if s.cache != nil { // in AWS the authorizer runs elsewhere and ages its cache out
		s.cache.InvalidateRole(p.WorkspaceID, req.Role)
	}
	return httpapi.JSON(w, http.StatusOK, after)
}

func (s *Service) applyRole(ctx context.Context, p *httpapi.Principal, req RoleUpdate) (before, after *domain.RolePermissions, err error) {
	if err := domain.ValidateRoleName("role", req.Role); err != nil {
		return nil, nil, err
	}
	if req.Version < 1 {
		return nil, nil, domain.Invalid("version", "is required: send the version you read")
	}
	// The administrator role holds every permission, always: no edit can
	// lock the workspace out of its own administration.
	if req.Role == domain.RoleAdmin {
		return nil, nil, domain.Conflict("the administrator role is read-only: it always holds every permission; make a custom role for less")
	}
	cur, err := s.store.GetRole(ctx, p.WorkspaceID, req.Role)
	if domain.Is(err, domain.KindNotFound) {
		return nil, nil, domain.Invalidf("role", "no role named %s in this workspace", req.Role)
	}
	if err != nil {
		return nil, nil, err
	}
	if cur.RankOf() > p.Rank {
		return nil, nil, domain.Refused("role", fmt.Sprintf("the role %s ranks above your own (%d > %d)", req.Role, cur.RankOf(), p.Rank))
	}
	b := *cur
	next := *cur
	next.Version = req.Version
	next.Rank = cur.RankOf()
	if req.Description != nil {
		next.Description = *req.Description
	}
	if req.Rank != nil {
		if cur.Role.BuiltIn() && *req.Rank != cur.Role.Rank() {
			return nil, nil, domain.Invalid("rank", "a built-in role keeps its rank")
		}
		next.Rank = *req.Rank
	}
	if err := s.checkRole(p, &next, req.Permissions, req.UIResources); err != nil {
		return nil, nil, err
	}
	if err := s.store.UpdateRole(ctx, &next); err != nil {
		return nil, nil, err
	}
	next.BuiltIn = next.Role.BuiltIn()
	return &b, &next, nil
}

// checkRole validates what a role is to hold and sets it on rp: known
// permissions the caller holds itself (nobody hands out what they could
// not do), UI ids derived from them, a rank no higher than the caller's,
// a description of plain text.
func (s *Service) checkRole(p *httpapi.Principal, rp *domain.RolePermissions, perms, ui []string) error {
	if len([]rune(rp.Description)) > 500 {
		return domain.Invalid("description", "at most 500 characters")
	}
	for _, r := range rp.Description {
		if r < ' ' && r != '\n' || r == 0x7f {
			return domain.Invalid("description", "must not contain control characters")
		}
	}
	if rp.Rank < 1 || rp.Rank > domain.RankAdmin {
		return domain.Invalidf("rank", "from 1 to %d (user %d, power user %d, admin %d)", domain.RankAdmin, domain.RankUser, domain.RankPowerUser, domain.RankAdmin)
	}
	if rp.Rank > p.Rank {
		return domain.Refused("rank", fmt.Sprintf("a role cannot rank above your own (%d)", p.Rank))
	}
	if k, ok := authz.Known(perms); !ok {
		return domain.Invalidf("permissions", "unknown permission %q", k)
	}
	for _, k := range perms {
		if !p.Can(k) {
			return domain.Refused("permissions", fmt.Sprintf("you cannot give a role %s: you do not hold it", k))
		}
	}
	derived := authz.UIFor(perms)
	for _, id := range ui {
		if !slices.Contains(authz.UICatalog(), id) {
			return domain.Invalidf("uiResources", "unknown UI resource %q", id)
		}
		if !slices.Contains(derived, id) {
			return domain.Invalidf("uiResources", "%q needs a permission the role does not have: UI elements follow from the permissions", id)
		}
	}
	if !slices.Contains(perms, authz.AuthSelf) {
		perms = append([]string{authz.AuthSelf}, perms...) // everyone signs in and out
	}
	rp.Permissions = slices.Clone(perms)
	rp.UIResources = authz.UIFor(rp.Permissions)
	return nil
}

func (s *Service) deleteRole(w http.ResponseWriter, r *http.Request) error {
	var req RoleDelete
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	ev := httpapi.AuditOf(r)
	ev.ResourceID = string(req.Role)
	p := httpapi.PrincipalFrom(ctx)
	if err := domain.ValidateRoleName("role", req.Role); err != nil {
		return err
	}
	if req.Role.BuiltIn() {
		return domain.Conflict(fmt.Sprintf("%s is a built-in role: it cannot be deleted", req.Role))
	}
	if req.Version < 1 {
		return domain.Invalid("version", "is required: send the version you read")
	}
	rp, err := s.store.GetRole(ctx, p.WorkspaceID, req.Role)
	if err != nil {
		return err
	}
	if rp.RankOf() > p.Rank {
		return domain.Refused("role", fmt.Sprintf("the role %s ranks above your own", req.Role))
	}
	holders, err := s.store.UsersWithRole(ctx, p.WorkspaceID, req.Role)
	if err != nil {
		return err
	}
	if len(holders) > 0 {
		names := make([]string, 0, len(holders))
		for _, u := range holders {
			names = append(names, u.Username)
		}
		slices.Sort(names)
		return domain.Conflict(fmt.Sprintf("the role %s is held by %d user(s): %s; give them another role first", req.Role, len(names), strings.Join(names, ", ")))
	}
	if n, err := s.invitesFor(ctx, p.WorkspaceID, req.Role); err != nil {
		return err
	} else if n > 0 {
		return domain.Conflict(fmt.Sprintf("the role %s is named by %d invite code(s): delete them first", req.Role, n))
	}
	rp.Version = req.Version
	if err := s.store.DeleteRole(ctx, rp); err != nil {
		return err
	}
	ev.Before = rp
	if s.cache != nil {
		s.cache.InvalidateRole(p.WorkspaceID, req.Role)
	}
	return httpapi.NoContent(w)
}

// invitesFor counts the workspace's invites that name role.
func (s *Service) invitesFor(ctx context.Context, ws string, role domain.Role) (int, error) {
	n := 0
	page := domain.Page{Number: 1, Size: 100}
	for {
		l, err := s.store.ListInvites(ctx, ws, page)
		if err != nil {
			return 0, err
		}
		for _, inv := range l.Items {
			if inv.Role == role {
				n++
			}
		}
		if l.Next == "" {
			return n, nil
		}
		page = domain.Page{Size: 100, Cursor: l.Next}
	}
}

// grantable reads a role the caller means to give (to a user, an invite)
// and refuses one that does not exist or ranks above the caller's own.
func (s *Service) grantable(ctx context.Context, p *httpapi.Principal, field string, role domain.Role) (*domain.RolePermissions, error) {
	return rights.Grantable(ctx, s.store, p, field, role)
}
