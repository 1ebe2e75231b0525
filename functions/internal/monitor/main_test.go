package monitor

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

var endpoint string

// TestMain starts one DynamoDB Local for the tests that go through the
// real store (Tick, the routes, the benchmark).
func TestMain(m *testing.M) { apitest.TestMain(m, &endpoint) }

// logBuilder writes audit entries at times from t0, each with a ULID of
// its time, as the audit log does.
type logBuilder struct {
	t0      time.Time
	n       int
	entries []domain.AuditEntry // the workspace's
	unknown []domain.AuditEntry // "none"
	ws      string
}

func newLog(t0 time.Time) *logBuilder { return &logBuilder{t0: t0, ws: "ws1"} }

type entryOpt func(*domain.AuditEntry)

func before(v any) entryOpt { return func(e *domain.AuditEntry) { e.Before = v } }
func after(v any) entryOpt  { return func(e *domain.AuditEntry) { e.After = v } }
func resource(id string) entryOpt {
	return func(e *domain.AuditEntry) { e.ResourceID = id }
}
func reason(r string) entryOpt { return after(map[string]any{"reason": r}) }

// add writes an entry at t0+at by actor (a user id, "anonymous" or
// "system"); name is the actor's name.
func (l *logBuilder) add(at time.Duration, actor, name, action string, res domain.AuditResult, ip string, opts ...entryOpt) *domain.AuditEntry {
	return l.addAt(l.t0.Add(at), actor, name, action, res, ip, opts...)
}

func (l *logBuilder) addAt(t time.Time, actor, name, action string, res domain.AuditResult, ip string, opts ...entryOpt) *domain.AuditEntry {
	l.n++
	e := domain.AuditEntry{ID: domain.IDFor(t, fmt.Sprintf("%s-%d", l.ws, l.n)), WorkspaceID: l.ws, Actor: actor, ActorName: name,
		Action: action, Result: res, IP: ip, UserAgent: "Mozilla/5.0", RequestID: fmt.Sprintf("req-%d", l.n), Timestamp: t.UTC()}
	e.ResourceType = action[:indexDot(action)]
	for _, o := range opts {
		o(&e)
	}
	if res == domain.AuditDenied && action == "access.denied" {
		e.ResourceType = "route"
	}
	l.entries = append(l.entries, e)
	return &l.entries[len(l.entries)-1]
}

// unknownFail writes a failed sign-in of a name no workspace knows, as
// the sign-in route does: in "none", by "anonymous".
func (l *logBuilder) unknownFail(at time.Duration, name, ip string) {
	l.n++
	t := l.t0.Add(at)
	l.unknown = append(l.unknown, domain.AuditEntry{ID: domain.IDFor(t, fmt.Sprintf("none-%d", l.n)), WorkspaceID: NoWorkspace,
		Actor: "anonymous", ActorName: name, Action: "auth.login", ResourceType: "session", Result: domain.AuditDenied,
		Error: "wrong username or password", After: map[string]any{"reason": "unknown user"}, IP: ip, Timestamp: t.UTC()})
}

func indexDot(s string) int {
	for i := range s {
		if s[i] == '.' {
			return i
		}
	}
	return len(s)
}

// sorted answers the entries in id order, as the table keeps them.
func sorted(es []domain.AuditEntry) []domain.AuditEntry {
	out := slices.Clone(es)
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// batch is the builder's entries as a batch whose new entries are those
// from t0+newFrom.
func (l *logBuilder) batch(newFrom time.Duration) *Batch {
	return &Batch{Workspace: l.ws, Entries: sorted(l.entries), Unknown: sorted(l.unknown),
		After: domain.IDPrefixAt(l.t0.Add(newFrom))}
}

// memStore is the monitor's Store in memory, with the table's semantics
// (ranges strictly between ids, dedupe markers, forward-only
// checkpoints, versioned seen addresses), for the tests that run many
// ticks over a day.
type memStore struct {
	mu          sync.Mutex
	now         func() time.Time
	workspaces  []string
	audit       map[string][]domain.AuditEntry // by workspace, id order
	users       map[string][]domain.User
	alerts      map[string]*domain.Alert // ws/id
	keys        map[string]string        // ws/key -> id
	rules       map[string][]domain.AlertRuleSetting
	checkpoints map[string]string
	seen        map[string]*store.SeenAddresses // ws/user
}

func newMemStore(workspaces ...string) *memStore {
	return &memStore{now: func() time.Time { return time.Now().UTC() }, workspaces: workspaces,
		audit: map[string][]domain.AuditEntry{}, users: map[string][]domain.User{}, alerts: map[string]*domain.Alert{},
		keys: map[string]string{}, rules: map[string][]domain.AlertRuleSetting{}, checkpoints: map[string]string{},
		seen: map[string]*store.SeenAddresses{}}
}

func (m *memStore) putAudit(es ...domain.AuditEntry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range es {
		m.audit[e.WorkspaceID] = append(m.audit[e.WorkspaceID], e)
	}
	for ws := range m.audit {
		m.audit[ws] = sorted(m.audit[ws])
	}
}

func (m *memStore) ListWorkspaces(context.Context) ([]domain.Workspace, error) {
	out := make([]domain.Workspace, 0, len(m.workspaces))
	for _, w := range m.workspaces {
		out = append(out, domain.Workspace{ID: w, Name: w})
	}
	return out, nil
}

func (m *memStore) GetMonitorState(_ context.Context, ws string) (*store.MonitorState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return &store.MonitorState{Checkpoint: m.checkpoints[ws], Rules: slices.Clone(m.rules[ws])}, nil
}

func (m *memStore) AuditRange(_ context.Context, ws, after, before string, limit int) ([]domain.AuditEntry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	es := m.audit[ws]
	i := sort.Search(len(es), func(i int) bool { return es[i].ID > after })
	var out []domain.AuditEntry
	for ; i < len(es) && es[i].ID < before && len(out) < limit; i++ {
		out = append(out, es[i])
	}
	return out, nil
}

func (m *memStore) UsersWithRole(_ context.Context, ws string, role domain.Role) ([]domain.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []domain.User
	for _, u := range m.users[ws] {
		if u.Role == role {
			out = append(out, u)
		}
	}
	return out, nil
}

func (m *memStore) SeenAddressesOf(_ context.Context, ws string, users []string) (map[string]*store.SeenAddresses, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]*store.SeenAddresses{}
	for _, u := range users {
		if sa, ok := m.seen[ws+"/"+u]; ok {
			cp := *sa
			cp.Addresses = maps.Clone(sa.Addresses)
			out[u] = &cp
		}
	}
	return out, nil
}

func (m *memStore) PutSeenAddresses(_ context.Context, sa *store.SeenAddresses, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := sa.WorkspaceID + "/" + sa.UserID
	cur, ok := m.seen[k]
	if (ok && cur.Version != sa.Version) || (!ok && sa.Version != 0) {
		return domain.Conflict("seen addresses changed")
	}
	sa.Version++
	cp := *sa
	cp.Addresses = maps.Clone(sa.Addresses)
	m.seen[k] = &cp
	return nil
}

func (m *memStore) CreateAlert(_ context.Context, a *domain.Alert) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id, ok := m.keys[a.WorkspaceID+"/"+a.DedupeKey]; ok {
		*a = *m.alerts[a.WorkspaceID+"/"+id]
		return false, nil
	}
	if cur, ok := m.alerts[a.WorkspaceID+"/"+a.ID]; ok {
		*a = *cur
		return false, nil
	}
	now := m.now()
	a.CreatedAt, a.UpdatedAt, a.Version = now, now, 1
	cp := *a
	m.alerts[a.WorkspaceID+"/"+a.ID] = &cp
	m.keys[a.WorkspaceID+"/"+a.DedupeKey] = a.ID
	return true, nil
}

func (m *memStore) MarkAlertNotified(_ context.Context, ws, id string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.alerts[ws+"/"+id]
	if !ok {
		return domain.NotFound("alert")
	}
	at = at.UTC()
	a.NotifiedAt = &at
	return nil
}

func (m *memStore) SetMonitorCheckpoint(_ context.Context, ws, lastID string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if lastID > m.checkpoints[ws] {
		m.checkpoints[ws] = lastID
	}
	return nil
}

// alertsOf are a workspace's alerts in id order.
func (m *memStore) alertsOf(ws string) []domain.Alert {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []domain.Alert
	for k, a := range m.alerts {
		if len(k) > len(ws) && k[:len(ws)+1] == ws+"/" {
			out = append(out, *a)
		}
	}
	slices.SortFunc(out, func(a, b domain.Alert) int { return cmpString(a.ID, b.ID) })
	return out
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// fakePublisher keeps what was published; fail makes it refuse.
type fakePublisher struct {
	mu     sync.Mutex
	events []event.Event
	fail   error
}

func (p *fakePublisher) Publish(_ context.Context, ev event.Event) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail != nil {
		return p.fail
	}
	p.events = append(p.events, ev)
	return nil
}

func (p *fakePublisher) published() []event.Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.events)
}

// distinctIDs counts the distinct event ids published.
func (p *fakePublisher) distinctIDs() int {
	ids := map[string]bool{}
	for _, e := range p.published() {
		ids[e.ID] = true
	}
	return len(ids)
}

// byRule counts alerts per rule.
func byRule(as []domain.Alert) map[string]int {
	out := map[string]int{}
	for _, a := range as {
		out[a.Rule]++
	}
	return out
}
