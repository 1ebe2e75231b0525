package routes

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/admin"
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
	"github.com/cloudcensus/cloudcensus/functions/internal/users"
)

var auditParams = []httpapi.Param{{Name: "actor"}, {Name: "action"}, {Name: "resource_type"}, {Name: "result"},
	{Name: "from", Desc: "RFC 3339"}, {Name: "to", Desc: "RFC 3339"}}

var adminRoutes = []httpapi.Route{
	{Method: "GET", Path: "/api/roles", Perm: authz.RolesRead, Function: FnAdmin, Summary: "Roles, their permissions and the catalog", Reply: admin.Roles{}},
	{Method: "POST", Path: "/api/roles/update", Perm: authz.RolesUpdate, Function: FnAdmin, Summary: "Replace a role's permissions", Body: admin.RoleUpdate{}, Reply: domain.RolePermissions{}},
	{Method: "GET", Path: "/api/invites", Perm: authz.InvitesRead, Function: FnAdmin, Summary: "List invite codes", Query: pageParams, Reply: httpapi.List[domain.Invite]{}},
	{Method: "POST", Path: "/api/invites/create", Perm: authz.InvitesCreate, Function: FnAdmin, Summary: "Make an invite code (shown once)", Body: admin.InviteRequest{}, Reply: admin.InviteCreated{}, Status: 201},
	{Method: "POST", Path: "/api/invites/delete", Perm: authz.InvitesDelete, Function: FnAdmin, Summary: "Delete an invite code", Body: users.IDBody{}, Status: 204},
	{Method: "GET", Path: "/api/audit", Perm: authz.AuditRead, Function: FnAdmin, Summary: "The audit log, newest first", Query: withPage(auditParams...), Reply: httpapi.List[domain.AuditEntry]{}},
	{Method: "GET", Path: "/api/audit/export", Perm: authz.AuditExport, Function: FnAdmin, Summary: "The audit log as CSV", Query: auditParams},
	{Method: "GET", Path: "/api/workers", Perm: authz.WorkersRead, Function: FnAdmin, Summary: "Running executions and their units in flight", Reply: tasks.Workers{}},
	{Method: "GET", Path: "/api/workers/stats", Perm: authz.WorkersRead, Function: FnAdmin, Summary: "Unit counts and average duration over recent tasks", Reply: tasks.Stats{}},
	{Method: "POST", Path: "/api/workers/purge", Perm: authz.WorkersPurge, Function: FnAdmin, Summary: "Stop every queued and running execution; their tasks are cancelled", Reply: tasks.Purged{}},
}
