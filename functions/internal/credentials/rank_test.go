package credentials_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// A power user hands its credentials to users and power users, never to
// an admin; an admin hands them to anyone.
func TestAssignOnlyToUsersRankingNoHigher(t *testing.T) {
	h := newHarness(t)
	c := h.create("pu1", h.roleBody("pu1's", 0))
	admin := h.users["admin"].ID
	raw := h.expect("pu1", "POST", "/api/users/assign-credentials", map[string]any{"userId": admin, "credentialIds": []string{c.ID}}, http.StatusForbidden, "userId")
	if !strings.Contains(raw, "ranks no higher than yours") || !strings.Contains(raw, "admin") {
		t.Fatalf("refusal does not say why: %s", raw)
	}
	// Not even an empty set: the caller may not touch an admin's set.
	h.expect("pu1", "POST", "/api/users/assign-credentials", map[string]any{"userId": admin, "credentialIds": []string{}}, http.StatusForbidden, "userId")
	if ids, _ := h.store.AssignedCredentialIDs(context.Background(), ws, admin); len(ids) != 0 {
		t.Fatalf("the admin got %v", ids)
	}
	for _, u := range []string{"u1", "pu2"} {
		h.expect("pu1", "POST", "/api/users/assign-credentials", map[string]any{"userId": h.users[u].ID, "credentialIds": []string{c.ID}}, http.StatusOK, "")
	}
	h.expect("admin", "POST", "/api/users/assign-credentials", map[string]any{"userId": admin, "credentialIds": []string{c.ID}}, http.StatusOK, "")
	if !strings.Contains(h.auditText(), `"result":"denied"`) && !strings.Contains(h.auditText(), `"result":"failure"`) {
		t.Fatal("the refusal is not audited")
	}
}
