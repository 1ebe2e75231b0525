package users_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/users"
)

const goodPassword = "Str0ng-Passw0rd-42"

func newUserBody(name string) map[string]any {
	return map[string]any{"username": name, "password": goodPassword, "email": name + "@example.com", "role": "user"}
}

func names(l httpapi.List[domain.User]) []string {
	var out []string
	for _, u := range l.Data {
		out = append(out, u.Username)
	}
	slices.Sort(out)
	return out
}

func TestListUsers(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	locked := *h.Users["u2"]
	next := locked
	next.Status = domain.UserLocked
	if err := h.Store.UpdateUser(ctx, &locked, &next); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, query string
		want        []string
	}{
		{"everyone", "", []string{"adminx", "pu1x", "pu2x", "u1x", "u2x"}},
		{"admins", "role=admin", []string{"adminx"}},
		{"power users", "role=power_user", []string{"pu1x", "pu2x"}},
		{"users", "role=user", []string{"u1x", "u2x"}},
		{"active", "status=active", []string{"adminx", "pu1x", "pu2x", "u1x"}},
		{"locked", "status=locked", []string{"u2x"}},
		{"inactive", "status=inactive", nil},
		{"locked users", "role=user&status=locked", []string{"u2x"}},
		{"locked admins", "role=admin&status=locked", nil},
		{"search a name part", "search=pu", []string{"pu1x", "pu2x"}},
		{"search ignores case", "search=PU1", []string{"pu1x"}},
		{"search is trimmed and a substring", "search=" + url.QueryEscape("  U2X  "), []string{"pu2x", "u2x"}},
		{"search an email", "search=" + url.QueryEscape("admin@example"), []string{"adminx"}},
		{"search the domain", "search=example.com", []string{"adminx", "pu1x", "pu2x", "u1x", "u2x"}},
		{"search with a role", "search=x&role=power_user", []string{"pu1x", "pu2x"}},
		{"search with brackets", "search=" + url.QueryEscape("[admin]"), nil},
		{"search with XML", "search=" + url.QueryEscape(`<script>"&'`), nil},
		{"search with a formula", "search=" + url.QueryEscape("=cmd|' /C calc'!A0"), nil},
		{"search with emoji", "search=" + url.QueryEscape("📦"), nil},
		{"search of 10,000 characters", "search=" + strings.Repeat("a", 10000), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l httpapi.List[domain.User]
			st, raw := h.Call("pu1", "GET", "/api/users?"+tc.query, nil, &l)
			if st != 200 {
				t.Fatalf("%d %s", st, raw)
			}
			if !slices.Equal(names(l), tc.want) || l.Pagination.Total != len(tc.want) {
				t.Fatalf("got %v (total %d), want %v", names(l), l.Pagination.Total, tc.want)
			}
			if len(tc.want) == 0 && !strings.Contains(raw, `"data":[]`) {
				t.Fatalf("an empty page must be [], never null: %s", raw)
			}
			if strings.Contains(raw, "sub-") || strings.Contains(raw, "failedLogins") {
				t.Fatalf("the list shows the identity subject or failed sign-ins: %s", raw)
			}
		})
	}
	for _, tc := range []struct{ query, field string }{
		{"role=root", "role"}, {"role=Admin", "role"}, {"role=" + url.QueryEscape("<admin>"), "role"},
		{"status=deleted", "status"}, {"status=ACTIVE", "status"},
		{"page=0", "page"}, {"page_size=0", "page_size"}, {"page_size=101", "page_size"}, {"page_size=-5", "page_size"},
		{"cursor=bogus", "cursor"},
	} {
		t.Run("rejects "+tc.query, func(t *testing.T) {
			h.Expect("admin", "GET", "/api/users?"+tc.query, nil, http.StatusBadRequest, tc.field)
		})
	}
	var first, rest, second httpapi.List[domain.User]
	h.Call("admin", "GET", "/api/users?page_size=2", nil, &first)
	if len(first.Data) != 2 || first.Pagination != (httpapi.Pagination{Page: 1, PageSize: 2, Total: 5, TotalPages: 3}) || first.NextCursor == "" {
		t.Fatalf("first page: %v %+v", names(first), first.Pagination)
	}
	h.Call("admin", "GET", "/api/users?page_size=10&cursor="+url.QueryEscape(first.NextCursor), nil, &rest)
	all := append(names(first), names(rest)...)
	slices.Sort(all)
	if !slices.Equal(all, []string{"adminx", "pu1x", "pu2x", "u1x", "u2x"}) || rest.NextCursor != "" {
		t.Fatalf("the pages hold %v, cursor %q", all, rest.NextCursor)
	}
	h.Call("admin", "GET", "/api/users?page_size=2&page=2", nil, &second)
	if len(second.Data) != 2 || second.Data[0].ID != rest.Data[0].ID {
		t.Fatalf("page 2 %v does not follow page 1 as the cursor does (%v)", names(second), names(rest))
	}
	raw := h.Expect("u1", "GET", "/api/users", nil, http.StatusForbidden, "")
	if !strings.Contains(raw, `"permission":"users:read"`) || !strings.Contains(raw, "applyUrl") {
		t.Fatalf("403 %s", raw)
	}
}

func TestCreateUserRejects(t *testing.T) {
	h := newHarness(t)
	b := newUserBody("newbie")
	long := strings.Repeat("a", 10000)
	cases := []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"no username", with(b, "username", nil), 400, "username"},
		{"blank username", with(b, "username", "   "), 400, "username"},
		{"two-letter username", with(b, "username", "ab"), 400, "username"},
		{"username of 51 characters", with(b, "username", strings.Repeat("a", 51)), 400, "username"},
		{"username of 10,000 characters", with(b, "username", long), 400, "username"},
		{"username starting with a dash", with(b, "username", "-lead"), 400, "username"},
		{"username with a space", with(b, "username", "new bie"), 400, "username"},
		{"username in brackets", with(b, "username", "[admin]"), 400, "username"},
		{"username as a formula", with(b, "username", "=cmd"), 400, "username"},
		{"username with XML", with(b, "username", "<b>bob</b>"), 400, "username"},
		{"username with emoji", with(b, "username", "bob📦"), 400, "username"},
		{"username with an accent", with(b, "username", "zoë"), 400, "username"},
		{"no password", with(b, "password", nil), 400, "password"},
		{"short password", with(b, "password", "Sh0rt-pw"), 400, "password"},
		{"password without capitals", with(b, "password", "lower-case-only-1"), 400, "password"},
		{"password without digits", with(b, "password", "No-Digits-At-All"), 400, "password"},
		{"password of 257 characters", with(b, "password", "Aa1"+strings.Repeat("x", 254)), 400, "password"},
		{"password of 10,000 characters", with(b, "password", "Aa1"+long), 400, "password"},
		{"no email", with(b, "email", nil), 400, "email"},
		{"not an email", with(b, "email", "newbie-at-example"), 400, "email"},
		{"email with a display name", with(b, "email", "Newbie <newbie@example.com>"), 400, "email"},
		{"email without a dot in the domain", with(b, "email", "newbie@localhost"), 400, "email"},
		{"email with XML", with(b, "email", "<script>@example.com"), 400, "email"},
		{"email of 10,000 characters", with(b, "email", long+"@example.com"), 400, "email"},
		{"no role", with(b, "role", nil), 400, "role"},
		{"unknown role", with(b, "role", "root"), 400, "role"},
		{"role in capitals", with(b, "role", "ADMIN"), 400, "role"},
		{"status chosen", with(b, "status", "active"), 400, "status"},
		{"id chosen", with(b, "id", domain.NewID()), 400, "id"},
		{"temporary as a string", with(b, "temporary", "yes"), 400, "temporary"},
		{"not JSON", "{", 400, "body"},
		{"an array", `[{"username":"newbie"}]`, 400, "body"},
		{"taken username", with(b, "username", "u1x"), 409, ""},
		{"taken username in capitals", with(b, "username", "U1X"), 409, ""},
		{"taken email", with(b, "email", "u1@example.com"), 409, ""},
		{"taken email in capitals", with(b, "email", "U1@Example.com"), 409, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h.Expect("admin", "POST", "/api/users/create", tc.body, tc.status, tc.field)
		})
	}
	if n := h.pool.count("CreateUser"); n != 0 {
		t.Fatalf("refused creates reached the pool %d times", n)
	}
	var l httpapi.List[domain.User]
	h.Call("admin", "GET", "/api/users", nil, &l)
	if l.Pagination.Total != 5 {
		t.Fatalf("refused creates left users: %v", names(l))
	}
	entries := h.entries("users.create")
	if len(entries) != len(cases) {
		t.Fatalf("%d users.create entries for %d refusals", len(entries), len(cases))
	}
	for _, e := range entries {
		if e.Result != domain.AuditFailure || e.Error == "" || e.ResourceType != "user" {
			t.Fatalf("refusal audited as %+v", e)
		}
	}
	for name, text := range map[string]string{"audit": h.AuditText(), "logs": h.Logs(), "answers": strings.Join(h.Bodies(), "\n")} {
		if strings.Contains(text, goodPassword) || strings.Contains(text, "Sh0rt-pw") {
			t.Fatalf("a password reached the %s", name)
		}
	}
}

func TestCreateUser(t *testing.T) {
	h := newHarness(t)
	var u domain.User
	body := with(newUserBody("first.last-ops_1"), "role", "power_user", "temporary", true, "email", "First.Last+ops@example.co.uk")
	if st, raw := h.Call("admin", "POST", "/api/users/create", body, &u); st != http.StatusCreated {
		t.Fatalf("%d %s", st, raw)
	}
	if u.Username != "first.last-ops_1" || u.Email != "First.Last+ops@example.co.uk" || u.Role != domain.RolePowerUser ||
		u.Status != domain.UserActive || u.WorkspaceID != ws || u.Version != 2 {
		t.Fatalf("created %+v", u)
	}
	pu := h.pool.user("first.last-ops_1")
	if pu == nil || !pu.temporary || !slices.Equal(pu.groups, []string{domain.WorkspaceGroup(ws)}) || pu.password != goodPassword {
		t.Fatalf("pool user %+v", pu)
	}
	stored, err := h.Store.UserByUsername(context.Background(), "FIRST.LAST-OPS_1")
	if err != nil || stored.ID != u.ID || stored.Subject != pu.sub {
		t.Fatalf("stored %+v (%v), pool sub %s", stored, err, pu.sub)
	}
	if got := h.get(u.ID); got.Username != u.Username || got.Role != u.Role {
		t.Fatalf("detail %+v", got)
	}
	e := h.entries("users.create")
	if len(e) != 1 || e[0].Result != domain.AuditSuccess || e[0].ResourceID != u.ID || e[0].Actor != h.Users["admin"].ID {
		t.Fatalf("audit %+v", e)
	}
	if b, _ := json.Marshal(e[0]); strings.Contains(string(b), goodPassword) || !strings.Contains(string(b), `"username":"first.last-ops_1"`) {
		t.Fatalf("entry %s", b)
	}
	// Detail: a malformed id is a 400, an unknown one a 404.
	h.Expect("admin", "GET", "/api/users/detail?id=nope", nil, 400, "id")
	h.Expect("admin", "GET", "/api/users/detail?id="+domain.NewID(), nil, 404, "")
	// Only a role with users:create may create.
	h.Expect("pu1", "POST", "/api/users/create", newUserBody("sneaky"), http.StatusForbidden, "")
}

func TestCreateUserPoolFailureLeavesNoRow(t *testing.T) {
	h := newHarness(t)
	h.pool.setFail("CreateUser")
	st, raw := h.Call("admin", "POST", "/api/users/create", newUserBody("unlucky"), nil)
	if st != http.StatusInternalServerError || strings.Contains(raw, "TooManyRequests") {
		t.Fatalf("%d %s: want a 500 without the cause", st, raw)
	}
	if _, err := h.Store.UserByUsername(context.Background(), "unlucky"); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("a create with the pool down left a row behind (%v): the username is taken for good", err)
	}
	var l httpapi.List[domain.User]
	h.Call("admin", "GET", "/api/users?search=unlucky", nil, &l)
	if len(l.Data) != 0 {
		t.Fatalf("listed %v", names(l))
	}
	if e := h.entries("users.create"); len(e) != 1 || e[0].Result != domain.AuditFailure {
		t.Fatalf("audit %+v", e)
	}
	// The name and email are free again.
	h.pool.setFail()
	h.Expect("admin", "POST", "/api/users/create", newUserBody("unlucky"), http.StatusCreated, "")
}

func TestCreateUserWithThePoolDownLeavesNoRow(t *testing.T) {
	h := newHarness(t)
	h.pool.setFail("CreateUser", "DeleteUser")
	h.Expect("admin", "POST", "/api/users/create", newUserBody("unlucky"), http.StatusInternalServerError, "")
	if _, err := h.Store.UserByUsername(context.Background(), "unlucky"); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("a create with the pool down left a row behind (%v): the username is taken for good", err)
	}
}

func TestUpdateUser(t *testing.T) {
	h := newHarness(t)
	u1 := h.Users["u1"]
	upd := func(who string, body map[string]any, status int, field string) domain.User {
		t.Helper()
		var out domain.User
		raw := h.Expect(who, "POST", "/api/users/update", body, status, field)
		if status == 200 {
			h.Decode(raw, &out)
		}
		return out
	}
	// Rejections first, while the version is 1.
	for _, tc := range []struct {
		name   string
		body   map[string]any
		status int
		field  string
	}{
		{"no version", map[string]any{"id": u1.ID, "role": "power_user"}, 400, "version"},
		{"version 0", map[string]any{"id": u1.ID, "version": 0}, 400, "version"},
		{"stale version", map[string]any{"id": u1.ID, "version": 7, "role": "power_user"}, 409, ""},
		{"no id", map[string]any{"version": 1}, 400, "id"},
		{"malformed id", map[string]any{"id": "u1x", "version": 1}, 400, "id"},
		{"unknown id", map[string]any{"id": domain.NewID(), "version": 1}, 404, ""},
		{"unknown role", map[string]any{"id": u1.ID, "version": 1, "role": "root"}, 400, "role"},
		{"unknown status", map[string]any{"id": u1.ID, "version": 1, "status": "deleted"}, 400, "status"},
		{"bad email", map[string]any{"id": u1.ID, "version": 1, "email": "=HYPERLINK(\"x\")"}, 400, "email"},
		{"email of 10,000 characters", map[string]any{"id": u1.ID, "version": 1, "email": strings.Repeat("e", 10000) + "@example.com"}, 400, "email"},
		{"another's email", map[string]any{"id": u1.ID, "version": 1, "email": "u2@example.com"}, 409, ""},
		{"username change", map[string]any{"id": u1.ID, "version": 1, "username": "renamed"}, 400, "username"},
		{"version as a string", map[string]any{"id": u1.ID, "version": "1"}, 400, "version"},
	} {
		t.Run(tc.name, func(t *testing.T) { upd("admin", tc.body, tc.status, tc.field) })
	}
	if got := h.get(u1.ID); got.Version != 1 || got.Role != domain.RoleUser || got.Email != u1.Email {
		t.Fatalf("refused updates changed the user: %+v", got)
	}
	// Raising a role is its own action; roles are the table's, not the
	// pool's (its group is the workspace the token carries).
	groups := h.pool.user("u1x").groups
	raised := upd("admin", map[string]any{"id": u1.ID, "version": 1, "role": "power_user"}, 200, "")
	if raised.Role != domain.RolePowerUser || raised.Version != 2 {
		t.Fatalf("raised %+v", raised)
	}
	if g := h.pool.user("u1x").groups; !slices.Equal(g, groups) {
		t.Fatalf("pool groups %v, were %v", g, groups)
	}
	if !strings.Contains(h.Logs(), "security alert: role raised") {
		t.Fatal("no security alert in the log")
	}
	upd("admin", map[string]any{"id": u1.ID, "version": 1, "role": "admin"}, 409, "") // the version read before the raise
	lowered := upd("admin", map[string]any{"id": u1.ID, "version": 2, "role": "user", "email": "u1.new@example.com"}, 200, "")
	if lowered.Role != domain.RoleUser || lowered.Email != "u1.new@example.com" {
		t.Fatalf("lowered %+v", lowered)
	}
	// The old email is free again, the new one taken.
	upd("admin", map[string]any{"id": h.Users["u2"].ID, "version": 1, "email": "u1@example.com"}, 200, "")
	upd("admin", map[string]any{"id": h.Users["u2"].ID, "version": 2, "email": "u1.new@example.com"}, 409, "")
	upd("admin", map[string]any{"id": h.Users["pu2"].ID, "version": 1, "role": "admin"}, 200, "")

	type step struct {
		action string
		result domain.AuditResult
		from   string
		to     string
	}
	var got []step
	for _, e := range h.entries("users.update", "users.elevate") {
		if e.Result != domain.AuditSuccess {
			continue
		}
		b, _ := e.Before.(map[string]any)
		a, _ := e.After.(map[string]any)
		got = append(got, step{e.Action, e.Result, b["role"].(string), a["role"].(string)})
	}
	want := []step{
		{"users.elevate", domain.AuditSuccess, "user", "power_user"},
		{"users.update", domain.AuditSuccess, "power_user", "user"},
		{"users.update", domain.AuditSuccess, "user", "user"},
		{"users.elevate", domain.AuditSuccess, "power_user", "admin"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("audited %+v, want %+v", got, want)
	}
	failures := 0
	for _, e := range h.entries("users.update") {
		if e.Result == domain.AuditFailure {
			failures++
			if e.Error == "" {
				t.Fatalf("failure without its reason: %+v", e)
			}
		}
	}
	if failures != 13+2 {
		t.Fatalf("%d failed updates audited, want 15", failures)
	}
}

// An admin locks and unlocks; the unlock also opens a sign-in that failed
// attempts closed.
func TestLockAndUnlock(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	u := *h.Users["u2"]
	now := time.Now().UTC()
	for range 5 {
		if _, err := h.Store.AdmitSignIn(ctx, u.ID, now, 15*time.Minute, 5); err != nil {
			t.Fatal(err)
		}
	}
	if until, err := h.Store.SignInFailed(ctx, u.ID, now, 5, 15*time.Minute, 24*time.Hour); err != nil || until.IsZero() {
		t.Fatalf("closing sign-in: %v %v", until, err)
	}
	var locked, active domain.User
	if st, raw := h.Call("admin", "POST", "/api/users/update", map[string]any{"id": u.ID, "version": 1, "status": "locked"}, &locked); st != 200 {
		t.Fatalf("%d %s", st, raw)
	}
	if locked.Status != domain.UserLocked || h.pool.user("u2x").enabled {
		t.Fatalf("locked %+v, pool enabled %v", locked, h.pool.user("u2x").enabled)
	}
	h.Call("admin", "POST", "/api/users/update", map[string]any{"id": u.ID, "version": 2, "status": "active"}, &active)
	stored, _ := h.Store.GetUser(ctx, ws, u.ID)
	gate, _ := h.Store.SignInGate(ctx, u.ID)
	if active.Status != domain.UserActive || !h.pool.user("u2x").enabled || stored.LockedAt != nil || gate.LockedUntil != 0 || gate.Attempts != 0 {
		t.Fatalf("unlocked %+v, stored %+v, gate %+v", active, stored, gate)
	}
}

func TestNobodyRemovesThemselvesOrTheLastAdmin(t *testing.T) {
	h := newHarness(t)
	admin := h.Users["admin"]
	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"own role", map[string]any{"id": admin.ID, "version": 1, "role": "user"}},
		{"own status", map[string]any{"id": admin.ID, "version": 1, "status": "inactive"}},
		{"own lock", map[string]any{"id": admin.ID, "version": 1, "status": "locked"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := h.Expect("admin", "POST", "/api/users/update", tc.body, http.StatusConflict, "")
			if !strings.Contains(raw, "your own role or status") {
				t.Fatalf("409 without a reason: %s", raw)
			}
		})
	}
	raw := h.Expect("admin", "POST", "/api/users/delete", map[string]string{"id": admin.ID}, http.StatusConflict, "")
	if !strings.Contains(raw, "cannot delete yourself") {
		t.Fatalf("self delete: %s", raw)
	}
	// Changing one's own email is allowed.
	h.Expect("admin", "POST", "/api/users/update", map[string]any{"id": admin.ID, "version": 1, "email": "root@example.com"}, 200, "")

	// With two admins one may go; the other is then the last.
	admin2 := h.addAdmin()
	h.Expect("admin", "POST", "/api/users/update", map[string]any{"id": admin2.ID, "version": 1, "status": "inactive"}, 200, "")
	for _, tc := range []struct {
		name, path string
		body       map[string]any
	}{
		{"demote the last admin", "/api/users/update", map[string]any{"id": admin.ID, "version": 2, "role": "power_user"}},
		{"deactivate the last admin", "/api/users/update", map[string]any{"id": admin.ID, "version": 2, "status": "inactive"}},
		{"delete the last admin", "/api/users/delete", map[string]any{"id": admin.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := h.Expect("admin2", "POST", tc.path, tc.body, http.StatusConflict, "")
			if !strings.Contains(raw, "last active admin") {
				t.Fatalf("409 without a reason: %s", raw)
			}
		})
	}
	if got := h.get(admin.ID); got.Role != domain.RoleAdmin || got.Status != domain.UserActive {
		t.Fatalf("the last admin changed: %+v", got)
	}
	// An inactive admin is not the last one: it may be deleted.
	h.Expect("admin", "POST", "/api/users/delete", map[string]string{"id": admin2.ID}, http.StatusNoContent, "")
	for _, e := range h.entries("users.update", "users.delete") {
		if e.Actor == admin2.ID && (e.Result != domain.AuditFailure || e.ResourceID != admin.ID) {
			t.Fatalf("guarded attempt audited as %+v", e)
		}
	}
}

func TestUpdateRollsBackWhenThePoolFails(t *testing.T) {
	h := newHarness(t)
	u1 := h.Users["u1"]
	h.pool.setFail("SetEnabled")
	h.Expect("admin", "POST", "/api/users/update", map[string]any{"id": u1.ID, "version": 1, "status": "inactive"}, http.StatusInternalServerError, "")
	got := h.get(u1.ID)
	if got.Status != domain.UserActive {
		t.Fatalf("the table kept a status the pool refused: %+v", got)
	}
	if e := h.entries("users.update", "users.elevate"); len(e) != 1 || e[0].Action != "users.update" || e[0].Result != domain.AuditFailure {
		t.Fatalf("audit %+v", e)
	}
	h.pool.setFail()
	h.Expect("admin", "POST", "/api/users/update", map[string]any{"id": u1.ID, "version": got.Version, "role": "admin"}, 200, "")
}

func TestDeleteUser(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	u2 := h.Users["u2"]
	cred := domain.NewID()
	if _, _, _, err := h.Store.ReplaceAssignments(ctx, ws, u2.ID, h.Users["admin"].ID, func([]string) ([]string, error) { return []string{cred}, nil }); err != nil {
		t.Fatal(err)
	}
	h.Expect("admin", "POST", "/api/users/delete", map[string]string{"id": "u2x"}, 400, "id")
	unknown := domain.NewID()
	h.Expect("admin", "POST", "/api/users/delete", map[string]string{"id": unknown}, 404, "")
	h.Expect("admin", "POST", "/api/users/delete", map[string]string{"userId": u2.ID}, 400, "userId")
	h.Expect("pu1", "POST", "/api/users/delete", map[string]string{"id": u2.ID}, http.StatusForbidden, "")
	// A pool failure leaves the user as it was.
	h.pool.setFail("SetEnabled")
	h.Expect("admin", "POST", "/api/users/delete", map[string]string{"id": u2.ID}, http.StatusInternalServerError, "")
	h.get(u2.ID)
	h.pool.setFail()
	h.Expect("admin", "POST", "/api/users/delete", map[string]string{"id": u2.ID}, http.StatusNoContent, "")
	h.Expect("admin", "GET", "/api/users/detail?id="+u2.ID, nil, 404, "")
	if h.pool.user("u2x") != nil {
		t.Fatal("the pool user is left")
	}
	if ids, _ := h.Store.AssignedCredentialIDs(ctx, ws, u2.ID); len(ids) != 0 {
		t.Fatalf("assignments left: %v", ids)
	}
	h.Expect("admin", "POST", "/api/users/delete", map[string]string{"id": u2.ID}, 404, "")
	// The name is free again.
	h.Expect("admin", "POST", "/api/users/create", with(newUserBody("u2x"), "email", "u2@example.com"), http.StatusCreated, "")

	var got []string
	for _, e := range h.entries("users.delete") {
		got = append(got, string(e.Result)+" "+e.ResourceID)
		if e.Result == domain.AuditSuccess {
			if b, _ := e.Before.(map[string]any); b["username"] != "u2x" {
				t.Fatalf("the deleted user is not kept in the entry: %+v", e.Before)
			}
		}
	}
	want := []string{"failure u2x", "failure " + unknown, "failure ", "failure " + u2.ID, "success " + u2.ID, "failure " + u2.ID}
	if !slices.Equal(got, want) {
		t.Fatalf("audited %q, want %q", got, want)
	}
}

// An admin's reset gives a temporary password, shown once and never in
// the audit log; the user is marked until they choose a new one.
func TestResetPassword(t *testing.T) {
	h := newHarness(t)
	u1 := h.Users["u1"]
	var got users.PasswordReset
	if st, raw := h.Call("admin", "POST", "/api/users/reset-password", map[string]string{"id": u1.ID}, &got); st != 200 {
		t.Fatalf("%d %s", st, raw)
	}
	pu := h.pool.user(u1.Username)
	if got.TemporaryPassword == "" || pu.password != got.TemporaryPassword || !pu.temporary || !got.User.PasswordChangeRequired {
		t.Fatalf("reset %+v, pool %+v", got, pu)
	}
	if !h.get(u1.ID).PasswordChangeRequired {
		t.Fatal("the stored user is not marked")
	}
	if strings.Contains(h.Logs(), got.TemporaryPassword) || strings.Contains(fmt.Sprintf("%+v", h.entries("users.reset_password")), got.TemporaryPassword) {
		t.Fatal("the temporary password reached the log or the audit")
	}
	if e := h.entries("users.reset_password"); len(e) != 1 || e[0].Result != domain.AuditSuccess || e[0].ResourceID != u1.ID {
		t.Fatalf("audit %+v", e)
	}
	h.Expect("admin", "POST", "/api/users/reset-password", map[string]string{"id": h.Users["admin"].ID}, http.StatusConflict, "")
	h.Expect("admin", "POST", "/api/users/reset-password", map[string]string{"id": domain.NewID()}, http.StatusNotFound, "")
	h.Expect("pu1", "POST", "/api/users/reset-password", map[string]string{"id": u1.ID}, http.StatusForbidden, "")
}
