package schedules_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/schedules"
)

// benchExprs mixes the kinds and zones a workspace might use.
var benchExprs = []struct{ expr, zone string }{
	{"rate(5 minutes)", "UTC"}, {"rate(1 hour)", "UTC"}, {"cron(0 2 * * ? *)", "Europe/London"},
	{"cron(30 1 ? * MON-FRI *)", "America/New_York"}, {"cron(0 9 L * ? *)", "Asia/Tokyo"},
	{"cron(0 12 15W * ? *)", "Australia/Sydney"}, {"cron(0 8 ? * 2#1 *)", "Europe/Berlin"}, {"at(2030-01-31T09:00:00)", "UTC"},
}

func benchSchedules(n int, anchor time.Time) []domain.Schedule {
	out := make([]domain.Schedule, n)
	for i := range out {
		e := benchExprs[i%len(benchExprs)]
		out[i] = domain.Schedule{ID: domain.NewID(), WorkspaceID: "ws", Expression: e.expr, Timezone: e.zone, Enabled: true, Anchor: anchor}
	}
	return out
}

// Computing the next three runs of 1,000 schedules (what a list of every
// schedule answers, and more than the local scheduler computes a minute).
func BenchmarkNextRuns1000(b *testing.B) {
	now := time.Date(2026, 3, 28, 23, 59, 0, 0, time.UTC)
	scs := benchSchedules(1000, now)
	b.ReportAllocs()
	for b.Loop() {
		for i := range scs {
			if len(schedules.NextRuns(&scs[i], now, 3)) == 0 {
				b.Fatal("no runs")
			}
		}
	}
}

// noop is a Runner that starts nothing.
type noop struct{}

func (noop) Run(context.Context, string, string, time.Time) (*domain.Task, error) { return nil, nil }

// One Tick firing 1,000 schedules due in the same minute on DynamoDB
// Local: the due query, 1,000 claims, 1,000 (no-op) runs.
func BenchmarkTick1000Due(b *testing.B) {
	ctx := context.Background()
	st := newTable(b)
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for i := range 1000 {
		sc := &domain.Schedule{ID: domain.NewID(), WorkspaceID: fmt.Sprintf("ws%d", i%10), Name: "bench", Expression: "rate(5 minutes)",
			Timezone: "UTC", Enabled: true, CreatedBy: "u", Anchor: start, NextRunAt: start}
		if err := st.CreateSchedule(ctx, sc); err != nil {
			b.Fatal(err)
		}
	}
	clock := newClock(start)
	l := &schedules.Local{Store: st, Runner: noop{}, Clock: clock}
	now := start.Add(time.Second)
	for b.Loop() {
		clock.Set(now)
		n, err := l.Tick(ctx)
		if err != nil || n != 1000 {
			b.Fatalf("fired %d: %v", n, err)
		}
		now = now.Add(5 * time.Minute)
	}
}
