package monitor

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// A normal day's audit log of a ten-person team, the fixture every rule
// must stay quiet on; and the scenarios that each make exactly one rule
// speak.

// person is a member of the team with the addresses it signs in from.
type person struct {
	name  string
	id    string
	role  domain.Role
	addrs []string // the office first, then home
}

type team struct {
	ws     string
	office string
	people []person
}

func (tm *team) get(name string) person {
	for _, p := range tm.people {
		if p.name == name {
			return p
		}
	}
	panic("no " + name)
}

// newTeam is an admin, two power users and seven users; everyone works
// from the office, most sometimes from home; cleo's home has IPv6 and
// changes its address within its /64 every day.
func newTeam(ws string) *team {
	office := "203.0.113.10"
	tm := &team{ws: ws, office: office}
	for _, p := range []struct {
		name  string
		role  domain.Role
		homes []string
	}{
		{"ana", domain.RoleAdmin, []string{"198.51.100.10"}},
		{"ben", domain.RolePowerUser, []string{"198.51.100.21", "198.51.100.22"}},
		{"cleo", domain.RolePowerUser, []string{"2001:db8:abcd:12::/64"}},
		{"dan", domain.RoleUser, []string{"198.51.100.31"}},
		{"erin", domain.RoleUser, []string{"198.51.100.41"}},
		{"finn", domain.RoleUser, []string{"198.51.100.51", "192.0.2.51"}},
		{"gina", domain.RoleUser, []string{"198.51.100.61"}},
		{"hank", domain.RolePowerUser, []string{"198.51.100.71"}},
		{"ivan", domain.RoleUser, []string{"198.51.100.81"}},
		{"jo", domain.RoleUser, []string{"198.51.100.91", "192.0.2.91"}},
	} {
		tm.people = append(tm.people, person{name: p.name, id: domain.IDFor(time.Unix(1000, 0), ws+"/"+p.name), role: p.role,
			addrs: append([]string{office}, p.homes...)})
	}
	return tm
}

// users are the team as the table keeps them (roles as of the day).
func (tm *team) users() []domain.User {
	var out []domain.User
	for _, p := range tm.people {
		out = append(out, domain.User{ID: p.id, WorkspaceID: tm.ws, Username: p.name, Email: p.name + "@example.com",
			Role: p.role, Status: domain.UserActive})
	}
	return out
}

// history is what the monitor remembers of the team's earlier sign-ins:
// every usual address, last seen the day before.
func (tm *team) history(day time.Time) map[string]map[string]time.Time {
	out := map[string]map[string]time.Time{}
	for _, p := range tm.people {
		set := map[string]time.Time{}
		for _, a := range p.addrs {
			set[a] = day.Add(-14 * time.Hour)
		}
		out[p.id] = set
	}
	return out
}

// ip is an address of a person: the office, or a home (an IPv6 home gets
// a host of its /64).
func (tm *team) ip(p person, i int, rng *rand.Rand) string {
	a := p.addrs[i%len(p.addrs)]
	if len(a) > 3 && a[len(a)-3:] == "/64" {
		return fmt.Sprintf("%s%x:%x", a[:len(a)-4], rng.IntN(0xffff)+1, rng.IntN(0xffff)+1)
	}
	return a
}

func hm(h, m int) time.Duration { return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute }

// normalDay writes an ordinary Tuesday of the team from l's t0 (midnight
// UTC): sign-ins from usual addresses, two mistyped passwords and one
// mistyped name, tasks created, exported and deleted at normal rates (a
// cleanup of six deletes among them), credentials validated, a user's
// e-mail changed and another demoted, a permission taken from a role,
// two refusals, admin work in working hours, a user working late, the
// admin signing in from home at night without changing anything, and the
// report retention at 03:00.
func (tm *team) normalDay(l *logBuilder, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 42))
	jitter := func(d time.Duration, spread time.Duration) time.Duration {
		return d + time.Duration(rng.Int64N(int64(spread)))
	}
	for i := range 3 {
		l.add(hm(3, i), "system", "report retention", "reports.expire", ok, "", resource(domain.NewID()))
	}
	userView := func(p person, role domain.Role, email string) map[string]any {
		return map[string]any{"id": p.id, "username": p.name, "email": email, "role": string(role), "status": "active"}
	}
	for i, p := range tm.people {
		// Morning: most at the office, some from home.
		home := rng.IntN(4) == 0
		addr := tm.ip(p, 0, rng)
		if home {
			addr = tm.ip(p, 1+rng.IntN(len(p.addrs)-1), rng)
		}
		at := jitter(hm(8, 0), 90*time.Minute)
		if p.name == "gina" { // two wrong passwords first
			wrongPassword(l, at-2*time.Minute, p.id, p.name, addr)
			wrongPassword(l, at-time.Minute, p.id, p.name, addr)
		}
		l.add(at, p.id, p.name, "auth.login", ok, addr, resource(p.id))
		// Work: tasks, exports, deletes spread over the day.
		for range 3 + rng.IntN(6) {
			l.add(jitter(hm(9, 30), 8*time.Hour), p.id, p.name, "tasks.create", ok, addr, resource(domain.NewID()))
		}
		if rng.IntN(3) == 0 {
			l.add(jitter(hm(10, 0), 6*time.Hour), p.id, p.name, "tasks.cancel", ok, addr, resource(domain.NewID()))
		}
		for range rng.IntN(3) {
			l.add(jitter(hm(10, 0), 7*time.Hour), p.id, p.name, "tasks.export", ok, addr, resource(domain.NewID()))
		}
		for range rng.IntN(3) {
			l.add(jitter(hm(10, 0), 7*time.Hour), p.id, p.name, "tasks.delete", ok, addr, resource(domain.NewID()))
		}
		if rng.IntN(2) == 0 {
			l.add(jitter(hm(11, 0), 5*time.Hour), p.id, p.name, "reports.delete", ok, addr, resource(domain.NewID()))
		}
		if p.role == domain.RolePowerUser {
			for range 1 + rng.IntN(2) {
				l.add(jitter(hm(9, 45), 7*time.Hour), p.id, p.name, "credentials.validate", ok, addr, resource(domain.NewID()))
			}
			l.add(jitter(hm(10, 0), 6*time.Hour), p.id, p.name, "schedules.update", ok, addr, resource(domain.NewID()))
		}
		// Afternoon: a second sign-in for half the team, from the office.
		if i%2 == 0 {
			at := jitter(hm(13, 0), time.Hour)
			if p.name == "hank" {
				wrongPassword(l, at-time.Minute, p.id, p.name, tm.office)
			}
			l.add(at, p.id, p.name, "auth.login", ok, tm.ip(p, 0, rng), resource(p.id))
		}
		if rng.IntN(3) == 0 {
			l.add(jitter(hm(17, 0), 90*time.Minute), p.id, p.name, "auth.logout", ok, addr, resource(p.id))
		}
	}
	ana, gina, hank, ivan, erin, jo := tm.get("ana"), tm.get("gina"), tm.get("hank"), tm.get("ivan"), tm.get("erin"), tm.get("jo")
	// Someone mistypes their name at the office.
	l.unknownFail(hm(8, 35), "jhon", tm.office)
	// The admin's day, in working hours.
	l.add(hm(10, 15), ana.id, ana.name, "invites.create", ok, tm.office, resource(domain.NewID()))
	l.add(hm(11, 0), ana.id, ana.name, "users.update", ok, tm.office, resource(gina.id),
		before(userView(gina, domain.RoleUser, "gina@example.com")), after(userView(gina, domain.RoleUser, "gina.m@example.com")))
	l.add(hm(11, 5), ana.id, ana.name, "users.update", ok, tm.office, resource(hank.id),
		before(userView(hank, domain.RolePowerUser, "hank@example.com")), after(userView(hank, domain.RoleUser, "hank@example.com")))
	l.add(hm(11, 30), ana.id, ana.name, "roles.update", ok, tm.office, resource("user"),
		before(map[string]any{"role": "user", "permissions": []any{"auth:self", "tasks:read", "tasks:create", "tasks:delete"}}),
		after(map[string]any{"role": "user", "permissions": []any{"auth:self", "tasks:read", "tasks:create"}}))
	l.add(hm(14, 0), ana.id, ana.name, "credentials.create", ok, tm.office, resource(domain.NewID()))
	l.add(hm(15, 0), ana.id, ana.name, "notifications.update", ok, tm.office, resource(domain.NewID()))
	l.add(hm(16, 0), ana.id, ana.name, "users.create", ok, tm.office, resource(domain.NewID()),
		after(map[string]any{"username": "kim", "role": "user"}))
	l.add(hm(18, 40), ana.id, ana.name, "audit.export", ok, tm.office, resource(domain.NewID()))
	// Ivan tries the users page twice.
	l.add(hm(10, 20), ivan.id, ivan.name, "access.denied", denied, tm.office, resource("GET /api/users"))
	l.add(hm(10, 21), ivan.id, ivan.name, "access.denied", denied, tm.office, resource("GET /api/users"))
	// Erin cleans up six old tasks.
	for i := range 6 {
		l.add(hm(16, 0)+time.Duration(i)*80*time.Second, erin.id, erin.name, "tasks.delete", ok, tm.office, resource(domain.NewID()))
	}
	// Jo works late from home; the admin checks something at night.
	l.add(hm(21, 25), jo.id, jo.name, "auth.login", ok, jo.addrs[2], resource(jo.id))
	l.add(hm(21, 30), jo.id, jo.name, "tasks.create", ok, jo.addrs[2], resource(domain.NewID()))
	l.add(hm(21, 0), ana.id, ana.name, "auth.login", ok, ana.addrs[1], resource(ana.id))
	l.add(hm(21, 20), ana.id, ana.name, "auth.logout", ok, ana.addrs[1], resource(ana.id))
}

// scenario injects an incident into the day and names the alerts it must
// raise.
type scenario struct {
	name   string
	inject func(tm *team, l *logBuilder)
	want   map[string]int
}

var scenarios = []scenario{
	{"a password guessed for one user", func(tm *team, l *logBuilder) {
		dan := tm.get("dan")
		for i := range 6 {
			r := "wrong password"
			if i == 5 {
				r = "sign-in closed after failed attempts"
			}
			l.add(hm(14, 0)+time.Duration(i)*90*time.Second, dan.id, dan.name, "auth.login", denied, "198.51.100.31", reason(r), resource(dan.id))
		}
		l.add(hm(14, 6), "system", "lockout", "users.lock", ok, "198.51.100.31", resource(dan.id))
	}, map[string]int{RuleFailedSignIns: 1}},
	{"a password spray from one address at night", func(tm *team, l *logBuilder) {
		for i, p := range tm.people[:8] {
			wrongPassword(l, hm(2, 10)+time.Duration(i)*50*time.Second, p.id, p.name, "198.51.100.66")
		}
		for i := range 17 {
			l.unknownFail(hm(2, 10)+time.Duration(i)*30*time.Second+7*time.Second, fmt.Sprintf("admin%d", i), "198.51.100.66")
		}
	}, map[string]int{RuleFailedSignIns: 1}},
	{"a sign-in from a new address", func(tm *team, l *logBuilder) {
		finn := tm.get("finn")
		l.add(hm(11, 5), finn.id, finn.name, "auth.login", ok, "192.0.2.250", resource(finn.id))
	}, map[string]int{RuleNewAddress: 1}},
	{"a user raised to admin and a role given more", func(tm *team, l *logBuilder) {
		ana, jo := tm.get("ana"), tm.get("jo")
		view := func(role string) map[string]any {
			return map[string]any{"id": jo.id, "username": jo.name, "role": role, "status": "active"}
		}
		l.add(hm(10, 40), ana.id, ana.name, "users.elevate", ok, tm.office, resource(jo.id), before(view("user")), after(view("admin")))
		l.add(hm(10, 45), ana.id, ana.name, "roles.update", ok, tm.office, resource("user"),
			before(map[string]any{"role": "user", "permissions": []any{"auth:self", "tasks:read"}}),
			after(map[string]any{"role": "user", "permissions": []any{"auth:self", "tasks:read", "credentials:delete"}}))
	}, map[string]int{RuleRoleElevation: 2}},
	{"the admin at work close to midnight", func(tm *team, l *logBuilder) {
		ana, gina := tm.get("ana"), tm.get("gina")
		l.add(hm(23, 20), ana.id, ana.name, "users.update", ok, ana.addrs[1], resource(gina.id),
			before(map[string]any{"role": "user", "email": "gina.m@example.com"}), after(map[string]any{"role": "user", "email": "g@example.com"}))
		l.add(hm(23, 25), ana.id, ana.name, "credentials.delete", ok, ana.addrs[1], resource(domain.NewID()))
		l.add(hm(23, 50), ana.id, ana.name, "credentials.delete", ok, ana.addrs[1], resource(domain.NewID()))
	}, map[string]int{RuleOffHoursAdmin: 1}},
	{"twelve tasks deleted in five minutes", func(tm *team, l *logBuilder) {
		erin := tm.get("erin")
		for i := range 12 {
			l.add(hm(15, 0)+time.Duration(i)*25*time.Second, erin.id, erin.name, "tasks.delete", ok, tm.office, resource(domain.NewID()))
		}
	}, map[string]int{RuleMassExportDelete: 1}},
	{"a user probing for permissions", func(tm *team, l *logBuilder) {
		ivan := tm.get("ivan")
		for i, route := range []string{"POST /api/users/update", "GET /api/audit", "POST /api/roles/update", "GET /api/credentials/base-role"} {
			for j := range 3 {
				l.add(hm(16, 0)+time.Duration(i*3+j)*30*time.Second, ivan.id, ivan.name, "access.denied", denied, tm.office, resource(route))
			}
		}
	}, map[string]int{RuleRepeatedDenials: 1}},
}

// day is a team, its store with the day's log and history, and the
// ticks over it.
type day struct {
	tm    *team
	start time.Time
	st    *memStore
	pub   *fakePublisher
	log   *logBuilder
}

var tuesday = time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)

func newDay(seed uint64, inject func(tm *team, l *logBuilder)) *day {
	d := &day{tm: newTeam("ws1"), start: tuesday, st: newMemStore("ws1"), pub: &fakePublisher{}}
	d.log = newLog(d.start)
	d.tm.normalDay(d.log, seed)
	if inject != nil {
		inject(d.tm, d.log)
	}
	d.st.putAudit(d.log.entries...)
	d.st.putAudit(d.log.unknown...)
	d.st.users["ws1"] = d.tm.users()
	for u, set := range d.tm.history(d.start) {
		d.st.seen["ws1/"+u] = &store.SeenAddresses{WorkspaceID: "ws1", UserID: u, Addresses: set, Version: 1}
	}
	d.resetCheckpoints()
	return d
}

// resetCheckpoints puts every checkpoint back at the day's start, as if
// the ticks of the day had never been recorded.
func (d *day) resetCheckpoints() {
	d.st.mu.Lock()
	defer d.st.mu.Unlock()
	d.st.checkpoints["ws1"] = domain.IDPrefixAt(d.start)
	d.st.checkpoints[NoWorkspace] = domain.IDPrefixAt(d.start)
}

// run ticks every interval from the day's start to half past midnight.
func (d *day) run(t *testing.T, every time.Duration) {
	t.Helper()
	m := New(d.st, d.pub, Options{Logger: discard()})
	for now := d.start.Add(every); !now.After(d.start.Add(24*time.Hour + 30*time.Minute)); now = now.Add(every) {
		if _, err := m.Tick(context.Background(), now); err != nil {
			t.Fatalf("tick at %s: %v", now, err)
		}
	}
}

func TestNormalDayRaisesNothing(t *testing.T) {
	for _, every := range []time.Duration{time.Minute, 5 * time.Minute, time.Hour} {
		for seed := range uint64(5) {
			t.Run(fmt.Sprintf("ticks every %s, day %d", every, seed), func(t *testing.T) {
				d := newDay(seed, nil)
				if n := len(d.log.entries); n < 120 {
					t.Fatalf("a day of %d entries is no normal day", n)
				}
				d.run(t, every)
				if as := d.st.alertsOf("ws1"); len(as) != 0 {
					t.Fatalf("%d alerts on a normal day: %+v", len(as), as)
				}
				if as := d.st.alertsOf(NoWorkspace); len(as) != 0 {
					t.Fatalf("%d platform alerts on a normal day: %+v", len(as), as)
				}
				if d.st.checkpoints["ws1"] < domain.IDPrefixAt(d.start.Add(23*time.Hour)) {
					t.Fatal("the checkpoint did not reach the end of the day")
				}
			})
		}
	}
}

func TestEachScenarioRaisesItsRule(t *testing.T) {
	for _, sc := range scenarios {
		for _, every := range []time.Duration{5 * time.Minute, 37 * time.Minute} {
			t.Run(fmt.Sprintf("%s, ticks every %s", sc.name, every), func(t *testing.T) {
				d := newDay(7, sc.inject)
				d.run(t, every)
				as := d.st.alertsOf("ws1")
				if got := byRule(as); !equalCounts(got, sc.want) {
					t.Fatalf("alerts %v, want %v: %+v", got, sc.want, as)
				}
				if n := len(d.st.alertsOf(NoWorkspace)); n != 0 {
					t.Fatalf("%d platform alerts", n)
				}
				published := len(d.pub.published())
				if published != len(as) || d.pub.distinctIDs() != len(as) {
					t.Fatalf("%d events (%d distinct) for %d alerts", published, d.pub.distinctIDs(), len(as))
				}
				for _, a := range as {
					if a.NotifiedAt == nil || len(a.Evidence) == 0 || a.Status != domain.AlertOpen || a.Message == "" {
						t.Fatalf("alert %+v", a)
					}
				}
				// The same day processed again (a lost checkpoint) and one
				// more tick: nothing new raised, nothing published again.
				d.resetCheckpoints()
				d.run(t, every)
				if again := d.st.alertsOf("ws1"); len(again) != len(as) {
					t.Fatalf("%d alerts after a second pass, want %d", len(again), len(as))
				}
				if n := len(d.pub.published()); n != published {
					t.Fatalf("%d events after a second pass, want %d", n, published)
				}
			})
		}
	}
}

// All the scenarios in one day: each rule raises what its scenario
// raises, and no scenario makes another rule speak.
func TestAllScenariosInOneDay(t *testing.T) {
	d := newDay(11, func(tm *team, l *logBuilder) {
		for _, sc := range scenarios {
			sc.inject(tm, l)
		}
	})
	d.run(t, 10*time.Minute)
	want := map[string]int{}
	for _, sc := range scenarios {
		for r, n := range sc.want {
			want[r] += n
		}
	}
	if got := byRule(d.st.alertsOf("ws1")); !equalCounts(got, want) {
		t.Fatalf("alerts %v, want %v", got, want)
	}
}

// A spray of made-up names only raises a platform alert in "none",
// never in a workspace.
func TestSprayOfUnknownNamesIsAPlatformAlert(t *testing.T) {
	d := newDay(3, func(tm *team, l *logBuilder) {
		for i := range 40 {
			l.unknownFail(hm(4, 0)+time.Duration(i)*15*time.Second, fmt.Sprintf("root%d", i), "198.51.100.99")
		}
	})
	d.run(t, 5*time.Minute)
	if as := d.st.alertsOf("ws1"); len(as) != 0 {
		t.Fatalf("workspace alerts %+v", as)
	}
	as := d.st.alertsOf(NoWorkspace)
	if len(as) != 1 || as[0].Subject != "198.51.100.99" || as[0].Rule != RuleFailedSignIns || as[0].NotifiedAt != nil {
		t.Fatalf("platform alerts %+v", as)
	}
	if n := len(d.pub.published()); n != 0 {
		t.Fatalf("%d platform alerts published to channels", n)
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
