package schedexpr

import (
	"strconv"
	"strings"
	"time"
)

// rateUnits are the units of rate(value unit). Scheduler's API reference
// lists "minute | minutes | hour | hours | day | days" without tying the
// singular to 1; its own guide writes rate(1 days). (EventBridge rules, by
// contrast, require the singular for 1 and the plural otherwise.) So both
// forms are accepted whatever the value, and String writes the one that
// agrees with the value, which both services accept.
var rateUnits = map[string]time.Duration{
	"minute": time.Minute, "minutes": time.Minute,
	"hour": time.Hour, "hours": time.Hour,
	"day": 24 * time.Hour, "days": 24 * time.Hour,
}

// maxRate keeps value × unit well inside time.Duration. Scheduler documents
// no upper limit; a rate longer than a century never runs twice in any
// schedule's life.
const maxRate = 36500 * 24 * time.Hour

func parseRate(body string) (Expr, *Error) {
	value, unit, ok := strings.Cut(body, " ")
	if !ok || value == "" || unit == "" || strings.ContainsAny(unit, " \t") || strings.ContainsAny(value, "\t") {
		return Expr{}, refuse("rate(%s) needs a whole number and a unit separated by one space, e.g. rate(5 minutes)", body)
	}
	per, ok := rateUnits[unit]
	if !ok {
		return Expr{}, refuse("%q is not a rate unit: use minute(s), hour(s) or day(s), in lower case", unit)
	}
	// Not documented: leading zeros and signs. "A positive integer" is
	// read strictly.
	if value[0] < '1' || value[0] > '9' || strings.Trim(value, "0123456789") != "" {
		return Expr{}, refuse("rate value %q must be a positive whole number, e.g. rate(5 %s)", value, plural(unit))
	}
	n, err := strconv.ParseInt(value, 10, 64)
	if err != nil || n > int64(maxRate/per) {
		return Expr{}, refuse("rate(%s) is longer than 100 years", body)
	}
	name := strings.TrimSuffix(unit, "s")
	if n != 1 {
		name += "s"
	}
	text := "rate(" + value + " " + name + ")"
	every := time.Duration(n) * per
	return Expr{kind: KindRate, text: text, every: every, min: every}, nil
}

func plural(unit string) string { return strings.TrimSuffix(unit, "s") + "s" }

// nextRate counts whole intervals from anchor: runs are anchor,
// anchor+every, anchor+2·every, ... in absolute time, whatever the clocks
// do in between.
func nextRate(every time.Duration, after, anchor time.Time, loc *time.Location) (time.Time, bool) {
	if after.Before(anchor) {
		return anchor.In(loc), true
	}
	since := after.Sub(anchor)
	if since >= time.Duration(1<<63-1)-every {
		return time.Time{}, false // out of time.Duration's range: centuries apart
	}
	t := anchor.Add(since / every * every)
	if !t.After(after) {
		t = t.Add(every)
	}
	return t.In(loc), true
}
