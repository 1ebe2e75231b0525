package reports_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Every route of the package has a handler and a known permission, is
// refused (403 naming the permission) to a role without it, and, when
// audited, leaves an entry even when its body is refused.
func TestEveryRouteIsDeclaredAndAudited(t *testing.T) {
	h := newHarness(t)
	for _, rt := range h.svc.Routes() {
		t.Run(rt.Key(), func(t *testing.T) {
			switch {
			case rt.Handler == nil:
				t.Fatal("no handler")
			case rt.Public:
				t.Fatal("a report route is public")
			case !slices.Contains(authz.Catalog, rt.Perm):
				t.Fatalf("permission %q is not in the catalog", rt.Perm)
			case !strings.HasPrefix(rt.Path, "/api/") || rt.Summary == "":
				t.Fatalf("path %q summary %q", rt.Path, rt.Summary)
			}
			for _, p := range apitest.People {
				if h.Principals[p.Name].Can(rt.Perm) {
					continue
				}
				raw := h.Expect(p.Name, rt.Method, rt.Path, "{}", http.StatusForbidden, "")
				if !strings.Contains(raw, `"permission":"`+rt.Perm+`"`) || !strings.Contains(raw, `"applyUrl":"/permissions/apply?permission=`+rt.Perm+`"`) {
					t.Fatalf("%s: 403 does not name %s: %s", p.Name, rt.Perm, raw)
				}
			}
			if rt.Audit.Action == "" {
				return
			}
			before := len(h.entries(rt.Audit.Action))
			st, raw := h.Call("admin", rt.Method, rt.Path, "{not json", nil)
			entries := h.entries(rt.Audit.Action)
			if len(entries) != before+1 {
				t.Fatalf("%d: %s: no audit entry %s", st, raw, rt.Audit.Action)
			}
			e := entries[len(entries)-1] // oldest first
			if e.ResourceType != rt.Audit.ResourceType || e.Actor != h.Users["admin"].ID || e.RequestID == "" || e.IP == "" {
				t.Fatalf("entry %+v", e)
			}
			if rt.Body == nil { // the route reads no body: the call goes through
				if st >= 300 || e.Result != domain.AuditSuccess {
					t.Fatalf("%d %s: entry %+v", st, raw, e)
				}
				return
			}
			if st != http.StatusBadRequest || !strings.Contains(raw, `"field":"body"`) || e.Result != domain.AuditFailure || e.Error != "body: malformed JSON" {
				t.Fatalf("%d %s: entry %+v", st, raw, e)
			}
		})
	}
}
