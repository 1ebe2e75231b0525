package monitor

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// countingStore counts the monitor's calls to the table. Each method is
// one DynamoDB request (a Query, a BatchGetItem of up to 100 keys, a
// TransactWriteItems, an UpdateItem or a PutItem), as long as a page of
// audit entries stays under DynamoDB's 1 MB (1,000 entries of about
// 500 bytes do); CreateAlert adds two reads when the alert exists.
type countingStore struct {
	Store
	reads, writes atomic.Int64
	entriesRead   atomic.Int64 // audit entries the queries answered
}

func (c *countingStore) ListWorkspaces(ctx context.Context) ([]domain.Workspace, error) {
	c.reads.Add(1)
	return c.Store.ListWorkspaces(ctx)
}

func (c *countingStore) GetMonitorState(ctx context.Context, ws string) (*store.MonitorState, error) {
	c.reads.Add(1)
	return c.Store.GetMonitorState(ctx, ws)
}

func (c *countingStore) AuditRange(ctx context.Context, ws, after, before string, limit int) ([]domain.AuditEntry, error) {
	c.reads.Add(1)
	es, err := c.Store.AuditRange(ctx, ws, after, before, limit)
	c.entriesRead.Add(int64(len(es)))
	return es, err
}

func (c *countingStore) UsersWithRole(ctx context.Context, ws string, role domain.Role) ([]domain.User, error) {
	c.reads.Add(1)
	return c.Store.UsersWithRole(ctx, ws, role)
}

func (c *countingStore) SeenAddressesOf(ctx context.Context, ws string, users []string) (map[string]*store.SeenAddresses, error) {
	c.reads.Add(int64(max(1, (len(users)+99)/100)))
	return c.Store.SeenAddressesOf(ctx, ws, users)
}

func (c *countingStore) PutSeenAddresses(ctx context.Context, sa *store.SeenAddresses, expires time.Time) error {
	c.writes.Add(1)
	return c.Store.PutSeenAddresses(ctx, sa, expires)
}

func (c *countingStore) CreateAlert(ctx context.Context, a *domain.Alert) (bool, error) {
	c.writes.Add(1)
	return c.Store.CreateAlert(ctx, a)
}

func (c *countingStore) MarkAlertNotified(ctx context.Context, ws, id string, at time.Time) error {
	c.writes.Add(1)
	return c.Store.MarkAlertNotified(ctx, ws, id, at)
}

func (c *countingStore) SetMonitorCheckpoint(ctx context.Context, ws, lastID string) error {
	c.writes.Add(1)
	return c.Store.SetMonitorCheckpoint(ctx, ws, lastID)
}

type countingPublisher struct{ n atomic.Int64 }

func (p *countingPublisher) Publish(context.Context, event.Event) error {
	p.n.Add(1)
	return nil
}

// busyTeam is a workspace of 100 people working around the clock (its
// off_hours_admin rule knows it: every hour of every day is working
// time), each signing in from two usual addresses.
type busyTeam struct {
	ws     string
	people []person
}

func newBusyTeam() *busyTeam {
	t := &busyTeam{ws: "ws1"}
	for i := range 100 {
		role := domain.RoleUser
		switch {
		case i < 5:
			role = domain.RoleAdmin
		case i < 25:
			role = domain.RolePowerUser
		}
		name := fmt.Sprintf("user%03d", i)
		t.people = append(t.people, person{name: name, id: domain.IDFor(time.Unix(1000, 0), name), role: role,
			addrs: []string{"203.0.113.10", fmt.Sprintf("198.51.%d.%d", 100+i/250, 1+i%250)}})
	}
	return t
}

// hours writes n hours of ordinary traffic from start: 1,000 entries an
// hour, of which 5 are failures of unknown names (in "none").
func (t *busyTeam) hours(start time.Time, n int) *logBuilder {
	l := newLog(start)
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	type kind struct {
		weight int
		write  func(at time.Duration, p person)
	}
	kinds := []kind{
		{80, func(at time.Duration, p person) {
			l.add(at, p.id, p.name, "auth.login", ok, p.addrs[rng.IntN(2)], resource(p.id))
		}},
		{10, func(at time.Duration, p person) { wrongPassword(l, at, p.id, p.name, p.addrs[rng.IntN(2)]) }},
		{450, func(at time.Duration, p person) {
			l.add(at, p.id, p.name, "tasks.create", ok, p.addrs[0], resource(domain.NewID()))
		}},
		{50, func(at time.Duration, p person) {
			l.add(at, p.id, p.name, "tasks.export", ok, p.addrs[0], resource(domain.NewID()))
		}},
		{50, func(at time.Duration, p person) {
			l.add(at, p.id, p.name, "tasks.delete", ok, p.addrs[0], resource(domain.NewID()))
		}},
		{30, func(at time.Duration, p person) {
			l.add(at, p.id, p.name, "reports.delete", ok, p.addrs[0], resource(domain.NewID()))
		}},
		{50, func(at time.Duration, p person) {
			l.add(at, p.id, p.name, "credentials.validate", ok, p.addrs[0], resource(domain.NewID()))
		}},
		{40, func(at time.Duration, p person) {
			l.add(at, p.id, p.name, "schedules.update", ok, p.addrs[0], resource(domain.NewID()))
		}},
		{20, func(at time.Duration, p person) {
			l.add(at, p.id, p.name, "access.denied", denied, p.addrs[0], resource("GET /api/audit"))
		}},
		{50, func(at time.Duration, p person) {
			l.add(at, p.id, p.name, "auth.logout", ok, p.addrs[0], resource(p.id))
		}},
		{5, func(at time.Duration, p person) {
			l.add(at, p.id, p.name, "users.update", ok, p.addrs[0], resource(domain.NewID()),
				before(map[string]any{"role": "user", "email": "a@example.com"}), after(map[string]any{"role": "user", "email": "b@example.com"}))
		}},
		{160, func(at time.Duration, p person) {
			l.add(at, p.id, p.name, "tasks.cancel", ok, p.addrs[0], resource(domain.NewID()))
		}},
	}
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	for h := range n {
		for range 995 {
			at := time.Duration(h)*time.Hour + time.Duration(rng.Int64N(int64(time.Hour)))
			p := t.people[rng.IntN(len(t.people))]
			r := rng.IntN(total)
			for _, k := range kinds {
				if r < k.weight {
					k.write(at, p)
					break
				}
				r -= k.weight
			}
		}
		for range 5 {
			l.unknownFail(time.Duration(h)*time.Hour+time.Duration(rng.Int64N(int64(time.Hour))), "nobody", "192.0.2.7")
		}
	}
	return l
}

// aroundTheClock is the busy team's off-hours setting.
var aroundTheClock = domain.AlertRuleSetting{Rule: RuleOffHoursAdmin, Enabled: true,
	Config: []byte(`{"zone":"UTC","startHour":0,"endHour":24,"weekdays":["mon","tue","wed","thu","fri","sat","sun"]}`)}

// benchStore is the busy team's table, memory or DynamoDB Local, with n
// hours of traffic from start in it.
func benchStore(b *testing.B, backend string, team *busyTeam, start time.Time, n int) (Store, int) {
	b.Helper()
	ctx := context.Background()
	l := team.hours(start, n)
	var users []domain.User
	for _, p := range team.people {
		users = append(users, domain.User{ID: p.id, WorkspaceID: team.ws, Username: p.name, Email: p.name + "@example.com",
			Role: p.role, Status: domain.UserActive, Subject: "sub-" + p.name})
	}
	history := func(p person) map[string]time.Time {
		return map[string]time.Time{p.addrs[0]: start.Add(-time.Hour), p.addrs[1]: start.Add(-time.Hour)}
	}
	entries := append(append([]domain.AuditEntry(nil), l.entries...), l.unknown...)
	if backend == "memory" {
		st := newMemStore(team.ws)
		st.putAudit(entries...)
		st.users[team.ws] = users
		for _, p := range team.people {
			st.seen[team.ws+"/"+p.id] = &store.SeenAddresses{WorkspaceID: team.ws, UserID: p.id, Addresses: history(p), Version: 1}
		}
		st.rules[team.ws] = []domain.AlertRuleSetting{aroundTheClock}
		st.checkpoints[team.ws], st.checkpoints[NoWorkspace] = domain.IDPrefixAt(start), domain.IDPrefixAt(start)
		return st, len(entries)
	}
	st := store.New(standin.AWSConfig(endpoint), "t"+strings.ToLower(domain.NewID()))
	if err := st.EnsureTable(ctx); err != nil {
		b.Fatal(err)
	}
	if err := st.CreateWorkspace(ctx, &domain.Workspace{ID: team.ws, Name: "Busy"}); err != nil {
		b.Fatal(err)
	}
	for _, u := range users {
		if err := st.CreateUser(ctx, &u); err != nil {
			b.Fatal(err)
		}
	}
	for _, p := range team.people {
		if err := st.PutSeenAddresses(ctx, &store.SeenAddresses{WorkspaceID: team.ws, UserID: p.id, Addresses: history(p)}, start.Add(90*24*time.Hour)); err != nil {
			b.Fatal(err)
		}
	}
	rs := aroundTheClock
	rs.WorkspaceID = team.ws
	if err := st.PutAlertRule(ctx, &rs); err != nil {
		b.Fatal(err)
	}
	for _, ws := range []string{team.ws, NoWorkspace} {
		if err := st.SetMonitorCheckpoint(ctx, ws, domain.IDPrefixAt(start)); err != nil {
			b.Fatal(err)
		}
	}
	// The log, written by 32 writers.
	work := make(chan *domain.AuditEntry)
	var wg sync.WaitGroup
	var failed atomic.Value
	for range 32 {
		wg.Go(func() {
			for e := range work {
				if err := st.PutAudit(ctx, e); err != nil {
					failed.Store(err)
				}
			}
		})
	}
	for i := range entries {
		work <- &entries[i]
	}
	close(work)
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	return st, len(entries)
}

// BenchmarkTickPer1000Entries measures what the monitor costs per 1,000
// audit entries of ordinary traffic (a 100-person workspace, 1,000
// entries an hour): one op is 1,000 entries processed, by one tick an
// hour or by sixty ticks a minute apart, on the in-memory store (the
// monitor's own time and allocations) and on DynamoDB Local (with the
// round trips). The custom metrics count the table calls (reads, writes),
// the audit entries the queries answered (the look-back is read again
// unless a warm monitor kept it), and the alerts and publishes, per
// 1,000 entries.
func BenchmarkTickPer1000Entries(b *testing.B) {
	for _, backend := range []string{"memory", "dynamodb-local"} {
		for _, cadence := range []time.Duration{time.Hour, time.Minute} {
			b.Run(fmt.Sprintf("store=%s/tick=%s", backend, cadence), func(b *testing.B) {
				start := time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
				team := newBusyTeam()
				st, total := benchStore(b, backend, team, start, b.N)
				cs := &countingStore{Store: st}
				pub := &countingPublisher{}
				m := New(cs, pub, Options{Logger: discard()})
				ctx := context.Background()
				var processed, alerts int
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					hour := start.Add(time.Duration(i) * time.Hour)
					for now := hour.Add(cadence); !now.After(hour.Add(time.Hour)); now = now.Add(cadence) {
						s, err := m.Tick(ctx, now.Add(5*time.Second)) // the lag: the tick ends at now
						if err != nil {
							b.Fatal(err)
						}
						processed += s.Entries
						alerts += s.Alerts
					}
				}
				b.StopTimer()
				if processed != total || total != 1000*b.N {
					b.Fatalf("processed %d of %d entries", processed, total)
				}
				per := float64(processed) / 1000
				b.ReportMetric(float64(cs.reads.Load())/per, "reads/1k")
				b.ReportMetric(float64(cs.writes.Load())/per, "writes/1k")
				b.ReportMetric(float64(cs.entriesRead.Load())/per, "entries-read/1k")
				b.ReportMetric(float64(alerts)/per, "alerts/1k")
				b.ReportMetric(float64(pub.n.Load())/per, "publishes/1k")
			})
		}
	}
}
