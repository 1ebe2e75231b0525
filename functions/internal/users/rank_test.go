package users_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// A power user whose role the admin gave users.create and users.update
// manages users of its rank and below, never above.
func TestUserManagersStayWithinTheirRank(t *testing.T) {
	h := newHarness(t)
	pu := h.Principals["pu1"]
	pu.Permissions = append(pu.Permissions, authz.UsersCreate, authz.UsersUpdate)

	// Create: user and power user yes, admin no, whatever the other fields.
	for _, role := range []string{"user", "power_user"} {
		var u domain.User
		if st, raw := h.Call("pu1", "POST", "/api/users/create", with(newUserBody("made-"+strings.ReplaceAll(role, "_", "-")), "role", role), &u); st != http.StatusCreated {
			t.Fatalf("power user creating a %s: %d %s", role, st, raw)
		}
	}
	raw := h.Expect("pu1", "POST", "/api/users/create", with(newUserBody("made-admin"), "role", "admin"), http.StatusForbidden, "role")
	if !strings.Contains(raw, "ranks above your own role") {
		t.Fatalf("refusal does not say why: %s", raw)
	}
	if h.pool.user("made-admin") != nil {
		t.Fatal("the refused admin reached the pool")
	}
	// Update: no raise to admin, no change to an admin, the rest as before.
	u1 := h.get(h.Users["u1"].ID)
	h.Expect("pu1", "POST", "/api/users/update", map[string]any{"id": u1.ID, "version": u1.Version, "role": "admin"}, http.StatusForbidden, "role")
	admin := h.get(h.Users["admin"].ID)
	for name, body := range map[string]map[string]any{
		"demote":  {"id": admin.ID, "version": admin.Version, "role": "user"},
		"disable": {"id": admin.ID, "version": admin.Version, "status": "disabled"},
		"email":   {"id": admin.ID, "version": admin.Version, "email": "taken-over@example.com"},
	} {
		t.Run(name, func(t *testing.T) {
			h.Expect("pu1", "POST", "/api/users/update", body, http.StatusForbidden, "role")
		})
	}
	if got := h.get(admin.ID); got.Role != domain.RoleAdmin || got.Status != admin.Status || got.Email != admin.Email {
		t.Fatalf("the admin changed: %+v", got)
	}
	h.Expect("pu1", "POST", "/api/users/update", map[string]any{"id": u1.ID, "version": u1.Version, "role": "power_user"}, http.StatusOK, "")
	// An admin may still do all of it.
	h.Expect("admin", "POST", "/api/users/create", with(newUserBody("admin-made"), "role", "admin"), http.StatusCreated, "")
	// The refusals are audited.
	failed := 0
	for _, e := range h.entries("users.create", "users.update") {
		if e.Result != domain.AuditSuccess {
			failed++
		}
	}
	if failed < 5 {
		t.Fatalf("%d refused changes audited, want 5", failed)
	}
}
