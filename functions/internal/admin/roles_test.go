package admin_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/admin"
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

func TestListRoles(t *testing.T) {
	h := newHarness(t)
	var l admin.Roles
	if st, raw := h.Call("admin", "GET", "/api/roles", nil, &l); st != 200 {
		t.Fatalf("%d %s", st, raw)
	}
	if len(l.Data) != 3 || !slices.Equal(l.Catalog.Permissions, authz.Catalog) || !slices.Equal(l.Catalog.UIResources, authz.UICatalog()) {
		t.Fatalf("roles %d, catalog %+v", len(l.Data), l.Catalog)
	}
	for _, rp := range l.Data {
		if !slices.Equal(rp.Permissions, authz.Defaults(rp.Role)) || !slices.Equal(rp.UIResources, authz.UIFor(rp.Permissions)) || rp.Version != 1 {
			t.Fatalf("role %s: %+v", rp.Role, rp)
		}
	}
	for _, who := range []string{"pu1", "u1"} {
		raw := h.Expect(who, "GET", "/api/roles", nil, http.StatusForbidden, "")
		if !strings.Contains(raw, `"permission":"roles:read"`) {
			t.Fatalf("%s: %s", who, raw)
		}
	}
}

func TestUpdateRoleRejects(t *testing.T) {
	h := newHarness(t)
	userPerms := authz.Defaults(domain.RoleUser)
	adminPerms := authz.Defaults(domain.RoleAdmin)
	without := func(perms []string, k string) []string {
		return slices.DeleteFunc(slices.Clone(perms), func(p string) bool { return p == k })
	}
	b := map[string]any{"role": "user", "permissions": userPerms, "version": 1}
	cases := []struct {
		name, says string
		body       any
		status     int
		field      string
	}{
		{"no role", "", with(b, "role", nil), 400, "role"},
		{"unknown role", "", with(b, "role", "root"), 400, "role"},
		{"role in capitals", "", with(b, "role", "ADMIN"), 400, "role"},
		{"no version", "", with(b, "version", nil), 400, "version"},
		{"version 0", "", with(b, "version", 0), 400, "version"},
		{"unknown permission", `"tasks:launch"`, with(b, "permissions", append(slices.Clone(userPerms), "tasks:launch")), 400, "permissions"},
		{"permission as a formula", `"=cmd|' /C calc'!A0"`, with(b, "permissions", []string{"=cmd|' /C calc'!A0"}), 400, "permissions"},
		{"permission in XML", `"<tasks:read/>"`, with(b, "permissions", []string{"<tasks:read/>"}), 400, "permissions"},
		{"permission in brackets", `"[tasks:read]"`, with(b, "permissions", []string{"[tasks:read]"}), 400, "permissions"},
		{"permission with emoji", `"tasks:read📦"`, with(b, "permissions", []string{"tasks:read📦"}), 400, "permissions"},
		{"permission of 10,000 characters", "unknown permission", with(b, "permissions", []string{strings.Repeat("p", 10000)}), 400, "permissions"},
		{"permission in capitals", `"TASKS:READ"`, with(b, "permissions", []string{"TASKS:READ"}), 400, "permissions"},
		{"permissions as a string", "", with(b, "permissions", "tasks:read"), 400, "permissions"},
		{"unknown UI resource", `"menu:secret"`, with(b, "uiResources", []string{"menu:tasks", "menu:secret"}), 400, "uiResources"},
		{"admin without roles:update", "read-only", map[string]any{"role": "admin", "permissions": without(adminPerms, authz.RolesUpdate), "version": 1}, 409, ""},
		{"admin without roles:read", "read-only", map[string]any{"role": "admin", "permissions": without(adminPerms, authz.RolesRead), "version": 1}, 409, ""},
		{"admin with nothing", "read-only", map[string]any{"role": "admin", "permissions": []string{}, "version": 1}, 409, ""},
		{"unknown field", "", with(b, "workspaceId", "other"), 400, "workspaceId"},
		{"not JSON", "", "{", 400, "body"},
		{"stale version", "reload", with(b, "version", 5), 409, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw := h.Expect("admin", "POST", "/api/roles/update", tc.body, tc.status, tc.field)
			var env httpapi.ErrorBody
			h.Decode(raw, &env)
			if !strings.Contains(env.Error.Message, tc.says) {
				t.Fatalf("the answer does not say %s: %s", tc.says, raw)
			}
		})
	}
	for _, r := range domain.Roles {
		if rp := h.role(r); rp.Version != 1 || !slices.Equal(rp.Permissions, authz.Defaults(r)) {
			t.Fatalf("refused updates changed %s: %+v", r, rp)
		}
	}
	if len(h.cache.gone) != 0 {
		t.Fatalf("refused updates invalidated %v", h.cache.gone)
	}
	entries := h.entries("roles.update")
	if len(entries) != len(cases) {
		t.Fatalf("%d roles.update entries for %d refusals", len(entries), len(cases))
	}
	for _, e := range entries {
		if e.Result != domain.AuditFailure || e.Error == "" {
			t.Fatalf("refusal audited as %+v", e)
		}
	}
	h.Expect("pu1", "POST", "/api/roles/update", b, http.StatusForbidden, "")
}

func TestUpdateRole(t *testing.T) {
	h := newHarness(t)
	perms := slices.DeleteFunc(authz.Defaults(domain.RoleUser), func(p string) bool { return p == authz.TasksExport || p == authz.TasksDelete })
	var got domain.RolePermissions
	if st, raw := h.Call("admin", "POST", "/api/roles/update", map[string]any{"role": "user", "permissions": perms, "version": 1}, &got); st != 200 {
		t.Fatalf("%d %s", st, raw)
	}
	if got.Version != 2 || !slices.Equal(got.Permissions, perms) || !slices.Equal(got.UIResources, authz.UIFor(perms)) ||
		slices.Contains(got.UIResources, "button:task-delete") {
		t.Fatalf("updated %+v", got)
	}
	if rp := h.role(domain.RoleUser); rp.Version != 2 || !slices.Equal(rp.Permissions, perms) {
		t.Fatalf("stored %+v", rp)
	}
	if !slices.Equal(h.cache.gone, []string{ws + "/user"}) {
		t.Fatalf("invalidated %v", h.cache.gone)
	}
	e := h.entries("roles.update")
	if len(e) != 1 || e[0].Result != domain.AuditSuccess || e[0].ResourceID != "user" || e[0].ResourceType != "role" ||
		!strings.Contains(asJSON(e[0].Before), `"tasks:export"`) || strings.Contains(asJSON(e[0].After), `"tasks:export"`) {
		t.Fatalf("audit %+v", e)
	}
	// The version read before is stale now.
	h.Expect("admin", "POST", "/api/roles/update", map[string]any{"role": "user", "permissions": authz.Defaults(domain.RoleUser), "version": 1}, http.StatusConflict, "")
	// UI elements follow from the permissions: those sent must be among
	// them, and the role sees exactly what its permissions turn on.
	h.Call("admin", "POST", "/api/roles/update", map[string]any{"role": "user", "permissions": perms, "uiResources": []string{"menu:tasks"}, "version": 2}, &got)
	if !slices.Equal(got.UIResources, authz.UIFor(perms)) || got.Version != 3 {
		t.Fatalf("explicit UI resources: %+v", got)
	}
	h.Expect("admin", "POST", "/api/roles/update", map[string]any{"role": "user", "permissions": perms, "uiResources": []string{"button:task-delete"}, "version": 3}, 400, "uiResources")
	// An emptied role keeps what everyone needs to sign in and out.
	_, raw := h.Call("admin", "POST", "/api/roles/update", map[string]any{"role": "power_user", "permissions": []string{}, "version": 1}, nil)
	if !strings.Contains(raw, `"permissions":["auth:self"]`) || !strings.Contains(raw, `"uiResources":["menu:dashboard"]`) {
		t.Fatalf("an emptied role: %s", raw)
	}
	// The administrator role is read-only: no edit locks the workspace out.
	adminPerms := slices.DeleteFunc(authz.Defaults(domain.RoleAdmin), func(p string) bool { return p == authz.WorkersPurge })
	h.Expect("admin", "POST", "/api/roles/update", map[string]any{"role": "admin", "permissions": adminPerms, "version": 1}, 409, "")
	if rp := h.role(domain.RoleAdmin); !slices.Equal(rp.Permissions, authz.Catalog) {
		t.Fatalf("admin role %+v", rp)
	}
}
