package monitor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// Store is what a tick needs of the table (*store.Store).
type Store interface {
	ListWorkspaces(ctx context.Context) ([]domain.Workspace, error)
	GetMonitorState(ctx context.Context, ws string) (*store.MonitorState, error)
	AuditRange(ctx context.Context, ws, after, before string, limit int) ([]domain.AuditEntry, error)
	UsersWithRole(ctx context.Context, ws string, role domain.Role) ([]domain.User, error)
	SeenAddressesOf(ctx context.Context, ws string, users []string) (map[string]*store.SeenAddresses, error)
	PutSeenAddresses(ctx context.Context, sa *store.SeenAddresses, expires time.Time) error
	CreateAlert(ctx context.Context, a *domain.Alert) (bool, error)
	MarkAlertNotified(ctx context.Context, ws, id string, at time.Time) error
	SetMonitorCheckpoint(ctx context.Context, ws, lastID string) error
}

var _ Store = (*store.Store)(nil)

// Publisher hands an event to the notification channels
// (*notifications.Publisher).
type Publisher interface {
	Publish(ctx context.Context, ev event.Event) error
}

// NoWorkspace is the pseudo-workspace of the audit entries of unknown
// users (failed sign-ins of names no workspace knows).
const NoWorkspace = "none"

// Options tune a monitor; the zero value of each is its default.
type Options struct {
	// Lag is how far behind now a tick stops: audit entries carry ids
	// taken at request time and are written a moment later. 5 s.
	Lag time.Duration
	// FirstLookback is how far back the first tick of a workspace starts
	// (no checkpoint yet). 1 hour.
	FirstLookback time.Duration
	// MaxEntries bounds the new entries one tick processes per
	// workspace; the rest wait for the next tick. 20,000.
	MaxEntries int
	// PageSize is how many entries one query reads. 1,000.
	PageSize int
	// Logger gets one line per alert (attribute "alert", as notify's) and
	// the failures. slog.Default when nil.
	Logger *slog.Logger
}

// Monitor runs the rules over the audit log of every workspace.
type Monitor struct {
	store Store
	pub   Publisher
	opt   Options

	ticking sync.Mutex // one tick at a time
	mu      sync.Mutex
	tails   map[string]*tail // by workspace
}

// New builds a monitor.
func New(st Store, pub Publisher, opt Options) *Monitor {
	if opt.Lag == 0 {
		opt.Lag = 5 * time.Second
	}
	if opt.FirstLookback == 0 {
		opt.FirstLookback = time.Hour
	}
	if opt.MaxEntries == 0 {
		opt.MaxEntries = 20000
	}
	if opt.PageSize == 0 {
		opt.PageSize = 1000
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	return &Monitor{store: st, pub: pub, opt: opt}
}

// Stats counts what a tick did.
type Stats struct {
	Workspaces int // workspaces visited, "none" included
	Entries    int // new audit entries processed
	Alerts     int // alerts raised (new ones only)
	Published  int // events published (new alerts, and earlier ones a failed tick had not published)
}

// Tick processes, for every workspace and the pseudo-workspace "none",
// the audit entries written since its checkpoint up to now minus the lag.
// A workspace that fails is retried whole by the next tick (its
// checkpoint stays); the others go on. It answers every failure joined.
// Ticks of one monitor run one at a time; ticks of several processes
// (overlapping Lambda invocations) are safe, only wasteful: the dedupe
// markers keep alerts single and the checkpoint only moves forward.
func (m *Monitor) Tick(ctx context.Context, now time.Time) (Stats, error) {
	m.ticking.Lock()
	defer m.ticking.Unlock()
	var st Stats
	until := now.UTC().Add(-m.opt.Lag)
	wss, err := m.store.ListWorkspaces(ctx)
	if err != nil {
		return st, fmt.Errorf("monitor: %w", err)
	}
	ids := make([]string, 0, len(wss)+1)
	for _, w := range wss {
		ids = append(ids, w.ID)
	}
	ids = append(ids, NoWorkspace)
	plans := make([]*plan, 0, len(ids))
	var errs []error
	for _, ws := range ids {
		p, err := m.plan(ctx, ws, until)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		plans = append(plans, p)
	}
	unknown := &unknownLog{m: m, before: domain.IDPrefixAt(until)}
	for _, p := range plans {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		st.Workspaces++
		if err := m.run(ctx, p, unknown, &st); err != nil {
			errs = append(errs, fmt.Errorf("monitor workspace %s: %w", p.ws, err))
		}
	}
	return st, errors.Join(errs...)
}

// plan is one workspace's part of a tick.
type plan struct {
	ws       string
	settings Settings
	stored   string // the stored checkpoint ("" before the first tick)
	after    string // entries past it are new
	before   string // the tick stops before it
	until    time.Time
}

// unknownFrom is where the failures of unknown names the batch needs
// begin, or "" when it needs none: a workspace counts them per address,
// and only when it has a new failed sign-in of its own.
func (p *plan) unknownFrom(fresh []domain.AuditEntry) string {
	c, ok := enabled[*FailedSignIns](p.settings, RuleFailedSignIns)
	if p.ws == NoWorkspace || !ok || c.PerAddress.Count == 0 || !slices.ContainsFunc(fresh, func(e domain.AuditEntry) bool { return failedSignIn(&e) }) {
		return ""
	}
	return domain.IDPrefixAt(idTime(p.after).Add(-c.PerAddress.lookback()))
}

func (m *Monitor) plan(ctx context.Context, ws string, until time.Time) (*plan, error) {
	state, err := m.store.GetMonitorState(ctx, ws)
	if err != nil {
		return nil, fmt.Errorf("monitor workspace %s: %w", ws, err)
	}
	settings, err := LoadSettings(state.Rules)
	if err != nil {
		m.opt.Logger.ErrorContext(ctx, "monitor: stored rule settings ignored", "workspaceId", ws, "error", err.Error())
	}
	if ws == NoWorkspace {
		settings = DefaultSettings() // nobody can configure it
	}
	p := &plan{ws: ws, settings: settings, stored: state.Checkpoint, after: state.Checkpoint, before: domain.IDPrefixAt(until), until: until}
	if p.after == "" {
		p.after = domain.IDPrefixAt(until.Add(-m.opt.FirstLookback))
	}
	return p, nil
}

// idTime is the time of an id (a ULID), or the zero time.
func idTime(id string) time.Time {
	u, err := ulid.ParseStrict(id)
	if err != nil {
		return time.Time{}
	}
	return ulid.Time(u.Time()).UTC()
}

// run processes one workspace: read, evaluate, raise, remember, and
// move the checkpoint last.
func (m *Monitor) run(ctx context.Context, p *plan, unknown *unknownLog, st *Stats) error {
	if p.after >= p.before {
		return nil
	}
	fresh, err := m.page(ctx, p.ws, p.after, p.before, m.opt.MaxEntries)
	if err != nil {
		return err
	}
	last := p.before // everything before it is processed
	if len(fresh) >= m.opt.MaxEntries {
		last = fresh[len(fresh)-1].ID
	}
	st.Entries += len(fresh)
	cached := m.tailAt(p.ws, p.after)
	base := &tail{from: p.after, end: p.after}
	if cached != nil {
		base = cached
	}
	if len(fresh) > 0 {
		lb := p.settings.LookbackFor(fresh)
		from := domain.IDPrefixAt(idTime(p.after).Add(-lb))
		if lb > 0 && base.from > from {
			// The look-back ends at the checkpoint itself, which may be an
			// entry ("!" sorts below every id character).
			old, err := m.page(ctx, p.ws, from, p.after+"!", 0)
			if err != nil {
				return err
			}
			base = &tail{from: from, end: p.after, entries: old}
		}
		// Appending to the tail's array is safe: nothing else holds what
		// lies past its length, and a failed tick leaves the tail as it was.
		base = &tail{from: base.from, end: last, entries: append(base.entries, fresh...)}
		entries := fresh
		if lb > 0 {
			entries = base.since(from)
		}
		if err := m.evaluate(ctx, p, entries, fresh, last, unknown, st); err != nil {
			return err
		}
	} else if p.stored != "" && idTime(p.stored).After(p.until.Add(-checkpointSkip)) {
		m.keepTail(p.ws, base, p.after, p.settings.Lookback())
		return nil // nothing new and a recent checkpoint: spare the write
	}
	if err := m.store.SetMonitorCheckpoint(ctx, p.ws, last); err != nil {
		return err
	}
	m.keepTail(p.ws, base, last, p.settings.Lookback())
	return nil
}

// tail is the end of a workspace's log as this process's last tick of it
// left it: the entries with ids in (from, end], end being the checkpoint
// that tick wrote. A tick that reads the same checkpoint back takes its
// look-back from here instead of the table (a warm Lambda ticking every
// minute reads each entry once); any other checkpoint (another process
// ticked, a write failed) misses, and the look-back is read. It is only
// ever a copy of entries already in the table below the checkpoint.
type tail struct {
	from, end string
	entries   []domain.AuditEntry
}

// since answers the entries with ids past from.
func (t *tail) since(from string) []domain.AuditEntry {
	i, _ := slices.BinarySearchFunc(t.entries, from, func(e domain.AuditEntry, id string) int { return cmpString(e.ID, id+"!") })
	return t.entries[i:]
}

// maxTail bounds the entries kept per workspace.
const maxTail = 50000

func (m *Monitor) tailAt(ws, checkpoint string) *tail {
	m.mu.Lock()
	defer m.mu.Unlock()
	if t := m.tails[ws]; t != nil && t.end == checkpoint {
		return t
	}
	return nil
}

// keepTail keeps the entries of base, up to end, as far back as the
// rules may look.
func (m *Monitor) keepTail(ws string, base *tail, end string, lookback time.Duration) {
	t := &tail{from: base.from, end: end}
	if keep := domain.IDPrefixAt(idTime(end).Add(-lookback)); keep > t.from {
		t.from = keep
	}
	t.entries = base.since(t.from)
	if len(t.entries) > maxTail {
		t = nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tails == nil {
		m.tails = map[string]*tail{}
	}
	m.tails[ws] = t
}

// checkpointSkip is how old a checkpoint may get before a tick with
// nothing new writes it anyway, to keep the next tick's look-back short.
const checkpointSkip = 10 * time.Minute

// page reads the entries of ws with ids in (after, before), oldest
// first, a page at a time, at most limit of them (0: all).
func (m *Monitor) page(ctx context.Context, ws, after, before string, limit int) ([]domain.AuditEntry, error) {
	var out []domain.AuditEntry
	for {
		size := m.opt.PageSize
		if limit > 0 {
			size = min(size, limit-len(out))
		}
		page, err := m.store.AuditRange(ctx, ws, after, before, size)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < size || (limit > 0 && len(out) >= limit) {
			return out, nil
		}
		after = page[len(page)-1].ID
	}
}

func (m *Monitor) evaluate(ctx context.Context, p *plan, entries, fresh []domain.AuditEntry, last string, unknown *unknownLog, st *Stats) error {
	b := &Batch{Workspace: p.ws, Entries: entries, After: p.after}
	if from := p.unknownFrom(fresh); from != "" {
		u, err := unknown.between(ctx, from, last)
		if err != nil {
			return err
		}
		b.Unknown = u
	}
	if c, ok := enabled[*OffHours](p.settings, RuleOffHoursAdmin); ok && c.needsAdmins(b) {
		admins, err := m.store.UsersWithRole(ctx, p.ws, domain.RoleAdmin)
		if err != nil {
			return err
		}
		b.Admins = map[string]bool{}
		for _, u := range admins {
			b.Admins[u.ID] = true
		}
	}
	var seen map[string]*store.SeenAddresses
	if _, ok := enabled[*NewAddress](p.settings, RuleNewAddress); ok {
		if users := signInUsers(b); len(users) > 0 {
			var err error
			if seen, err = m.store.SeenAddressesOf(ctx, p.ws, users); err != nil {
				return err
			}
			b.Seen = make(map[string]map[string]time.Time, len(seen))
			for u, sa := range seen {
				b.Seen[u] = sa.Addresses
			}
		}
	}
	res := Evaluate(p.settings, b)
	// Alerts first, then what the rules learnt, then (in run) the
	// checkpoint: a tick that stops anywhere leaves the next one the same
	// entries, the markers to find its alerts and the addresses as they
	// were.
	for _, f := range res.Findings {
		if err := m.raise(ctx, p.ws, f, st); err != nil {
			return err
		}
	}
	if len(res.Seen) > 0 {
		na, _ := enabled[*NewAddress](p.settings, RuleNewAddress)
		for _, u := range slices.Sorted(maps.Keys(res.Seen)) {
			sa := seen[u]
			if sa == nil {
				sa = &store.SeenAddresses{WorkspaceID: p.ws, UserID: u}
			}
			sa.Addresses = res.Seen[u]
			var latest time.Time
			for _, t := range sa.Addresses {
				latest = maxTime(latest, t)
			}
			if err := m.store.PutSeenAddresses(ctx, sa, latest.Add(na.Remember())); err != nil {
				return err
			}
		}
	}
	return nil
}

// raise stores a finding as an alert (once: its dedupe marker) and
// publishes it unless an earlier tick did.
func (m *Monitor) raise(ctx context.Context, ws string, f Finding, st *Stats) error {
	a := AlertOf(ws, f)
	created, err := m.store.CreateAlert(ctx, &a)
	if err != nil {
		return err
	}
	if created {
		st.Alerts++
		m.opt.Logger.WarnContext(ctx, "security alert", "alert", a.Rule, "workspaceId", ws, "alertId", a.ID,
			"severity", string(a.Severity), "subject", a.Subject, "message", a.Message)
	}
	if a.NotifiedAt != nil || ws == NoWorkspace || m.pub == nil {
		return nil // notified before; or no workspace's channels may see it: the log has it
	}
	if err := m.pub.Publish(ctx, EventOf(&a)); err != nil {
		return fmt.Errorf("publish alert %s: %w", a.ID, err)
	}
	st.Published++
	return m.store.MarkAlertNotified(ctx, ws, a.ID, time.Now().UTC())
}

// AlertOf makes the alert of a finding: its id is drawn from the time
// and dedupe key, so the same finding is the same alert.
func AlertOf(ws string, f Finding) domain.Alert {
	return domain.Alert{ID: domain.IDFor(f.At, "alert\x00"+ws+"\x00"+f.Key), WorkspaceID: ws, Rule: f.Rule, Severity: f.Severity,
		Title: f.Title, Message: f.Message, Subject: f.Subject, SubjectName: f.SubjectName, Evidence: f.Evidence,
		FiredAt: f.At.UTC(), Status: domain.AlertOpen, DedupeKey: f.Key}
}

// EventOf is the security.alert event of an alert. Its id is the alert's:
// publishing it again (at least once) delivers it once per channel.
func EventOf(a *domain.Alert) event.Event {
	return event.Event{ID: "alert." + a.ID, Type: event.SecurityAlert, WorkspaceID: a.WorkspaceID, Time: a.FiredAt,
		Alert: &event.Alert{Kind: a.Rule, Message: "[" + string(a.Severity) + "] " + a.Title + ": " + a.Message}}
}

// unknownLog reads the failed sign-ins of unknown names at most once per
// tick and span: the first workspace that needs them loads them up to the
// tick's end; one that needs them from further back loads what is
// missing.
type unknownLog struct {
	m       *Monitor
	before  string // the tick's end
	from    string // loaded: the entries with ids in (from, before)
	loaded  bool
	entries []domain.AuditEntry
}

// between answers the entries with ids in (after, upTo].
func (u *unknownLog) between(ctx context.Context, after, upTo string) ([]domain.AuditEntry, error) {
	if !u.loaded || after < u.from {
		end := u.before
		if u.loaded {
			end = u.from + "!" // up to and with u.from
		}
		page, err := u.m.page(ctx, NoWorkspace, after, end, 0)
		if err != nil {
			return nil, fmt.Errorf("failed sign-ins of unknown names: %w", err)
		}
		var got []domain.AuditEntry
		for i := range page {
			if failedSignIn(&page[i]) {
				got = append(got, page[i])
			}
		}
		u.entries, u.from, u.loaded = append(got, u.entries...), after, true
	}
	lo, _ := slices.BinarySearchFunc(u.entries, after, func(e domain.AuditEntry, id string) int { return cmpString(e.ID, id+"!") })
	hi, _ := slices.BinarySearchFunc(u.entries, upTo, func(e domain.AuditEntry, id string) int { return cmpString(e.ID, id+"!") })
	return u.entries[lo:hi], nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
