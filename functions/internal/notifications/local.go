package notifications

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Deliverer makes one attempt of a stored delivery (*Notifier).
type Deliverer interface {
	Deliver(ctx context.Context, ws, deliveryID string) error
}

// PendingStore lists stored pending deliveries (*store.Store).
type PendingStore interface {
	DuePending(ctx context.Context, now time.Time) ([]domain.Delivery, error)
}

// ErrQueueClosed is Enqueue after Close.
var ErrQueueClosed = errors.New("notification queue closed")

// LocalQueue is the Queue of local mode: timers hold delayed deliveries,
// a small pool of workers calls Deliver. Nothing lives only here: every
// delivery is stored first, so what a stop leaves behind Resume picks up
// after the restart.
type LocalQueue struct {
	store   PendingStore
	workers int
	// RetryDelay is how long a delivery whose attempt could not be made
	// (the table did not answer) waits before it is tried again.
	RetryDelay time.Duration
	log        *slog.Logger
	now        func() time.Time

	mu      sync.Mutex
	cond    *sync.Cond
	ready   []job
	timers  map[*time.Timer]struct{}
	closed  bool
	started bool
	wg      sync.WaitGroup
	ctx     context.Context
	cancel  context.CancelFunc
}

type job struct{ ws, id string }

// NewLocalQueue makes a queue with workers workers (at least 1); it holds
// what is enqueued until Start.
func NewLocalQueue(s PendingStore, workers int, log *slog.Logger) *LocalQueue {
	if log == nil {
		log = slog.Default()
	}
	q := &LocalQueue{store: s, workers: max(workers, 1), log: log, now: time.Now, RetryDelay: 30 * time.Second, timers: map[*time.Timer]struct{}{}}
	q.cond = sync.NewCond(&q.mu)
	q.ctx, q.cancel = context.WithCancel(context.Background())
	return q
}

var _ Queue = (*LocalQueue)(nil)

// Start runs the workers, each calling d.Deliver.
func (q *LocalQueue) Start(d Deliverer) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.started || q.closed {
		return
	}
	q.started = true
	for range q.workers {
		q.wg.Add(1)
		go q.work(d)
	}
}

// Enqueue hands the delivery to a worker after delay.
func (q *LocalQueue) Enqueue(_ context.Context, ws, deliveryID string, delay time.Duration) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrQueueClosed
	}
	j := job{ws, deliveryID}
	if delay <= 0 {
		q.ready = append(q.ready, j)
		q.cond.Signal()
		return nil
	}
	var t *time.Timer
	t = time.AfterFunc(delay, func() {
		q.mu.Lock()
		defer q.mu.Unlock()
		delete(q.timers, t)
		if q.closed {
			return
		}
		q.ready = append(q.ready, j)
		q.cond.Signal()
	})
	q.timers[t] = struct{}{}
	return nil
}

// Resume enqueues every stored pending delivery at its time (those due
// already at once): what a restart does before serving, so nothing a
// stop left pending is lost.
func (q *LocalQueue) Resume(ctx context.Context) (int, error) {
	now := q.now()
	// Every pending delivery, including retries scheduled for later.
	ds, err := q.store.DuePending(ctx, now.Add(100*365*24*time.Hour))
	if err != nil {
		return 0, err
	}
	for _, d := range ds {
		var delay time.Duration
		if d.NextAttemptAt != nil {
			delay = d.NextAttemptAt.Sub(now)
		}
		if err := q.Enqueue(ctx, d.WorkspaceID, d.ID, delay); err != nil {
			return 0, err
		}
	}
	return len(ds), nil
}

// Close stops the timers, lets the workers finish the attempts they are
// making and waits for them. What is still waiting stays stored pending.
func (q *LocalQueue) Close() {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	q.closed = true
	for t := range q.timers {
		t.Stop()
	}
	clear(q.timers)
	q.ready = nil
	q.cond.Broadcast()
	q.mu.Unlock()
	q.wg.Wait()
	q.cancel()
}

func (q *LocalQueue) work(d Deliverer) {
	defer q.wg.Done()
	for {
		q.mu.Lock()
		for len(q.ready) == 0 && !q.closed {
			q.cond.Wait()
		}
		if q.closed {
			q.mu.Unlock()
			return
		}
		j := q.ready[0]
		q.ready = q.ready[1:]
		q.mu.Unlock()
		if err := d.Deliver(q.ctx, j.ws, j.id); err != nil {
			q.log.Error("delivery attempt failed", "workspace", j.ws, "delivery", j.id, "error", err.Error())
			_ = q.Enqueue(q.ctx, j.ws, j.id, q.RetryDelay) // closed: stored, Resume finds it
		}
	}
}

// SweepGrace is how long past its time a pending delivery may wait before
// the sweep queues it again: longer than any queue's own delay, so a
// sweep only picks up deliveries whose message was lost (a producer that
// died between storing and queueing, a failed send to the queue).
const SweepGrace = 5 * time.Minute

// Sweep queues again every stored pending delivery overdue by more than
// SweepGrace. In AWS a schedule runs it on the notifier every five
// minutes; a delivery queued twice is attempted once (Deliver claims it).
func Sweep(ctx context.Context, st PendingStore, q Queue, now time.Time) (int, error) {
	ds, err := st.DuePending(ctx, now.Add(-SweepGrace))
	if err != nil {
		return 0, err
	}
	for _, d := range ds {
		if err := q.Enqueue(ctx, d.WorkspaceID, d.ID, 0); err != nil {
			return 0, fmt.Errorf("sweep: queue delivery %s: %w", d.ID, err)
		}
	}
	return len(ds), nil
}
