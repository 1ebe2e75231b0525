package auth_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/auth"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

func TestLoginRejects(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name  string
		body  any
		field string
	}{
		{"no username", map[string]string{"password": "x"}, "username"},
		{"blank username", map[string]string{"username": " \t ", "password": "x"}, "username"},
		{"no password", map[string]string{"username": "u1x"}, "password"},
		{"blank password", map[string]string{"username": "u1x", "password": "   "}, "password"},
		{"nothing", map[string]string{}, "username"},
		{"username as a number", map[string]any{"username": 7, "password": "x"}, "username"},
		{"unknown field", map[string]any{"username": "u1x", "password": "x", "remember": true}, "remember"},
		{"not JSON", "username=u1x&password=x", "body"},
		{"empty body", "", "body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h.Expect("", "POST", "/api/auth/login", tc.body, http.StatusBadRequest, tc.field)
		})
	}
	if h.pool.signIns != 0 {
		t.Fatalf("refused sign-ins reached the pool %d times", h.pool.signIns)
	}
	e := h.auditIn(noWorkspace, "auth.login")
	if len(e) != len(cases) {
		t.Fatalf("%d auth.login entries for %d refusals", len(e), len(cases))
	}
	for _, x := range e {
		if x.Result != domain.AuditFailure || x.Actor != "anonymous" || x.Error == "" {
			t.Fatalf("refusal audited as %+v", x)
		}
	}
	if g, _ := h.Store.SignInGate(context.Background(), h.Users["u1"].ID); g.Attempts != 0 {
		t.Fatalf("a refused body counted as a sign-in attempt: %+v", g)
	}
}

func TestLogin(t *testing.T) {
	h := newHarness(t)
	got := h.login("u1x", password("u1"))
	if got.Token == "" || got.RefreshToken == "" || got.ExpiresIn != 3600 || got.User == nil || got.User.ID != h.Users["u1"].ID || got.Challenge != "" {
		t.Fatalf("login %+v", got)
	}
	e := h.auditIn(ws, "auth.login")
	if len(e) != 1 || e[0].Result != domain.AuditSuccess || e[0].Actor != h.Users["u1"].ID || e[0].ResourceID != h.Users["u1"].ID {
		t.Fatalf("audit %+v", e)
	}
	if text := h.everything() + h.Logs(); strings.Contains(text, password("u1")) || strings.Contains(text, got.RefreshToken) {
		t.Fatal("the password or the refresh token reached the audit log or the logs")
	}
	if strings.Contains(got.raw, got.RefreshToken) || strings.Contains(got.raw, "refreshToken") {
		t.Fatal("the refresh token is in the answer's body, where a script of the page could read it")
	}
	// A user the authorizer would refuse gets no token.
	u := *h.Users["u2"]
	next := u
	next.Status = domain.UserInactive
	if err := h.Store.UpdateUser(context.Background(), &u, &next); err != nil {
		t.Fatal(err)
	}
	raw := h.Expect("", "POST", "/api/auth/login", map[string]string{"username": "u2x", "password": password("u2")}, http.StatusUnauthorized, "")
	wrong := h.Expect("", "POST", "/api/auth/login", map[string]string{"username": "u1x", "password": "Wr0ng-password"}, http.StatusUnauthorized, "")
	if raw != wrong || strings.Contains(raw, `"token"`) {
		t.Fatalf("inactive user answered %s, a wrong password %s: the answer tells the account exists", raw, wrong)
	}
}

// A wrong password and an unknown user answer the same 401, and both are
// audited as refused sign-ins, never as successes.
func TestWrongPasswordAndUnknownUserAreTheSame(t *testing.T) {
	h := newHarness(t)
	wrong := h.Expect("", "POST", "/api/auth/login", map[string]string{"username": "u1x", "password": "Wr0ng-password"}, http.StatusUnauthorized, "")
	for _, name := range []string{"ghostx", "[admin]", "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "👻", strings.Repeat("g", 1500)} {
		unknown := h.Expect("", "POST", "/api/auth/login", map[string]string{"username": name, "password": "Wr0ng-password"}, http.StatusUnauthorized, "")
		if unknown != wrong {
			t.Fatalf("unknown user %.20q answers %s, a wrong password %s", name, unknown, wrong)
		}
	}
	known := h.auditIn(ws, "auth.login")
	if len(known) != 1 || known[0].Result != domain.AuditDenied || known[0].Actor != h.Users["u1"].ID || !strings.Contains(known[0].Error, "wrong username or password") {
		t.Fatalf("wrong password audited as %+v", known)
	}
	unknown := h.auditIn(noWorkspace, "auth.login")
	if len(unknown) != 6 {
		t.Fatalf("%d entries for 6 unknown users", len(unknown))
	}
	var audited []string
	for _, e := range unknown {
		if e.Result != domain.AuditDenied || e.Actor != "anonymous" {
			t.Fatalf("unknown user audited as %+v", e)
		}
		audited = append(audited, e.ActorName)
	}
	for _, name := range []string{"ghostx", "[admin]", "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "👻", strings.Repeat("g", 1500)} {
		if !slices.Contains(audited, name) {
			t.Fatalf("the attempt as %.20q is not audited under that name", name)
		}
	}
	if strings.Contains(h.everything()+h.Logs(), "Wr0ng-password") {
		t.Fatal("a tried password reached the audit log or the logs")
	}
}

func TestLoginWithAHugeUsernameIsAnUnknownUser(t *testing.T) {
	h := newHarness(t)
	wrong := h.Expect("", "POST", "/api/auth/login", map[string]string{"username": "ghostx", "password": "Wr0ng-password"}, http.StatusUnauthorized, "")
	st, raw := h.Call("", "POST", "/api/auth/login", map[string]string{"username": strings.Repeat("g", 10000), "password": "Wr0ng-password"}, nil)
	if st != http.StatusUnauthorized || raw != wrong {
		t.Fatalf("%d %s, want the unknown user's %s", st, raw, wrong)
	}
}

// login tries a password and answers the raw body of a 401.
func (h *harness) refused(name, pw string) string {
	h.t.Helper()
	return h.Expect("", "POST", "/api/auth/login", map[string]string{"username": name, "password": pw}, http.StatusUnauthorized, "")
}

// Five wrong passwords in the window close the user's sign-in for 15
// minutes, then 30: never for good, and the account stays active (its
// sessions go on). While closed, even the right password gets the answer
// of a wrong one, and the pool is not asked.
func TestFiveFailuresCloseSignInForAWhile(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	u1 := h.Users["u1"]
	wrong := h.refused("u1x", "Wr0ng-password")
	for range 4 {
		h.refused("u1x", "Wr0ng-password")
	}
	g, _ := h.Store.SignInGate(ctx, u1.ID)
	if want := h.clock.now().Add(15 * time.Minute).Unix(); g.LockedUntil != want || g.Lockouts != 1 {
		t.Fatalf("after five failures the gate is %+v, want closed until %d", g, want)
	}
	if u, _ := h.Store.GetUser(ctx, ws, u1.ID); u.Status != domain.UserActive {
		t.Fatalf("the account became %s: failed sign-ins must not end its sessions", u.Status)
	}
	lock := h.auditIn(ws, "users.lock")
	if len(lock) != 1 || lock[0].ResourceID != u1.ID || lock[0].Actor != "system" || !strings.Contains(asJSON(lock[0].After), "signInClosedUntil") {
		t.Fatalf("lock audited as %+v", lock)
	}
	if len(h.alerts.sent) != 1 || !strings.Contains(h.alerts.sent[0], "user_locked") || !strings.Contains(h.alerts.sent[0], "u1x") {
		t.Fatalf("alerts %v", h.alerts.sent)
	}
	asked := h.pool.asked()
	if raw := h.refused("u1x", password("u1")); raw != wrong {
		t.Fatalf("closed sign-in answered %s, a wrong password %s", raw, wrong)
	}
	if h.pool.asked() != asked {
		t.Fatal("a closed sign-in reached the pool")
	}
	// It opens by itself; the next closing lasts twice as long.
	h.clock.advance(15*time.Minute + time.Second)
	h.login("u1x", password("u1"))
	for range 5 {
		h.refused("u1x", "Wr0ng-password")
	}
	g, _ = h.Store.SignInGate(ctx, u1.ID)
	if want := h.clock.now().Add(30 * time.Minute).Unix(); g.LockedUntil != want || g.Lockouts != 2 {
		t.Fatalf("the second closing is %+v, want until %d", g, want)
	}
	// An admin opens it at once.
	if err := h.Store.ClearSignInGate(ctx, u1.ID); err != nil {
		t.Fatal(err)
	}
	h.login("u1x", password("u1"))
	for _, e := range h.auditIn(ws, "auth.login") {
		if e.Result == domain.AuditSuccess && strings.Contains(asJSON(e.After), "reason") {
			t.Fatalf("a refused sign-in audited as a success: %+v", e)
		}
	}
}

// The lockout counts per user whichever name was typed: the email counts
// against the same user as the username.
func TestLockoutCountsTheUserWhicheverNameIsTyped(t *testing.T) {
	h := newHarness(t)
	u1 := h.Users["u1"]
	for i := range 5 {
		name := "u1x"
		if i%2 == 1 {
			name = u1.Email
		}
		h.refused(name, "Wr0ng-password")
	}
	if g, _ := h.Store.SignInGate(context.Background(), u1.ID); g.LockedUntil == 0 {
		t.Fatalf("five failures by username and email did not close sign-in: %+v", g)
	}
	h.refused(u1.Email, password("u1"))
	h.clock.advance(16 * time.Minute)
	if got := h.login(u1.Email, password("u1")); got.User == nil || got.User.ID != u1.ID {
		t.Fatalf("sign-in by email: %+v", got)
	}
}

// Fifty wrong passwords at once close the account exactly as fifty one at
// a time do: five reach the pool, one lock, one alert.
func TestParallelFailuresCountLikeSequentialOnes(t *testing.T) {
	for _, parallel := range []bool{false, true} {
		t.Run(map[bool]string{false: "one at a time", true: "fifty at once"}[parallel], func(t *testing.T) {
			h := newHarness(t)
			policy := auth.DefaultPolicy()
			policy.FailFloor, policy.AddressMax = 0, 1000
			h.svc.WithPolicy(policy)
			var wg sync.WaitGroup
			try := func() {
				defer wg.Done()
				st, _ := h.Call("", "POST", "/api/auth/login", map[string]string{"username": "u1x", "password": "Wr0ng-password"}, nil)
				if st != http.StatusUnauthorized {
					t.Errorf("status %d", st)
				}
			}
			for range 50 {
				wg.Add(1)
				if parallel {
					go try()
				} else {
					try()
				}
			}
			wg.Wait()
			g, _ := h.Store.SignInGate(context.Background(), h.Users["u1"].ID)
			if asked := h.pool.asked(); asked != 5 || g.Lockouts != 1 || g.LockedUntil == 0 || len(h.auditIn(ws, "users.lock")) != 1 {
				t.Fatalf("the pool was asked %d times, gate %+v, %d lock entries", asked, g, len(h.auditIn(ws, "users.lock")))
			}
		})
	}
}

// One address gets a bounded number of attempts per window (429 after),
// and failures for unknown names fill the audit log only up to a bound.
func TestAnAddressIsThrottled(t *testing.T) {
	h := newHarness(t)
	p := auth.DefaultPolicy()
	for i := range p.AddressMax {
		h.refused(fmt.Sprintf("ghost%d", i), "Wr0ng-password")
	}
	h.Expect("", "POST", "/api/auth/login", map[string]string{"username": "u1x", "password": password("u1")}, http.StatusTooManyRequests, "")
	for range 20 {
		h.Expect("", "POST", "/api/auth/login", map[string]string{"username": "ghost", "password": "x"}, http.StatusTooManyRequests, "")
	}
	if n := len(h.auditIn(noWorkspace, "auth.login")); n > p.UnknownAudited+2 {
		t.Fatalf("%d audit entries for a flood of unknown names, want at most %d", n, p.UnknownAudited+2)
	}
	h.clock.advance(p.AddressWindow)
	h.login("u1x", password("u1"))
}

// A wrong password, an unknown user and a closed account take at least
// the same time: the floor (a floor, not a performance figure).
func TestFailedSignInsTakeTheSameTime(t *testing.T) {
	h := newHarness(t)
	p := auth.DefaultPolicy()
	p.FailFloor = 150 * time.Millisecond
	h.svc.WithPolicy(p)
	for range 5 {
		h.refused("u2x", "Wr0ng-password")
	}
	for _, tc := range []struct{ name, user, pw string }{
		{"wrong password", "u1x", "Wr0ng-password"},
		{"unknown user", "ghostx", "Wr0ng-password"},
		{"closed account", "u2x", password("u2")},
	} {
		start := time.Now()
		h.refused(tc.user, tc.pw)
		if d := time.Since(start); d < p.FailFloor {
			t.Errorf("%s answered in %v, under the %v floor", tc.name, d, p.FailFloor)
		}
	}
}

func TestWindowAgesOutAndASuccessClearsIt(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	u := h.Users["u2"]
	for range 4 {
		h.refused("u2x", "Wr0ng-password")
	}
	h.clock.advance(15*time.Minute + time.Second)
	h.refused("u2x", "Wr0ng-password")
	if g, _ := h.Store.SignInGate(ctx, u.ID); g.Attempts != 1 || g.LockedUntil != 0 {
		t.Fatalf("old failures counted: %+v", g)
	}
	h.login("u2x", password("u2"))
	if g, _ := h.Store.SignInGate(ctx, u.ID); g.Attempts != 0 {
		t.Fatalf("a success left %+v", g)
	}
}

func TestChallenge(t *testing.T) {
	h := newHarness(t)
	h.pool.users["u2x"].temporary = true
	var ch auth.LoginResponse
	if st, raw := h.Call("", "POST", "/api/auth/login", map[string]string{"username": "u2x", "password": password("u2")}, &ch); st != 200 {
		t.Fatalf("%d %s", st, raw)
	}
	if ch.Challenge != "NEW_PASSWORD_REQUIRED" || ch.Session == "" || ch.Username != "u2x" || ch.Token != "" {
		t.Fatalf("challenge %+v", ch)
	}
	if e := h.auditIn(ws, "auth.challenge_issued"); len(e) != 1 || e[0].Result != domain.AuditSuccess || e[0].Actor != h.Users["u2"].ID {
		t.Fatalf("challenge audited as %+v", e)
	}
	const fresh = "Fresh-Passw0rd-2026"
	b := map[string]string{"username": "u2x", "session": ch.Session, "newPassword": fresh}
	for _, tc := range []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"no username", map[string]string{"session": ch.Session, "newPassword": fresh}, 400, "username"},
		{"no session", map[string]string{"username": "u2x", "newPassword": fresh}, 400, "session"},
		{"no new password", map[string]string{"username": "u2x", "session": ch.Session}, 400, "newPassword"},
		{"weak new password", map[string]string{"username": "u2x", "session": ch.Session, "newPassword": "password"}, 400, "newPassword"},
		{"new password of 10,000 characters", map[string]string{"username": "u2x", "session": ch.Session, "newPassword": "Aa1" + strings.Repeat("x", 10000)}, 400, "newPassword"},
		{"another user's session", map[string]string{"username": "u1x", "session": ch.Session, "newPassword": fresh}, 401, ""},
		{"a made-up session", map[string]string{"username": "u2x", "session": "[forged]", "newPassword": fresh}, 401, ""},
		{"unknown field", map[string]string{"username": "u2x", "session": ch.Session, "newPassword": fresh, "oldPassword": "x"}, 400, "oldPassword"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.Expect("", "POST", "/api/auth/challenge", tc.body, tc.status, tc.field)
		})
	}
	var done auth.LoginResponse
	if st, raw := h.Call("", "POST", "/api/auth/challenge", b, &done); st != 200 || done.Token == "" || done.User == nil || done.User.ID != h.Users["u2"].ID {
		t.Fatalf("%d %s", st, raw)
	}
	h.login("u2x", fresh)
	var results []domain.AuditResult
	for _, e := range h.auditIn(noWorkspace, "auth.challenge") {
		results = append(results, e.Result)
	}
	if len(results) != 9 || results[8] != domain.AuditSuccess || results[0] != domain.AuditFailure || results[5] != domain.AuditDenied {
		t.Fatalf("challenge answers audited as %v", results)
	}
	if strings.Contains(h.everything()+h.Logs(), fresh) || strings.Contains(h.everything(), ch.Session) {
		t.Fatal("the new password or the session reached the audit log or the logs")
	}
}

func TestRefresh(t *testing.T) {
	h := newHarness(t)
	s := h.login("u1x", password("u1"))
	var again auth.LoginResponse
	st, raw, hdr := h.CallWith("", "POST", "/api/auth/refresh", map[string]string{"refreshToken": s.RefreshToken}, nil, &again)
	if st != 200 {
		t.Fatalf("%d %s", st, raw)
	}
	if again.Token == "" || again.Token == s.Token || sessionCookie(t, hdr).Value != s.RefreshToken || again.User.ID != h.Users["u1"].ID {
		t.Fatalf("refreshed %+v", again)
	}
	// The console's way: the session cookie, with the CSRF header.
	cookie := map[string]string{"Cookie": auth.SessionCookie + "=" + s.RefreshToken}
	if st, raw, _ := h.CallWith("", "POST", "/api/auth/refresh", map[string]string{}, cookie, nil); st != 400 || !strings.Contains(raw, auth.CSRFHeader) {
		t.Fatalf("a cookie without the CSRF header: %d %s", st, raw)
	}
	cookie[auth.CSRFHeader] = "1"
	if st, raw, _ := h.CallWith("", "POST", "/api/auth/refresh", map[string]string{}, cookie, &again); st != 200 || again.Token == "" {
		t.Fatalf("a refresh by cookie: %d %s", st, raw)
	}
	h.Expect("", "POST", "/api/auth/refresh", map[string]string{}, 401, "")
	h.Expect("", "POST", "/api/auth/refresh", map[string]string{"refreshToken": "  "}, 401, "")
	h.Expect("", "POST", "/api/auth/refresh", map[string]string{"token": s.RefreshToken}, 400, "token")
	h.Expect("", "POST", "/api/auth/refresh", map[string]string{"refreshToken": "rt-made-up"}, 401, "")
	// A user that was deactivated meanwhile gets no new token.
	u := *h.Users["u1"]
	next := u
	next.Status = domain.UserLocked
	if err := h.Store.UpdateUser(context.Background(), &u, &next); err != nil {
		t.Fatal(err)
	}
	raw = h.Expect("", "POST", "/api/auth/refresh", map[string]string{"refreshToken": s.RefreshToken}, 401, "")
	if strings.Contains(raw, `"token"`) {
		t.Fatalf("a locked user refreshed: %s", raw)
	}
}

func TestLogout(t *testing.T) {
	h := newHarness(t)
	s := h.login("u1x", password("u1"))
	h.Expect("", "POST", "/api/auth/logout", map[string]string{"refreshToken": s.RefreshToken}, http.StatusUnauthorized, "")
	h.Expect("u1", "POST", "/api/auth/logout", map[string]string{}, http.StatusUnauthorized, "")
	h.Expect("u1", "POST", "/api/auth/logout", map[string]string{"refreshToken": s.RefreshToken}, http.StatusNoContent, "")
	h.Expect("", "POST", "/api/auth/refresh", map[string]string{"refreshToken": s.RefreshToken}, http.StatusUnauthorized, "")
	var got []string
	for _, e := range h.auditIn(ws, "auth.logout") {
		got = append(got, string(e.Result)+" "+e.ActorName)
	}
	if strings.Join(got, "|") != "denied u1x|success u1x" {
		t.Fatalf("logout audited as %q", got)
	}
	if denied := h.auditIn(noWorkspace, "access.denied"); len(denied) != 1 || denied[0].ResourceID != "POST /api/auth/logout" {
		t.Fatalf("the anonymous logout is not audited as denied: %+v", denied)
	}
	// Every access token of the session is revoked with it.
	if revoked, _ := h.Store.TokenRevoked(context.Background(), "jti-"+s.Token); !revoked {
		t.Fatal("the session's access token is not revoked")
	}
}

// Sign-out ends only the caller's own session: another user's refresh
// token, sent by a signed-in caller, changes nothing.
func TestLogoutEndsOnlyTheCallersSession(t *testing.T) {
	h := newHarness(t)
	victim := h.login("u2x", password("u2"))
	h.Expect("u1", "POST", "/api/auth/logout", map[string]string{"refreshToken": victim.RefreshToken}, http.StatusNoContent, "")
	if revoked, _ := h.Store.TokenRevoked(context.Background(), "jti-"+victim.Token); revoked {
		t.Fatal("u1's sign-out revoked u2's access token")
	}
	h.Expect("", "POST", "/api/auth/refresh", map[string]string{"refreshToken": victim.RefreshToken}, http.StatusOK, "")
	e := h.auditIn(ws, "auth.logout")
	if len(e) != 1 || !strings.Contains(asJSON(e[0].After), "not a session of the caller") {
		t.Fatalf("the attempt is not audited as such: %+v", e)
	}
}

func TestMe(t *testing.T) {
	h := newHarness(t)
	var me domain.User
	_, raw := h.Call("pu1", "GET", "/api/auth/me", nil, &me)
	if me.ID != h.Users["pu1"].ID || me.Role != domain.RolePowerUser || strings.Contains(raw, "sub-pu1") {
		t.Fatalf("me %s", raw)
	}
	h.Expect("", "GET", "/api/auth/me", nil, http.StatusUnauthorized, "")
}

func TestPasswordChange(t *testing.T) {
	h := newHarness(t)
	s := h.login("u1x", password("u1"))
	bearer := map[string]string{"Authorization": "Bearer " + s.Token}
	const fresh = "Another-Passw0rd-9"
	for _, tc := range []struct {
		name  string
		body  map[string]string
		field string
	}{
		{"no old password", map[string]string{"newPassword": fresh}, "oldPassword"},
		{"wrong old password", map[string]string{"oldPassword": "Not-the-passw0rd", "newPassword": fresh}, "oldPassword"},
		{"no new password", map[string]string{"oldPassword": password("u1")}, "newPassword"},
		{"weak new password", map[string]string{"oldPassword": password("u1"), "newPassword": "short"}, "newPassword"},
		{"new password without digits", map[string]string{"oldPassword": password("u1"), "newPassword": "Only-Letters-Here"}, "newPassword"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, raw := h.callWith("u1", "POST", "/api/auth/password", tc.body, bearer, nil)
			if st != 400 || !strings.Contains(raw, `"field":"`+tc.field+`"`) {
				t.Fatalf("%d %s, want 400 on %s", st, raw, tc.field)
			}
		})
	}
	if st, raw := h.callWith("u1", "POST", "/api/auth/password", map[string]string{"oldPassword": password("u1"), "newPassword": fresh}, bearer, nil); st != 204 {
		t.Fatalf("%d %s", st, raw)
	}
	h.login("u1x", fresh)
	h.Expect("", "POST", "/api/auth/login", map[string]string{"username": "u1x", "password": password("u1")}, 401, "")
	var got []string
	for _, e := range h.auditIn(ws, "auth.password") {
		if e.ResourceID != h.Users["u1"].ID {
			t.Fatalf("entry %+v does not name the user", e)
		}
		got = append(got, string(e.Result))
	}
	if strings.Join(got, " ") != "failure failure failure failure failure success" {
		t.Fatalf("password changes audited as %v", got)
	}
	for _, secret := range []string{fresh, password("u1"), "Not-the-passw0rd", s.Token} {
		if strings.Contains(h.everything()+h.Logs(), secret) {
			t.Fatalf("%.6s... reached the audit log or the logs", secret)
		}
	}
}

func TestPermissions(t *testing.T) {
	h := newHarness(t)
	var p auth.Permissions
	_, raw := h.Call("u1", "GET", "/api/auth/permissions", nil, &p)
	if p.Role != "user" || strings.Join(p.Permissions, ",") != strings.Join(h.Principals["u1"].Permissions, ",") || len(p.UIResources) == 0 || strings.Contains(raw, "checks") {
		t.Fatalf("permissions %s", raw)
	}
	check := "tasks:read, users:create,,=cmd,<x/>,[tasks:read],📦," + strings.Repeat("k", 10000)
	p = auth.Permissions{}
	h.Call("u1", "GET", "/api/auth/permissions?check="+url.QueryEscape(check), nil, &p)
	want := map[string]bool{"tasks:read": true, "users:create": false, "=cmd": false, "<x/>": false, "[tasks:read]": false, "📦": false, strings.Repeat("k", 10000): false}
	if len(p.Checks) != len(want) {
		t.Fatalf("checks %v", p.Checks)
	}
	for k, v := range want {
		if got, ok := p.Checks[k]; !ok || got != v {
			t.Fatalf("check %.20q: %v, want %v", k, got, v)
		}
	}
	p = auth.Permissions{}
	h.Call("admin", "GET", "/api/auth/permissions?check=users:create,scope:all", nil, &p)
	if !p.Checks["users:create"] || !p.Checks["scope:all"] {
		t.Fatalf("admin checks %v", p.Checks)
	}
	// A principal without keys answers [] lists; here it lacks auth:self.
	h.Principals["nobody"] = &httpapi.Principal{UserID: domain.NewID(), Username: "nobody", Role: "user", WorkspaceID: ws}
	raw = h.Expect("nobody", "GET", "/api/auth/permissions", nil, http.StatusForbidden, "")
	if !strings.Contains(raw, `"permission":"auth:self"`) {
		t.Fatalf("%s", raw)
	}
}
