package schedules

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/schedexpr"
)

// Floor is the product's limit: a schedule runs at most once every five
// minutes.
const Floor = 5 * time.Minute

// shownRuns is how many next runs an answer carries.
const shownRuns = 3

// timing is a schedule's expression and zone, parsed.
type timing struct {
	expr   schedexpr.Expr
	loc    *time.Location
	anchor time.Time
}

// parsed caches parsed expressions: parsing a cron expression computes
// its shortest interval over two centuries, far more than evaluating it.
// Entries are few (a deployment's distinct expressions); past maxParsed
// new ones are parsed each time rather than kept.
var (
	parsed      sync.Map // expression -> schedexpr.Expr
	parsedCount atomic.Int64
)

const maxParsed = 10_000

func parse(text string) (schedexpr.Expr, error) {
	if e, ok := parsed.Load(text); ok {
		return e.(schedexpr.Expr), nil
	}
	e, err := schedexpr.Parse(text)
	if err == nil && parsedCount.Load() < maxParsed {
		if _, loaded := parsed.LoadOrStore(text, e); !loaded {
			parsedCount.Add(1)
		}
	}
	return e, err
}

func timingOf(sc *domain.Schedule) (timing, error) {
	e, err := parse(sc.Expression)
	if err != nil {
		return timing{}, err
	}
	loc, err := schedexpr.LoadZone(sc.Timezone)
	if err != nil {
		return timing{}, err
	}
	return timing{expr: e, loc: loc, anchor: sc.Anchor}, nil
}

// next is the first run strictly after after (zero: none).
func (t timing) next(after time.Time) time.Time {
	n, ok := t.expr.Next(after, t.anchor, t.loc)
	if !ok {
		return time.Time{}
	}
	return n.UTC()
}

// latest is the latest run at or before now, starting from due (a run
// at or before now): a schedule that missed several runs fires once, for
// the latest. The walk is bounded; past the bound due is answered.
func (t timing) latest(due, now time.Time) time.Time {
	at := due
	for range 100_000 {
		n := t.next(at)
		if n.IsZero() || n.After(now) {
			return at
		}
		at = n
	}
	return due
}

// NextRuns are the next n runs of a schedule after after, in UTC; none
// for a disabled schedule or one that does not parse.
func NextRuns(sc *domain.Schedule, after time.Time, n int) []time.Time {
	if !sc.Enabled {
		return []time.Time{}
	}
	t, err := timingOf(sc)
	if err != nil {
		return []time.Time{}
	}
	out := make([]time.Time, 0, n)
	for _, r := range t.expr.NextN(after, t.anchor, t.loc, n) {
		out = append(out, r.UTC())
	}
	return out
}

// withNextRuns fills an answer's nextRuns.
func withNextRuns(sc *domain.Schedule, now time.Time) *domain.Schedule {
	sc.NextRuns = NextRuns(sc, now, shownRuns)
	return sc
}
