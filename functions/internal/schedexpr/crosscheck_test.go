package schedexpr

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// The fast search and MinInterval are checked against a slow reference
// that walks day by day and tests each day with the time package.

// referenceDay reports whether a cron day rule picks day, computed from
// time.Time rather than the search's bit tricks.
func referenceDay(r dayRule, day time.Time) bool {
	y, m, d := day.Date()
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	wd := int(day.Weekday()) + 1 // 1 is Sunday
	switch r.kind {
	case daysOfMonth:
		return r.set&(1<<d) != 0
	case lastDayOfMonth:
		return d == last
	case nearestWeekday:
		if r.n > last {
			return false
		}
		target := r.n
		switch time.Date(y, m, r.n, 0, 0, 0, 0, time.UTC).Weekday() {
		case time.Saturday:
			if target == 1 {
				target = 3
			} else {
				target--
			}
		case time.Sunday:
			if target == last {
				target -= 2
			} else {
				target++
			}
		}
		return d == target
	case daysOfWeek:
		return r.set&(1<<wd) != 0
	case lastWeekday:
		return wd == r.n && d+7 > last
	case nthWeekday:
		return wd == r.n && (d-1)/7 == r.k-1
	}
	panic("unknown day rule")
}

// referenceRuns lists the wall-clock runs (in UTC) from day from through
// day to.
func referenceRuns(c *cronSpec, from, to time.Time, each func(time.Time) bool) {
	for day := from; !day.After(to); day = day.AddDate(0, 0, 1) {
		y, m, _ := day.Date()
		if y < minYear || y > maxYear || !c.years.has(y-minYear) || c.months&(1<<int(m)) == 0 || !referenceDay(c.days, day) {
			continue
		}
		for h := range 24 {
			for mi := range 60 {
				if c.hours&(1<<h) != 0 && c.minutes&(1<<mi) != 0 {
					if !each(day.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute)) {
						return
					}
				}
			}
		}
	}
}

// randomCron builds a valid cron expression from the documented forms.
func randomCron(r *rand.Rand, year string) string {
	pick := func(options ...string) string { return options[r.IntN(len(options))] }
	n := func(lo, hi int) int { return lo + r.IntN(hi-lo+1) }
	list := func(lo, hi int) string {
		switch r.IntN(7) {
		case 0:
			return "*"
		case 1:
			return fmt.Sprint(n(lo, hi))
		case 2:
			return fmt.Sprintf("%d-%d", n(lo, hi), n(lo, hi)) // may wrap
		case 3:
			return fmt.Sprintf("%d/%d", n(lo, hi), n(1, hi))
		case 4:
			return fmt.Sprintf("*/%d", n(1, hi))
		case 5:
			return fmt.Sprintf("%d-%d/%d", n(lo, hi), n(lo, hi), n(1, hi))
		}
		return fmt.Sprintf("%d,%d,%d", n(lo, hi), n(lo, hi), n(lo, hi))
	}
	dom, dow := "?", "?"
	if r.IntN(2) == 0 {
		dom = pick(list(1, 31), "L", fmt.Sprintf("%dW", n(1, 31)), fmt.Sprint(n(1, 31)))
	} else {
		dow = pick(fmt.Sprint(n(1, 7)), fmt.Sprintf("%d-%d", n(1, 7), n(1, 7)), "MON-FRI", "SAT,SUN", "FRI-MON",
			"L", fmt.Sprintf("%dL", n(1, 7)), fmt.Sprintf("%d#%d", n(1, 7), n(1, 5)), "*")
	}
	month := pick("*", "*", list(1, 12), "NOV-FEB", "JAN,JUL", fmt.Sprint(n(1, 12)))
	return fmt.Sprintf("cron(%s %s %s %s %s %s)", list(0, 59), list(0, 23), dom, month, dow, year)
}

func TestNextMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	years := []string{"*", "*", "2025-2027", "2026", "2024/2", "2030"}
	for range 400 {
		text := randomCron(r, years[r.IntN(len(years))])
		e, err := Parse(text)
		if err != nil {
			t.Fatalf("generated %q refused: %v", text, err)
		}
		after := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour))))
		var want []time.Time
		referenceRuns(e.cron, after.Truncate(24*time.Hour), after.AddDate(12, 0, 0), func(t time.Time) bool {
			if t.After(after) {
				want = append(want, t)
			}
			return len(want) < 5
		})
		got := e.NextN(after, time.Time{}, time.UTC, 5)
		if len(want) < 5 && len(got) > len(want) && got[len(want)].Before(after.AddDate(12, 0, 0)) {
			t.Fatalf("%s after %s: got %v, reference %v", text, after, got, want)
		}
		for i := range want {
			if i >= len(got) || !got[i].Equal(want[i]) {
				t.Fatalf("%s after %s: got %v, reference %v", text, after, got, want)
			}
		}
	}
}

func TestMinIntervalMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		year := []string{"2025", "2024", "2027-2028", "2031,2033"}[r.IntN(4)]
		text := randomCron(r, year)
		e, err := Parse(text)
		if err != nil {
			t.Fatalf("generated %q refused: %v", text, err)
		}
		var prev time.Time
		var want time.Duration
		referenceRuns(e.cron, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2033, 12, 31, 0, 0, 0, 0, time.UTC), func(t time.Time) bool {
			if !prev.IsZero() && (want == 0 || t.Sub(prev) < want) {
				want = t.Sub(prev)
			}
			prev = t
			return true
		})
		if got := e.MinInterval(); got != want {
			t.Fatalf("%s: MinInterval = %v, reference %v", text, got, want)
		}
	}
}
