package auth_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Every route has a handler; only the sign-in routes are public, every
// other one needs a known permission and refuses an anonymous caller; an
// audited route leaves an entry even when its body is refused.
func TestEveryRouteIsDeclaredAndAudited(t *testing.T) {
	h := newHarness(t)
	public := []string{"POST /api/auth/login", "POST /api/auth/challenge", "POST /api/auth/refresh", "POST /api/auth/register"}
	for _, rt := range h.svc.Routes() {
		t.Run(rt.Key(), func(t *testing.T) {
			switch {
			case rt.Handler == nil:
				t.Fatal("no handler")
			case rt.Public != slices.Contains(public, rt.Key()):
				t.Fatalf("public %v", rt.Public)
			case rt.Public && rt.Perm != "":
				t.Fatalf("a public route with permission %q", rt.Perm)
			case !rt.Public && !slices.Contains(authz.Catalog, rt.Perm):
				t.Fatalf("permission %q is not in the catalog", rt.Perm)
			case rt.Summary == "":
				t.Fatal("no summary")
			}
			if !rt.Public {
				h.Expect("", rt.Method, rt.Path, "{}", http.StatusUnauthorized, "")
			}
			if rt.Audit.Action == "" {
				return
			}
			where := ws
			if rt.Public {
				where = noWorkspace // nobody is known from a body that cannot be read
			}
			before := len(h.auditIn(where, rt.Audit.Action))
			st, raw := h.Call("admin", rt.Method, rt.Path, "{not json", nil)
			entries := h.auditIn(where, rt.Audit.Action)
			if len(entries) != before+1 {
				t.Fatalf("%d %s: no %s entry in %s", st, raw, rt.Audit.Action, where)
			}
			e := entries[len(entries)-1]
			if st != http.StatusBadRequest || !strings.Contains(raw, `"field":"body"`) || e.Result != domain.AuditFailure ||
				e.ResourceType != rt.Audit.ResourceType || e.RequestID == "" || e.Error != "body: malformed JSON" {
				t.Fatalf("%d %s: entry %+v", st, raw, e)
			}
			if !rt.Public && e.Actor != h.Users["admin"].ID {
				t.Fatalf("actor %q", e.Actor)
			}
		})
	}
}
