package schedules_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/schedules"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// put stores an enabled schedule anchored at anchor, with its next run
// computed as the API computes it.
func put(t testing.TB, st *store.Store, ws, expr, zone string, anchor time.Time) *domain.Schedule {
	t.Helper()
	sc := &domain.Schedule{ID: domain.NewID(), WorkspaceID: ws, Name: expr, Expression: expr, Timezone: zone,
		CredentialIDs: []string{"c1"}, Regions: []string{"eu-west-1"}, Enabled: true, CreatedBy: "u1", Anchor: anchor}
	runs := schedules.NextRuns(sc, anchor.Add(-time.Second), 1)
	if len(runs) == 0 {
		t.Fatalf("%s has no run", expr)
	}
	sc.NextRunAt = runs[0]
	if err := st.CreateSchedule(context.Background(), sc); err != nil {
		t.Fatal(err)
	}
	return sc
}

// A day of schedules on the day London springs forward, driven minute by
// minute, with a restart at 06:00 (the new scheduler ticks the same
// instant again) and the app down from 12:00 to 12:33: every run fires
// exactly once, and the runs missed while down fire once, for the latest.
func TestLocalFiresADayWithARestart(t *testing.T) {
	ctx := context.Background()
	st := newTable(t)
	day := time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC) // BST starts at 01:00 UTC
	rate := put(t, st, "ws1", "rate(5 minutes)", "UTC", day)
	cron := put(t, st, "ws2", "cron(0 2 * * ? *)", "Europe/London", day)
	at := put(t, st, "ws1", "at(2026-03-29T13:30:00)", "Europe/London", day)
	off := &domain.Schedule{ID: domain.NewID(), WorkspaceID: "ws1", Name: "off", Expression: "rate(5 minutes)", Timezone: "UTC", CreatedBy: "u1", Anchor: day}
	if err := st.CreateSchedule(ctx, off); err != nil {
		t.Fatal(err)
	}
	if got := schedules.NextRuns(cron, day, 3); !slices.Equal(got, []time.Time{
		time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), time.Date(2026, 3, 30, 1, 0, 0, 0, time.UTC), time.Date(2026, 3, 31, 1, 0, 0, 0, time.UTC)}) {
		t.Fatalf("cron's next runs across the change: %v", got)
	}

	clock := newClock(day)
	rec := newRecorder(clock)
	local := func() *schedules.Local { return &schedules.Local{Store: st, Runner: rec, Clock: clock} }
	sched := local()
	downFrom, downTo := day.Add(12*time.Hour+time.Minute), day.Add(12*time.Hour+33*time.Minute)
	for m := range 24 * 60 {
		now := day.Add(time.Duration(m)*time.Minute + 7*time.Second)
		if !now.Before(downFrom) && now.Before(downTo) {
			continue // down
		}
		clock.Set(now)
		if now.Equal(day.Add(6*time.Hour+7*time.Second)) || now.Equal(downTo.Add(7*time.Second)) {
			if _, err := sched.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			sched = local() // restarted: a new scheduler on the same table
		}
		if _, err := sched.Tick(ctx); err != nil {
			t.Fatal(err)
		}
	}

	want := map[string]int{}
	for r := day; r.Before(day.Add(24 * time.Hour)); r = r.Add(5 * time.Minute) {
		if r.After(day.Add(12*time.Hour)) && r.Before(day.Add(12*time.Hour+30*time.Minute)) {
			continue // missed while down: only 12:30 fires
		}
		want[runKey(rate.ID, r)] = 1
	}
	want[runKey(cron.ID, time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC))] = 1 // 02:00 BST
	want[runKey(at.ID, time.Date(2026, 3, 29, 12, 30, 0, 0, time.UTC))] = 1 // 13:30 BST, fired after the restart
	if !maps.Equal(rec.runs, want) {
		for k, n := range rec.runs {
			if want[k] != n {
				t.Errorf("fired %s %d times, want %d", k, n, want[k])
			}
		}
		for k := range want {
			if rec.runs[k] == 0 {
				t.Errorf("lost %s", k)
			}
		}
		t.FailNow()
	}
	// The at() schedule fired its one run and left the due index.
	got, err := st.GetSchedule(ctx, "ws1", at.ID)
	if err != nil || !got.NextRunAt.IsZero() {
		t.Fatalf("at() after its run: %+v %v", got, err)
	}
}

// Two schedulers on one table ticking at the same instants never double
// a run, and lose none.
func TestTwoLocalsNeverDouble(t *testing.T) {
	ctx := context.Background()
	st := newTable(t)
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	var ids []*domain.Schedule
	for i := range 6 {
		ids = append(ids, put(t, st, fmt.Sprintf("ws%d", i%2), "rate(5 minutes)", "UTC", start.Add(time.Duration(i)*time.Minute)))
	}
	ids = append(ids, put(t, st, "ws1", "cron(0/10 * * * ? *)", "America/New_York", start))
	clock := newClock(start)
	rec := newRecorder(nil)
	a := &schedules.Local{Store: st, Runner: rec, Clock: clock, Workers: 3}
	b := &schedules.Local{Store: st, Runner: rec, Clock: clock, Workers: 3}
	end := start.Add(2 * time.Hour)
	for now := start.Add(3 * time.Second); now.Before(end); now = now.Add(time.Minute) {
		clock.Set(now)
		var wg sync.WaitGroup
		for _, l := range []*schedules.Local{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := l.Tick(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	want := map[string]int{}
	for i, sc := range ids[:6] {
		for r := start.Add(time.Duration(i) * time.Minute); r.Before(end); r = r.Add(5 * time.Minute) {
			want[runKey(sc.ID, r)] = 1
		}
	}
	for r := start; r.Before(end); r = r.Add(10 * time.Minute) {
		want[runKey(ids[6].ID, r)] = 1
	}
	if !maps.Equal(rec.runs, want) {
		t.Fatalf("fired %d distinct runs (%d wanted); doubles or losses:\n%v", len(rec.runs), len(want), diff(rec.runs, want))
	}
}

func diff(got, want map[string]int) []string {
	var out []string
	for k, n := range got {
		if want[k] != n {
			out = append(out, fmt.Sprintf("%s fired %d want %d", k, n, want[k]))
		}
	}
	for k := range want {
		if got[k] == 0 {
			out = append(out, k+" lost")
		}
	}
	return out
}

// Run polls on the clock it is given: a rate(5 minutes) schedule fires
// on time (within one poll) for half an hour.
func TestLocalRunLoop(t *testing.T) {
	st := newTable(t)
	start := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	sc := put(t, st, "ws1", "rate(5 minutes)", "UTC", start)
	clock := newClock(start.Add(-time.Second))
	rec := newRecorder(clock)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- (&schedules.Local{Store: st, Runner: rec, Clock: clock, Interval: 5 * time.Second}).Run(ctx)
	}()
	end := start.Add(30 * time.Minute)
	for clock.Now().Before(end) {
		next, ok := clock.waiting()
		for ; !ok; next, ok = clock.waiting() {
			time.Sleep(time.Millisecond)
		}
		clock.Set(next)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		rec.mu.Lock()
		n := len(rec.runs)
		rec.mu.Unlock()
		if n == 7 || time.Now().After(deadline) {
			break
		}
	}
	cancel()
	<-done
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for i := range 7 {
		due := start.Add(time.Duration(i) * 5 * time.Minute)
		if rec.runs[runKey(sc.ID, due)] != 1 {
			t.Fatalf("run at %s fired %d times: %v", due, rec.runs[runKey(sc.ID, due)], rec.runs)
		}
		if late := rec.fired[i].Sub(due); late < 0 || late > 5*time.Second {
			t.Fatalf("run at %s fired %s late", due, late)
		}
	}
}
