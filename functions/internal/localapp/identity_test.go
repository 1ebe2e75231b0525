package localapp

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/api"
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
	"github.com/cloudcensus/cloudcensus/functions/internal/system"
	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jws"
	"github.com/lestrrat-go/jwx/v3/jwt"
)

func TestEveryProtectedRouteHasAKnownPermission(t *testing.T) {
	for _, rt := range api.Table() {
		if rt.Public {
			continue
		}
		if rt.Perm == "" {
			t.Errorf("%s has no permission", rt.Key())
		} else if _, ok := authz.Known([]string{rt.Perm}); !ok {
			t.Errorf("%s: permission %q is not in the catalog", rt.Key(), rt.Perm)
		}
	}
}

// TestRoleRouteMatrix signs in one user of each role and calls every route
// of the table: a route the role's matrix grants is never refused for
// permission; any other is a 403 naming the permission. It goes through the
// authorizer's policy and the handler's own check.
func TestRoleRouteMatrix(t *testing.T) {
	clients := map[domain.Role]*client{domain.RoleAdmin: asAdmin(t)}
	for _, r := range []domain.Role{domain.RolePowerUser, domain.RoleUser} {
		name, pwd, _ := newUser(t, string(r))
		clients[r] = signIn(t, name, pwd)
	}
	for role, c := range clients {
		var perms struct {
			Role        string
			Permissions []string
			UIResources []string
		}
		c.get("/api/auth/permissions").decode(t, &perms)
		if perms.Role != string(role) || !slices.Equal(perms.Permissions, authz.Defaults(role)) {
			t.Errorf("%s sees permissions %v, want %v", role, perms.Permissions, authz.Defaults(role))
		}
		if !slices.Equal(perms.UIResources, authz.UIFor(authz.Defaults(role))) {
			t.Errorf("%s sees UI %v", role, perms.UIResources)
		}
		for _, rt := range api.Table() {
			if rt.Public || strings.Contains(rt.Path, "purge") || rt.Path == "/api/auth/logout" {
				continue
			}
			var a answer
			if rt.Method == http.MethodGet {
				a = c.get(rt.Path)
			} else {
				a = c.post(rt.Path, map[string]any{})
			}
			granted := slices.Contains(authz.Defaults(role), rt.Perm)
			switch {
			case granted && (a.Status == 401 || a.Status == 403):
				t.Errorf("%s %s: %d, but the matrix grants %s", role, rt.Key(), a.Status, rt.Perm)
			case !granted && a.Status != 403:
				t.Errorf("%s %s: %d, want 403", role, rt.Key(), a.Status)
			case !granted && !strings.Contains(string(a.Body), rt.Perm):
				t.Errorf("%s %s: the 403 does not name %s: %s", role, rt.Key(), rt.Perm, a.Body)
			case a.Status >= 500:
				t.Errorf("%s %s: %d %s", role, rt.Key(), a.Status, a.Body)
			}
		}
	}
	if a := anonymous(t).get("/api/users"); a.Status != 401 {
		t.Errorf("no token: %d", a.Status)
	}
}

func TestCreateUserRejects(t *testing.T) {
	c := asAdmin(t)
	good := map[string]any{"username": "valid1", "password": "Passw0rd-valid", "email": "valid1@example.com", "role": "user"}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for kk, vv := range good {
			m[kk] = vv
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no username", with("username", nil), "username"},
		{"bad username", with("username", "a b"), "username"},
		{"no password", with("password", nil), "password"},
		{"weak password", with("password", "short"), "password"},
		{"no email", with("email", nil), "email"},
		{"bad email", with("email", "not-an-email"), "email"},
		{"no role", with("role", nil), "role"},
		{"unknown role", with("role", "root"), "role"},
		{"unknown field", with("isAdmin", true), "isAdmin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := c.post("/api/users/create", tc.body)
			if a.Status != 400 || a.field() != tc.field {
				t.Fatalf("%d field=%q, want 400 %q: %s", a.Status, a.field(), tc.field, a.Body)
			}
		})
	}
	name, _, _ := newUser(t, "user")
	dup := c.post("/api/users/create", map[string]any{"username": name, "password": "Passw0rd-xxxx", "email": "other-" + name + "@example.com", "role": "user"})
	if dup.Status != 409 {
		t.Fatalf("duplicate username: %d %s", dup.Status, dup.Body)
	}
	// The failed create left nothing behind in the pool: the name is still
	// only the first user's, whose password still works.
}

func TestTemporaryPasswordAsksForANewOne(t *testing.T) {
	c := asAdmin(t)
	a := c.post("/api/users/create", map[string]any{"username": "tempuser", "password": "Temp-Passw0rd1", "email": "temp@example.com", "role": "user", "temporary": true})
	if a.Status != 201 {
		t.Fatalf("%d %s", a.Status, a.Body)
	}
	// A wrong password never yields the challenge (cognito-local issues it
	// before it compares the password; Cognito, and now the stand-in, do
	// not): no session, no token, the same 401 as any wrong password.
	for _, wrong := range []string{"not-the-password", "", "Temp-Passw0rd"} {
		if wrong == "" {
			continue
		}
		bad := anonymous(t).post("/api/auth/login", map[string]string{"username": "tempuser", "password": wrong})
		if bad.Status != 401 || strings.Contains(string(bad.Body), "challenge") || strings.Contains(string(bad.Body), "session") {
			t.Fatalf("a wrong password for a temporary user answered %d %s", bad.Status, bad.Body)
		}
	}
	login := anonymous(t).post("/api/auth/login", map[string]string{"username": "tempuser", "password": "Temp-Passw0rd1"})
	var ch struct{ Challenge, Session, Token string }
	login.decode(t, &ch)
	if ch.Challenge != "NEW_PASSWORD_REQUIRED" || ch.Session == "" || ch.Token != "" {
		t.Fatalf("first sign-in: %s", login.Body)
	}
	done := anonymous(t).post("/api/auth/challenge", map[string]string{"username": "tempuser", "session": ch.Session, "newPassword": "Brand-New-Passw0rd"})
	if done.Status != 200 || !strings.Contains(string(done.Body), `"token"`) || !strings.Contains(string(done.Body), `"passwordChangeRequired":false`) {
		t.Fatalf("challenge: %d %s", done.Status, done.Body)
	}
	signIn(t, "tempuser", "Brand-New-Passw0rd")

	// An admin's reset: a temporary password shown once, the challenge
	// again at the next sign-in, the mark gone after it.
	var u struct{ ID string }
	a.decode(t, &u)
	reset := c.post("/api/users/reset-password", map[string]string{"id": u.ID})
	var r struct {
		User              struct{ PasswordChangeRequired bool }
		TemporaryPassword string
	}
	reset.decode(t, &r)
	if reset.Status != 200 || r.TemporaryPassword == "" || !r.User.PasswordChangeRequired {
		t.Fatalf("reset: %d %s", reset.Status, reset.Body)
	}
	if old := anonymous(t).post("/api/auth/login", map[string]string{"username": "tempuser", "password": "Brand-New-Passw0rd"}); old.Status != 401 {
		t.Fatalf("the old password after a reset: %d %s", old.Status, old.Body)
	}
	login = anonymous(t).post("/api/auth/login", map[string]string{"username": "tempuser", "password": r.TemporaryPassword})
	login.decode(t, &ch)
	if ch.Challenge != "NEW_PASSWORD_REQUIRED" {
		t.Fatalf("sign-in after a reset: %s", login.Body)
	}
	done = anonymous(t).post("/api/auth/challenge", map[string]string{"username": "tempuser", "session": ch.Session, "newPassword": "Another-New-Passw0rd"})
	if done.Status != 200 {
		t.Fatalf("challenge after a reset: %d %s", done.Status, done.Body)
	}
	var detail struct{ PasswordChangeRequired bool }
	c.get("/api/users/detail?id="+u.ID).decode(t, &detail)
	if detail.PasswordChangeRequired {
		t.Fatal("the mark stayed after the new password")
	}
}

// Five wrong passwords close the user's sign-in for a while: the right
// password then gets the answer of a wrong one, while the sessions the
// user already has go on (an attacker who guesses cannot sign its owner
// out). An admin opens it again at once.
func TestLockoutAfterFiveFailures(t *testing.T) {
	name, pwd, id := newUser(t, "user")
	early := signIn(t, name, pwd)
	var wrong string
	for i := range 5 {
		a := anonymous(t).post("/api/auth/login", map[string]string{"username": name, "password": "wrong-password-1A"})
		if a.Status != 401 {
			t.Fatalf("bad password %d: %d %s", i, a.Status, a.Body)
		}
		wrong = string(a.Body)
	}
	a := anonymous(t).post("/api/auth/login", map[string]string{"username": name, "password": pwd})
	if a.Status != 401 || string(a.Body) != wrong {
		t.Fatalf("closed sign-in answered %d %s, a wrong password %s", a.Status, a.Body, wrong)
	}
	if a := early.get("/api/auth/me"); a.Status != 200 {
		t.Fatalf("the user's session ended with the failed sign-ins: %d", a.Status)
	}
	c := asAdmin(t)
	var u domain.User
	c.get("/api/users/detail?id="+id).decode(t, &u)
	if u.Status != domain.UserActive {
		t.Fatalf("status %s", u.Status)
	}
	// The admin sees whose sign-in is closed and until when (15 minutes).
	if u.SignInClosedUntil == nil || time.Until(*u.SignInClosedUntil) < 14*time.Minute || time.Until(*u.SignInClosedUntil) > 16*time.Minute {
		t.Fatalf("detail: sign-in closed until %v, want about 15 minutes from now", u.SignInClosedUntil)
	}
	var l struct{ Data []domain.User }
	c.get("/api/users?page_size=100&search="+name).decode(t, &l)
	if len(l.Data) != 1 || l.Data[0].SignInClosedUntil == nil {
		t.Fatalf("list: %+v", l.Data)
	}
	audit := c.get("/api/audit?action=users.lock&resource_type=user")
	if !strings.Contains(string(audit.Body), id) {
		t.Fatalf("no lock audit entry: %s", audit.Body)
	}
	unlock := c.post("/api/users/update", map[string]any{"id": id, "version": u.Version, "status": "active"})
	if unlock.Status != 200 {
		t.Fatalf("unlock: %d %s", unlock.Status, unlock.Body)
	}
	signIn(t, name, pwd)
	u = domain.User{}
	c.get("/api/users/detail?id="+id).decode(t, &u)
	if u.SignInClosedUntil != nil {
		t.Fatalf("still closed after the unlock: %v", u.SignInClosedUntil)
	}
	stale := c.post("/api/users/update", map[string]any{"id": id, "version": u.Version - 1, "email": "x@example.com"})
	if stale.Status != 409 {
		t.Fatalf("stale version: %d %s", stale.Status, stale.Body)
	}
}

func TestInviteRegistration(t *testing.T) {
	c := asAdmin(t)
	a := c.post("/api/invites/create", map[string]any{"role": "power_user", "expiresInHours": 24, "maxUses": 1})
	if a.Status != 201 {
		t.Fatalf("%d %s", a.Status, a.Body)
	}
	var inv struct {
		Code   string
		Invite struct{ ID string }
	}
	a.decode(t, &inv)
	reg := func(code, user string) answer {
		return anonymous(t).post("/api/auth/register", map[string]string{"inviteCode": code, "username": user, "email": user + "@example.com", "password": "Passw0rd-" + user})
	}
	if a := reg("NOT-A-CODE", "invitee0"); a.Status != 400 || a.field() != "inviteCode" {
		t.Fatalf("unknown code: %d %s", a.Status, a.Body)
	}
	bad := anonymous(t).post("/api/auth/register", map[string]string{"inviteCode": inv.Code, "username": "invitee1", "email": "nope", "password": "Passw0rd-invitee1"})
	if bad.Status != 400 || bad.field() != "email" {
		t.Fatalf("bad email: %d %s", bad.Status, bad.Body)
	}
	if a := reg(inv.Code, "invitee1"); a.Status != 201 {
		t.Fatalf("register: %d %s", a.Status, a.Body)
	}
	p := signIn(t, "invitee1", "Passw0rd-invitee1")
	var perms struct{ Role string }
	p.get("/api/auth/permissions").decode(t, &perms)
	if perms.Role != "power_user" {
		t.Fatalf("the code's role was not granted: %s", perms.Role)
	}
	if a := reg(inv.Code, "invitee2"); a.Status != 400 || !strings.Contains(string(a.Body), "used up") {
		t.Fatalf("used-up code: %d %s", a.Status, a.Body)
	}
	if a := anonymous(t).post("/api/auth/login", map[string]string{"username": "invitee2", "password": "Passw0rd-invitee2"}); a.Status != 401 {
		t.Fatalf("a refused registration created a user: %d", a.Status)
	}
	// An expired invite.
	exp := c.post("/api/invites/create", map[string]any{"role": "user", "expiresInHours": 1, "maxUses": 5})
	var inv2 struct {
		Code   string
		Invite domain.Invite
	}
	exp.decode(t, &inv2)
	stored, err := stack.Store.InviteByCodeHash(context.Background(), hashOf(inv2.Code))
	if err != nil {
		t.Fatal(err)
	}
	if a := reg(inv2.Code, "invitee3"); a.Status != 201 {
		t.Fatalf("fresh invite: %d %s", a.Status, a.Body)
	}
	if err := stack.Store.UseInvite(context.Background(), stored, time.Now().Add(2*time.Hour)); err == nil {
		t.Fatal("an expired invite was spent")
	}
}

func TestNobodyRemovesTheLastAdminOrThemselves(t *testing.T) {
	c := asAdmin(t)
	var me domain.User
	c.get("/api/auth/me").decode(t, &me)
	if a := c.post("/api/users/delete", map[string]string{"id": me.ID}); a.Status != 409 {
		t.Fatalf("self delete: %d %s", a.Status, a.Body)
	}
	if a := c.post("/api/users/update", map[string]any{"id": me.ID, "version": me.Version, "role": "user"}); a.Status != 409 {
		t.Fatalf("self demote: %d %s", a.Status, a.Body)
	}
	_, _, uid := newUser(t, "user")
	if a := c.post("/api/users/delete", map[string]string{"id": uid}); a.Status != 204 {
		t.Fatalf("delete: %d %s", a.Status, a.Body)
	}
	if a := c.get("/api/users/detail?id=" + uid); a.Status != 404 {
		t.Fatalf("deleted user still there: %d", a.Status)
	}
}

// until polls a route until it answers want, and answers how long that
// took; past the revocation bound (and a second for the request itself)
// the test fails.
func until(t *testing.T, c *client, path string, want int) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		a := c.get(path)
		if a.Status == want {
			return time.Since(start)
		}
		if time.Since(start) > revocationBound+time.Second {
			t.Fatalf("%s still answers %d %v after the %v revocation bound, want %d", path, a.Status, time.Since(start), revocationBound, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A sign-out ends the session's tokens within the bound, not the user's
// other sessions; the gateway's cached answer for the token does not
// keep it alive.
func TestSignOutEndsTheSessionWithinTheBound(t *testing.T) {
	name, pwd, _ := newUser(t, "user")
	first, second := signIn(t, name, pwd), signIn(t, name, pwd)
	if a := first.get("/api/auth/me"); a.Status != 200 { // the gateway caches its answer for this token now
		t.Fatalf("me: %d", a.Status)
	}
	if a := first.post("/api/auth/logout", map[string]string{"refreshToken": first.refresh}); a.Status != 204 {
		t.Fatalf("logout: %d %s", a.Status, a.Body)
	}
	took := until(t, first, "/api/auth/me", 401)
	t.Logf("a signed-out token was refused %v after the sign-out (bound %v)", took, revocationBound)
	if a := second.get("/api/auth/me"); a.Status != 200 {
		t.Fatalf("the user's other session ended too: %d", a.Status)
	}
}

func TestRoleChangeTakesEffectWithinTheBound(t *testing.T) {
	name, pwd, _ := newUser(t, "power_user")
	p := signIn(t, name, pwd)
	if a := p.get("/api/users"); a.Status != 200 {
		t.Fatalf("power user lists users: %d", a.Status)
	}
	c := asAdmin(t)
	var roles struct {
		Data []domain.RolePermissions
	}
	c.get("/api/roles").decode(t, &roles)
	var pu domain.RolePermissions
	for _, r := range roles.Data {
		if r.Role == domain.RolePowerUser {
			pu = r
		}
	}
	without := slices.DeleteFunc(slices.Clone(pu.Permissions), func(k string) bool { return k == authz.UsersRead })
	if a := c.post("/api/roles/update", map[string]any{"role": "power_user", "permissions": without, "version": pu.Version}); a.Status != 200 {
		t.Fatalf("update role: %d %s", a.Status, a.Body)
	}
	took := until(t, p, "/api/users", 403)
	t.Logf("a removed permission was refused %v after the change (bound %v)", took, revocationBound)
	var now domain.RolePermissions
	c.get("/api/roles").decode(t, &roles)
	for _, r := range roles.Data {
		if r.Role == domain.RolePowerUser {
			now = r
		}
	}
	if a := c.post("/api/roles/update", map[string]any{"role": "power_user", "permissions": pu.Permissions, "version": now.Version}); a.Status != 200 {
		t.Fatalf("restore role: %d %s", a.Status, a.Body)
	}
	if a := c.post("/api/roles/update", map[string]any{"role": "admin", "permissions": []string{"auth:self"}, "version": 1}); a.Status != 409 {
		t.Fatalf("admin lockout guard: %d %s", a.Status, a.Body)
	}
}

func TestAuditRecordsDeniedAndExportsCSV(t *testing.T) {
	name, pwd, _ := newUser(t, "user")
	u := signIn(t, name, pwd)
	if a := u.get("/api/audit"); a.Status != 403 {
		t.Fatalf("user reads audit: %d", a.Status)
	}
	c := asAdmin(t)
	var l struct {
		Data []domain.AuditEntry
	}
	c.get("/api/audit?result=denied&action=access.denied").decode(t, &l)
	found := false
	for _, e := range l.Data {
		if e.ActorName == name && e.ResourceID == "GET /api/audit" && e.RequestID != "" && e.IP != "" {
			found = true
		}
	}
	if !found {
		t.Fatalf("denied request not audited: %+v", l.Data)
	}
	if a := c.get("/api/audit?from=yesterday"); a.Status != 400 || a.field() != "from" {
		t.Fatalf("bad from: %d %s", a.Status, a.Body)
	}
	_, j, csv := c.job("/api/audit/export", map[string]string{"result": "denied"})
	if j.Status != "succeeded" || !strings.HasSuffix(j.FileName, ".csv") || !strings.Contains(string(csv), "access.denied") {
		t.Fatalf("export: %+v %s", j, csv)
	}
	if strings.Contains(logs.String(), adminPwd) || strings.Contains(string(csv), pwd) {
		t.Fatal("a password reached the logs or the audit export")
	}
}

func TestCatalogServesTheColumnSpec(t *testing.T) {
	var cat system.Catalog
	a := asAdmin(t).get("/api/meta/services")
	a.decode(t, &cat)
	if a.Status != 200 || len(cat.Services) != len(spec.All()) || len(cat.Regions) != len(spec.Regions()) || cat.Services[0].Title == "" {
		t.Fatalf("%d: %d services, %d regions", a.Status, len(cat.Services), len(cat.Regions))
	}
	if a := anonymous(t).get("/api/meta/services"); a.Status != 401 {
		t.Fatalf("anonymous: %d", a.Status)
	}
}

// The local identity provider signs with a key of this data folder, not the
// one its npm package ships: a token minted with the shipped key, with the
// right claims and kid, is refused.
func TestTokensOfTheShippedKeyAreRefused(t *testing.T) {
	tools, err := standin.FindTools()
	if err != nil {
		t.Fatal(err)
	}
	mods, err := tools.NodeModules()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(mods, "cognito-local", "lib", "keys", "cognitoLocal.private.json"))
	if err != nil {
		t.Fatal(err)
	}
	var shipped struct{ Pem string }
	if err := json.Unmarshal(raw, &shipped); err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode([]byte(shipped.Pem))
	if block == nil {
		t.Fatal("no PEM in the shipped key file")
	}
	var priv any
	if priv, err = x509.ParsePKCS1PrivateKey(block.Bytes); err != nil {
		if priv, err = x509.ParsePKCS8PrivateKey(block.Bytes); err != nil {
			t.Fatal(err)
		}
	}
	// The claims of a real token of the admin, re-signed with the shipped key.
	real := asAdmin(t).token
	tok, err := jwt.ParseInsecure([]byte(real))
	if err != nil {
		t.Fatal(err)
	}
	hdr := jws.NewHeaders()
	_ = hdr.Set(jws.KeyIDKey, "CognitoLocal")
	forged, err := jwt.Sign(tok, jwt.WithKey(jwa.RS256(), priv, jws.WithProtectedHeaders(hdr)))
	if err != nil {
		t.Fatal(err)
	}
	if a := (&client{t: t, token: string(forged)}).get("/api/auth/me"); a.Status != 401 {
		t.Fatalf("a token signed with cognito-local's shipped key answered %d %s", a.Status, a.Body)
	}
	if a := (&client{t: t, token: real}).get("/api/auth/me"); a.Status != 200 {
		t.Fatalf("the real token answered %d %s", a.Status, a.Body)
	}
}
