package schedules_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

var endpoint string

func TestMain(m *testing.M) { apitest.TestMain(m, &endpoint) }

// newTable is a fresh table on the test binary's DynamoDB Local.
func newTable(tb testing.TB) *store.Store {
	tb.Helper()
	st := store.New(standin.AWSConfig(endpoint), "t"+strings.ToLower(domain.NewID()))
	if err := st.EnsureTable(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return st
}

// fakeClock is a clock a test sets; After fires when the time passes.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

func newClock(t time.Time) *fakeClock { return &fakeClock{now: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, waiter{c.now.Add(d), ch})
	return ch
}

// Set moves the clock to t and wakes whoever waits for a time at or before it.
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	keep := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(t) {
			keep = append(keep, w)
			continue
		}
		w.ch <- t
	}
	c.waiters = keep
}

// waiting reports the earliest time someone waits for.
func (c *fakeClock) waiting() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.waiters) == 0 {
		return time.Time{}, false
	}
	first := c.waiters[0].at
	for _, w := range c.waiters[1:] {
		if w.at.Before(first) {
			first = w.at
		}
	}
	return first, true
}

// recorder is a Runner that records each (schedule, time) it is asked to run.
type recorder struct {
	mu    sync.Mutex
	runs  map[string]int // "<id>@<RFC 3339>" -> times run
	fired []time.Time    // when (by the clock) each run was asked
	clock *fakeClock
}

func newRecorder(c *fakeClock) *recorder { return &recorder{runs: map[string]int{}, clock: c} }

func (r *recorder) Run(_ context.Context, _, id string, at time.Time) (*domain.Task, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.runs[runKey(id, at)]++
	if r.clock != nil {
		r.fired = append(r.fired, r.clock.Now())
	}
	return &domain.Task{ID: domain.NewID(), ScheduleID: id}, nil
}

func runKey(id string, at time.Time) string { return id + "@" + at.UTC().Format(time.RFC3339) }

type storeT = store.Store

func storeFilter() store.ScheduleFilter { return store.ScheduleFilter{} }
func page() store.Page                  { return store.Page{Number: 1, Size: 100} }
