// Package authz holds who may do what: the catalog of permission keys
// (resource:operation), the UI resource ids the console shows by, the
// default role matrix seeded in every workspace, and the ownership scopes.
// The authorizer turns a role's keys into an API Gateway policy; handlers
// check the same keys again.
//
// It must not import the store, the AWS SDK or the HTTP layer's handlers.
package authz

import (
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Permission keys. Scope keys widen what "own" means for tasks, reports,
// schedules and credentials: ScopeAll sees everyone's, ScopeManaged adds
// what was made with credentials the caller manages.
const (
	AuthSelf = "auth:self" // me, logout, password, permissions: every signed-in user

	UsersRead   = "users:read"
	UsersCreate = "users:create"
	UsersUpdate = "users:update"
	UsersDelete = "users:delete"

	CredentialsRead     = "credentials:read"
	CredentialsCreate   = "credentials:create"
	CredentialsUpdate   = "credentials:update"
	CredentialsDelete   = "credentials:delete"
	CredentialsValidate = "credentials:validate"
	CredentialsAssign   = "credentials:assign"
	BaseRoleRead        = "base-role:read"
	BaseRoleUpdate      = "base-role:update"

	TasksRead     = "tasks:read"
	TasksCreate   = "tasks:create"
	TasksCancel   = "tasks:cancel"
	TasksDelete   = "tasks:delete"
	TasksExport   = "tasks:export"
	UploadsCreate = "uploads:create"

	ReportsRead     = "reports:read"
	ReportsDownload = "reports:download"
	ReportsDelete   = "reports:delete"
	ReportsRebuild  = "reports:rebuild"

	ApprovalsRead      = "approvals:read"      // see one's requests and those awaiting one; decide them
	ApprovalsRequest   = "approvals:request"   // ask for permissions for a while
	ApprovalsConfigure = "approvals:configure" // workflows, every request, grants

	AlertsRead      = "alerts:read"      // security alerts, their evidence, the monitor's rules
	AlertsUpdate    = "alerts:update"    // acknowledge and resolve alerts
	AlertsConfigure = "alerts:configure" // turn monitor rules on and off, change their configuration

	TemplatesRead    = "templates:read"
	TemplatesCreate  = "templates:create"
	TemplatesDelete  = "templates:delete"
	TemplatesDefault = "templates:default"
	SettingsRead     = "settings:read"
	SettingsUpdate   = "settings:update"

	SchedulesRead   = "schedules:read"
	SchedulesCreate = "schedules:create"
	SchedulesUpdate = "schedules:update"
	SchedulesDelete = "schedules:delete"

	NotificationsRead   = "notifications:read"
	NotificationsCreate = "notifications:create"
	NotificationsUpdate = "notifications:update"
	NotificationsDelete = "notifications:delete"

	RolesRead     = "roles:read"
	RolesUpdate   = "roles:update"
	InvitesRead   = "invites:read"
	InvitesCreate = "invites:create"
	InvitesDelete = "invites:delete"
	AuditRead     = "audit:read"
	AuditExport   = "audit:export"
	WorkersRead   = "workers:read"
	WorkersPurge  = "workers:purge"

	// WorkspacesManage creates and renames workspaces: platform
	// administration, honoured only in the deployment's first workspace
	// (rights.Union drops it elsewhere), so no client's admin holds it.
	WorkspacesManage = "workspaces:manage"

	ScopeAll     = "scope:all"
	ScopeManaged = "scope:managed"
)

// Catalog is every permission key, for the roles editor.
var Catalog = []string{
	AuthSelf,
	UsersRead, UsersCreate, UsersUpdate, UsersDelete,
	CredentialsRead, CredentialsCreate, CredentialsUpdate, CredentialsDelete, CredentialsValidate, CredentialsAssign,
	BaseRoleRead, BaseRoleUpdate,
	TasksRead, TasksCreate, TasksCancel, TasksDelete, TasksExport, UploadsCreate,
	ReportsRead, ReportsDownload, ReportsDelete, ReportsRebuild,
	TemplatesRead, TemplatesCreate, TemplatesDelete, TemplatesDefault, SettingsRead, SettingsUpdate,
	ApprovalsRead, ApprovalsRequest, ApprovalsConfigure,
	AlertsRead, AlertsUpdate, AlertsConfigure,
	SchedulesRead, SchedulesCreate, SchedulesUpdate, SchedulesDelete,
	NotificationsRead, NotificationsCreate, NotificationsUpdate, NotificationsDelete,
	RolesRead, RolesUpdate, InvitesRead, InvitesCreate, InvitesDelete,
	AuditRead, AuditExport, WorkersRead, WorkersPurge,
	WorkspacesManage,
	ScopeAll, ScopeManaged,
}

// uiByPermission says which console element a permission turns on: the
// console shows a menu or button only when the role may use what it leads to.
var uiByPermission = map[string][]string{
	AuthSelf:            {"menu:dashboard"},
	TasksRead:           {"menu:tasks"},
	TasksCreate:         {"button:task-create"},
	TasksCancel:         {"button:task-cancel"},
	TasksDelete:         {"button:task-delete"},
	ReportsRead:         {"menu:reports"},
	ReportsDelete:       {"button:report-delete"},
	CredentialsRead:     {"menu:credentials"},
	CredentialsCreate:   {"button:credential-create"},
	CredentialsUpdate:   {"button:credential-update"},
	CredentialsDelete:   {"button:credential-delete"},
	CredentialsValidate: {"button:credential-validate"},
	CredentialsAssign:   {"button:user-assign"},
	UsersRead:           {"menu:users"},
	UsersCreate:         {"button:user-create"},
	UsersUpdate:         {"button:user-update"},
	UsersDelete:         {"button:user-delete"},
	RolesRead:           {"menu:roles"},
	RolesUpdate:         {"button:role-update"},
	InvitesRead:         {"menu:invites"},
	InvitesCreate:       {"button:invite-create"},
	AuditRead:           {"menu:audit"},
	WorkersRead:         {"menu:workers"},
	WorkersPurge:        {"button:workers-purge"},
	SchedulesRead:       {"menu:schedules"},
	NotificationsRead:   {"menu:notifications"},
	NotificationsCreate: {"button:notification-create"},
	NotificationsUpdate: {"button:notification-update"},
	NotificationsDelete: {"button:notification-delete"},
	TemplatesRead:       {"menu:templates"},
	TemplatesCreate:     {"button:template-create"},
	TemplatesDelete:     {"button:template-delete"},
	TemplatesDefault:    {"button:template-default"},
	SettingsRead:        {"menu:settings"},
	SettingsUpdate:      {"button:settings-update"},
	ApprovalsRead:       {"menu:approvals"},
	ApprovalsRequest:    {"button:access-request"},
	ApprovalsConfigure:  {"menu:approval-workflows", "menu:grants"},
	AlertsRead:          {"menu:alerts"},
	AlertsUpdate:        {"button:alert-update"},
	AlertsConfigure:     {"menu:alert-rules"},
	WorkspacesManage:    {"menu:workspaces"},
}

// UICatalog is every UI resource id.
func UICatalog() []string {
	var ids []string
	for _, p := range Catalog {
		ids = append(ids, uiByPermission[p]...)
	}
	return ids
}

// UIFor derives the UI resource ids that a set of permissions turns on.
func UIFor(perms []string) []string {
	var ids []string
	for _, p := range Catalog {
		if slices.Contains(perms, p) {
			ids = append(ids, uiByPermission[p]...)
		}
	}
	return ids
}

// Defaults is the role matrix of DESIGN.md section 5, seeded per workspace.
// A power user also reads the user list: it assigns credentials to users.
func Defaults(role domain.Role) []string {
	switch role {
	case domain.RoleAdmin:
		return slices.Clone(Catalog)
	case domain.RolePowerUser:
		return []string{AuthSelf, UsersRead,
			CredentialsRead, CredentialsCreate, CredentialsUpdate, CredentialsValidate, CredentialsAssign,
			TasksRead, TasksCreate, TasksCancel, TasksDelete, TasksExport, UploadsCreate,
			ReportsRead, ReportsDownload, ReportsDelete, ReportsRebuild,
			TemplatesRead, TemplatesCreate, TemplatesDelete, SettingsRead, ApprovalsRead, ApprovalsRequest,
			SchedulesRead, SchedulesCreate, SchedulesUpdate, SchedulesDelete,
			NotificationsRead, NotificationsCreate, NotificationsUpdate, NotificationsDelete,
			ScopeManaged}
	case domain.RoleUser:
		return []string{AuthSelf, CredentialsRead,
			TasksRead, TasksCreate, TasksCancel, TasksDelete, TasksExport, UploadsCreate,
			ReportsRead, ReportsDownload, ReportsDelete, ReportsRebuild,
			TemplatesRead, SettingsRead, ApprovalsRead, ApprovalsRequest,
			SchedulesRead, SchedulesCreate, SchedulesUpdate, SchedulesDelete,
			NotificationsRead, NotificationsCreate, NotificationsUpdate, NotificationsDelete}
	}
	return nil
}

// Known reports whether every key is in the catalog; it returns the first
// unknown one.
func Known(perms []string) (string, bool) {
	for _, p := range perms {
		if !slices.Contains(Catalog, p) {
			return p, false
		}
	}
	return "", true
}

// BuiltInRole is a built-in role as every workspace starts with it: the
// default matrix, the role's rank and description.
func BuiltInRole(ws string, r domain.Role) *domain.RolePermissions {
	perms := Defaults(r)
	return &domain.RolePermissions{WorkspaceID: ws, Role: r, Description: domain.BuiltInDescriptions[r], Rank: r.Rank(), BuiltIn: true,
		Permissions: perms, UIResources: UIFor(perms)}
}
