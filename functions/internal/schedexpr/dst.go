package schedexpr

import "time"

// Daylight saving time, as the Scheduler User Guide states it
// (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#daylist-savings-time):
//
//	"EventBridge Scheduler automatically adjusts your schedule for daylight
//	saving time. When time shifts forward in the Spring, if a cron
//	expression falls on a non-existent date and time, your schedule
//	invocation is skipped. When time shifts backwards in the Fall, your
//	schedule runs only once and does not repeat its invocation."
//
// and, for its cron(30 2 * * ? *) example, "runs the schedule only once at
// 2:30 a.m. before the shift occurs": the run that survives a fall-back is
// the first. Rates are durations, not clock readings:
//
//	"For rate-based schedules that use days as the unit, such as
//	rate(1 days), days represents a 24-hour duration on the clock."
//
// A wall time inside a spring-forward gap is not documented for at(); see
// pastGap.

// instant returns the first instant at which loc's clocks show c, and false
// when they never do because c falls in a spring-forward gap.
func instant(c civil, loc *time.Location) (time.Time, bool) {
	t := c.in(loc)
	if !c.shownBy(t) {
		return t, false
	}
	// After a fall-back the clocks show c a second time; time.Date may
	// have picked that one. The first showing was under the offset in force
	// before the transition that opened t's zone period.
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return t, true
	}
	_, now := t.Zone()
	_, before := start.Add(-time.Nanosecond).Zone()
	if before <= now {
		return t, true
	}
	if first := t.Add(-time.Duration(before-now) * time.Second); first.Before(start) && c.shownBy(first) {
		return first, true
	}
	return t, true
}

// pastGap resolves a wall time that falls in a spring-forward gap by moving
// it forward by the gap's length (02:30 on a night that jumps from 02:00 to
// 03:00 becomes 03:30), as java.time does. Scheduler documents skipping for
// cron only; a one-time schedule that silently never ran would be worse
// than one that runs after the gap, so at() takes this rule. Not
// documented.
func pastGap(c civil, loc *time.Location) time.Time {
	t := c.in(loc)
	wall := c.in(time.UTC).Unix()
	_, off := t.Zone()
	start, end := t.ZoneBounds()
	// The gap is the transition that opened t's zone period or the one
	// that closes it, whichever has the wall time between its two clocks.
	if !start.IsZero() {
		_, before := start.Add(-time.Nanosecond).Zone()
		if inGap(wall, start, before, off) {
			return time.Unix(wall-int64(before), 0).In(loc)
		}
	}
	if !end.IsZero() {
		_, after := end.Zone()
		if inGap(wall, end, off, after) {
			return time.Unix(wall-int64(off), 0).In(loc)
		}
	}
	return t
}

// inGap reports whether a wall time (as seconds, read as if UTC) lies
// between the clock readings just before and just after a forward
// transition at the instant at.
func inGap(wall int64, at time.Time, before, after int) bool {
	return before < after && wall >= at.Unix()+int64(before) && wall < at.Unix()+int64(after)
}
