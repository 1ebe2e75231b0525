package notifications_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications"
)

// lostQueue takes messages and loses them, like a producer that died
// between storing its deliveries and queueing them.
type lostQueue struct {
	mu  sync.Mutex
	ids []string
}

func (q *lostQueue) Enqueue(_ context.Context, _, id string, _ time.Duration) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.ids = append(q.ids, id)
	return nil
}

// A delivery whose message was lost is queued again by the sweep once it
// is overdue by SweepGrace, not before.
func TestSweepRequeuesLostDeliveries(t *testing.T) {
	h := newHarness(t)
	rcv := newReceiver(t, nil)
	h.channel("u1", "Swept", rcv.url(), "task.completed")
	lost := &lostQueue{}
	pub := notifications.NewPublisher(h.Store, notifications.StoreAudience{Store: h.Store}, lost, nil)
	if err := pub.Publish(context.Background(), taskEvent(h.Users["u1"].ID, domain.NewID())); err != nil {
		t.Fatal(err)
	}
	if len(lost.ids) != 1 {
		t.Fatalf("queued %v", lost.ids)
	}
	again := &lostQueue{}
	if n, err := notifications.Sweep(context.Background(), h.Store, again, time.Now()); err != nil || n != 0 {
		t.Fatalf("a fresh delivery was swept: %d %v", n, err)
	}
	n, err := notifications.Sweep(context.Background(), h.Store, again, time.Now().Add(notifications.SweepGrace+time.Minute))
	if err != nil || n != 1 || len(again.ids) != 1 || again.ids[0] != lost.ids[0] {
		t.Fatalf("sweep: %d %v %v", n, err, again.ids)
	}
}
