package notifications_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// TestPublishToReceiverLatency measures, in local mode, the time from
// Publish (what the task flow calls when a task ends) to the message's
// arrival at a webhook receiver on 127.0.0.1: median and p95 over 20 runs.
func TestPublishToReceiverLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	h := newHarness(t)
	rcv := newReceiver(t, nil)
	h.channel("u1", "Team", rcv.url(), "task.completed")
	const runs = 20
	var took []time.Duration
	for i := range runs {
		start := time.Now()
		if err := h.pub.Publish(context.Background(), taskEvent(h.Users["u1"].ID, domain.NewID())); err != nil {
			t.Fatal(err)
		}
		eventually(t, 5*time.Second, func() bool { return len(rcv.received()) == i+1 })
		took = append(took, rcv.received()[i].at.Sub(start))
	}
	slices.Sort(took)
	median := (took[runs/2-1] + took[runs/2]) / 2
	p95 := took[(runs*95+99)/100-1]
	t.Logf("Publish -> local receiver over %d runs: median %v, p95 %v, min %v, max %v", runs, median, p95, took[0], took[runs-1])
}
