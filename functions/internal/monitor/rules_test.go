package monitor

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// User ids of the rule tests.
var (
	uAlice = domain.IDFor(time.Unix(1, 0), "alice")
	uBob   = domain.IDFor(time.Unix(1, 0), "bob")
	uAdmin = domain.IDFor(time.Unix(1, 0), "admin")
)

// t0 is a Tuesday, 09:00 UTC.
var t0 = time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)

const (
	ok     = domain.AuditSuccess
	denied = domain.AuditDenied
	failed = domain.AuditFailure
	minute = time.Minute
)

// ruleCase is one row of a rule's table: a log, the settings (defaults
// when nil), and what it should find.
type ruleCase struct {
	name string
	cfg  string // the rule's config JSON ("" for its defaults)
	log  func(l *logBuilder)
	// newFrom: entries from t0+newFrom are new (0: all).
	newFrom time.Duration
	admins  []string
	seen    map[string]map[string]time.Time
	want    []want
}

// want is one expected finding.
type want struct {
	subject  string
	severity domain.AlertSeverity
	evidence int    // number of evidence ids (0: do not check)
	message  string // a part of the message
}

func runRuleTable(t *testing.T, rule string, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := newLog(t0)
			tc.log(l)
			b := l.batch(tc.newFrom)
			b.Admins = map[string]bool{}
			for _, a := range tc.admins {
				b.Admins[a] = true
			}
			b.Seen = tc.seen
			cfg, err := ParseConfig(rule, []byte(tc.cfg))
			if err != nil {
				t.Fatal(err)
			}
			s := Settings{rule: {Enabled: true, Config: cfg}}
			res := Evaluate(s, b)
			if len(res.Findings) != len(tc.want) {
				t.Fatalf("%d findings, want %d: %+v", len(res.Findings), len(tc.want), res.Findings)
			}
			for i, w := range tc.want {
				f := res.Findings[i]
				if f.Rule != rule || f.Subject != w.subject || f.Severity != w.severity || !strings.Contains(f.Message, w.message) ||
					(w.evidence > 0 && len(f.Evidence) != w.evidence) || f.Key == "" || f.At.IsZero() || f.Title == "" {
					t.Fatalf("finding %d: %+v, want %+v", i, f, w)
				}
				for _, id := range f.Evidence {
					if !slices.ContainsFunc(append(b.Entries, b.Unknown...), func(e domain.AuditEntry) bool { return e.ID == id }) {
						t.Fatalf("evidence %s is no entry of the batch", id)
					}
				}
			}
			// The same batch gives the same findings: keys are stable.
			again := Evaluate(s, b)
			for i := range again.Findings {
				if again.Findings[i].Key != res.Findings[i].Key || AlertOf("ws1", again.Findings[i]).ID != AlertOf("ws1", res.Findings[i]).ID {
					t.Fatalf("finding %d changed between two evaluations", i)
				}
			}
		})
	}
}

func wrongPassword(l *logBuilder, at time.Duration, user, name, ip string) {
	l.add(at, user, name, "auth.login", denied, ip, reason("wrong password"), resource(user))
}

func TestFailedSignIns(t *testing.T) {
	runRuleTable(t, RuleFailedSignIns, []ruleCase{
		{name: "five failures of one user within 15 minutes", log: func(l *logBuilder) {
			for i := range 5 {
				wrongPassword(l, time.Duration(i)*2*minute, uAlice, "alice", "198.51.100.7")
			}
		}, want: []want{{subject: uAlice, severity: domain.SeverityMedium, evidence: 5, message: "5 failed sign-ins for alice within 15 minutes"}}},
		{name: "four failures", log: func(l *logBuilder) {
			for i := range 4 {
				wrongPassword(l, time.Duration(i)*minute, uAlice, "alice", "198.51.100.7")
			}
		}},
		{name: "five failures over 20 minutes", log: func(l *logBuilder) {
			for i := range 5 {
				wrongPassword(l, time.Duration(i)*5*minute, uAlice, "alice", "198.51.100.7")
			}
		}},
		{name: "a burst that goes on is one alert", log: func(l *logBuilder) {
			for i := range 30 {
				wrongPassword(l, time.Duration(i)*minute, uAlice, "alice", "198.51.100.7")
			}
		}, want: []want{{subject: uAlice, severity: domain.SeverityMedium}}},
		{name: "two bursts an hour apart are two alerts", log: func(l *logBuilder) {
			for i := range 5 {
				wrongPassword(l, time.Duration(i)*minute, uAlice, "alice", "198.51.100.7")
				wrongPassword(l, time.Hour+time.Duration(i)*minute, uAlice, "alice", "198.51.100.7")
			}
		}, want: []want{{subject: uAlice, severity: domain.SeverityMedium}, {subject: uAlice, severity: domain.SeverityMedium}}},
		{name: "failures of two users are counted apart", log: func(l *logBuilder) {
			for i := range 3 {
				wrongPassword(l, time.Duration(i)*minute, uAlice, "alice", "198.51.100.7")
				wrongPassword(l, time.Duration(i)*minute, uBob, "bob", "198.51.100.7")
			}
		}},
		{name: "old failures count towards a new edge", newFrom: 3 * minute, log: func(l *logBuilder) {
			for i := range 5 {
				wrongPassword(l, time.Duration(i)*minute, uAlice, "alice", "198.51.100.7")
			}
		}, want: []want{{subject: uAlice, severity: domain.SeverityMedium, evidence: 5}}},
		{name: "an edge before the checkpoint is not raised again", newFrom: 5 * minute, log: func(l *logBuilder) {
			for i := range 7 {
				wrongPassword(l, time.Duration(i)*minute, uAlice, "alice", "198.51.100.7")
			}
		}},
		{name: "closed and throttled attempts count, malformed requests and successes do not", log: func(l *logBuilder) {
			wrongPassword(l, 0, uAlice, "alice", "198.51.100.7")
			l.add(1*minute, uAlice, "alice", "auth.login", denied, "198.51.100.7", reason("sign-in closed after failed attempts"))
			l.add(2*minute, uAlice, "alice", "auth.login", failed, "198.51.100.7", reason("throttled address"))
			l.add(3*minute, uAlice, "alice", "auth.login", failed, "198.51.100.7") // a body that did not decode
			l.add(4*minute, uAlice, "alice", "auth.login", ok, "198.51.100.7")
			l.add(5*minute, uAlice, "alice", "auth.password", denied, "198.51.100.7")
			wrongPassword(l, 6*minute, uAlice, "alice", "198.51.100.7")
		}},
		{name: "per user off", cfg: `{"perUser":{"count":0}}`, log: func(l *logBuilder) {
			for i := range 6 {
				wrongPassword(l, time.Duration(i)*minute, uAlice, "alice", "198.51.100.7")
			}
		}},
		{name: "twenty failures from one address, many names", log: func(l *logBuilder) {
			for i := range 10 {
				wrongPassword(l, time.Duration(i)*30*time.Second, uAlice, "alice", "198.51.100.66")
				wrongPassword(l, time.Duration(i)*30*time.Second+time.Second, uBob, "bob", "198.51.100.66")
			}
		}, want: []want{
			{subject: uAlice, severity: domain.SeverityMedium}, {subject: uBob, severity: domain.SeverityMedium},
			{subject: "198.51.100.66", severity: domain.SeverityHigh, evidence: 20, message: "names tried: alice ×10, bob ×10"}}},
		{name: "unknown names count towards the address with one own", log: func(l *logBuilder) {
			for i := range 19 {
				l.unknownFail(time.Duration(i)*20*time.Second, "user"+string(rune('a'+i)), "198.51.100.66")
			}
			wrongPassword(l, 7*minute, uAlice, "alice", "198.51.100.66")
		}, want: []want{{subject: "198.51.100.66", severity: domain.SeverityHigh, evidence: 20, message: "19 of them for names no workspace knows"}}},
		{name: "unknown names alone raise nothing in a workspace", log: func(l *logBuilder) {
			for i := range 30 {
				l.unknownFail(time.Duration(i)*20*time.Second, "user"+string(rune('a'+i)), "198.51.100.66")
			}
		}},
		{name: "the address threshold is configurable", cfg: `{"perAddress":{"count":3,"minutes":5}}`, log: func(l *logBuilder) {
			wrongPassword(l, 0, uAlice, "alice", "198.51.100.66")
			l.unknownFail(minute, "carol", "198.51.100.66")
			wrongPassword(l, 2*minute, uBob, "bob", "198.51.100.66")
		}, want: []want{{subject: "198.51.100.66", severity: domain.SeverityHigh, evidence: 3}}},
		{name: "a spray of unknown names after one own failure waits for the next own one", log: func(l *logBuilder) {
			wrongPassword(l, 0, uAlice, "alice", "198.51.100.66")
			for i := range 25 {
				l.unknownFail(time.Duration(i)*20*time.Second+time.Second, "user"+string(rune('a'+i)), "198.51.100.66")
			}
		}},
		{name: "the next own failure of the spray raises it", log: func(l *logBuilder) {
			wrongPassword(l, 0, uAlice, "alice", "198.51.100.66")
			for i := range 25 {
				l.unknownFail(time.Duration(i)*20*time.Second+time.Second, "user"+string(rune('a'+i)), "198.51.100.66")
			}
			wrongPassword(l, 9*minute, uBob, "bob", "198.51.100.66")
		}, want: []want{{subject: "198.51.100.66", severity: domain.SeverityHigh, evidence: 27, message: "25 of them for names no workspace knows"}}},
		{name: "a burst slowing down is still one alert", log: func(l *logBuilder) {
			for i := range 10 { // ten in five minutes, then one every four minutes
				wrongPassword(l, time.Duration(i)*30*time.Second, uAlice, "alice", "198.51.100.7")
			}
			for i := range 10 {
				wrongPassword(l, 5*minute+time.Duration(i)*4*minute, uAlice, "alice", "198.51.100.7")
			}
		}, want: []want{{subject: uAlice, severity: domain.SeverityMedium}}},
	})
}

// The pseudo-workspace "none" is a batch of its own entries: a spray of
// unknown names raises an address alert there.
func TestFailedSignInsOfUnknownNamesAlone(t *testing.T) {
	l := newLog(t0)
	for i := range 25 {
		l.unknownFail(time.Duration(i)*20*time.Second, "user"+string(rune('a'+i)), "198.51.100.66")
	}
	b := &Batch{Workspace: NoWorkspace, Entries: sorted(l.unknown), After: domain.IDPrefixAt(t0)}
	res := Evaluate(DefaultSettings(), b)
	if len(res.Findings) != 1 || res.Findings[0].Subject != "198.51.100.66" || res.Findings[0].Rule != RuleFailedSignIns {
		t.Fatalf("%+v", res.Findings)
	}
}

func TestNewAddress(t *testing.T) {
	day := 24 * time.Hour
	known := func(addrs ...string) map[string]map[string]time.Time {
		set := map[string]time.Time{}
		for _, a := range addrs {
			set[a] = t0.Add(-day)
		}
		return map[string]map[string]time.Time{uAlice: set}
	}
	signIn := func(at time.Duration, ip string) func(l *logBuilder) {
		return func(l *logBuilder) { l.add(at, uAlice, "alice", "auth.login", ok, ip) }
	}
	runRuleTable(t, RuleNewAddress, []ruleCase{
		{name: "first sign-in ever", log: signIn(0, "198.51.100.7")},
		{name: "a known address", seen: known("198.51.100.7"), log: signIn(0, "198.51.100.7")},
		{name: "a new address", seen: known("198.51.100.7", "203.0.113.10"), log: signIn(0, "192.0.2.44"),
			want: []want{{subject: uAlice, severity: domain.SeverityLow, evidence: 1, message: "alice signed in from 192.0.2.44"}}},
		{name: "the same new address twice is one alert", seen: known("198.51.100.7"), log: func(l *logBuilder) {
			signIn(0, "192.0.2.44")(l)
			signIn(time.Hour, "192.0.2.44")(l)
		}, want: []want{{subject: uAlice, severity: domain.SeverityLow}}},
		{name: "first sign-in then another address the same day", log: func(l *logBuilder) {
			signIn(0, "198.51.100.7")(l)
			signIn(time.Hour, "192.0.2.44")(l)
		}, want: []want{{subject: uAlice, severity: domain.SeverityLow}}},
		{name: "another host in a known IPv6 /64", seen: known("2001:db8:1:2::/64"), log: signIn(0, "2001:db8:1:2:aaaa::9")},
		{name: "another IPv6 /64", seen: known("2001:db8:1:2::/64"), log: signIn(0, "2001:db8:1:3::9"),
			want: []want{{subject: uAlice, severity: domain.SeverityLow}}},
		{name: "a known /24 when IPv4 is compared by /24", cfg: `{"ipv4Prefix":24}`, seen: known("198.51.100.0/24"), log: signIn(0, "198.51.100.99")},
		{name: "an IPv4-mapped IPv6 address is its IPv4 address", seen: known("198.51.100.7"), log: signIn(0, "::ffff:198.51.100.7")},
		{name: "failed sign-ins and other actions do not count", seen: known("198.51.100.7"), log: func(l *logBuilder) {
			wrongPassword(l, 0, uAlice, "alice", "192.0.2.44")
			l.add(minute, uAlice, "alice", "tasks.create", ok, "192.0.2.44")
		}},
		{name: "sign-ins before the checkpoint are not looked at", newFrom: time.Hour, seen: known("198.51.100.7"), log: signIn(0, "192.0.2.44")},
		{name: "every remembered address forgotten: like a first sign-in", cfg: `{"rememberDays":1}`,
			seen: map[string]map[string]time.Time{uAlice: {"198.51.100.7": t0.Add(-3 * day)}}, log: signIn(0, "192.0.2.44")},
		{name: "an address forgotten while another is remembered", cfg: `{"rememberDays":2}`,
			seen: map[string]map[string]time.Time{uAlice: {"198.51.100.7": t0.Add(-3 * day), "203.0.113.10": t0.Add(-day)}},
			log:  signIn(0, "198.51.100.7"), want: []want{{subject: uAlice, severity: domain.SeverityLow, message: "known: 203.0.113.10"}}},
	})
}

// What the rule learns: new addresses, refreshed ones, forgotten ones;
// and nothing for a sign-in from an address seen within a day.
func TestNewAddressLearns(t *testing.T) {
	l := newLog(t0)
	l.add(0, uAlice, "alice", "auth.login", ok, "192.0.2.44")
	l.add(minute, uBob, "bob", "auth.login", ok, "198.51.100.8")
	l.add(2*minute, uAdmin, "admin", "auth.login", ok, "203.0.113.10")
	b := l.batch(0)
	b.Seen = map[string]map[string]time.Time{
		uAlice: {"198.51.100.7": t0.Add(-time.Hour)},
		uBob:   {"198.51.100.8": t0.Add(-48 * time.Hour), "198.51.100.9": t0.Add(-100 * 24 * time.Hour)},
		uAdmin: {"203.0.113.10": t0.Add(-time.Hour)},
	}
	res := Evaluate(Settings{RuleNewAddress: {Enabled: true, Config: DefaultNewAddress()}}, b)
	if len(res.Findings) != 1 || res.Findings[0].Subject != uAlice {
		t.Fatalf("findings %+v", res.Findings)
	}
	if len(res.Seen) != 2 || len(res.Seen[uAlice]) != 2 || !res.Seen[uAlice]["192.0.2.44"].Equal(t0) {
		t.Fatalf("alice learnt %+v", res.Seen)
	}
	if got := res.Seen[uBob]; len(got) != 1 || !got["198.51.100.8"].Equal(t0.Add(minute)) {
		t.Fatalf("bob refreshed and forgot %+v", got)
	}
	if _, ok := res.Seen[uAdmin]; ok {
		t.Fatal("a sign-in from an address seen an hour ago is written back")
	}
	if len(b.Seen[uAlice]) != 1 {
		t.Fatal("the batch's seen addresses were changed in place")
	}
}

func TestRoleElevation(t *testing.T) {
	userView := func(role string) map[string]any {
		return map[string]any{"id": uBob, "username": "bob", "email": "bob@example.com", "role": role, "status": "active"}
	}
	raise := func(action, from, to string) func(l *logBuilder) {
		return func(l *logBuilder) {
			l.add(0, uAdmin, "admin", action, ok, "203.0.113.10", resource(uBob), before(userView(from)), after(userView(to)))
		}
	}
	roleChange := func(from, to []any) func(l *logBuilder) {
		return func(l *logBuilder) {
			l.add(0, uAdmin, "admin", "roles.update", ok, "203.0.113.10", resource("user"),
				before(map[string]any{"role": "user", "permissions": from}), after(map[string]any{"role": "user", "permissions": to}))
		}
	}
	base := []any{"auth:self", "tasks:read", "tasks:create"}
	runRuleTable(t, RuleRoleElevation, []ruleCase{
		{name: "user to admin", log: raise("users.elevate", "user", "admin"),
			want: []want{{subject: uBob, severity: domain.SeverityHigh, evidence: 1, message: "admin raised bob from user to admin"}}},
		{name: "user to power user", log: raise("users.elevate", "user", "power_user"),
			want: []want{{subject: uBob, severity: domain.SeverityMedium}}},
		{name: "a raise recorded as users.update", log: raise("users.update", "power_user", "admin"),
			want: []want{{subject: uBob, severity: domain.SeverityHigh}}},
		{name: "a demotion", log: raise("users.update", "admin", "user")},
		{name: "the same role (an e-mail change)", log: raise("users.update", "user", "user")},
		{name: "a raise that failed", log: func(l *logBuilder) {
			l.add(0, uAdmin, "admin", "users.update", failed, "203.0.113.10", resource(uBob))
		}},
		{name: "a raise before the checkpoint", newFrom: minute, log: raise("users.elevate", "user", "admin")},
		{name: "user roles not watched", cfg: `{"userRoles":false}`, log: raise("users.elevate", "user", "admin")},
		{name: "a permission added to a role", log: roleChange(base, append(slices.Clone(base), "reports:download")),
			want: []want{{subject: "user", severity: domain.SeverityMedium, message: "gave the role user: reports:download"}}},
		{name: "a sensitive permission added", log: roleChange(base, append(slices.Clone(base), "users:update", "reports:download")),
			want: []want{{subject: "user", severity: domain.SeverityHigh, message: "reports:download, users:update"}}},
		{name: "a permission removed", log: roleChange(base, base[:2])},
		{name: "role permissions not watched", cfg: `{"rolePermissions":false}`, log: roleChange(base, append(slices.Clone(base), "users:update"))},
	})
}

func TestOffHoursAdmin(t *testing.T) {
	at := func(day, hour, minute int) time.Duration { // from Tuesday 09:00; day 0 is Tuesday
		return time.Duration(day)*24*time.Hour + time.Duration(hour-9)*time.Hour + time.Duration(minute)*time.Minute
	}
	change := func(d time.Duration, actor, name, action string) func(l *logBuilder) {
		return func(l *logBuilder) { l.add(d, actor, name, action, ok, "203.0.113.10") }
	}
	admins := []string{uAdmin}
	runRuleTable(t, RuleOffHoursAdmin, []ruleCase{
		{name: "an admin change at 23:00", admins: admins, log: change(at(0, 23, 0), uAdmin, "admin", "users.update"),
			want: []want{{subject: uAdmin, severity: domain.SeverityMedium, evidence: 1, message: "admin (admin) made 1 change outside working hours"}}},
		{name: "an admin change at 10:00 on a Tuesday", admins: admins, log: change(at(0, 10, 0), uAdmin, "admin", "users.update")},
		{name: "an admin change at 18:59 and at 19:00", admins: admins, log: func(l *logBuilder) {
			change(at(0, 18, 59), uAdmin, "admin", "users.update")(l)
			change(at(0, 19, 0), uAdmin, "admin", "users.update")(l)
		}, want: []want{{subject: uAdmin, severity: domain.SeverityMedium, evidence: 1}}},
		{name: "an admin change on a Saturday morning", admins: admins, log: change(at(4, 10, 0), uAdmin, "admin", "credentials.create"),
			want: []want{{subject: uAdmin, severity: domain.SeverityMedium, message: "Sat"}}},
		{name: "a stretch of work is one alert", admins: admins, log: func(l *logBuilder) {
			change(at(0, 22, 0), uAdmin, "admin", "users.update")(l)
			change(at(0, 22, 40), uAdmin, "admin", "credentials.delete")(l)
			change(at(0, 23, 30), uAdmin, "admin", "credentials.delete")(l)
		}, want: []want{{subject: uAdmin, severity: domain.SeverityMedium, evidence: 3, message: "3 changes"}}},
		{name: "two stretches two hours apart", admins: admins, log: func(l *logBuilder) {
			change(at(0, 20, 0), uAdmin, "admin", "users.update")(l)
			change(at(0, 22, 0), uAdmin, "admin", "users.update")(l)
		}, want: []want{{subject: uAdmin, severity: domain.SeverityMedium}, {subject: uAdmin, severity: domain.SeverityMedium}}},
		{name: "a stretch begun before the checkpoint", admins: admins, newFrom: at(0, 22, 30), log: func(l *logBuilder) {
			change(at(0, 22, 0), uAdmin, "admin", "users.update")(l)
			change(at(0, 22, 40), uAdmin, "admin", "users.update")(l)
		}},
		{name: "an admin signing in at night", admins: admins, log: func(l *logBuilder) {
			l.add(at(0, 23, 0), uAdmin, "admin", "auth.login", ok, "198.51.100.10")
			l.add(at(0, 23, 30), uAdmin, "admin", "auth.logout", ok, "198.51.100.10")
		}},
		{name: "a refused admin change at night", admins: admins, log: func(l *logBuilder) {
			l.add(at(0, 23, 0), uAdmin, "admin", "users.update", failed, "198.51.100.10")
		}},
		{name: "a user's change at night", admins: admins, log: change(at(0, 23, 0), uAlice, "alice", "tasks.create")},
		{name: "a listed action by anyone at night", admins: admins, cfg: `{"actions":["credentials.*"]}`,
			log:  change(at(0, 23, 0), uAlice, "alice", "credentials.delete"),
			want: []want{{subject: uAlice, severity: domain.SeverityMedium, message: "alice made 1 change"}}},
		{name: "the system at night", admins: admins, log: change(at(0, 3, 0), "system", "report retention", "reports.expire")},
		{name: "working hours in Tokyo", admins: admins, cfg: `{"zone":"Asia/Tokyo"}`, log: change(at(1, 1, 0), uAdmin, "admin", "users.update")},
		{name: "after hours in Tokyo", admins: admins, cfg: `{"zone":"Asia/Tokyo"}`, log: change(at(0, 12, 0), uAdmin, "admin", "users.update"),
			want: []want{{subject: uAdmin, severity: domain.SeverityMedium, message: "JST"}}},
		{name: "a night shift spans midnight", admins: admins, cfg: `{"startHour":22,"endHour":6,"weekdays":["mon","tue","wed","thu","fri","sat","sun"]}`,
			log: func(l *logBuilder) {
				change(at(0, 23, 0), uAdmin, "admin", "users.update")(l)
				change(at(1, 3, 0), uAdmin, "admin", "users.update")(l)
				change(at(1, 12, 0), uAdmin, "admin", "users.update")(l)
			}, want: []want{{subject: uAdmin, severity: domain.SeverityMedium, evidence: 1}}},
	})
}

func TestMassExportDelete(t *testing.T) {
	n := func(count int, every time.Duration, action string, res domain.AuditResult) func(l *logBuilder) {
		return func(l *logBuilder) {
			for i := range count {
				l.add(time.Duration(i)*every, uAlice, "alice", action, res, "203.0.113.10", resource(domain.NewID()))
			}
		}
	}
	runRuleTable(t, RuleMassExportDelete, []ruleCase{
		{name: "ten deletes within ten minutes", log: n(10, 30*time.Second, "tasks.delete", ok),
			want: []want{{subject: uAlice, severity: domain.SeverityHigh, evidence: 10, message: "alice exported or deleted 10 times within 10 minutes: tasks.delete ×10"}}},
		{name: "nine deletes", log: n(9, 30*time.Second, "tasks.delete", ok)},
		{name: "ten deletes over twenty minutes", log: n(10, 2*minute+10*time.Second, "tasks.delete", ok)},
		{name: "exports and deletes of several kinds", log: func(l *logBuilder) {
			n(4, 20*time.Second, "tasks.export", ok)(l)
			n(3, 25*time.Second, "reports.delete", ok)(l)
			n(3, 30*time.Second, "credentials.delete", ok)(l)
		}, want: []want{{subject: uAlice, severity: domain.SeverityHigh, message: "tasks.export ×4"}}},
		{name: "deletes that failed", log: n(12, 10*time.Second, "tasks.delete", failed)},
		{name: "other actions", log: n(20, 10*time.Second, "tasks.create", ok)},
		{name: "a configured action", cfg: `{"count":3,"minutes":5,"actions":["reports.download"]}`, log: n(3, minute, "reports.download", ok),
			want: []want{{subject: uAlice, severity: domain.SeverityHigh, evidence: 3}}},
	})
}

func TestRepeatedDenials(t *testing.T) {
	n := func(count int, actor, action string) func(l *logBuilder) {
		return func(l *logBuilder) {
			for i := range count {
				l.add(time.Duration(i)*30*time.Second, actor, "alice", action, denied, "203.0.113.10", resource("POST /api/users/update"))
			}
		}
	}
	runRuleTable(t, RuleRepeatedDenials, []ruleCase{
		{name: "ten refusals within ten minutes", log: n(10, uAlice, "access.denied"),
			want: []want{{subject: uAlice, severity: domain.SeverityMedium, evidence: 10, message: "POST /api/users/update ×10"}}},
		{name: "nine refusals", log: n(9, uAlice, "access.denied")},
		{name: "refusals inside handlers count", log: n(10, uAlice, "users.update"),
			want: []want{{subject: uAlice, severity: domain.SeverityMedium, message: "users.update ×10"}}},
		{name: "sign-in refusals are failed sign-ins", log: n(12, uAlice, "auth.login")},
		{name: "anonymous refusals (expired tokens)", log: n(12, "anonymous", "access.denied")},
		{name: "a lower threshold", cfg: `{"count":3,"minutes":2}`, log: n(3, uAlice, "access.denied"),
			want: []want{{subject: uAlice, severity: domain.SeverityMedium, evidence: 3}}},
	})
}

func TestParseConfigRejects(t *testing.T) {
	for _, tc := range []struct{ name, rule, cfg, field string }{
		{"unknown rule", "brute_force", `{}`, "rule"},
		{"count of one", RuleFailedSignIns, `{"perUser":{"count":1,"minutes":15}}`, "config.perUser.count"},
		{"no minutes", RuleFailedSignIns, `{"perAddress":{"count":20,"minutes":0}}`, "config.perAddress.minutes"},
		{"a day and more", RuleFailedSignIns, `{"perAddress":{"count":20,"minutes":1441}}`, "config.perAddress.minutes"},
		{"both off", RuleFailedSignIns, `{"perUser":{"count":0},"perAddress":{"count":0}}`, "config.perUser.count"},
		{"a string for an object", RuleFailedSignIns, `{"perUser":"five"}`, "config.perUser"},
		{"a string for a number", RuleFailedSignIns, `{"perUser":{"count":"five"}}`, "config.perUser.count"},
		{"unknown field", RuleFailedSignIns, `{"colour":"red"}`, "config.colour"},
		{"not an object", RuleFailedSignIns, `[1]`, "config"},
		{"no memory", RuleNewAddress, `{"rememberDays":0}`, "config.rememberDays"},
		{"IPv4 prefix too long", RuleNewAddress, `{"ipv4Prefix":40}`, "config.ipv4Prefix"},
		{"IPv6 prefix too short", RuleNewAddress, `{"ipv6Prefix":8}`, "config.ipv6Prefix"},
		{"nothing watched", RuleRoleElevation, `{"userRoles":false,"rolePermissions":false}`, "config.userRoles"},
		{"unknown zone", RuleOffHoursAdmin, `{"zone":"Mars/Olympus_Mons"}`, "config.zone"},
		{"no zone", RuleOffHoursAdmin, `{"zone":""}`, "config.zone"},
		{"start hour 24", RuleOffHoursAdmin, `{"startHour":24}`, "config.startHour"},
		{"end hour 0", RuleOffHoursAdmin, `{"endHour":0}`, "config.endHour"},
		{"start equals end", RuleOffHoursAdmin, `{"startHour":9,"endHour":9}`, "config.endHour"},
		{"no working day", RuleOffHoursAdmin, `{"weekdays":[]}`, "config.weekdays"},
		{"unknown day", RuleOffHoursAdmin, `{"weekdays":["mon","funday"]}`, "config.weekdays[1]"},
		{"a day twice", RuleOffHoursAdmin, `{"weekdays":["mon","tue","mon"]}`, "config.weekdays[2]"},
		{"not an action", RuleOffHoursAdmin, `{"actions":["DROP TABLE"]}`, "config.actions[0]"},
		{"count of one", RuleMassExportDelete, `{"count":1}`, "config.count"},
		{"no actions", RuleMassExportDelete, `{"actions":[]}`, "config.actions"},
		{"a bad pattern", RuleMassExportDelete, `{"actions":["*.delete","tasks.[x"]}`, "config.actions[1]"},
		{"too long a window", RuleRepeatedDenials, `{"minutes":2000}`, "config.minutes"},
		{"count off", RuleRepeatedDenials, `{"count":0}`, "config.count"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig(tc.rule, []byte(tc.cfg))
			var de *domain.Error
			if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Field != tc.field {
				t.Fatalf("error %v, want a 400 naming %s", err, tc.field)
			}
		})
	}
}

// A configuration names only what it changes; the rest keeps its
// defaults; every default validates.
func TestParseConfigKeepsDefaults(t *testing.T) {
	cfg, err := ParseConfig(RuleFailedSignIns, []byte(`{"perUser":{"count":3,"minutes":5}}`))
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.(*FailedSignIns)
	if c.PerUser != (Threshold{3, 5}) || c.PerAddress != (Threshold{20, 15}) {
		t.Fatalf("%+v", c)
	}
	for _, r := range Rules() {
		if err := r.Default().Validate(); err != nil {
			t.Fatalf("default of %s: %v", r.ID, err)
		}
		if r.Description == "" || r.Title == "" {
			t.Fatalf("rule %s is not described", r.ID)
		}
	}
	s, err := LoadSettings([]domain.AlertRuleSetting{
		{Rule: RuleRepeatedDenials, Enabled: false, Config: []byte(`{"count":4}`), Stamp: domain.Stamp{Version: 3}},
		{Rule: RuleMassExportDelete, Enabled: true, Config: []byte(`{"count":"x"}`)},
		{Rule: "retired_rule", Enabled: true},
	})
	if err == nil || !strings.Contains(err.Error(), RuleMassExportDelete) {
		t.Fatalf("a stored config that does not parse is reported: %v", err)
	}
	if d := s[RuleRepeatedDenials]; d.Enabled || d.Version != 3 || d.Config.(*RepeatedDenials).Count != 4 || d.Config.(*RepeatedDenials).Minutes != 10 {
		t.Fatalf("denials %+v", d)
	}
	if m := s[RuleMassExportDelete]; !m.Enabled || m.Config.(*MassExportDelete).Count != 10 {
		t.Fatalf("mass keeps its defaults %+v", m)
	}
	if s.Lookback() != time.Hour {
		t.Fatalf("look-back %v", s.Lookback())
	}
}
