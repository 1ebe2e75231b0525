package monitor

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// realDay is a day (with every scenario in it) written to a fresh table
// on DynamoDB Local: the workspace, the team, its remembered addresses,
// the log, and the checkpoints at the day's start.
func realDay(t testing.TB, seed uint64, inject func(tm *team, l *logBuilder)) (*store.Store, *day) {
	t.Helper()
	ctx := context.Background()
	st := store.New(standin.AWSConfig(endpoint), "t"+strings.ToLower(domain.NewID()))
	if err := st.EnsureTable(ctx); err != nil {
		t.Fatal(err)
	}
	d := newDay(seed, inject)
	if err := st.CreateWorkspace(ctx, &domain.Workspace{ID: "ws1", Name: "Team"}); err != nil {
		t.Fatal(err)
	}
	for _, u := range d.tm.users() {
		u.Subject = "sub-" + u.Username
		if err := st.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
	}
	for u, set := range d.tm.history(d.start) {
		if err := st.PutSeenAddresses(ctx, &store.SeenAddresses{WorkspaceID: "ws1", UserID: u, Addresses: set}, d.start.Add(90*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	for _, es := range [][]domain.AuditEntry{d.log.entries, d.log.unknown} {
		for i := range es {
			if err := st.PutAudit(ctx, &es[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, ws := range []string{"ws1", NoWorkspace} {
		if err := st.SetMonitorCheckpoint(ctx, ws, domain.IDPrefixAt(d.start)); err != nil {
			t.Fatal(err)
		}
	}
	return st, d
}

func everyScenario(tm *team, l *logBuilder) {
	for _, sc := range scenarios {
		sc.inject(tm, l)
	}
}

func wantOfEveryScenario() map[string]int {
	want := map[string]int{}
	for _, sc := range scenarios {
		for r, n := range sc.want {
			want[r] += n
		}
	}
	return want
}

func allAlerts(t *testing.T, st *store.Store, ws string) []domain.Alert {
	t.Helper()
	l, err := st.ListAlerts(context.Background(), ws, store.AlertFilter{}, store.Page{Number: 1, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	return l.Items
}

// Through the real store: the day's ticks raise each scenario's alerts
// once, publish each once, and a second tick at the same time changes
// nothing.
func TestTickThroughTheStore(t *testing.T) {
	ctx := context.Background()
	st, d := realDay(t, 11, everyScenario)
	pub := &fakePublisher{}
	m := New(st, pub, Options{Logger: discard()})
	var total Stats
	end := d.start.Add(24*time.Hour + 30*time.Minute)
	for now := d.start.Add(2 * time.Hour); !now.After(end); now = now.Add(2 * time.Hour) {
		s, err := m.Tick(ctx, now)
		if err != nil {
			t.Fatalf("tick at %s: %v", now, err)
		}
		total.Entries += s.Entries
		total.Alerts += s.Alerts
		total.Published += s.Published
	}
	as := allAlerts(t, st, "ws1")
	if got := byRule(as); !equalCounts(got, wantOfEveryScenario()) {
		t.Fatalf("alerts %v, want %v", got, wantOfEveryScenario())
	}
	if total.Alerts != len(as) || total.Published != len(as) || len(pub.published()) != len(as) ||
		total.Entries != len(d.log.entries)+len(d.log.unknown) {
		t.Fatalf("stats %+v for %d alerts, %d events, %d entries", total, len(as), len(pub.published()), len(d.log.entries))
	}
	for _, a := range as {
		if a.NotifiedAt == nil || a.Version != 1 || a.CreatedAt.IsZero() || a.WorkspaceID != "ws1" {
			t.Fatalf("alert %+v", a)
		}
	}
	for _, ev := range pub.published() {
		if ev.Type != event.SecurityAlert || ev.WorkspaceID != "ws1" || ev.Alert == nil || ev.Alert.Kind == "" || ev.Alert.Message == "" {
			t.Fatalf("event %+v", ev)
		}
	}
	// Finn's new address is remembered.
	seen, err := st.SeenAddressesOf(ctx, "ws1", []string{d.tm.get("finn").id})
	if err != nil || seen[d.tm.get("finn").id] == nil {
		t.Fatalf("seen: %+v %v", seen, err)
	}
	if _, ok := seen[d.tm.get("finn").id].Addresses["192.0.2.250"]; !ok {
		t.Fatalf("finn's new address not remembered: %+v", seen[d.tm.get("finn").id].Addresses)
	}
	// The same tick twice.
	s, err := m.Tick(ctx, end)
	if err != nil || s.Alerts != 0 || s.Published != 0 || s.Entries != 0 || len(pub.published()) != len(as) {
		t.Fatalf("tick again: %+v %v", s, err)
	}
}

var errKilled = errors.New("killed")

// killingStore dies at its killAt-th write (the publisher's publishes
// count as writes): before it, or, with after, once it is done, as a
// process killed between a write and its answer. Once dead, every call
// fails.
type killingStore struct {
	Store
	pub    Publisher
	killAt int
	after  bool
	writes int
	dead   bool
}

func (k *killingStore) write(f func() error) error {
	if k.dead {
		return errKilled
	}
	k.writes++
	if k.writes == k.killAt {
		k.dead = true
		if k.after {
			_ = f()
		}
		return errKilled
	}
	return f()
}

func (k *killingStore) read() error {
	if k.dead {
		return errKilled
	}
	return nil
}

func (k *killingStore) GetMonitorState(ctx context.Context, ws string) (*store.MonitorState, error) {
	if err := k.read(); err != nil {
		return nil, err
	}
	return k.Store.GetMonitorState(ctx, ws)
}

func (k *killingStore) AuditRange(ctx context.Context, ws, after, before string, limit int) ([]domain.AuditEntry, error) {
	if err := k.read(); err != nil {
		return nil, err
	}
	return k.Store.AuditRange(ctx, ws, after, before, limit)
}

func (k *killingStore) SeenAddressesOf(ctx context.Context, ws string, users []string) (map[string]*store.SeenAddresses, error) {
	if err := k.read(); err != nil {
		return nil, err
	}
	return k.Store.SeenAddressesOf(ctx, ws, users)
}

func (k *killingStore) CreateAlert(ctx context.Context, a *domain.Alert) (created bool, err error) {
	err = k.write(func() error {
		var err error
		created, err = k.Store.CreateAlert(ctx, a)
		return err
	})
	return created, err
}

func (k *killingStore) MarkAlertNotified(ctx context.Context, ws, id string, at time.Time) error {
	return k.write(func() error { return k.Store.MarkAlertNotified(ctx, ws, id, at) })
}

func (k *killingStore) PutSeenAddresses(ctx context.Context, sa *store.SeenAddresses, expires time.Time) error {
	return k.write(func() error { return k.Store.PutSeenAddresses(ctx, sa, expires) })
}

func (k *killingStore) SetMonitorCheckpoint(ctx context.Context, ws, lastID string) error {
	return k.write(func() error { return k.Store.SetMonitorCheckpoint(ctx, ws, lastID) })
}

func (k *killingStore) Publish(ctx context.Context, ev event.Event) error {
	return k.write(func() error { return k.pub.Publish(ctx, ev) })
}

// At least once: every tick of the day is killed at its first write, run
// again and killed at its second, and so on (half the kills before the
// write, half after it), until a run goes through. The alerts come out as
// without kills, each exactly once; every one is published (some twice,
// under the same event id, which the channels deduplicate); no entry is
// lost.
func TestTickKilledHalfwayDoublesNothing(t *testing.T) {
	ctx := context.Background()
	st, d := realDay(t, 11, everyScenario)
	pub := &fakePublisher{}
	end := d.start.Add(24*time.Hour + 30*time.Minute)
	kills := 0
	for now := d.start.Add(3 * time.Hour); !now.After(end.Add(3 * time.Hour)); now = now.Add(3 * time.Hour) {
		for attempt := 1; ; attempt++ {
			k := &killingStore{Store: st, pub: pub, killAt: attempt, after: attempt%2 == 0}
			m := New(k, k, Options{Logger: discard()})
			_, err := m.Tick(ctx, now)
			if err == nil {
				break
			}
			if !errors.Is(err, errKilled) {
				t.Fatalf("tick at %s, attempt %d: %v", now, attempt, err)
			}
			kills++
			if attempt > 200 {
				t.Fatal("the tick never goes through")
			}
		}
	}
	if kills < 10 {
		t.Fatalf("only %d kills: the test kills nothing", kills)
	}
	as := allAlerts(t, st, "ws1")
	if got := byRule(as); !equalCounts(got, wantOfEveryScenario()) {
		t.Fatalf("after %d kills, alerts %v, want %v", kills, got, wantOfEveryScenario())
	}
	published := map[string]bool{}
	for _, ev := range pub.published() {
		published[ev.ID] = true
	}
	for _, a := range as {
		if a.NotifiedAt == nil || !published[EventOf(&a).ID] {
			t.Fatalf("alert %s (%s) not published", a.ID, a.Rule)
		}
	}
	if len(published) != len(as) {
		t.Fatalf("%d distinct events for %d alerts", len(published), len(as))
	}
	t.Logf("%d kills; %d alerts, %d publishes", kills, len(as), len(pub.published()))
	// The same log, ticked without kills in a table of its own, raises
	// the same alerts (same ids).
	clean, _ := realDay(t, 11, everyScenario)
	m := New(clean, &fakePublisher{}, Options{Logger: discard()})
	if _, err := m.Tick(ctx, end); err != nil {
		t.Fatal(err)
	}
	ref := allAlerts(t, clean, "ws1")
	if len(ref) != len(as) {
		t.Fatalf("%d alerts without kills, %d with", len(ref), len(as))
	}
	for i := range ref {
		if ref[i].ID != as[i].ID || ref[i].Message != as[i].Message {
			t.Fatalf("alert %d differs: %+v and %+v", i, ref[i], as[i])
		}
	}
}

// A publisher that is down fails the tick (the checkpoint stays); the
// next tick publishes what was stored and raises nothing twice.
func TestTickRetriesAnUnpublishedAlert(t *testing.T) {
	ctx := context.Background()
	st := newMemStore("ws1")
	l := newLog(tuesday)
	for i := range 12 {
		l.add(hm(15, 0)+time.Duration(i)*20*time.Second, uAlice, "alice", "tasks.delete", ok, "203.0.113.10")
	}
	st.putAudit(l.entries...)
	st.checkpoints["ws1"] = domain.IDPrefixAt(tuesday)
	pub := &fakePublisher{fail: errors.New("queue down")}
	m := New(st, pub, Options{Logger: discard()})
	now := tuesday.Add(16 * time.Hour)
	if _, err := m.Tick(ctx, now); err == nil || !strings.Contains(err.Error(), "queue down") {
		t.Fatalf("tick with the publisher down: %v", err)
	}
	if as := st.alertsOf("ws1"); len(as) != 1 || as[0].NotifiedAt != nil {
		t.Fatalf("stored, not notified: %+v", as)
	}
	if st.checkpoints["ws1"] != domain.IDPrefixAt(tuesday) {
		t.Fatal("the checkpoint moved past an unpublished alert")
	}
	pub.fail = nil
	s, err := m.Tick(ctx, now.Add(time.Minute))
	if err != nil || s.Alerts != 0 || s.Published != 1 || len(pub.published()) != 1 {
		t.Fatalf("next tick: %+v %v", s, err)
	}
	if as := st.alertsOf("ws1"); len(as) != 1 || as[0].NotifiedAt == nil {
		t.Fatalf("notified: %+v", as)
	}
}

// A tick processes at most MaxEntries new entries per workspace; the
// rest wait for the next, and nothing is raised twice or missed.
func TestTickCatchesUpInSteps(t *testing.T) {
	ctx := context.Background()
	d := newDay(5, everyScenario)
	m := New(d.st, d.pub, Options{Logger: discard(), MaxEntries: 40, PageSize: 16})
	now := d.start.Add(25 * time.Hour)
	steps := 0
	for ; steps < 100; steps++ {
		s, err := m.Tick(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		if s.Entries == 0 {
			break
		}
	}
	if steps < 4 {
		t.Fatalf("caught up in %d steps", steps)
	}
	if got := byRule(d.st.alertsOf("ws1")); !equalCounts(got, wantOfEveryScenario()) {
		t.Fatalf("alerts %v, want %v", got, wantOfEveryScenario())
	}
}

// The first tick of a workspace starts FirstLookback back; a workspace
// whose settings turn a rule off raises nothing of it.
func TestTickFirstRunAndDisabledRule(t *testing.T) {
	ctx := context.Background()
	st := newMemStore("ws1")
	l := newLog(tuesday)
	for i := range 12 {
		l.add(hm(15, 0)+time.Duration(i)*20*time.Second, uAlice, "alice", "tasks.delete", ok, "203.0.113.10")
		l.add(hm(10, 0)+time.Duration(i)*20*time.Second, uBob, "bob", "tasks.delete", ok, "203.0.113.10")
	}
	st.putAudit(l.entries...)
	m := New(st, nil, Options{Logger: discard(), FirstLookback: 2 * time.Hour})
	if _, err := m.Tick(ctx, tuesday.Add(16*time.Hour)); err != nil {
		t.Fatal(err)
	}
	as := st.alertsOf("ws1")
	if len(as) != 1 || as[0].Subject != uAlice {
		t.Fatalf("only the last two hours are looked at: %+v", as)
	}
	st.rules["ws1"] = []domain.AlertRuleSetting{{Rule: RuleMassExportDelete, Enabled: false, Config: []byte(`{}`)}}
	for i := range 12 {
		l.add(hm(16, 30)+time.Duration(i)*20*time.Second, uAlice, "alice", "tasks.delete", ok, "203.0.113.10")
	}
	st.putAudit(l.entries[24:]...)
	if _, err := m.Tick(ctx, tuesday.Add(17*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if as := st.alertsOf("ws1"); len(as) != 1 {
		t.Fatalf("a disabled rule raised: %+v", as)
	}
}

// A monitor that ticks again in the same process takes its look-back
// from what it read before: the same alerts, far fewer reads.
func TestWarmTicksReuseTheirLookback(t *testing.T) {
	ctx := context.Background()
	run := func(warm bool) (read int64, alerts map[string]int) {
		d := newDay(11, everyScenario)
		cs := &countingStore{Store: d.st}
		m := New(cs, d.pub, Options{Logger: discard()})
		for now := d.start.Add(time.Minute); !now.After(d.start.Add(24*time.Hour + 30*time.Minute)); now = now.Add(time.Minute) {
			if !warm {
				m = New(cs, d.pub, Options{Logger: discard()})
			}
			if _, err := m.Tick(ctx, now); err != nil {
				t.Fatal(err)
			}
		}
		return cs.entriesRead.Load(), byRule(d.st.alertsOf("ws1"))
	}
	coldReads, coldAlerts := run(false)
	warmReads, warmAlerts := run(true)
	if !equalCounts(coldAlerts, wantOfEveryScenario()) || !equalCounts(warmAlerts, coldAlerts) {
		t.Fatalf("cold %v, warm %v, want %v", coldAlerts, warmAlerts, wantOfEveryScenario())
	}
	d := newDay(11, everyScenario)
	if total := int64(len(d.log.entries) + len(d.log.unknown)); warmReads > total*3/2 || coldReads < 2*warmReads {
		t.Fatalf("entries read over a day of %d: %d by warm ticks, %d by cold ones", total, warmReads, coldReads)
	}
	t.Logf("entries read over the day: %d cold, %d warm", coldReads, warmReads)
}
