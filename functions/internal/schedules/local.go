package schedules

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

// Clock is the local scheduler's time: the system's, or a test's.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the real time.
type SystemClock struct{}

// Now is time.Now.
func (SystemClock) Now() time.Time { return time.Now() }

// After is time.After.
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// DueStore is what Local needs of the table (*store.Store).
type DueStore interface {
	DueSchedules(ctx context.Context, now time.Time) ([]domain.Schedule, error)
	ClaimRun(ctx context.Context, ws, id string, due, next time.Time) (bool, error)
}

// Local fires schedules in local mode, from the table: each Tick lists
// the schedules due (nextRunAt at or before now), claims each run by
// moving nextRunAt to the first run after now with a conditional write,
// and runs the schedules it claimed. The claim is what makes a restart,
// or a second Local on the same table, neither lose nor double a run: a
// run is fired by whoever moves nextRunAt past it, and only once.
//
// A schedule that missed runs while nothing was polling (the app was
// down) fires once, for its latest missed time, and continues from there,
// as Scheduler with its flexible window off fires a late run once rather
// than catching up every one. A crash in the moment between a claim and
// the task's creation loses that one run.
type Local struct {
	Store  DueStore
	Runner Runner
	Clock  Clock
	Log    *slog.Logger
	// Interval is how often Run polls; 0 means 5 seconds. Polls are
	// aligned to multiples of it, so runs on the minute fire just after.
	Interval time.Duration
	// Workers bounds the runs started at once in a Tick; 0 means 8.
	Workers int
}

// Run ticks until ctx ends.
func (l *Local) Run(ctx context.Context) error {
	every := l.Interval
	if every <= 0 {
		every = 5 * time.Second
	}
	for {
		if _, err := l.Tick(ctx); err != nil && ctx.Err() == nil {
			l.log().Error("schedules: tick failed", "error", err.Error())
		}
		now := l.Clock.Now()
		wait := every - time.Duration(now.UnixNano()%int64(every))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-l.Clock.After(wait):
		}
	}
}

func (l *Local) log() *slog.Logger {
	if l.Log == nil {
		return slog.Default()
	}
	return l.Log
}

// Tick fires what is due now, once, and answers how many runs it fired.
// A run that fails is logged: it is not retried, as its time has passed.
func (l *Local) Tick(ctx context.Context) (int, error) {
	now := l.Clock.Now().UTC()
	due, err := l.Store.DueSchedules(ctx, now)
	if err != nil {
		return 0, err
	}
	workers := l.Workers
	if workers <= 0 {
		workers = 8
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		fired int
		errs  []error
		slots = make(chan struct{}, workers)
	)
	for i := range due {
		sc := &due[i]
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			ok, err := l.fire(ctx, sc, now)
			mu.Lock()
			defer mu.Unlock()
			if ok {
				fired++
			}
			if err != nil {
				errs = append(errs, err)
			}
		}()
	}
	wg.Wait()
	return fired, errors.Join(errs...)
}

// fire claims and runs one due schedule.
func (l *Local) fire(ctx context.Context, sc *domain.Schedule, now time.Time) (bool, error) {
	var at, next time.Time
	if t, err := timingOf(sc); err != nil {
		// Cannot happen for a schedule the API stored; leave the due
		// index rather than fail every tick.
		l.log().Error("schedules: stored expression does not parse", "schedule", sc.ID, "error", err.Error())
		at = time.Time{}
	} else {
		at, next = t.latest(sc.NextRunAt, now), t.next(now)
	}
	ok, err := l.Store.ClaimRun(ctx, sc.WorkspaceID, sc.ID, sc.NextRunAt, next)
	if err != nil || !ok || at.IsZero() {
		return false, err
	}
	if _, err := l.Runner.Run(ctx, sc.WorkspaceID, sc.ID, at); err != nil {
		if errors.Is(err, tasks.ErrSkipped) {
			l.log().Info("schedules: run skipped", "schedule", sc.ID, "at", at, "reason", err.Error())
		} else {
			l.log().Error("schedules: run failed", "schedule", sc.ID, "at", at, "error", err.Error())
		}
	}
	return true, nil
}
