package schedexpr

import (
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// MinInterval is the shortest gap between two consecutive runs: the rate
// for rate(); for cron(), the shortest gap between consecutive matching
// wall-clock minutes anywhere in 1970-2199, computed exactly from the
// fields; 0 for at() and for a cron expression that runs once or never.
//
// A cron gap is measured on the wall clock, as the expression is written.
// Where clocks spring forward the real gap across the missing hour is
// shorter: cron(0,58 1,3 * * ? *) has a 58-minute wall gap from 01:58 to
// 03:00 that is 2 real minutes on that night in America/New_York.
func (e Expr) MinInterval() time.Duration { return e.min }

// CheckFloor refuses an expression that can run more often than once every
// floor, naming its interval.
func (e Expr) CheckFloor(floor time.Duration) error {
	if e.min == 0 || e.min >= floor {
		return nil
	}
	return refuse("%s runs every %s at its most frequent; schedules may run at most once every %s",
		e.text, humanDuration(e.min), humanDuration(floor))
}

// minInterval finds the shortest wall-clock gap in minutes between
// consecutive runs. Within a day the runs are the hours × minutes grid, so
// the shortest gap there comes from the fields alone. Between two matching
// days the gap is (days apart) × 1440 minus the day's last time plus its
// first, so only the fewest days between consecutive matching days is
// needed, found by one pass over the months (2,760 at most, each a bitmask).
func (c *cronSpec) minInterval() time.Duration {
	first, last := bits.TrailingZeros32(c.hours)*60+bits.TrailingZeros64(c.minutes),
		(31-bits.LeadingZeros32(c.hours))*60+(63-bits.LeadingZeros64(c.minutes))
	best := 1 << 62
	if g := smallestGap(c.minutes); g > 0 {
		best = g
	}
	if g := smallestGap(uint64(c.hours)); g > 0 {
		// Consecutive hours: last minute of the one to first minute of the next.
		best = min(best, g*60+bits.TrailingZeros64(c.minutes)-(63-bits.LeadingZeros64(c.minutes)))
	}
	apart, matchingDays := c.fewestDaysBetweenRuns()
	switch {
	case matchingDays == 0:
		return 0
	case apart > 0:
		best = min(best, apart*1440+first-last)
	}
	if best == 1<<62 {
		return 0 // a single run
	}
	return time.Duration(best) * time.Minute
}

// fewestDaysBetweenRuns returns the fewest days between consecutive
// matching days (0 if fewer than two) and whether there are none, one or
// more matching days at all (0, 1 or 2).
func (c *cronSpec) fewestDaysBetweenRuns() (apart, matchingDays int) {
	prev := -1
	for y := minYear; y <= maxYear; y++ {
		if !c.years.has(y - minYear) {
			continue
		}
		for m := 1; m <= 12; m++ {
			if c.months&(1<<m) == 0 {
				continue
			}
			days := c.days.days(y, m)
			if days == 0 {
				continue
			}
			base := dayNumber(y, m, 1) - 1
			if prev >= 0 {
				gap := base + bits.TrailingZeros32(days) - prev
				if apart == 0 || gap < apart {
					apart = gap
				}
			}
			if g := smallestGap(uint64(days)); g > 0 && (apart == 0 || g < apart) {
				apart = g
			}
			if prev < 0 && bits.OnesCount32(days) == 1 {
				matchingDays = 1
			} else {
				matchingDays = 2
			}
			prev = base + 31 - bits.LeadingZeros32(days)
			if apart == 1 {
				return 1, 2 // cannot get closer
			}
		}
	}
	return apart, matchingDays
}

// smallestGap is the smallest distance between two set bits, 0 if fewer
// than two are set.
func smallestGap(set uint64) int {
	gap := 0
	for set != 0 {
		low := bits.TrailingZeros64(set)
		set &= set - 1
		if set == 0 {
			break
		}
		if g := bits.TrailingZeros64(set) - low; gap == 0 || g < gap {
			gap = g
		}
	}
	return gap
}

// humanDuration writes d in days, hours and minutes: "1 hour 30 minutes".
func humanDuration(d time.Duration) string {
	total := int(d / time.Minute)
	if total < 1 {
		return d.String()
	}
	var parts []string
	for _, u := range []struct {
		name string
		size int
	}{{"day", 1440}, {"hour", 60}, {"minute", 1}} {
		if n := total / u.size; n > 0 {
			p := strconv.Itoa(n) + " " + u.name
			if n != 1 {
				p += "s"
			}
			parts = append(parts, p)
			total %= u.size
		}
	}
	return strings.Join(parts, " ")
}
