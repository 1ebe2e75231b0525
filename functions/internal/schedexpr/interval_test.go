package schedexpr

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestMinInterval(t *testing.T) {
	const day = 24 * time.Hour
	for _, tc := range []struct {
		expr string
		want time.Duration
	}{
		{"rate(1 minute)", time.Minute},
		{"rate(5 minutes)", 5 * time.Minute},
		{"rate(2 hours)", 2 * time.Hour},
		{"rate(1 day)", day},
		{"at(2030-01-31T09:00:00)", 0}, // a single run
		{"cron(0/1 * * * ? *)", time.Minute},
		{"cron(* * * * ? *)", time.Minute},
		{"cron(0,3 * * * ? *)", 3 * time.Minute},
		{"cron(0,2 * * * ? *)", 2 * time.Minute},
		{"cron(*/5 * * * ? *)", 5 * time.Minute},
		{"cron(0/15 * * * ? *)", 15 * time.Minute},
		{"cron(0/5 8-17 ? * MON-FRI *)", 5 * time.Minute},
		{"cron(0/30 20-2 ? * MON-FRI *)", 30 * time.Minute},
		{"cron(5,35 14 * * ? *)", 30 * time.Minute},
		{"cron(55 * * * ? *)", time.Hour},
		{"cron(0,50 * * * ? *)", 10 * time.Minute}, // 00:50 -> 01:00
		{"cron(10,15 0,12 * * ? *)", 5 * time.Minute},
		{"cron(0,59 0,23 * * ? *)", time.Minute}, // 23:59 -> 00:00 the next day
		{"cron(0 0,12 * * ? *)", 12 * time.Hour},
		{"cron(0 10 * * ? *)", day},
		{"cron(0 18 ? * MON-FRI *)", day},
		{"cron(0 0 ? * 1,7 *)", day}, // Saturday -> Sunday
		{"cron(0 0 ? * L *)", 7 * day},
		{"cron(0 9 ? * 2#1 *)", 28 * day},
		{"cron(0 0 ? * 2#5 *)", 63 * day}, // fifth Mondays, computed independently
		{"cron(0 0 L * ? *)", 28 * day},   // 31 January -> 28 February
		{"cron(0 0 ? * 6L *)", 28 * day},
		{"cron(0 0 15W * ? *)", 28 * day},
		{"cron(0 0 29 2 ? *)", 1461 * day}, // leap years four apart
		{"cron(0 0 1 1 ? 2030)", 0},        // a single run
		{"cron(0,30 0 1 1 ? 2030)", 30 * time.Minute},
		{"cron(0 0 30 2 ? *)", 0}, // never runs
		{"cron(0 0 1 1 ? 2030,2032)", 730 * day},
	} {
		e, err := Parse(tc.expr)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.expr, err)
		}
		if got := e.MinInterval(); got != tc.want {
			t.Errorf("%s: MinInterval = %v, want %v", tc.expr, got, tc.want)
		}
	}
}

// The product refuses schedules that run more often than every 5 minutes.
func TestCheckFloor(t *testing.T) {
	const floor = 5 * time.Minute
	for _, tc := range []struct {
		expr   string
		reason string // "" accepted
	}{
		{"rate(1 minute)", "rate(1 minute) runs every 1 minute at its most frequent; schedules may run at most once every 5 minutes"},
		{"rate(4 minutes)", "runs every 4 minutes"},
		{"rate(5 minutes)", ""},
		{"rate(1 hour)", ""},
		{"cron(0/1 * * * ? *)", "cron(0/1 * * * ? *) runs every 1 minute"},
		{"cron(* * * * ? *)", "runs every 1 minute"},
		{"cron(0,2 * * * ? *)", "runs every 2 minutes"},
		{"cron(0,3 * * * ? *)", "runs every 3 minutes"},
		{"cron(0,59 0,23 * * ? *)", "runs every 1 minute"},
		{"cron(*/5 * * * ? *)", ""},
		{"cron(0/5 8-17 ? * MON-FRI *)", ""},
		{"cron(0 10 * * ? *)", ""},
		{"at(2030-01-31T09:00:00)", ""},
	} {
		e, err := Parse(tc.expr)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.expr, err)
		}
		err = e.CheckFloor(floor)
		if tc.reason == "" {
			if err != nil {
				t.Errorf("%s: CheckFloor = %v, want nil", tc.expr, err)
			}
			continue
		}
		var pe *Error
		if !errors.As(err, &pe) || pe.Field != "expression" || !strings.Contains(pe.Reason, tc.reason) {
			t.Errorf("%s: CheckFloor = %v, want an expression error containing %q", tc.expr, err, tc.reason)
		}
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Minute:        "1 minute",
		90 * time.Minute:   "1 hour 30 minutes",
		24 * time.Hour:     "1 day",
		1441 * time.Minute: "1 day 1 minute",
		49 * time.Hour:     "2 days 1 hour",
		30 * time.Second:   "30s",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
