// Package admin serves the workspace administration routes: the roles and
// their permissions, invite codes, and the audit log with its CSV export.
// (The workers routes are the tasks package's: they are executions.)
//
// It must not import the AWS SDK.
package admin

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"net/http"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// Store is what administration needs of the table.
type Store interface {
	ListRoles(ctx context.Context, ws string) ([]domain.RolePermissions, error)
	GetRole(ctx context.Context, ws string, role domain.Role) (*domain.RolePermissions, error)
	CreateRole(ctx context.Context, rp *domain.RolePermissions) error
	UpdateRole(ctx context.Context, rp *domain.RolePermissions) error
	DeleteRole(ctx context.Context, rp *domain.RolePermissions) error
	UsersWithRole(ctx context.Context, ws string, role domain.Role) ([]domain.User, error)
	CreateInvite(ctx context.Context, inv *domain.Invite) error
	ListInvites(ctx context.Context, ws string, p store.Page) (store.Listed[domain.Invite], error)
	DeleteInvite(ctx context.Context, ws, id string) error
	ListAudit(ctx context.Context, ws string, f store.AuditFilter, p store.Page) (store.Listed[domain.AuditEntry], error)
	EachAudit(ctx context.Context, ws string, f store.AuditFilter, fn func(*domain.AuditEntry) error) error
}

// RoleCache forgets a role's permissions when they change.
type RoleCache interface {
	InvalidateRole(ws string, role domain.Role)
}

// Service serves the admin routes.
type Service struct {
	store Store
	cache RoleCache
	jobs  Jobs
	now   func() time.Time
}

// New builds the service.
func New(st Store, c RoleCache) *Service {
	return &Service{store: st, cache: c, now: func() time.Time { return time.Now().UTC() }}
}

var auditParams = []httpapi.Param{{Name: "actor"}, {Name: "action"}, {Name: "resource_type"}, {Name: "result"},
	{Name: "resource_id"}, {Name: "q", Desc: "free text: actor, action, resource, address or user agent containing it"},
	{Name: "from", Desc: "RFC 3339"}, {Name: "to", Desc: "RFC 3339"}}

// Routes are the roles, invites and audit routes, each with its handler.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/roles", Perm: authz.RolesRead, Summary: "Roles, their permissions and the catalog in plain-language groups", Reply: Roles{}, Handler: s.listRoles},
		{Method: "POST", Path: "/api/roles/create", Perm: authz.RolesUpdate, Summary: "Make a custom role, ranked no higher than one's own, with permissions one holds",
			Body: RoleCreate{}, Reply: domain.RolePermissions{}, Status: 201, Audit: httpapi.Audited("roles.create", "role"), Handler: s.createRole},
		{Method: "POST", Path: "/api/roles/update", Perm: authz.RolesUpdate, Summary: "Change a role's description, permissions or rank (the administrator role is read-only)",
			Body: RoleUpdate{}, Reply: domain.RolePermissions{}, Audit: httpapi.Audited("roles.update", "role"), Handler: s.updateRole},
		{Method: "POST", Path: "/api/roles/delete", Perm: authz.RolesUpdate, Summary: "Delete a custom role no one holds",
			Body: RoleDelete{}, Status: 204, Audit: httpapi.Audited("roles.delete", "role"), Handler: s.deleteRole},
		{Method: "GET", Path: "/api/invites", Perm: authz.InvitesRead, Summary: "List invite codes",
			Query: httpapi.PageParams, Reply: httpapi.List[domain.Invite]{}, Handler: s.listInvites},
		{Method: "POST", Path: "/api/invites/create", Perm: authz.InvitesCreate, Summary: "Make an invite code (shown once)",
			Body: InviteRequest{}, Reply: InviteCreated{}, Status: 201, Audit: httpapi.Audited("invites.create", "invite"), Handler: s.createInvite},
		{Method: "POST", Path: "/api/invites/delete", Perm: authz.InvitesDelete, Summary: "Delete an invite code",
			Body: httpapi.IDBody{}, Status: 204, Audit: httpapi.Audited("invites.delete", "invite"), Handler: s.deleteInvite},
		{Method: "GET", Path: "/api/audit", Perm: authz.AuditRead, Summary: "The audit log, newest first",
			Query: httpapi.WithPage(auditParams...), Reply: httpapi.List[domain.AuditEntry]{}, Handler: s.listAudit},
		{Method: "POST", Path: "/api/audit/export", Perm: authz.AuditExport, Summary: "Start writing the audit log as CSV; the file is at /api/exports/detail",
			Body: AuditExport{}, Reply: domain.Job{}, Status: 202, Audit: httpapi.Audited("audit.export", "job"), Handler: s.exportAudit},
	}
}

// InviteRequest makes an invite code.
type InviteRequest struct {
	Role           domain.Role `json:"role"`
	ExpiresInHours int         `json:"expiresInHours"`
	MaxUses        int         `json:"maxUses"`
}

// InviteCreated shows the code once.
type InviteCreated struct {
	Invite domain.Invite `json:"invite"`
	Code   string        `json:"code"`
}

func (s *Service) listInvites(w http.ResponseWriter, r *http.Request) error {
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.Invite], error) {
		return s.store.ListInvites(r.Context(), httpapi.PrincipalFrom(r.Context()).WorkspaceID, page)
	})
}

func (s *Service) createInvite(w http.ResponseWriter, r *http.Request) error {
	var req InviteRequest
	if err := httpapi.Decode(r, &req); err != nil {
		return err
	}
	out, err := s.newInvite(r.Context(), httpapi.PrincipalFrom(r.Context()), req)
	if err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID, ev.After = out.Invite.ID, out.Invite
	return httpapi.JSON(w, http.StatusCreated, out)
}

func (s *Service) newInvite(ctx context.Context, p *httpapi.Principal, req InviteRequest) (*InviteCreated, error) {
	if _, err := s.grantable(ctx, p, "role", req.Role); err != nil {
		return nil, err
	}
	switch {
	case req.ExpiresInHours < 1 || req.ExpiresInHours > 24*90:
		return nil, domain.Invalid("expiresInHours", "from 1 hour to 90 days")
	case req.MaxUses < 1 || req.MaxUses > 1000:
		return nil, domain.Invalid("maxUses", "from 1 to 1000")
	}
	raw := make([]byte, 15)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	code := base32.StdEncoding.EncodeToString(raw)
	inv := domain.Invite{ID: domain.NewID(), WorkspaceID: p.WorkspaceID, CodeHash: domain.HashInviteCode(code), Hint: code[len(code)-4:],
		Role: req.Role, ExpiresAt: s.now().Add(time.Duration(req.ExpiresInHours) * time.Hour), MaxUses: req.MaxUses, CreatedBy: p.UserID}
	if err := s.store.CreateInvite(ctx, &inv); err != nil {
		return nil, err
	}
	return &InviteCreated{Invite: inv, Code: code}, nil
}

func (s *Service) deleteInvite(w http.ResponseWriter, r *http.Request) error {
	var b httpapi.IDBody
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	httpapi.AuditOf(r).ResourceID = b.ID
	if !domain.ValidID(b.ID) {
		return domain.Invalid("id", "not an invite id")
	}
	if err := s.store.DeleteInvite(r.Context(), httpapi.PrincipalFrom(r.Context()).WorkspaceID, b.ID); err != nil {
		return err
	}
	return httpapi.NoContent(w)
}

func auditFilter(r *http.Request) (store.AuditFilter, error) {
	q := r.URL.Query()
	f := store.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), ResourceType: q.Get("resource_type"), Result: domain.AuditResult(q.Get("result")),
		ResourceID: q.Get("resource_id"), Text: q.Get("q")}
	if len(f.Text) > 200 {
		return f, domain.Invalid("q", "at most 200 characters")
	}
	var err error
	if f.From, f.To, err = httpapi.ParseTimeRange(r); err != nil {
		return f, err
	}
	return f, checkResult(f.Result)
}

func checkResult(r domain.AuditResult) error {
	switch r {
	case "", domain.AuditSuccess, domain.AuditFailure, domain.AuditDenied:
		return nil
	}
	return domain.Invalid("result", "must be success, failure or denied")
}

func (s *Service) listAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.AuditEntry], error) {
		return s.store.ListAudit(r.Context(), httpapi.PrincipalFrom(r.Context()).WorkspaceID, f, page)
	})
}

// AuditExport is the filter of an audit export, as the audit list takes
// it.
type AuditExport struct {
	Actor        string             `json:"actor,omitempty"`
	Action       string             `json:"action,omitempty"`
	ResourceType string             `json:"resourceType,omitempty"`
	Result       domain.AuditResult `json:"result,omitempty"`
	ResourceID   string             `json:"resourceId,omitempty"`
	Text         string             `json:"q,omitempty"`
	From         string             `json:"from,omitempty"` // RFC 3339
	To           string             `json:"to,omitempty"`   // RFC 3339
}

// Jobs starts background work (jobs.Service).
type Jobs interface {
	Start(ctx context.Context, p *httpapi.Principal, kind domain.JobKind, perm string, params domain.JobParams) (*domain.Job, error)
}

// WithJobs lets the service start audit exports.
func (s *Service) WithJobs(j Jobs) *Service {
	s.jobs = j
	return s
}

// exportAudit starts a job writing the filtered log as CSV, with every
// cell a spreadsheet would run as a formula neutralised (a failed sign-in
// writes its user agent here without any account); the log can outgrow a
// synchronous answer.
func (s *Service) exportAudit(w http.ResponseWriter, r *http.Request) error {
	var b AuditExport
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	if err := checkResult(b.Result); err != nil {
		return err
	}
	from, to, err := httpapi.TimeRange(b.From, b.To)
	if err != nil {
		return err
	}
	if s.jobs == nil {
		return domain.Unavailable("exports are not set up in this deployment", nil)
	}
	j, err := s.jobs.Start(r.Context(), httpapi.PrincipalFrom(r.Context()), domain.JobAuditExport, authz.AuditExport,
		domain.JobParams{Actor: b.Actor, Action: b.Action, ResourceType: b.ResourceType, Result: string(b.Result),
			ResourceID: b.ResourceID, Text: b.Text, From: from, To: to})
	if err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID, ev.After = j.ID, j
	return httpapi.JSON(w, http.StatusAccepted, j)
}
