package schedexpr

import (
	"strings"
	"time"
)

// The kinds of expression, as Kind reports them.
const (
	KindRate = "rate"
	KindCron = "cron"
	KindAt   = "at"
)

// maxExpressionLen is ScheduleExpression's length limit in the Scheduler
// API (1 to 256 characters).
const maxExpressionLen = 256

// Expr is a parsed schedule expression. It is immutable and safe for
// concurrent use; the zero Expr never runs.
type Expr struct {
	kind  string
	text  string        // canonical form
	every time.Duration // rate
	at    civil         // at
	cron  *cronSpec     // cron; never modified after Parse
	min   time.Duration // see MinInterval
}

// Parse reads a schedule expression as Scheduler's CreateSchedule would.
// A refusal is an *Error whose Reason says what to change.
func Parse(s string) (Expr, error) {
	if s == "" {
		return Expr{}, refuse("is empty: write rate(5 minutes), cron(0 10 * * ? *) or at(2030-01-31T09:00:00)")
	}
	if len(s) > maxExpressionLen {
		return Expr{}, refuse("is %d characters long; Scheduler accepts at most %d", len(s), maxExpressionLen)
	}
	if strings.TrimSpace(s) != s {
		return Expr{}, refuse("has spaces around it: remove them")
	}
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(s, ")") {
		return Expr{}, refuse("%q is not a schedule: write rate(value unit), cron(minutes hours day-of-month month day-of-week year) or at(yyyy-mm-ddThh:mm:ss)", s)
	}
	var (
		e   Expr
		err *Error
	)
	switch kind, body := s[:open], s[open+1:len(s)-1]; kind {
	case KindRate:
		e, err = parseRate(body)
	case KindCron:
		e, err = parseCron(body)
	case KindAt:
		e, err = parseAt(body)
	default:
		// Not documented whether Scheduler takes RATE( or Cron(; every
		// example is lower case, so only lower case is accepted.
		return Expr{}, refuse("%q is not a schedule type: use rate(...), cron(...) or at(...), in lower case", kind)
	}
	if err != nil {
		return Expr{}, err
	}
	return e, nil
}

// Kind is "rate", "cron" or "at" ("" for the zero Expr).
func (e Expr) Kind() string { return e.kind }

// String is the canonical text: Parse(e.String()) is e. Names are upper
// case, numbers lose leading zeros, and a rate's unit agrees with its
// value (rate(1 hour), rate(2 hours)).
func (e Expr) String() string { return e.text }

// Next returns the first run strictly after after, in loc (nil means UTC),
// and false when there is none: an at() already past, a cron expression
// whose years have run out or whose days never occur.
//
// anchor is the schedule's start — its StartDate, or when it was created or
// last updated — and matters to rate() only: Scheduler counts rate
// intervals from it, the first run being at anchor itself. cron() and at()
// ignore it; a caller that must not run before a start date passes that
// date (or later) as after.
func (e Expr) Next(after, anchor time.Time, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	switch e.kind {
	case KindRate:
		return nextRate(e.every, after, anchor, loc)
	case KindCron:
		return e.cron.nextAfter(after, loc)
	case KindAt:
		return nextAt(e.at, after, loc)
	}
	return time.Time{}, false
}

// NextN returns up to n runs after after, earliest first.
func (e Expr) NextN(after, anchor time.Time, loc *time.Location, n int) []time.Time {
	var runs []time.Time
	for len(runs) < n {
		t, ok := e.Next(after, anchor, loc)
		if !ok {
			break
		}
		runs = append(runs, t)
		after = t
	}
	return runs
}

// RunIn returns the first run in [from, to), if any. A scheduler that wakes
// once a minute asks RunIn(minute, minute+time.Minute, ...).
func (e Expr) RunIn(from, to, anchor time.Time, loc *time.Location) (time.Time, bool) {
	t, ok := e.Next(from.Add(-time.Nanosecond), anchor, loc)
	if !ok || !t.Before(to) {
		return time.Time{}, false
	}
	return t, true
}
