package credentials_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Who sees and touches what: a credential the caller may not see answers
// 404 whether or not it exists; a route the role lacks answers 403.
func TestOwnership(t *testing.T) {
	h := newHarness(t)
	a := h.create("admin", h.roleBody("admin's", 0)) // assigned to u1 below
	b := h.create("pu1", h.roleBody("pu1's", 1))     // pu1 manages it
	h.expect("admin", "POST", "/api/users/assign-credentials", map[string]any{"userId": h.users["u1"].ID, "credentialIds": []string{a.ID}}, http.StatusOK, "")

	upd := func(c domain.PublicCredential) map[string]any {
		return map[string]any{"id": c.ID, "version": c.Version, "name": "renamed " + c.ID[20:]}
	}
	for _, tc := range []struct {
		user, method, path string
		body               any
		status             int
	}{
		{"u1", "GET", "/api/credentials/detail?id=" + a.ID, nil, 200},
		{"u1", "GET", "/api/credentials/detail?id=" + b.ID, nil, 404},
		{"u2", "GET", "/api/credentials/detail?id=" + a.ID, nil, 404},
		{"u2", "GET", "/api/credentials/detail?id=" + domain.NewID(), nil, 404},
		{"u1", "POST", "/api/credentials/update", upd(a), 403},
		{"u1", "POST", "/api/credentials/validate", map[string]any{"id": a.ID}, 403},
		{"pu1", "GET", "/api/credentials/detail?id=" + a.ID, nil, 404},
		{"pu1", "POST", "/api/credentials/update", upd(a), 404},
		{"pu1", "POST", "/api/credentials/validate", map[string]any{"id": a.ID}, 404},
		{"pu1", "POST", "/api/users/assign-credentials", map[string]any{"userId": h.users["u2"].ID, "credentialIds": []string{a.ID}}, 404},
		{"pu1", "POST", "/api/credentials/delete", map[string]any{"id": b.ID}, 403},
		{"pu2", "GET", "/api/credentials/detail?id=" + b.ID, nil, 404},
		{"pu2", "POST", "/api/credentials/update", upd(b), 404},
		{"pu2", "POST", "/api/users/assign-credentials", map[string]any{"userId": h.users["u2"].ID, "credentialIds": []string{b.ID}}, 404},
		{"u1", "GET", "/api/users/credentials?id=" + h.users["u2"].ID, nil, 404},
		{"u1", "GET", "/api/credentials/base-role", nil, 403},
		{"pu1", "POST", "/api/credentials/base-role", map[string]any{"mode": "execution_role"}, 403},
		{"u1", "GET", "/api/credentials/role-template", nil, 403},
		{"pu1", "GET", "/api/credentials/detail?id=" + b.ID, nil, 200},
		{"pu1", "POST", "/api/credentials/update", upd(b), 200},
		{"admin", "GET", "/api/credentials/detail?id=" + b.ID, nil, 200},
	} {
		t.Run(tc.user+" "+tc.method+" "+tc.path, func(t *testing.T) {
			raw := h.expect(tc.user, tc.method, tc.path, tc.body, tc.status, "")
			if tc.status == 403 {
				var env httpapi.ErrorBody
				if h.decode(raw, &env); env.Error.Details["permission"] == "" || env.Error.Details["applyUrl"] == "" {
					t.Fatalf("403 without the permission and apply link: %s", raw)
				}
			}
		})
	}

	// A user sees what is assigned to it, masked: no ExternalId.
	var got domain.PublicCredential
	h.call("u1", "GET", "/api/credentials/detail?id="+a.ID, nil, &got)
	if got.ExternalID != "" || got.RoleARN != a.RoleARN {
		t.Fatalf("u1 sees %+v", got)
	}
	for _, tc := range []struct {
		user string
		want []string
	}{
		{"admin", []string{a.ID, b.ID}},
		{"pu1", []string{b.ID}},
		{"pu2", nil},
		{"u1", []string{a.ID}},
		{"u2", nil},
	} {
		var l httpapi.List[domain.PublicCredential]
		h.call(tc.user, "GET", "/api/credentials", nil, &l)
		var ids []string
		for _, c := range l.Data {
			ids = append(ids, c.ID)
		}
		if !slices.Equal(ids, tc.want) || l.Pagination.Total != len(tc.want) {
			t.Errorf("%s lists %v (total %d), want %v", tc.user, ids, l.Pagination.Total, tc.want)
		}
	}
}
