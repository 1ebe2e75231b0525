package schedexpr

import (
	"fmt"
	"testing"
	"time"
)

type benchSchedule struct {
	expr   Expr
	loc    *time.Location
	anchor time.Time
}

// thousandSchedules is a fixed mix of the forms people write — rates,
// daily and weekday crons, last days, n-th weekdays, one-time — spread over
// zones with and without daylight saving.
func thousandSchedules(b *testing.B) []benchSchedule {
	zones := []string{"UTC", "America/New_York", "Europe/London", "Asia/Tokyo", "Australia/Lord_Howe", "Asia/Kolkata"}
	anchor := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []benchSchedule
	for i := range 1000 {
		var s string
		switch i % 10 {
		case 0:
			s = fmt.Sprintf("rate(%d minutes)", 5+i%55)
		case 1:
			s = fmt.Sprintf("rate(%d hours)", 1+i%23)
		case 2:
			s = fmt.Sprintf("cron(%d %d * * ? *)", i%60, i%24)
		case 3:
			s = fmt.Sprintf("cron(0/%d * * * ? *)", 5+i%30)
		case 4:
			s = fmt.Sprintf("cron(%d %d ? * MON-FRI *)", i%60, i%24)
		case 5:
			s = fmt.Sprintf("cron(%d %d L * ? *)", i%60, i%24)
		case 6:
			s = fmt.Sprintf("cron(%d %d ? * %dL *)", i%60, i%24, 1+i%7)
		case 7:
			s = fmt.Sprintf("cron(%d %d ? * %d#%d *)", i%60, i%24, 1+i%7, 1+i%5)
		case 8:
			s = fmt.Sprintf("cron(%d %d %dW * ? *)", i%60, i%24, 1+i%31)
		case 9:
			s = fmt.Sprintf("at(2026-%02d-%02dT%02d:%02d:00)", 1+i%12, 1+i%28, i%24, i%60)
		}
		e, err := Parse(s)
		if err != nil {
			b.Fatal(err)
		}
		loc, err := LoadZone(zones[i%len(zones)])
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, benchSchedule{e, loc, anchor})
	}
	return out
}

// BenchmarkNextRuns1000 is the API's "next three runs" for 1,000 schedules.
func BenchmarkNextRuns1000(b *testing.B) {
	schedules := thousandSchedules(b)
	after := time.Date(2025, 6, 15, 12, 34, 56, 0, time.UTC)
	b.ResetTimer()
	for b.Loop() {
		for _, s := range schedules {
			if len(s.expr.NextN(after, s.anchor, s.loc, 3)) == 0 {
				b.Fatal("no runs")
			}
		}
	}
}

// BenchmarkDueInMinute1000 is the local scheduler's tick: which of 1,000
// schedules fire within a given minute.
func BenchmarkDueInMinute1000(b *testing.B) {
	schedules := thousandSchedules(b)
	minute := time.Date(2025, 6, 16, 9, 0, 0, 0, time.UTC)
	due := 0
	b.ResetTimer()
	for b.Loop() {
		due = 0
		for _, s := range schedules {
			if _, ok := s.expr.RunIn(minute, minute.Add(time.Minute), s.anchor, s.loc); ok {
				due++
			}
		}
	}
	b.ReportMetric(float64(due), "due/minute")
}

// BenchmarkNextWorstCase is one Next for expressions whose runs are years
// apart or that never run again: each must stay far below a millisecond.
func BenchmarkNextWorstCase(b *testing.B) {
	for _, tc := range []struct{ expr, after string }{
		{"cron(0 0 29 2 ? *)", "2097-03-01T00:00:00Z"}, // 2100 is not a leap year: 2104
		{"cron(0 0 29 2 ? *)", "2196-03-01T00:00:00Z"}, // none left
		{"cron(0 0 ? * 2#5 *)", "2025-09-30T00:00:00Z"},
		{"cron(0 0 30 2 ? *)", "1970-01-01T00:00:00Z"}, // never: all 230 years searched
		{"cron(59 23 31 12 ? 2199)", "1970-01-01T00:00:00Z"},
	} {
		e, err := Parse(tc.expr)
		if err != nil {
			b.Fatal(err)
		}
		after, _ := time.Parse(time.RFC3339, tc.after)
		ny, _ := LoadZone("America/New_York")
		b.Run(tc.expr+" after "+tc.after[:4], func(b *testing.B) {
			for b.Loop() {
				e.Next(after, time.Time{}, ny)
			}
		})
	}
}

// BenchmarkParse includes MinInterval's pass over 230 years of months for
// a sparse expression.
func BenchmarkParse(b *testing.B) {
	for _, s := range []string{"cron(0/5 8-17 ? * MON-FRI *)", "cron(0 9 ? * 2#5 *)", "rate(5 minutes)"} {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
