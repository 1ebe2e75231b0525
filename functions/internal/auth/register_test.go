package auth_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/auth"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

const (
	goodCode    = "GOODCODE2222222222222222"
	expiredCode = "EXPIREDCODE3333333333333"
	usedUpCode  = "USEDUPCODE44444444444444"
	newPassword = "Str0ng-Passw0rd-1"
)

func registration(code, username string) map[string]any {
	return map[string]any{"inviteCode": code, "username": username, "email": username + "@example.com", "password": newPassword}
}

func TestRegisterRejects(t *testing.T) {
	h := newHarness(t)
	now := time.Now().UTC()
	good := h.invite(goodCode, domain.RolePowerUser, now.Add(24*time.Hour), 2, 0)
	h.invite(expiredCode, domain.RoleUser, now.Add(-time.Minute), 5, 0)
	h.invite(usedUpCode, domain.RoleUser, now.Add(24*time.Hour), 2, 2)
	b := registration(goodCode, "newbie")
	set := func(kv ...any) map[string]any { return apitest.With(b, kv...) }
	cases := []struct {
		name, says string
		body       any
		status     int
		field      string
	}{
		{"no code", "required", set("inviteCode", nil), 400, "inviteCode"},
		{"blank code", "required", set("inviteCode", "   "), 400, "inviteCode"},
		{"unknown code", "unknown", set("inviteCode", "NOTACODE5555555555555555"), 400, "inviteCode"},
		{"code in lower case", "unknown", set("inviteCode", strings.ToLower(goodCode)), 400, "inviteCode"},
		{"code as a formula", "unknown", set("inviteCode", "=cmd|' /C calc'!A0"), 400, "inviteCode"},
		{"code of 10,000 characters", "unknown", set("inviteCode", strings.Repeat("C", 10000)), 400, "inviteCode"},
		{"expired code", "expired", set("inviteCode", expiredCode), 400, "inviteCode"},
		{"used-up code", "used up", set("inviteCode", usedUpCode), 400, "inviteCode"},
		{"username in brackets", "", set("username", "[newbie]"), 400, "username"},
		{"username with XML", "", set("username", "<b>newbie</b>"), 400, "username"},
		{"username with emoji", "", set("username", "newbie📦"), 400, "username"},
		{"username of 10,000 characters", "", set("username", strings.Repeat("n", 10000)), 400, "username"},
		{"no email", "", set("email", nil), 400, "email"},
		{"bad email", "", set("email", "newbie@"), 400, "email"},
		{"weak password", "", set("password", "newbie"), 400, "password"},
		{"a chosen role", "", set("role", "admin"), 400, "role"},
		{"not JSON", "", "{", 400, "body"},
		{"taken username", "already taken", set("username", "u1x"), 409, ""},
		{"taken email", "already taken", set("email", "pu2@example.com"), 409, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw := h.Expect("", "POST", "/api/auth/register", tc.body, tc.status, tc.field)
			if !strings.Contains(raw, tc.says) {
				t.Fatalf("the answer does not say %q: %s", tc.says, raw)
			}
		})
	}
	// Nothing was created, and no use of the invite was spent.
	if _, err := h.Store.UserByUsername(context.Background(), "newbie"); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("a refused registration created a user: %v", err)
	}
	if h.pool.user("newbie") != nil {
		t.Fatal("a refused registration created a pool user")
	}
	if inv, _ := h.Store.InviteByCodeHash(context.Background(), good.CodeHash); inv.Uses != 0 {
		t.Fatalf("refused registrations spent %d uses", inv.Uses)
	}
	entries := append(h.auditIn(ws, "auth.register"), h.auditIn(noWorkspace, "auth.register")...)
	if len(entries) != len(cases) {
		t.Fatalf("%d auth.register entries for %d refusals", len(entries), len(cases))
	}
	for _, e := range entries {
		if e.Result != domain.AuditFailure || e.Error == "" {
			t.Fatalf("refusal audited as %+v", e)
		}
	}
	if strings.Contains(h.everything()+h.Logs(), newPassword) {
		t.Fatal("a password reached the audit log or the logs")
	}
}

func TestRegisterSpendsOneUse(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	inv := h.invite(goodCode, domain.RolePowerUser, time.Now().UTC().Add(time.Hour), 1, 0)
	var got auth.RegisterResponse
	if st, raw := h.Call("", "POST", "/api/auth/register", registration("  "+goodCode+"\n", "first.user"), &got); st != http.StatusCreated {
		t.Fatalf("%d %s", st, raw)
	}
	u := got.User
	if u == nil || u.Username != "first.user" || u.Role != domain.RolePowerUser || u.Status != domain.UserActive || u.WorkspaceID != ws {
		t.Fatalf("registered %+v", u)
	}
	if p := h.pool.user("first.user"); p == nil || p.group != domain.WorkspaceGroup(ws) || p.temporary || p.sub == "" {
		t.Fatalf("pool user %+v", p)
	}
	if stored, _ := h.Store.InviteByCodeHash(ctx, inv.CodeHash); stored.Uses != 1 {
		t.Fatalf("uses %d after one registration", stored.Uses)
	}
	if s := h.login("first.user", newPassword); s.User.Role != domain.RolePowerUser {
		t.Fatalf("signed in as %+v", s.User)
	}
	e := h.auditIn(ws, "auth.register")
	if len(e) != 1 || e[0].Result != domain.AuditSuccess || e[0].Actor != u.ID || e[0].ResourceID != u.ID || e[0].ActorName != "first.user" {
		t.Fatalf("audit %+v", e)
	}
	raw := h.Expect("", "POST", "/api/auth/register", registration(goodCode, "second.user"), 400, "inviteCode")
	if !strings.Contains(raw, "used up") {
		t.Fatalf("second use: %s", raw)
	}
	if _, err := h.Store.UserByUsername(ctx, "second.user"); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("a used-up invite created a user: %v", err)
	}
}

// A registration that fails after the use was spent gives it back.
func TestRegisterGivesTheUseBackWhenCreateFails(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	inv := h.invite(goodCode, domain.RoleUser, time.Now().UTC().Add(time.Hour), 1, 0)
	h.pool.users["late.comer"] = &poolUser{password: "x", enabled: true} // in the pool, not the table
	h.Expect("", "POST", "/api/auth/register", registration(goodCode, "late.comer"), http.StatusConflict, "")
	if stored, _ := h.Store.InviteByCodeHash(ctx, inv.CodeHash); stored.Uses != 0 {
		t.Fatalf("a failed registration kept its use: %d", stored.Uses)
	}
	if _, err := h.Store.UserByUsername(ctx, "late.comer"); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("a failed registration left a row: %v", err)
	}
	h.Expect("", "POST", "/api/auth/register", registration(goodCode, "on.time"), http.StatusCreated, "")
}
