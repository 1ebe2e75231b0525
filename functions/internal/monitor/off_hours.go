package monitor

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/schedexpr"
)

// OffHours configures off_hours_admin: a change made by an admin (any
// audited action of a user whose role is admin, sign-ins and sign-outs
// aside), or any of Actions by anyone, outside working hours: the hours
// from StartHour to EndHour on Weekdays, in Zone (an IANA name). A start
// after the end spans midnight (22 to 6 is a night shift).
type OffHours struct {
	Zone      string   `json:"zone"`
	StartHour int      `json:"startHour"`
	EndHour   int      `json:"endHour"`
	Weekdays  []string `json:"weekdays"`
	Actions   []string `json:"actions"`

	loc *time.Location
}

// DefaultOffHours is 08:00 to 19:00, Monday to Friday, UTC.
func DefaultOffHours() *OffHours {
	return &OffHours{Zone: "UTC", StartHour: 8, EndHour: 19, Weekdays: []string{"mon", "tue", "wed", "thu", "fri"},
		Actions: []string{}, loc: time.UTC}
}

var weekdayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// offHoursGap separates two stretches of off-hours work: an action within
// it of the previous one belongs to the same stretch, and raises no alert
// of its own.
const offHoursGap = time.Hour

// Validate implements Config.
func (c *OffHours) Validate() error {
	if strings.TrimSpace(c.Zone) == "" {
		return domain.Invalid("config.zone", `is required: an IANA time zone such as "Europe/Paris" or "UTC"`)
	}
	loc, err := schedexpr.LoadZone(c.Zone)
	if err != nil {
		return domain.Invalidf("config.zone", "%q is not a time zone: use an IANA name such as Europe/Paris (names are case-sensitive)", c.Zone)
	}
	switch {
	case c.StartHour < 0 || c.StartHour > 23:
		return domain.Invalid("config.startHour", "must be from 0 to 23")
	case c.EndHour < 1 || c.EndHour > 24:
		return domain.Invalid("config.endHour", "must be from 1 to 24")
	case c.EndHour == c.StartHour:
		return domain.Invalid("config.endHour", "must differ from startHour")
	case len(c.Weekdays) == 0:
		return domain.Invalid("config.weekdays", `must name at least one working day ("mon" to "sun")`)
	}
	for i, d := range c.Weekdays {
		f := fmt.Sprintf("config.weekdays[%d]", i)
		if !slices.Contains(weekdayNames, d) {
			return domain.Invalid(f, `must be one of "mon", "tue", "wed", "thu", "fri", "sat", "sun"`)
		}
		if slices.Contains(c.Weekdays[:i], d) {
			return domain.Invalid(f, "is listed twice")
		}
	}
	if c.Actions == nil {
		c.Actions = []string{}
	}
	if err := validatePatterns("config.actions", c.Actions); err != nil {
		return err
	}
	c.loc = loc
	return nil
}

func (c *OffHours) lookback() time.Duration { return offHoursGap }

// counts: whoever the admins are, only an off-hours change can continue
// a stretch.
func (c *OffHours) counts(e *domain.AuditEntry) bool { return c.candidate(e) }

func (c *OffHours) location() *time.Location {
	if c.loc == nil {
		loc, err := schedexpr.LoadZone(c.Zone)
		if err != nil {
			return time.UTC
		}
		c.loc = loc
	}
	return c.loc
}

// working reports whether t falls in working hours.
func (c *OffHours) working(t time.Time) bool {
	lt := t.In(c.location())
	if !slices.Contains(c.Weekdays, weekdayNames[lt.Weekday()]) {
		return false
	}
	h := lt.Hour()
	if c.StartHour < c.EndHour {
		return h >= c.StartHour && h < c.EndHour
	}
	return h >= c.StartHour || h < c.EndHour
}

// candidate is an entry that would raise an alert were its actor an
// admin (or its action listed): a user's successful change outside
// working hours.
func (c *OffHours) candidate(e *domain.AuditEntry) bool {
	return e.Result == domain.AuditSuccess && isUser(e.Actor) && !c.working(timeOf(e))
}

// needsAdmins reports whether deciding the batch needs to know who the
// admins are: some new entry is a candidate.
func (c *OffHours) needsAdmins(b *Batch) bool {
	for i := range b.Entries {
		if e := &b.Entries[i]; b.IsNew(e) && c.candidate(e) {
			return true
		}
	}
	return false
}

func (c *OffHours) qualifies(b *Batch, e *domain.AuditEntry) bool {
	if !c.candidate(e) {
		return false
	}
	if matchAny(c.Actions, e.Action) {
		return true
	}
	return b.Admins[e.Actor] && !strings.HasPrefix(e.Action, "auth.")
}

// Evaluate implements Config: one alert per stretch of off-hours work of
// an actor (actions each within offHoursGap of the previous), raised at
// its first action.
func (c *OffHours) Evaluate(b *Batch, out *Result) {
	es := b.own(func(e *domain.AuditEntry) bool { return c.qualifies(b, e) })
	actors, groups := groupBy(es, func(e *domain.AuditEntry) string { return e.Actor })
	for _, actor := range actors {
		g := groups[actor]
		for i := 0; i < len(g); {
			j := i + 1
			for j < len(g) && g[j].at.Sub(g[j-1].at) < offHoursGap {
				j++
			}
			if first := g[i]; b.IsNew(first.e) {
				out.Findings = append(out.Findings, c.finding(b, actor, g[i:j]))
			}
			i = j
		}
	}
}

func (c *OffHours) finding(b *Batch, actor string, stretch []counted) Finding {
	es := entriesOf(stretch)
	first := stretch[0]
	who := actorName(first.e)
	if b.Admins[actor] {
		who += " (admin)"
	}
	n := "1 change"
	if len(es) > 1 {
		n = fmt.Sprintf("%d changes", len(es))
	}
	return Finding{Rule: RuleOffHoursAdmin, Severity: domain.SeverityMedium, Title: "Admin action outside working hours",
		Subject: actor, SubjectName: actorName(first.e),
		Message: fmt.Sprintf("%s made %s outside working hours (%s), the first at %s: %s.", who, n, c.hours(),
			first.at.In(c.location()).Format("Mon 2 Jan 15:04 MST"), summary(es, func(e *domain.AuditEntry) string { return e.Action }, 5)),
		Evidence: evidenceOf(es), At: first.at, Key: RuleOffHoursAdmin + "|" + actor + "|" + first.e.ID}
}

// hours describes the working hours: "mon, tue, wed, thu, fri 08:00-19:00 UTC".
func (c *OffHours) hours() string {
	return fmt.Sprintf("%s %02d:00-%02d:00 %s", strings.Join(c.Weekdays, ", "), c.StartHour, c.EndHour, c.Zone)
}
