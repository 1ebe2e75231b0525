package schedexpr

import (
	"math/bits"
	"time"
)

// cronSpec is a parsed cron expression, one bitset per field. It is never
// modified after parseCron.
type cronSpec struct {
	minutes uint64 // bits 0-59
	hours   uint32 // bits 0-23
	months  uint16 // bits 1-12
	years   bitset // bit y-1970
	days    dayRule
}

// nextAfter is the first run strictly after after, in loc: the first
// matching wall-clock minute that loc's clocks show after after (see
// dst.go: a minute in a spring-forward gap is skipped, a minute shown twice
// runs at its first showing only).
func (c *cronSpec) nextAfter(after time.Time, loc *time.Location) (time.Time, bool) {
	from := civilOf(after.In(loc)).nextMinute()
	for {
		w, ok := c.next(from)
		if !ok {
			return time.Time{}, false
		}
		// A minute already shown before after (a fall-back's second pass)
		// or never shown is passed over; the loop crosses at most the
		// minutes of one transition.
		if t, ok := instant(w, loc); ok && t.After(after) {
			return t, true
		}
		from = w.nextMinute()
	}
}

// next is the first matching wall-clock minute at or after from. It jumps
// field by field — year, month, day, hour, minute — and goes back up a
// level whenever a field has no match left, so it never walks minute by
// minute.
func (c *cronSpec) next(from civil) (civil, bool) {
	y, mo, d, h, mi := from.year, from.month, from.day, from.hour, from.minute
	if y < minYear {
		y, mo, d, h, mi = minYear, 1, 1, 0, 0
	}
	for {
		ny, ok := c.nextYear(y)
		if !ok {
			return civil{}, false
		}
		if ny != y {
			y, mo, d, h, mi = ny, 1, 1, 0, 0
		}
		nmo, ok := nextBit(uint64(c.months), mo)
		if !ok {
			y, mo, d, h, mi = y+1, 1, 1, 0, 0
			continue
		}
		if nmo != mo {
			mo, d, h, mi = nmo, 1, 0, 0
		}
		nd, ok := nextBit(uint64(c.days.days(y, mo)), d)
		if !ok {
			mo, d, h, mi = mo+1, 1, 0, 0
			continue
		}
		if nd != d {
			d, h, mi = nd, 0, 0
		}
		nh, ok := nextBit(uint64(c.hours), h)
		if !ok {
			d, h, mi = d+1, 0, 0
			continue
		}
		if nh != h {
			h, mi = nh, 0
		}
		nmi, ok := nextBit(c.minutes, mi)
		if !ok {
			h, mi = h+1, 0
			continue
		}
		return civil{year: y, month: mo, day: d, hour: h, minute: nmi}, true
	}
}

// nextYear is the first listed year at or after y.
func (c *cronSpec) nextYear(y int) (int, bool) {
	if y > maxYear {
		return 0, false
	}
	i := y - minYear
	for w := i / 64; w < len(c.years); w++ {
		word := c.years[w]
		if w == i/64 {
			word &= ^uint64(0) << (i % 64)
		}
		if word != 0 {
			return minYear + w*64 + bits.TrailingZeros64(word), true
		}
	}
	return 0, false
}

// nextBit is the lowest set bit of set at or above from.
func nextBit(set uint64, from int) (int, bool) {
	if from >= 64 {
		return 0, false
	}
	rest := set >> from
	if rest == 0 {
		return 0, false
	}
	return from + bits.TrailingZeros64(rest), true
}
