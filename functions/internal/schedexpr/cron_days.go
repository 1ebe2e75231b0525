package schedexpr

// dayKind is how a cron expression picks days: from day-of-month or from
// day-of-week, whichever is not ?.
type dayKind uint8

const (
	daysOfMonth    dayKind = iota + 1 // listed days of the month
	lastDayOfMonth                    // L in day-of-month
	nearestWeekday                    // nW in day-of-month
	daysOfWeek                        // listed days of the week (L alone is Saturday)
	lastWeekday                       // nL in day-of-week: the last day n of the month
	nthWeekday                        // n#k in day-of-week: the k-th day n of the month
)

type dayRule struct {
	kind dayKind
	set  uint32 // daysOfMonth: bits 1-31; daysOfWeek: bits 1-7
	n, k int
	// byFirst[w] holds the days of a month whose 1st falls on weekday w
	// (0 = Sunday) that match a daysOfWeek rule.
	byFirst [7]uint32
}

func newDaysOfWeek(days uint8) dayRule {
	r := dayRule{kind: daysOfWeek, set: uint32(days)}
	for first := range 7 {
		for d := 1; d <= 31; d++ {
			if days&(1<<((first+d-1)%7+1)) != 0 {
				r.byFirst[first] |= 1 << d
			}
		}
	}
	return r
}

// days returns the days of month m of year y that the rule picks, as bits
// 1-31.
func (r *dayRule) days(y, m int) uint32 {
	last := daysIn(y, m)
	month := uint32(1)<<(last+1) - 2
	switch r.kind {
	case daysOfMonth:
		return r.set & month
	case lastDayOfMonth:
		return 1 << last
	case nearestWeekday:
		if r.n > last {
			// Not documented: 31W in a 30-day month. No day is picked
			// rather than one guessed.
			return 0
		}
		return 1 << nearestWeekdayTo(y, m, r.n, last)
	case daysOfWeek:
		return r.byFirst[weekday(y, m, 1)] & month
	case lastWeekday:
		return 1 << (last - (weekday(y, m, last)-(r.n-1)+7)%7)
	case nthWeekday:
		d := 1 + (r.n-1-weekday(y, m, 1)+7)%7 + 7*(r.k-1)
		if d > last {
			return 0 // no fifth Monday this month
		}
		return 1 << d
	}
	return 0
}

// nearestWeekdayTo is "the weekday closest to" day n, never leaving the
// month: a Saturday 1st gives Monday the 3rd, a Sunday last day gives the
// Friday before (Quartz's rule, which the cron reference's 3W describes).
func nearestWeekdayTo(y, m, n, last int) int {
	switch weekday(y, m, n) {
	case 6: // Saturday
		if n == 1 {
			return 3
		}
		return n - 1
	case 0: // Sunday
		if n == last {
			return n - 2
		}
		return n + 1
	}
	return n
}
