package localapp

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/api"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// switchTo trades the client's session for a token carrying workspace ws.
func (c *client) switchTo(ws string) answer {
	c.t.Helper()
	a := c.post("/api/auth/workspace", map[string]string{"workspaceId": ws, "refreshToken": c.refresh})
	if a.Status == 200 {
		var r struct{ Token string }
		a.decode(c.t, &r)
		c.token = r.Token
	}
	return a
}

// createUserAs makes a user through c's workspace and answers its name,
// password and id.
func createUserAs(t testing.TB, c *client, role string, roles ...string) (name, password, id string) {
	t.Helper()
	seq.Lock()
	seq.n++
	name = fmt.Sprintf("%s%d", strings.ReplaceAll(role, "_", ""), seq.n)
	seq.Unlock()
	password = "Passw0rd-" + name
	body := map[string]any{"username": name, "password": password, "email": name + "@example.com", "role": role}
	if len(roles) > 0 {
		body["roles"] = roles
	}
	a := c.post("/api/users/create", body)
	if a.Status != 201 {
		t.Fatalf("create %s: %d %s", name, a.Status, a.Body)
	}
	var u struct{ ID string }
	a.decode(t, &u)
	return name, password, u.ID
}

func newWorkspace(t testing.TB, c *client, name string) domain.Workspace {
	t.Helper()
	a := c.post("/api/workspaces/create", map[string]string{"name": name})
	if a.Status != 201 {
		t.Fatalf("create workspace %q: %d %s", name, a.Status, a.Body)
	}
	var w domain.Workspace
	a.decode(t, &w)
	return w
}

func mustStatus(t testing.TB, what string, a answer, want int) {
	t.Helper()
	if a.Status != want {
		t.Fatalf("%s: %d, want %d: %s", what, a.Status, want, a.Body)
	}
}

// A custom role ranked below a power user gives, invites and assigns
// nothing above itself, and hands out no permission it lacks.
func TestCustomRoleStaysWithinItsRank(t *testing.T) {
	root := asAdmin(t)
	role := fmt.Sprintf("junior-admin-%d", time.Now().UnixNano()%100000)
	perms := []string{"users:read", "users:create", "users:update", "invites:read", "invites:create", "credentials:read",
		"credentials:assign", "roles:read", "roles:update"}
	a := root.post("/api/roles/create", map[string]any{"name": role, "description": "Onboards <b>juniors</b>", "permissions": perms, "rank": 150})
	mustStatus(t, "create role", a, 201)
	var rp domain.RolePermissions
	a.decode(t, &rp)
	if rp.Rank != 150 || rp.BuiltIn || rp.Description != "Onboards <b>juniors</b>" || !slices.Contains(rp.UIResources, "button:user-create") ||
		slices.Contains(rp.UIResources, "menu:tasks") {
		t.Fatalf("created %+v", rp)
	}
	name, pwd, _ := createUserAs(t, root, role)
	j := signIn(t, name, pwd)
	var me struct {
		Role  string
		Roles []string
		Rank  int
	}
	j.get("/api/auth/permissions").decode(t, &me)
	if me.Role != role || me.Rank != 150 {
		t.Fatalf("permissions of the custom role: %+v", me)
	}
	_, _, puID := newUser(t, "power_user")
	_, _, uID := newUser(t, "user")
	for _, tc := range []struct {
		name, path string
		body       map[string]any
		status     int
	}{
		{"create a power user", "/api/users/create", map[string]any{"username": "jr-pu-x", "password": "Passw0rd-jr-pu-x", "email": "jrpu@example.com", "role": "power_user"}, 403},
		{"create an admin as another role", "/api/users/create", map[string]any{"username": "jr-ad-x", "password": "Passw0rd-jr-ad-x", "email": "jrad@example.com", "role": "user", "roles": []string{"admin"}}, 403},
		{"invite a power user", "/api/invites/create", map[string]any{"role": "power_user", "expiresInHours": 1, "maxUses": 1}, 403},
		{"assign to a power user", "/api/users/assign-credentials", map[string]any{"userId": puID, "credentialIds": []string{}}, 403},
		{"raise a user", "/api/users/update", map[string]any{"id": uID, "version": 1, "role": "power_user"}, 403},
		{"create a role above itself", "/api/roles/create", map[string]any{"name": "higher-" + role, "permissions": []string{"users:read"}, "rank": 151}, 403},
		{"hand out a permission it lacks", "/api/roles/create", map[string]any{"name": "wider-" + role, "permissions": []string{"tasks:delete"}, "rank": 100}, 403},
		{"create a user", "/api/users/create", map[string]any{"username": "jr-u-" + role, "password": "Passw0rd-jr-u-x", "email": "jru-" + role + "@example.com", "role": "user"}, 201},
		{"invite a user", "/api/invites/create", map[string]any{"role": "user", "expiresInHours": 1, "maxUses": 1}, 201},
		{"assign to a user", "/api/users/assign-credentials", map[string]any{"userId": uID, "credentialIds": []string{}}, 200},
		{"create a role at its rank", "/api/roles/create", map[string]any{"name": "peer-" + role, "permissions": []string{"users:read"}, "rank": 150}, 201},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := j.post(tc.path, tc.body)
			if a.Status != tc.status {
				t.Fatalf("%d, want %d: %s", a.Status, tc.status, a.Body)
			}
			if tc.status == 403 && !strings.Contains(string(a.Body), "rank") && !strings.Contains(string(a.Body), "do not hold") {
				t.Fatalf("the refusal does not say why: %s", a.Body)
			}
		})
	}
	// In use: the delete names the holders.
	a = root.post("/api/roles/delete", map[string]any{"role": role, "version": rp.Version})
	if a.Status != 409 || !strings.Contains(string(a.Body), name) {
		t.Fatalf("delete a role in use: %d %s", a.Status, a.Body)
	}
	for _, builtIn := range []string{"admin", "power_user", "user"} {
		mustStatus(t, "delete "+builtIn, root.post("/api/roles/delete", map[string]any{"role": builtIn, "version": 1}), 409)
	}
	var peer domain.RolePermissions
	var l struct{ Data []domain.RolePermissions }
	root.get("/api/roles").decode(t, &l)
	for _, r := range l.Data {
		if r.Role == domain.Role("peer-"+role) {
			peer = r
		}
	}
	mustStatus(t, "delete an unused role", root.post("/api/roles/delete", map[string]any{"role": peer.Role, "version": peer.Version}), 204)
}

// A user with two roles may do what either allows, and nothing more.
func TestTwoRolesGiveTheirUnion(t *testing.T) {
	root := asAdmin(t)
	suffix := fmt.Sprint(time.Now().UnixNano() % 100000)
	for name, perms := range map[string][]string{"auditor-" + suffix: {"audit:read"}, "viewer-" + suffix: {"tasks:read", "reports:read"}} {
		mustStatus(t, "create "+name, root.post("/api/roles/create", map[string]any{"name": name, "permissions": perms, "rank": 50}), 201)
	}
	name, pwd, _ := createUserAs(t, root, "auditor-"+suffix, "viewer-"+suffix)
	c := signIn(t, name, pwd)
	var p struct {
		Roles       []string
		Permissions []string
		UIResources []string
	}
	c.get("/api/auth/permissions").decode(t, &p)
	slices.Sort(p.Permissions)
	if want := []string{"audit:read", "auth:self", "reports:read", "tasks:read"}; !slices.Equal(p.Permissions, want) ||
		!slices.Equal(p.Roles, []string{"auditor-" + suffix, "viewer-" + suffix}) {
		t.Fatalf("permissions %+v, want %v", p, want)
	}
	if !slices.Contains(p.UIResources, "menu:audit") || !slices.Contains(p.UIResources, "menu:tasks") || slices.Contains(p.UIResources, "button:task-create") {
		t.Fatalf("UI %v", p.UIResources)
	}
	for path, want := range map[string]int{"/api/audit": 200, "/api/tasks": 200, "/api/reports": 200, "/api/users": 403, "/api/credentials": 403} {
		if a := c.get(path); a.Status != want {
			t.Errorf("%s: %d, want %d: %s", path, a.Status, want, a.Body)
		}
	}
	mustStatus(t, "start a scan", c.post("/api/tasks/create", map[string]any{}), 403)
	// The users list filters on any role, primary or not.
	var us struct{ Data []domain.User }
	root.get("/api/users?role=viewer-"+suffix).decode(t, &us)
	if len(us.Data) != 1 || us.Data[0].Username != name {
		t.Fatalf("users with the second role: %+v", us.Data)
	}
}

var ulidPattern = regexp.MustCompile(`\b[0-9A-HJKMNP-TV-Z]{26}\b`)

// idsSeen calls every list route (GET without a required parameter) as c
// and answers the ids its answers hold, up to perList from each.
func idsSeen(t testing.TB, c *client, perList int) (all map[string]string, sample []string) {
	t.Helper()
	all = map[string]string{}
	for _, rt := range api.Table() {
		if rt.Public || rt.Method != http.MethodGet || slices.ContainsFunc(rt.Query, func(p httpapi.Param) bool { return p.Required }) {
			continue
		}
		a := c.get(rt.Path)
		if a.Status != 200 {
			continue
		}
		n := 0
		for _, id := range ulidPattern.FindAllString(string(a.Body), -1) {
			if all[id] == "" {
				all[id] = rt.Path
				if n < perList {
					sample = append(sample, id)
					n++
				}
			}
		}
	}
	return all, sample
}

// probeCall is a call of rt carrying id in every id field of its query or
// body; ok is false for a route that takes no id.
func probeCall(rt httpapi.Route, id string) (path string, body map[string]any, ok bool) {
	idField := func(name string) int {
		switch {
		case name == "id" || strings.HasSuffix(name, "Id") || strings.HasSuffix(name, "_id"):
			return 1
		case strings.HasSuffix(name, "Ids"):
			return 2
		}
		return 0
	}
	q := url.Values{}
	for _, p := range rt.Query {
		if idField(p.Name) == 1 {
			q.Set(p.Name, id)
		}
	}
	path = rt.Path
	if len(q) > 0 {
		path += "?" + q.Encode()
		ok = true
	}
	if rt.Body == nil {
		return path, nil, ok
	}
	body = map[string]any{}
	tp := reflect.TypeOf(rt.Body)
	for tp.Kind() == reflect.Pointer {
		tp = tp.Elem()
	}
	var walk func(reflect.Type)
	walk = func(tp reflect.Type) {
		for i := range tp.NumField() {
			f := tp.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				walk(f.Type)
				continue
			}
			switch idField(name) {
			case 1:
				if f.Type.Kind() == reflect.String {
					body[name], ok = id, true
				}
			case 2:
				if f.Type.Kind() == reflect.Slice {
					body[name], ok = []string{id}, true
				}
			}
		}
	}
	if tp.Kind() == reflect.Struct {
		walk(tp)
	}
	return path, body, ok
}

// Two workspaces holding the same usernames, credential names, task
// names, schedules, channels, invites and roles: a member of one reaches
// none of the other's items through any route of the table, and a person
// in both sees only the workspace chosen.
func TestWorkspacesKeepClientsApart(t *testing.T) {
	root := asAdmin(t)
	demoScan(t) // the default workspace holds a finished scan and its report
	first := root.get("/api/auth/workspaces")
	var mine struct {
		Data []struct{ WorkspaceID string }
	}
	first.decode(t, &mine)
	if len(mine.Data) < 1 {
		t.Fatalf("workspaces of the seeded admin: %s", first.Body)
	}
	var p struct{ WorkspaceID string }
	root.get("/api/auth/permissions").decode(t, &p)
	wsD := p.WorkspaceID
	wsB := newWorkspace(t, root, fmt.Sprintf("Client <B> =1+1 %d", time.Now().UnixNano()%100000))

	// An admin in each workspace only.
	nameD, pwdD, _ := createUserAs(t, root, "admin")
	adminD := signIn(t, nameD, pwdD)
	rootB := signIn(t, "admin", adminPwd)
	mustStatus(t, "switch to B", rootB.switchTo(wsB.ID), 200)
	nameB, pwdB, _ := createUserAs(t, rootB, "admin")
	adminB := signIn(t, nameB, pwdB)
	var pb struct{ WorkspaceID string }
	adminB.get("/api/auth/permissions").decode(t, &pb)
	if pb.WorkspaceID != wsB.ID {
		t.Fatalf("B's admin signed in to %s, want %s", pb.WorkspaceID, wsB.ID)
	}
	// A person in both: made in D, joins B with B's invite.
	shared, sharedPwd, _ := createUserAs(t, adminD, "power_user")
	var inv struct{ Code string }
	a := adminB.post("/api/invites/create", map[string]any{"role": "user", "expiresInHours": 1, "maxUses": 1})
	mustStatus(t, "invite to B", a, 201)
	a.decode(t, &inv)
	person := signIn(t, shared, sharedPwd)
	mustStatus(t, "join B", person.post("/api/auth/join", map[string]string{"inviteCode": inv.Code}), 201)

	// The same names on both sides.
	suffix := fmt.Sprint(time.Now().UnixNano() % 100000)
	rc := newReceiver(t)
	seeded := map[*client][]string{}
	for _, c := range []*client{adminD, adminB} {
		cred := newCredential(t, c, "Shared <prod> "+suffix)
		seeded[c] = append(seeded[c], cred.ID)
		mustStatus(t, "schedule", c.post("/api/schedules/create", map[string]any{"name": "Nightly " + suffix, "expression": "rate(1 day)", "timezone": "UTC",
			"credentialIds": []string{cred.ID}, "regions": []string{"eu-west-1"}, "projectMetadata": metadata}), 201)
		mustStatus(t, "channel", c.post("/api/notification-channels/create", map[string]any{"name": "Ops " + suffix, "type": "webhook",
			"config": map[string]any{"url": rc.URL + "/ops", "secret": "whsec-ops-0123456789"}, "events": []string{"security.alert"}}), 201)
		mustStatus(t, "role", c.post("/api/roles/create", map[string]any{"name": "auditor-" + suffix, "permissions": []string{"audit:read"}, "rank": 10}), 201)
		mustStatus(t, "invite", c.post("/api/invites/create", map[string]any{"role": "user", "expiresInHours": 1, "maxUses": 1}), 201)
		task := createTask(t, c, taskBody("Nightly scan "+suffix, []string{cred.ID}, []string{"eu-west-1"}))
		seeded[c] = append(seeded[c], task.ID)
	}

	// The person in both sees only the chosen workspace.
	var ws struct {
		Data []struct {
			WorkspaceID string
			Current     bool
		}
	}
	person.get("/api/auth/workspaces").decode(t, &ws)
	if len(ws.Data) != 2 {
		t.Fatalf("the person's workspaces: %+v", ws.Data)
	}
	credNames := func(c *client) (ids []string) {
		var l struct{ Data []domain.PublicCredential }
		c.get("/api/credentials?page_size=100").decode(t, &l)
		for _, cr := range l.Data {
			ids = append(ids, cr.ID)
		}
		return ids
	}
	allD, sampleD := idsSeen(t, adminD, 3)
	allB, sampleB := idsSeen(t, adminB, 3)
	// The workspaces' own ids are no secret between them: the platform
	// workspace's audit log records the making of B.
	for _, m := range []map[string]string{allD, allB} {
		delete(m, wsD)
		delete(m, wsB.ID)
	}
	notWorkspace := func(id string) bool { return id == wsD || id == wsB.ID }
	sampleD, sampleB = slices.DeleteFunc(sampleD, notWorkspace), slices.DeleteFunc(sampleB, notWorkspace)
	for id, where := range allB {
		if allD[id] != "" {
			t.Fatalf("id %s is seen in both workspaces: B's %s, D's %s", id, where, allD[id])
		}
	}
	inD := credNames(person)
	elsewhere := signIn(t, shared, sharedPwd) // another tab, in D
	mustStatus(t, "person to B", person.switchTo(wsB.ID), 200)
	// Each session keeps its own workspace across refreshes, whatever the
	// other chose.
	for _, tc := range []struct {
		c    *client
		want string
	}{{elsewhere, wsD}, {person, wsB.ID}, {elsewhere, wsD}} {
		a := tc.c.post("/api/auth/refresh", map[string]string{"refreshToken": tc.c.refresh})
		var r struct{ Token string }
		a.decode(t, &r)
		mustStatus(t, "refresh", a, 200)
		tc.c.token = r.Token
		var now struct{ WorkspaceID string }
		tc.c.get("/api/auth/permissions").decode(t, &now)
		if now.WorkspaceID != tc.want {
			t.Fatalf("a refreshed session moved to %s, want %s", now.WorkspaceID, tc.want)
		}
	}
	inB := credNames(person)
	for _, id := range inB {
		if allD[id] != "" || allB[id] == "" {
			t.Fatalf("after switching to B the person sees %s (D: %v, B: %v)", id, allD[id], allB[id])
		}
	}
	for _, id := range inD {
		if allD[id] == "" || allB[id] != "" {
			t.Fatalf("in D the person saw %s (D: %v, B: %v)", id, allD[id], allB[id])
		}
	}
	// Sign-in may name the workspace; one the person is not in is refused.
	a = anonymous(t).post("/api/auth/login", map[string]string{"username": nameB, "password": pwdB, "workspaceId": wsD})
	mustStatus(t, "B's admin signing in to D", a, 403)
	mustStatus(t, "B's admin switching to D", adminB.switchTo(wsD), 403)

	// Every route, as a member of each workspace, with the other's ids.
	routes, cases := map[string]bool{}, 0
	sweep := func(who string, c *client, foreign []string, foreignAll, own map[string]string) {
		// The audit log records the caller's own refused attempts, with the
		// ids it sent: those are no leak. Every other id of the other
		// workspace is.
		exempt := map[string]bool{}
		for _, rt := range api.Table() {
			if rt.Public || rt.Path == "/api/auth/logout" || rt.Path == "/api/auth/password" {
				continue
			}
			routes[rt.Key()] = true
			calls := 0
			for _, id := range foreign {
				path, body, ok := probeCall(rt, id)
				if !ok {
					continue
				}
				calls++
				var a answer
				if rt.Method == http.MethodGet {
					a = c.get(path)
				} else {
					a = c.post(path, body)
				}
				cases++
				if a.Status >= 200 && a.Status < 300 && rt.Method == http.MethodPost && !filtersOnly[rt.Path] {
					t.Errorf("%s %s with the other workspace's %s: %d %s", who, rt.Key(), id, a.Status, a.Body)
				}
				leak(t, who, rt.Key(), a, map[string]bool{id: true}, foreignAll, own)
				exempt[id] = true
			}
			if calls == 0 { // a route without ids: its answer holds none of the other's
				var a answer
				if rt.Method == http.MethodGet {
					a = c.get(rt.Path)
				} else {
					a = c.post(rt.Path, map[string]any{})
				}
				cases++
				sent := map[string]bool{}
				if strings.HasPrefix(rt.Path, "/api/audit") {
					sent = exempt
				}
				leak(t, who, rt.Key(), a, sent, foreignAll, own)
			}
		}
	}
	sweep("D's admin", adminD, sampleB, allB, allD)
	sweep("B's admin", adminB, sampleD, allD, allB)
	t.Logf("isolation: %d routes of %d, %d cases (%d ids of D, %d of B probed)", len(routes), len(api.Table()), cases, len(sampleD), len(sampleB))
	// Nothing of either changed: each side's credential and scan are there.
	for c, ids := range seeded {
		for i, path := range []string{"/api/credentials/detail?id=", "/api/tasks/detail?id="} {
			mustStatus(t, "after the sweep "+path, c.get(path+ids[i]), 200)
		}
	}
}

// filtersOnly are POST routes whose id fields filter the caller's own
// items (a check of permissions, an export of the caller's own audit log
// narrowed to a resource id) rather than name an item: accepting an id
// of another workspace is no breach there, and what they answer is
// checked for leaks like every other answer.
var filtersOnly = map[string]bool{"/api/auth/permissions/check": true, "/api/audit/export": true}

// leak fails when an answer to who holds an id of the other workspace
// (other than those the caller sent, which an error or its own audit
// entry may quote).
func leak(t *testing.T, who, route string, a answer, sent map[string]bool, foreign, own map[string]string) {
	t.Helper()
	for _, id := range ulidPattern.FindAllString(string(a.Body), -1) {
		if !sent[id] && foreign[id] != "" && own[id] == "" {
			t.Errorf("%s %s: the answer holds %s of the other workspace: %.300s", who, route, id, a.Body)
			return
		}
	}
}
