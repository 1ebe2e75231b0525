package monitor

import (
	"strings"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Rule ids.
const (
	RuleFailedSignIns    = "failed_signins"
	RuleNewAddress       = "new_address"
	RuleRoleElevation    = "role_elevation"
	RuleOffHoursAdmin    = "off_hours_admin"
	RuleMassExportDelete = "mass_export_delete"
	RuleRepeatedDenials  = "repeated_denials"
)

// Rule is one rule of the catalog: what it watches, in plain words, and
// its default configuration.
type Rule struct {
	ID          string
	Title       string
	Description string
	// Default makes the rule's configuration with its defaults (a pointer
	// to the rule's config type).
	Default func() Config
}

// Config is a rule's configuration: it checks itself (errors name the
// field as "config.<field>") and evaluates the rule over a batch.
type Config interface {
	Validate() error
	// Evaluate adds the rule's findings for the batch's new entries.
	Evaluate(b *Batch, out *Result)
	// lookback is how far before the first new entry the rule needs the
	// log to decide about it.
	lookback() time.Duration
	// counts reports whether the rule counts e in a window: only a new
	// entry it counts makes it need the look-back.
	counts(e *domain.AuditEntry) bool
}

var catalog = []Rule{
	{ID: RuleFailedSignIns, Title: "Repeated failed sign-ins",
		Description: "Many failed sign-ins for one user, or from one source address, within a few minutes: someone guessing passwords. " +
			"Failures for names no workspace knows count towards their address.",
		Default: func() Config { return DefaultFailedSignIns() }},
	{ID: RuleNewAddress, Title: "Sign-in from a new address",
		Description: "A user signed in from an address it has not used before (within the remembered period). " +
			"A user's very first sign-in is not an alert.",
		Default: func() Config { return DefaultNewAddress() }},
	{ID: RuleRoleElevation, Title: "Role raised",
		Description: "A user was given a higher role, or a role was given more permissions.",
		Default:     func() Config { return DefaultRoleElevation() }},
	{ID: RuleOffHoursAdmin, Title: "Admin action outside working hours",
		Description: "An admin changed something (or anyone did one of the listed actions) outside the working hours and days, " +
			"in the workspace's time zone. One alert per stretch of such work.",
		Default: func() Config { return DefaultOffHours() }},
	{ID: RuleMassExportDelete, Title: "Mass export or delete",
		Description: "One user exported or deleted many things within a few minutes.",
		Default:     func() Config { return DefaultMassExportDelete() }},
	{ID: RuleRepeatedDenials, Title: "Repeated refusals",
		Description: "One user was refused (missing permission) many times within a few minutes: probing for what it may do.",
		Default:     func() Config { return DefaultRepeatedDenials() }},
}

// Rules is the catalog, in display order.
func Rules() []Rule { return append([]Rule(nil), catalog...) }

// LookupRule finds a rule by id.
func LookupRule(id string) (Rule, bool) {
	for _, r := range catalog {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

func ruleIDs() []string {
	out := make([]string, 0, len(catalog))
	for _, r := range catalog {
		out = append(out, r.ID)
	}
	return out
}

// Batch is what the rules see of one workspace in one tick.
type Batch struct {
	Workspace string
	// Entries are the workspace's audit entries in id (time) order: those
	// with an id past After are new this tick; the earlier ones are the
	// look-back windowed rules count with.
	Entries []domain.AuditEntry
	After   string
	// Unknown are the failed sign-ins of names no workspace knows (the
	// pseudo-workspace "none") over the same span, in id order.
	Unknown []domain.AuditEntry
	// Admins are the workspace's users whose role is admin now.
	Admins map[string]bool
	// Seen are the addresses each user who signs in in this batch signed
	// in from before it, with when each was last seen.
	Seen map[string]map[string]time.Time
}

// IsNew reports whether e is new in the batch (past its checkpoint).
func (b *Batch) IsNew(e *domain.AuditEntry) bool { return e.ID > b.After }

// Finding is one alert a rule raises.
type Finding struct {
	Rule        string
	Severity    domain.AlertSeverity
	Title       string
	Message     string
	Subject     string
	SubjectName string
	Evidence    []string
	// At is the time of the entry that raised it.
	At time.Time
	// Key names the rule, the subject and the window: the same key is
	// the same alert.
	Key string
}

// Result is what evaluating a batch found.
type Result struct {
	Findings []Finding
	// Seen holds, for each user whose remembered addresses changed, the
	// whole new set (address -> last seen).
	Seen map[string]map[string]time.Time
}

// Evaluate runs every enabled rule over the batch, in catalog order.
func Evaluate(s Settings, b *Batch) Result {
	var r Result
	for _, rule := range catalog {
		st, ok := s[rule.ID]
		if !ok || !st.Enabled {
			continue
		}
		st.Config.Evaluate(b, &r)
	}
	return r
}

// maxEvidence bounds the evidence of one alert: the latest entries of
// its window.
const maxEvidence = 50

func evidenceOf(es []*domain.AuditEntry) []string {
	if len(es) > maxEvidence {
		es = es[len(es)-maxEvidence:]
	}
	out := make([]string, 0, len(es))
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

// timeOf is when an entry was written: the time of its ULID, which is
// what orders the log and bounds a tick, or its timestamp for an id that
// is not a ULID.
func timeOf(e *domain.AuditEntry) time.Time {
	if id, err := ulid.ParseStrict(e.ID); err == nil {
		return ulid.Time(id.Time()).UTC()
	}
	return e.Timestamp.UTC()
}

// isUser reports whether an actor is a user (an id this system issued),
// not "anonymous" or "system".
func isUser(actor string) bool { return domain.ValidID(actor) }

// actorName is how an alert names an entry's actor.
func actorName(e *domain.AuditEntry) string {
	if e.ActorName != "" {
		return e.ActorName
	}
	return e.Actor
}

// counted is one entry a windowed rule counts; own is false for the
// failures of unknown names, which count but do not alone raise an alert
// in a workspace.
type counted struct {
	e   *domain.AuditEntry
	at  time.Time
	own bool
}

// edges walks one subject's entries in id order and calls fire, with the
// entries of its window, at each own entry where the threshold is met
// ("at least n entries within (t-window, t]") unless it was already met
// at an own entry within the window before: one alert per burst, a burst
// ending when the threshold has not been met at any own entry for a
// whole window. Only own entries decide, so the failures of unknown
// names raise an alert in a workspace only at a failure of its own.
//
// The decision at an entry depends only on the entries within two
// windows before it, so a batch holding that much before its first new
// entry decides every new entry as any other batch would.
func edges(es []counted, n int, window time.Duration, fire func(i int, in []counted)) {
	lo := 0
	var met time.Time // the last own entry at which the threshold was met
	for i := range es {
		start := es[i].at.Add(-window)
		for lo <= i && !es[lo].at.After(start) {
			lo++
		}
		if !es[i].own || i-lo+1 < n {
			continue
		}
		if met.IsZero() || !met.After(start) {
			fire(i, es[lo:i+1])
		}
		met = es[i].at
	}
}

func entriesOf(cs []counted) []*domain.AuditEntry {
	out := make([]*domain.AuditEntry, len(cs))
	for i, c := range cs {
		out[i] = c.e
	}
	return out
}

// groupBy collects entries by a key, keeping their order; keys come back
// in order of first appearance, so findings come out in a stable order.
func groupBy(es []counted, key func(*domain.AuditEntry) string) (keys []string, groups map[string][]counted) {
	groups = map[string][]counted{}
	for _, c := range es {
		k := key(c.e)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], c)
	}
	return keys, groups
}

// windowed runs the edges of a threshold over entries grouped by key,
// and makes a finding of every edge at a new entry.
func windowed(b *Batch, es []counted, key func(*domain.AuditEntry) string, th Threshold,
	find func(subject string, in []counted) Finding, out *Result) {
	if th.Count == 0 {
		return
	}
	keys, groups := groupBy(es, key)
	for _, k := range keys {
		g := groups[k]
		edges(g, th.Count, th.window(), func(i int, in []counted) {
			if !b.IsNew(g[i].e) {
				return
			}
			f := find(k, in)
			f.At, f.Evidence = g[i].at, evidenceOf(entriesOf(in))
			f.Key = f.Rule + "|" + f.Subject + "|" + g[i].e.ID
			out.Findings = append(out.Findings, f)
		})
	}
}

// own makes the counted entries of those of the batch that match.
func (b *Batch) own(match func(*domain.AuditEntry) bool) []counted {
	var out []counted
	for i := range b.Entries {
		e := &b.Entries[i]
		if match(e) {
			out = append(out, counted{e: e, at: timeOf(e), own: true})
		}
	}
	return out
}

// summary lists the distinct values of a field of entries, most frequent
// first, at most max of them, each with its count when above one.
func summary(es []*domain.AuditEntry, field func(*domain.AuditEntry) string, max int) string {
	counts := map[string]int{}
	var order []string
	for _, e := range es {
		v := field(e)
		if v == "" {
			continue
		}
		if counts[v] == 0 {
			order = append(order, v)
		}
		counts[v]++
	}
	// A stable sort by count, first appearance breaking ties.
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && counts[order[j]] > counts[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	var parts []string
	for i, v := range order {
		if i == max {
			parts = append(parts, "…")
			break
		}
		if counts[v] > 1 {
			v += " ×" + itoa(counts[v])
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, ", ")
}
