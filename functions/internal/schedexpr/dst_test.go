package schedexpr

import (
	"testing"
	"time"
)

// Scheduler's daylight-saving rules (dst.go): a cron time the clocks skip
// does not run that day; a time the clocks show twice runs once, at its
// first showing; a rate is a duration. Expected runs were computed
// independently from the IANA database (Python's zoneinfo).
func TestNextDaylightSaving(t *testing.T) {
	for _, tc := range []struct {
		name string
		runCase
	}{
		// America/New_York 2025: 02:00 EST -> 03:00 EDT on 9 March,
		// 02:00 EDT -> 01:00 EST on 2 November.
		{"New York spring: 02:30 skipped on 9 March",
			runCase{"cron(30 2 * * ? *)", "America/New_York", "2025-03-08T17:00:00Z", []string{"2025-03-10T06:30Z", "2025-03-11T06:30Z", "2025-03-12T06:30Z"}}},
		{"New York spring: every half hour jumps 01:30 EST -> 03:00 EDT",
			runCase{"cron(0/30 * * * ? *)", "America/New_York", "2025-03-09T06:15:00Z", []string{"2025-03-09T06:30Z", "2025-03-09T07:00Z", "2025-03-09T07:30Z"}}},
		{"New York fall: 01:30 runs once, at 01:30 EDT",
			runCase{"cron(30 1 * * ? *)", "America/New_York", "2025-11-01T12:00:00Z", []string{"2025-11-02T05:30Z", "2025-11-03T06:30Z", "2025-11-04T06:30Z"}}},
		{"New York fall: the repeated hour runs in its first pass only",
			runCase{"cron(0/30 * * * ? *)", "America/New_York", "2025-11-02T04:45:00Z", []string{"2025-11-02T05:00Z", "2025-11-02T05:30Z", "2025-11-02T07:00Z"}}},
		{"New York fall: from inside the second pass, nothing until 02:00 EST",
			runCase{"cron(0/30 * * * ? *)", "America/New_York", "2025-11-02T06:10:00Z", []string{"2025-11-02T07:00Z", "2025-11-02T07:30Z", "2025-11-02T08:00Z"}}},
		// The guide's example: cron(30 2 * * ? *) in America/Los_Angeles.
		{"Los Angeles spring: 02:30 skipped, resumes the next day",
			runCase{"cron(30 2 * * ? *)", "America/Los_Angeles", "2025-03-08T12:00:00Z", []string{"2025-03-10T09:30Z", "2025-03-11T09:30Z", "2025-03-12T09:30Z"}}},
		{"Los Angeles fall: 02:30 happens once (the repeated hour is 01:00-02:00)",
			runCase{"cron(30 2 * * ? *)", "America/Los_Angeles", "2025-11-01T12:00:00Z", []string{"2025-11-02T10:30Z", "2025-11-03T10:30Z", "2025-11-04T10:30Z"}}},
		{"Los Angeles fall: 01:30 runs once, at 01:30 PDT",
			runCase{"cron(30 1 * * ? *)", "America/Los_Angeles", "2025-11-01T12:00:00Z", []string{"2025-11-02T08:30Z", "2025-11-03T09:30Z", "2025-11-04T09:30Z"}}},
		// Europe/London 2025: 01:00 GMT -> 02:00 BST on 30 March,
		// 02:00 BST -> 01:00 GMT on 26 October.
		{"London spring: 01:30 skipped on 30 March",
			runCase{"cron(30 1 * * ? *)", "Europe/London", "2025-03-29T12:00:00Z", []string{"2025-03-31T00:30Z", "2025-04-01T00:30Z", "2025-04-02T00:30Z"}}},
		{"London fall: 01:30 runs once, at 01:30 BST",
			runCase{"cron(30 1 * * ? *)", "Europe/London", "2025-10-25T12:00:00Z", []string{"2025-10-26T00:30Z", "2025-10-27T01:30Z", "2025-10-28T01:30Z"}}},
		// Australia/Lord_Howe shifts by 30 minutes: 02:00 -> 01:30
		// (+11 -> +10:30) on 6 April 2025, 02:00 -> 02:30 on 5 October 2025.
		{"Lord Howe fall: 01:45 runs once, at 01:45 +11",
			runCase{"cron(45 1 * * ? *)", "Australia/Lord_Howe", "2025-04-05T00:00:00Z", []string{"2025-04-05T14:45Z", "2025-04-06T15:15Z", "2025-04-07T15:15Z"}}},
		{"Lord Howe fall: the repeated half hour runs in its first pass only",
			runCase{"cron(0/15 * * * ? *)", "Australia/Lord_Howe", "2025-04-05T14:50:00Z", []string{"2025-04-05T15:30Z", "2025-04-05T15:45Z", "2025-04-05T16:00Z", "2025-04-05T16:15Z"}}},
		{"Lord Howe spring: 02:15 skipped on 5 October",
			runCase{"cron(15 2 * * ? *)", "Australia/Lord_Howe", "2025-10-04T00:00:00Z", []string{"2025-10-05T15:15Z", "2025-10-06T15:15Z", "2025-10-07T15:15Z"}}},
		{"Lord Howe spring: every quarter hour jumps 01:45 -> 02:30",
			runCase{"cron(0/15 * * * ? *)", "Australia/Lord_Howe", "2025-10-04T15:20:00Z", []string{"2025-10-04T15:30Z", "2025-10-04T15:45Z", "2025-10-04T16:00Z"}}},
		// A zone without daylight saving is not adjusted.
		{"Kolkata: no transitions",
			runCase{"cron(30 2 * * ? *)", "Asia/Kolkata", "2025-03-08T12:00:00Z", []string{"2025-03-08T21:00Z", "2025-03-09T21:00Z", "2025-03-10T21:00Z"}}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkRuns(t, tc.runCase, time.Time{}) })
	}
}

// "For rate-based schedules that use days as the unit ... days represents
// a 24-hour duration on the clock": across the spring-forward night a
// noon-EST daily rate runs at 13:00 EDT.
func TestRateIgnoresDaylightSaving(t *testing.T) {
	ny, _ := LoadZone("America/New_York")
	anchor := time.Date(2025, 3, 8, 12, 0, 0, 0, ny)
	e, _ := Parse("rate(1 day)")
	got := e.NextN(anchor, anchor, ny, 3)
	for i, want := range []string{"2025-03-09T13:00:00-04:00", "2025-03-10T13:00:00-04:00", "2025-03-11T13:00:00-04:00"} {
		if got[i].Format(time.RFC3339) != want {
			t.Errorf("run %d = %s, want %s", i, got[i].Format(time.RFC3339), want)
		}
	}
}

// at() names a wall time once: a time shown twice runs at its first
// showing; a time in a spring-forward gap moves forward by the gap (not
// documented, see pastGap).
func TestAtAcrossDaylightSaving(t *testing.T) {
	from := "2025-01-01T00:00:00Z"
	for _, tc := range []runCase{
		{"at(2025-11-02T01:30:00)", "America/New_York", from, []string{"2025-11-02T05:30Z"}},
		{"at(2025-03-09T02:30:00)", "America/New_York", from, []string{"2025-03-09T07:30Z"}},
		{"at(2025-10-05T02:15:00)", "Australia/Lord_Howe", from, []string{"2025-10-04T15:45Z"}}, // 02:15 -> 02:45 +11
		{"at(2025-04-06T01:45:00)", "Australia/Lord_Howe", from, []string{"2025-04-05T14:45Z"}},
	} {
		t.Run(tc.expr+" "+tc.zone, func(t *testing.T) { checkRuns(t, tc, time.Time{}) })
	}
}
