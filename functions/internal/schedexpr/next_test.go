package schedexpr

import (
	"testing"
	"time"
)

// wednesday is the instant the examples count from: Wednesday 15 January
// 2025, 12:34:56 UTC.
var wednesday = time.Date(2025, 1, 15, 12, 34, 56, 0, time.UTC)

// runCase is an expression evaluated from an instant in a zone, with the
// runs it must produce (UTC, to the minute). Fewer runs than asked for
// means the schedule ends.
type runCase struct {
	expr, zone, after string // after "" is wednesday
	want              []string
}

func checkRuns(t *testing.T, tc runCase, anchor time.Time) {
	t.Helper()
	e, err := Parse(tc.expr)
	if err != nil {
		t.Fatalf("Parse(%q): %v", tc.expr, err)
	}
	loc, err := LoadZone(tc.zone)
	if err != nil {
		t.Fatal(err)
	}
	after := wednesday
	if tc.after != "" {
		after = mustTime(t, tc.after)
	}
	got := e.NextN(after, anchor, loc, max(3, len(tc.want)))
	if len(got) != len(tc.want) {
		t.Fatalf("%s in %q after %s: got %d runs %v, want %v", tc.expr, tc.zone, after, len(got), got, tc.want)
	}
	for i, w := range tc.want {
		if !got[i].Equal(mustTime(t, w)) || got[i].Location() != loc {
			t.Errorf("%s in %q after %s: run %d = %s, want %s (in %s)", tc.expr, tc.zone, after, i, got[i], w, loc)
		}
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	for _, layout := range []string{"2006-01-02T15:04Z07:00", time.RFC3339} {
		if v, err := time.Parse(layout, s); err == nil {
			return v
		}
	}
	t.Fatalf("bad time %q", s)
	return time.Time{}
}

// Every example in the EventBridge cron reference and the Scheduler guide
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html,
// https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html),
// with what the documentation says it means.
func TestNextDocumentedExamples(t *testing.T) {
	for _, tc := range []runCase{
		// "Run at 10:00 am (UTC+0) every day"
		{"cron(0 10 * * ? *)", "", "", []string{"2025-01-16T10:00Z", "2025-01-17T10:00Z", "2025-01-18T10:00Z"}},
		// "Run at 12:15 pm (UTC+0) every day"
		{"cron(15 12 * * ? *)", "", "", []string{"2025-01-16T12:15Z", "2025-01-17T12:15Z", "2025-01-18T12:15Z"}},
		// "Run at 6:00 pm (UTC+0) every Monday through Friday"
		{"cron(0 18 ? * MON-FRI *)", "", "", []string{"2025-01-15T18:00Z", "2025-01-16T18:00Z", "2025-01-17T18:00Z"}},
		// "Run at 8:00 am (UTC+0) every 1st day of the month"
		{"cron(0 8 1 * ? *)", "", "", []string{"2025-02-01T08:00Z", "2025-03-01T08:00Z", "2025-04-01T08:00Z"}},
		// "Run every 15 minutes"
		{"cron(0/15 * * * ? *)", "", "", []string{"2025-01-15T12:45Z", "2025-01-15T13:00Z", "2025-01-15T13:15Z"}},
		// "Run every 10 minutes Monday through Friday"
		{"cron(0/10 * ? * MON-FRI *)", "", "", []string{"2025-01-15T12:40Z", "2025-01-15T12:50Z", "2025-01-15T13:00Z"}},
		// "Run every 5 minutes Monday through Friday between 8:00 am and 5:55 pm (UTC+0)"
		{"cron(0/5 8-17 ? * MON-FRI *)", "", "", []string{"2025-01-15T12:35Z", "2025-01-15T12:40Z", "2025-01-15T12:45Z"}},
		{"cron(0/5 8-17 ? * MON-FRI *)", "", "2025-01-17T17:55:00Z", []string{"2025-01-20T08:00Z", "2025-01-20T08:05Z", "2025-01-20T08:10Z"}},
		// "Run every 30 minutes Monday through Friday between 10:00 pm on
		// the starting day to 2:00 am on the following day (UTC)". Fields
		// match independently: Saturday 00:00-02:00 is not Monday-Friday,
		// Monday 00:00-02:00 is.
		{"cron(0/30 20-2 ? * MON-FRI *)", "", "", []string{"2025-01-15T20:00Z", "2025-01-15T20:30Z", "2025-01-15T21:00Z"}},
		{"cron(0/30 20-2 ? * MON-FRI *)", "", "2025-01-17T23:45:00Z", []string{"2025-01-20T00:00Z", "2025-01-20T00:30Z", "2025-01-20T01:00Z"}},
		// "runs every day at 12:00pm UTC+0"
		{"cron(0 12 * * ? *)", "", "", []string{"2025-01-16T12:00Z", "2025-01-17T12:00Z", "2025-01-18T12:00Z"}},
		// "runs every day, at 2:05pm and 2:35pm UTC+0"
		{"cron(5,35 14 * * ? *)", "", "", []string{"2025-01-15T14:05Z", "2025-01-15T14:35Z", "2025-01-16T14:05Z"}},
		// "runs at 10:15am UTC+0 on the last Friday of each month during the years 2019 to 2022"
		{"cron(15 10 ? * 6L 2019-2022)", "", "2019-01-01T00:00:00Z", []string{"2019-01-25T10:15Z", "2019-02-22T10:15Z", "2019-03-29T10:15Z"}},
		{"cron(15 10 ? * 6L 2019-2022)", "", "", nil},
		// Scheduler guide: the same, "during the years 2022 to 2023"
		{"cron(15 10 ? * 6L 2022-2023)", "", "2022-11-01T00:00:00Z", []string{"2022-11-25T10:15Z", "2022-12-30T10:15Z", "2023-01-27T10:15Z"}},
		{"cron(15 10 ? * 6L 2022-2023)", "", "2023-12-01T00:00:00Z", []string{"2023-12-29T10:15Z"}},
		// Scheduler guide: "invokes ... in America/New_York every day at 8:30 a.m."
		{"cron(30 8 * * ? *)", "America/New_York", "", []string{"2025-01-15T13:30Z", "2025-01-16T13:30Z", "2025-01-17T13:30Z"}},
		// Scheduler guide: "runs once at 1pm UTC-8 on November 20, 2022"
		{"at(2022-11-20T13:00:00)", "America/Los_Angeles", "2022-11-01T00:00:00Z", []string{"2022-11-20T21:00Z"}},
		{"at(2022-11-20T13:00:00)", "America/Los_Angeles", "", nil},
	} {
		t.Run(tc.expr+" "+tc.zone+" "+tc.after, func(t *testing.T) { checkRuns(t, tc, time.Time{}) })
	}
}

// The day wildcards beyond the documentation's examples.
func TestNextDayWildcards(t *testing.T) {
	for _, tc := range []runCase{
		{"cron(0 9 ? * 2#1 *)", "", "", []string{"2025-02-03T09:00Z", "2025-03-03T09:00Z", "2025-04-07T09:00Z"}}, // first Monday
		{"cron(0 0 ? * 2#5 *)", "", "", []string{"2025-03-31T00:00Z", "2025-06-30T00:00Z", "2025-09-29T00:00Z"}}, // fifth Monday, when there is one
		{"cron(0 12 ? JAN,JUL 3#3 *)", "", "", []string{"2025-01-21T12:00Z", "2025-07-15T12:00Z", "2026-01-20T12:00Z"}},
		{"cron(0 0 L * ? *)", "", "", []string{"2025-01-31T00:00Z", "2025-02-28T00:00Z", "2025-03-31T00:00Z"}},    // last day of the month
		{"cron(0 0 ? * 6L *)", "", "", []string{"2025-01-31T00:00Z", "2025-02-28T00:00Z", "2025-03-28T00:00Z"}},   // last Friday
		{"cron(0 0 ? * L *)", "", "", []string{"2025-01-18T00:00Z", "2025-01-25T00:00Z", "2025-02-01T00:00Z"}},    // L alone: Saturday
		{"cron(0 12 1W * ? *)", "", "", []string{"2025-02-03T12:00Z", "2025-03-03T12:00Z", "2025-04-01T12:00Z"}},  // Saturday 1st: Monday 3rd
		{"cron(0 12 15W * ? *)", "", "", []string{"2025-02-14T12:00Z", "2025-03-14T12:00Z", "2025-04-15T12:00Z"}}, // Saturday 15th: Friday 14th
		{"cron(0 12 30W * ? *)", "", "2025-11-01T00:00:00Z", // Sunday 30th and last: Friday 28th; no 30th in February
			[]string{"2025-11-28T12:00Z", "2025-12-30T12:00Z", "2026-01-30T12:00Z", "2026-03-30T12:00Z"}},
		{"cron(0 0 29 2 ? *)", "", "", []string{"2028-02-29T00:00Z", "2032-02-29T00:00Z", "2036-02-29T00:00Z"}},
	} {
		t.Run(tc.expr, func(t *testing.T) { checkRuns(t, tc, time.Time{}) })
	}
}

func TestNextYearsRunOut(t *testing.T) {
	for _, tc := range []runCase{
		{"cron(0 0 1 1 ? 2020)", "", "", nil},
		{"cron(0 0 1 1 ? 2020-2025)", "", "", nil},
		{"cron(0 0 1 1 ? 2026)", "", "", []string{"2026-01-01T00:00Z"}},
		{"cron(59 23 31 12 ? *)", "", "2199-12-30T00:00:00Z", []string{"2199-12-31T23:59Z"}},
		{"cron(0 0 29 2 ? *)", "", "2196-03-01T00:00:00Z", nil}, // 2200 is past the last year
		{"cron(0 0 29 2 ? 2197-2199)", "", "1970-01-01T00:00:00Z", nil},
		{"cron(0 0 31 4 ? *)", "", "1970-01-01T00:00:00Z", nil}, // April has no 31st
		{"cron(0 0 30 2 ? *)", "", "1970-01-01T00:00:00Z", nil},
		{"cron(0 0 1 1 ? *)", "", "1900-06-01T00:00:00Z", []string{"1970-01-01T00:00Z", "1971-01-01T00:00Z", "1972-01-01T00:00Z"}},
		{"cron(0 0 1 1 ? *)", "", "2300-01-01T00:00:00Z", nil},
	} {
		t.Run(tc.expr+" "+tc.after, func(t *testing.T) { checkRuns(t, tc, time.Time{}) })
	}
	e, _ := Parse("cron(0 0 1 1 ? 2020)")
	if tm, ok := e.Next(wednesday, time.Time{}, time.UTC); ok || !tm.IsZero() {
		t.Errorf("Next = %v, %v; want the zero time and false", tm, ok)
	}
}

// rate() counts whole intervals from the schedule's start; the first run is
// the start itself ("If you do not provide a StartDate for a rate-based
// schedule, your schedule starts invoking the target immediately").
func TestNextRate(t *testing.T) {
	anchor := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	for _, tc := range []runCase{
		{"rate(5 minutes)", "", "", []string{"2025-01-15T12:35Z", "2025-01-15T12:40Z", "2025-01-15T12:45Z"}},
		{"rate(1 minute)", "", "", []string{"2025-01-15T12:35Z", "2025-01-15T12:36Z", "2025-01-15T12:37Z"}},
		{"rate(1 hour)", "", "", []string{"2025-01-15T13:00Z", "2025-01-15T14:00Z", "2025-01-15T15:00Z"}},
		{"rate(1 day)", "", "", []string{"2025-01-16T12:00Z", "2025-01-17T12:00Z", "2025-01-18T12:00Z"}},
		{"rate(7 days)", "Asia/Tokyo", "", []string{"2025-01-22T12:00Z", "2025-01-29T12:00Z", "2025-02-05T12:00Z"}},
		{"rate(5 minutes)", "", "2025-01-15T11:00:00Z", []string{"2025-01-15T12:00Z", "2025-01-15T12:05Z", "2025-01-15T12:10Z"}},
		{"rate(5 minutes)", "", "2025-01-15T12:05:00Z", []string{"2025-01-15T12:10Z", "2025-01-15T12:15Z", "2025-01-15T12:20Z"}},
	} {
		t.Run(tc.expr+" "+tc.after, func(t *testing.T) { checkRuns(t, tc, anchor) })
	}
	// Seconds in the start are kept: Scheduler invokes within the minute.
	e, _ := Parse("rate(5 minutes)")
	start := time.Date(2025, 1, 15, 12, 0, 37, 0, time.UTC)
	if got, _ := e.Next(start, start, time.UTC); !got.Equal(start.Add(5 * time.Minute)) {
		t.Errorf("Next = %v, want %v", got, start.Add(5*time.Minute))
	}
}

func TestNextAt(t *testing.T) {
	for _, tc := range []runCase{
		{"at(2030-01-31T09:00:00)", "", "", []string{"2030-01-31T09:00Z"}},
		{"at(2030-01-31T09:00:30)", "Europe/London", "", []string{"2030-01-31T09:00:30Z"}},
		{"at(2030-07-31T09:00:00)", "Europe/London", "", []string{"2030-07-31T08:00Z"}},
		{"at(2030-01-31T09:00:00)", "", "2030-01-31T09:00:00Z", nil}, // strictly after
		{"at(2025-01-15T12:34:00)", "", "", nil},
	} {
		t.Run(tc.expr+" "+tc.zone+" "+tc.after, func(t *testing.T) { checkRuns(t, tc, time.Time{}) })
	}
}

func TestRunIn(t *testing.T) {
	minute := time.Date(2025, 1, 15, 12, 45, 0, 0, time.UTC)
	for _, tc := range []struct {
		expr string
		want bool
	}{
		{"cron(0/15 * * * ? *)", true},
		{"cron(0/10 * * * ? *)", false},
		{"cron(45 12 * * ? *)", true},
		{"cron(46 12 * * ? *)", false},
		{"at(2025-01-15T12:45:59)", true},
		{"at(2025-01-15T12:46:00)", false},
		{"rate(15 minutes)", true},
		{"rate(7 minutes)", false},
	} {
		e, err := Parse(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		anchor := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
		if _, got := e.RunIn(minute, minute.Add(time.Minute), anchor, time.UTC); got != tc.want {
			t.Errorf("%s RunIn(12:45) = %v, want %v", tc.expr, got, tc.want)
		}
	}
}

func TestZeroExprNeverRuns(t *testing.T) {
	var e Expr
	if _, ok := e.Next(wednesday, wednesday, nil); ok || e.Kind() != "" || e.String() != "" || e.MinInterval() != 0 || e.CheckFloor(time.Hour) != nil {
		t.Errorf("zero Expr: %q %q %v", e.Kind(), e.String(), e.MinInterval())
	}
}
