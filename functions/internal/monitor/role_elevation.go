package monitor

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// RoleElevation configures role_elevation: a user given a higher role
// (users.update, which the users service records as users.elevate when
// the role rank rises, with the user before and after), and a role given
// more permissions (roles.update, with the role's permissions before and
// after).
type RoleElevation struct {
	UserRoles       bool `json:"userRoles"`
	RolePermissions bool `json:"rolePermissions"`
}

// DefaultRoleElevation watches both.
func DefaultRoleElevation() *RoleElevation {
	return &RoleElevation{UserRoles: true, RolePermissions: true}
}

// Validate implements Config.
func (c *RoleElevation) Validate() error {
	if !c.UserRoles && !c.RolePermissions {
		return domain.Invalid("config.userRoles", "userRoles or rolePermissions must be on: to stop the rule, disable it")
	}
	return nil
}

func (c *RoleElevation) lookback() time.Duration { return 0 }

func (c *RoleElevation) counts(*domain.AuditEntry) bool { return false }

// sensitivePermissions make an addition to a role a high-severity alert:
// they manage people, access, credentials or the audit trail.
var sensitivePermissions = []string{
	authz.UsersCreate, authz.UsersUpdate, authz.UsersDelete, authz.RolesUpdate, authz.BaseRoleUpdate,
	authz.CredentialsCreate, authz.CredentialsUpdate, authz.CredentialsDelete, authz.CredentialsAssign,
	authz.AuditExport, authz.ScopeAll, authz.AlertsConfigure,
}

// Evaluate implements Config.
func (c *RoleElevation) Evaluate(b *Batch, out *Result) {
	for i := range b.Entries {
		e := &b.Entries[i]
		if !b.IsNew(e) || e.Result != domain.AuditSuccess {
			continue
		}
		var f Finding
		switch {
		case c.UserRoles && (e.Action == "users.elevate" || e.Action == "users.update"):
			// The users handler names a raise (by the roles' real ranks,
			// custom roles and several roles included) users.elevate; an
			// older entry is judged by the built-in ranks.
			from, to := rolesIn(e.Before), rolesIn(e.After)
			if len(from) == 0 || len(to) == 0 || (e.Action != "users.elevate" && builtInRank(to) <= builtInRank(from)) {
				continue
			}
			name := str(field(e.After, "username"))
			if name == "" {
				name = e.ResourceID
			}
			f = Finding{Severity: domain.SeverityMedium, Title: "User role raised", Subject: e.ResourceID, SubjectName: name,
				Message: fmt.Sprintf("%s raised %s from %s to %s.", actorName(e), name, strings.Join(from, ", "), strings.Join(to, ", "))}
			if slices.Contains(to, string(domain.RoleAdmin)) {
				f.Severity = domain.SeverityHigh
			}
		case c.RolePermissions && e.Action == "roles.update":
			added := addedTo(strs(field(e.Before, "permissions")), strs(field(e.After, "permissions")))
			if len(added) == 0 {
				continue
			}
			role := e.ResourceID
			if role == "" {
				role = str(field(e.After, "role"))
			}
			f = Finding{Severity: domain.SeverityMedium, Title: "Permissions added to a role", Subject: role, SubjectName: role,
				Message: fmt.Sprintf("%s gave the role %s: %s.", actorName(e), role, strings.Join(added, ", "))}
			for _, p := range added {
				if slices.Contains(sensitivePermissions, p) {
					f.Severity = domain.SeverityHigh
				}
			}
		default:
			continue
		}
		f.Rule, f.At, f.Evidence = RuleRoleElevation, timeOf(e), []string{e.ID}
		f.Key = RuleRoleElevation + "|" + f.Subject + "|" + e.ID
		out.Findings = append(out.Findings, f)
	}
}

// addedTo is what after holds that before did not, sorted.
func addedTo(before, after []string) []string {
	var out []string
	for _, p := range after {
		if !slices.Contains(before, p) && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// rolesIn reads a user's roles from an audit snapshot: the primary role,
// then the others.
func rolesIn(v any) []string {
	out := []string{}
	if r := str(field(v, "role")); r != "" {
		out = append(out, r)
	}
	for _, r := range strs(field(v, "roles")) {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// builtInRank is the highest built-in rank among roles (custom roles count 0).
func builtInRank(roles []string) int {
	rank := 0
	for _, r := range roles {
		rank = max(rank, domain.Role(r).Rank())
	}
	return rank
}
