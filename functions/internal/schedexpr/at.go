package schedexpr

import (
	"fmt"
	"time"
)

// parseAt reads at(yyyy-mm-ddThh:mm:ss): a wall-clock date and time in the
// schedule's time zone, which is set apart from the expression.
func parseAt(body string) (Expr, *Error) {
	const form = "at() takes a date and time as yyyy-mm-ddThh:mm:ss, e.g. at(2030-01-31T09:00:00)"
	if len(body) < 19 || !atShape(body[:19]) {
		return Expr{}, refuse("%s; got at(%s)", form, body)
	}
	if rest := body[19:]; rest != "" {
		if rest[0] == '.' {
			return Expr{}, refuse("at(%s) has fractional seconds: %s", body, form)
		}
		return Expr{}, refuse("at(%s) carries a zone or offset (%s): write the local time only, the schedule's time zone is set separately", body, rest)
	}
	c := civil{
		year: num(body[0:4]), month: num(body[5:7]), day: num(body[8:10]),
		hour: num(body[11:13]), minute: num(body[14:16]), second: num(body[17:19]),
	}
	// Not documented: the year range. cron()'s 1970-2199 is used so that
	// both kinds of schedule live in the same span.
	if c.year < minYear || c.year > maxYear {
		return Expr{}, refuse("at(%s): the year must be between %d and %d", body, minYear, maxYear)
	}
	if c.month < 1 || c.month > 12 || c.day < 1 || c.day > daysIn(c.year, c.month) {
		return Expr{}, refuse("at(%s): %s is not a date", body, body[:10])
	}
	if c.hour > 23 || c.minute > 59 || c.second > 59 {
		return Expr{}, refuse("at(%s): %s is not a time of day (00:00:00 to 23:59:59)", body, body[11:19])
	}
	text := fmt.Sprintf("at(%04d-%02d-%02dT%02d:%02d:%02d)", c.year, c.month, c.day, c.hour, c.minute, c.second)
	return Expr{kind: KindAt, text: text, at: c}, nil
}

// atShape reports whether s is dddd-dd-ddTdd:dd:dd.
func atShape(s string) bool {
	for i := range len(s) {
		switch i {
		case 4, 7:
			if s[i] != '-' {
				return false
			}
		case 10:
			if s[i] != 'T' {
				return false
			}
		case 13, 16:
			if s[i] != ':' {
				return false
			}
		default:
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
	}
	return true
}

func num(digits string) int {
	n := 0
	for i := range len(digits) {
		n = n*10 + int(digits[i]-'0')
	}
	return n
}

// nextAt is the single run: the first time loc's clocks show c (see dst.go
// for a time shown twice or never).
func nextAt(c civil, after time.Time, loc *time.Location) (time.Time, bool) {
	t, ok := instant(c, loc)
	if !ok {
		t = pastGap(c, loc)
	}
	if !t.After(after) {
		return time.Time{}, false
	}
	return t, true
}
