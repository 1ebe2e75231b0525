package schedexpr

import "time"

// civil is a wall-clock date and time with no zone: what a cron expression
// matches and what an at() expression names.
type civil struct {
	year, month, day, hour, minute, second int
}

func civilOf(t time.Time) civil {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return civil{y, int(mo), d, h, mi, s}
}

// in is the instant at which loc's clocks show c. Where they show it twice
// or never, time.Date picks one side; instant (dst.go) decides properly.
func (c civil) in(loc *time.Location) time.Time {
	return time.Date(c.year, time.Month(c.month), c.day, c.hour, c.minute, c.second, 0, loc)
}

// shownBy reports whether t's clock reads c.
func (c civil) shownBy(t time.Time) bool { return civilOf(t) == c }

// nextMinute is the start of the minute after c.
func (c civil) nextMinute() civil {
	c.second = 0
	if c.minute++; c.minute < 60 {
		return c
	}
	c.minute = 0
	if c.hour++; c.hour < 24 {
		return c
	}
	c.hour = 0
	if c.day++; c.day <= daysIn(c.year, c.month) {
		return c
	}
	c.day = 1
	if c.month++; c.month <= 12 {
		return c
	}
	c.month = 1
	c.year++
	return c
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// weekday of a date, 0 = Sunday (Sakamoto's method: no time.Time needed in
// the search loops).
func weekday(y, m, d int) int {
	offsets := [12]int{0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4}
	if m < 3 {
		y--
	}
	return (y + y/4 - y/100 + y/400 + offsets[m-1] + d) % 7
}

// dayNumber counts days from 1970-01-01 (Hinnant's days_from_civil).
func dayNumber(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
