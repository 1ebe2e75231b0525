package authz

// Entry is one permission key with the console elements it turns on, as
// the contract lists them for the console.
type Entry struct {
	Key string   `json:"key"`
	UI  []string `json:"ui"`
}

// Entries is the catalog in order, each key with its UI resource ids.
func Entries() []Entry {
	out := make([]Entry, 0, len(Catalog))
	for _, k := range Catalog {
		ui := uiByPermission[k]
		if ui == nil {
			ui = []string{}
		}
		out = append(out, Entry{Key: k, UI: ui})
	}
	return out
}

// Group is a set of permissions the role editor shows together, in plain
// words: an administrator picks "Run and cancel scans", not tasks:cancel.
type Group struct {
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Permissions []Permission `json:"permissions"`
}

// Permission is one key with its label and what it allows.
type Permission struct {
	Key         string   `json:"key"`
	Label       string   `json:"label"`
	Description string   `json:"description"`
	UI          []string `json:"ui"`
}

type described struct{ label, desc string }

// groups is the catalog in the editor's words, every key exactly once
// (TestGroupsCoverTheCatalog).
var groups = []struct {
	name, desc string
	keys       []string
}{
	{"Account", "What every signed-in person needs.", []string{AuthSelf}},
	{"Scans", "Run scans and work with their results.", []string{TasksRead, TasksCreate, TasksCancel, TasksDelete, TasksExport, UploadsCreate}},
	{"Reports", "The Word reports the scans write.", []string{ReportsRead, ReportsDownload, ReportsRebuild, ReportsDelete}},
	{"Schedules", "Scans that run on their own.", []string{SchedulesRead, SchedulesCreate, SchedulesUpdate, SchedulesDelete}},
	{"AWS credentials", "The AWS accounts scans read, and who may use them.", []string{CredentialsRead, CredentialsCreate, CredentialsUpdate, CredentialsDelete, CredentialsValidate, CredentialsAssign, BaseRoleRead, BaseRoleUpdate}},
	{"Notifications", "Where scan results and alerts are sent.", []string{NotificationsRead, NotificationsCreate, NotificationsUpdate, NotificationsDelete}},
	{"Templates and settings", "The report's branding and the workspace's settings.", []string{TemplatesRead, TemplatesCreate, TemplatesDelete, TemplatesDefault, SettingsRead, SettingsUpdate}},
	{"Visibility", "Whose scans, reports, schedules and credentials one sees; without these, only one's own.", []string{ScopeManaged, ScopeAll}},
	{"People and roles", "Who works in the workspace and what they may do.", []string{UsersRead, UsersCreate, UsersUpdate, UsersDelete, RolesRead, RolesUpdate, InvitesRead, InvitesCreate, InvitesDelete}},
	{"Approvals", "Requests that need someone else's approval.", []string{ApprovalsRead, ApprovalsRequest, ApprovalsConfigure}},
	{"Security", "The audit log, security alerts and the scan workers.", []string{AuditRead, AuditExport, AlertsRead, AlertsUpdate, AlertsConfigure, WorkersRead, WorkersPurge}},
	{"Platform", "Administration of the whole deployment; honoured only in its first workspace.", []string{WorkspacesManage}},
}

var descriptions = map[string]described{
	AuthSelf:            {"Sign in and manage own account", "See one's profile, change one's password, sign out."},
	UsersRead:           {"View users", "List the workspace's users and their roles."},
	UsersCreate:         {"Create users", "Add users with a role no higher than one's own."},
	UsersUpdate:         {"Change users", "Change a user's email, roles or status (lock, deactivate, unlock)."},
	UsersDelete:         {"Remove users", "Remove a user from the workspace."},
	CredentialsRead:     {"View credentials", "See the AWS credentials one may use (all of them with full visibility)."},
	CredentialsCreate:   {"Add credentials", "Add AWS access keys, roles and organizations."},
	CredentialsUpdate:   {"Change credentials", "Rename credentials and change their secrets or roles."},
	CredentialsDelete:   {"Delete credentials", "Delete AWS credentials."},
	CredentialsValidate: {"Validate credentials", "Check that a credential can read what a scan needs."},
	CredentialsAssign:   {"Assign credentials", "Let users scan with a credential."},
	BaseRoleRead:        {"View the base role", "See the identity scans assume member roles from."},
	BaseRoleUpdate:      {"Change the base role", "Change the identity scans assume member roles from."},
	TasksRead:           {"View scans", "See scans, their progress, logs and results."},
	TasksCreate:         {"Start scans", "Start a scan of the accounts and regions one may use."},
	TasksCancel:         {"Cancel scans", "Stop a running scan."},
	TasksDelete:         {"Delete scans", "Delete a finished scan and its results."},
	TasksExport:         {"Export results", "Export a scan's results as CSV or Excel."},
	UploadsCreate:       {"Upload files", "Upload a network diagram or a template file."},
	ReportsRead:         {"View reports", "List reports and their details."},
	ReportsDownload:     {"Download reports", "Download the Word documents."},
	ReportsDelete:       {"Delete reports", "Delete a report document."},
	ReportsRebuild:      {"Rebuild reports", "Write a report again from its scan."},
	TemplatesRead:       {"View templates", "List the report templates."},
	TemplatesCreate:     {"Upload templates", "Add branded report templates."},
	TemplatesDelete:     {"Delete templates", "Delete report templates."},
	TemplatesDefault:    {"Choose the default template", "Set the template reports use unless a scan names another."},
	SettingsRead:        {"View settings", "See the workspace's settings."},
	SettingsUpdate:      {"Change settings", "Change report retention and the workspace's exclusions."},
	ApprovalsRead:       {"Take part in approvals", "See one's requests and those awaiting one; approve or reject them."},
	ApprovalsRequest:    {"Request access", "Ask for a permission for a limited time."},
	ApprovalsConfigure:  {"Configure approvals", "Set which operations need approval, see every request, revoke grants."},
	AlertsRead:          {"View security alerts", "See alerts, their evidence and the monitor's rules."},
	AlertsUpdate:        {"Handle security alerts", "Acknowledge and resolve alerts."},
	AlertsConfigure:     {"Configure the security monitor", "Turn monitor rules on and off and tune them."},
	SchedulesRead:       {"View schedules", "See scheduled scans."},
	SchedulesCreate:     {"Create schedules", "Schedule scans."},
	SchedulesUpdate:     {"Change schedules", "Change, pause and resume scheduled scans."},
	SchedulesDelete:     {"Delete schedules", "Delete scheduled scans."},
	NotificationsRead:   {"View notification channels", "See where results and alerts are sent."},
	NotificationsCreate: {"Add notification channels", "Add email, chat and webhook channels."},
	NotificationsUpdate: {"Change notification channels", "Change and test channels."},
	NotificationsDelete: {"Delete notification channels", "Delete channels."},
	RolesRead:           {"View roles", "See the roles and their permissions."},
	RolesUpdate:         {"Manage roles", "Create, change and delete roles ranked no higher than one's own, with permissions one holds."},
	InvitesRead:         {"View invites", "See the invite codes."},
	InvitesCreate:       {"Create invites", "Make invite codes for a role no higher than one's own."},
	InvitesDelete:       {"Delete invites", "Withdraw invite codes."},
	AuditRead:           {"View the audit log", "Search who did what, when and from where."},
	AuditExport:         {"Export the audit log", "Export the audit log as CSV."},
	WorkersRead:         {"View scan workers", "See the executions scans run on."},
	WorkersPurge:        {"Purge scan workers", "Stop executions left behind."},
	WorkspacesManage:    {"Manage workspaces", "Create and rename the deployment's workspaces."},
	ScopeAll:            {"See everyone's work", "See and act on every scan, report, schedule and credential of the workspace."},
	ScopeManaged:        {"See work on managed credentials", "Also see scans, reports and schedules made with credentials one manages."},
}

// Groups is the catalog in plain-language groups, for the role editor.
func Groups() []Group {
	out := make([]Group, 0, len(groups))
	for _, g := range groups {
		grp := Group{Name: g.name, Description: g.desc}
		for _, k := range g.keys {
			d := descriptions[k]
			ui := uiByPermission[k]
			if ui == nil {
				ui = []string{}
			}
			grp.Permissions = append(grp.Permissions, Permission{Key: k, Label: d.label, Description: d.desc, UI: ui})
		}
		out = append(out, grp)
	}
	return out
}
