package store

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// A job is claimed once however often its invocation is delivered; a
// worker that died leaves it to the next claim after its lifetime; only
// the worker holding it may finish it.
func TestJobClaimsAndFinishes(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	now := time.Now().UTC()
	j := &domain.Job{ID: domain.NewID(), WorkspaceID: "ws", Kind: domain.JobInventoryExport, Status: domain.JobQueued,
		CreatedBy: "u1", Perm: "tasks:export", Params: domain.JobParams{TaskID: "t", Format: "csv"}, ExpiresAt: now.Add(time.Hour)}
	if err := s.CreateJob(ctx, j); err != nil {
		t.Fatal(err)
	}
	var won atomic.Int32
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if _, err := s.ClaimJob(ctx, "ws", j.ID, now, now.Add(-time.Hour)); err == nil {
				won.Add(1)
			} else if !domain.Is(err, domain.KindConflict) {
				t.Errorf("claim: %v", err)
			}
		})
	}
	wg.Wait()
	if won.Load() != 1 {
		t.Fatalf("%d claims won, want 1", won.Load())
	}
	first, err := s.GetJob(ctx, "ws", j.ID)
	if err != nil || first.Status != domain.JobRunning || first.Params.Format != "csv" {
		t.Fatalf("claimed job: %+v %v", first, err)
	}
	// The first worker died: an hour later the job is stale and is taken over.
	later := now.Add(time.Hour)
	second, err := s.ClaimJob(ctx, "ws", j.ID, later, later.Add(-30*time.Minute))
	if err != nil {
		t.Fatalf("takeover of a stale job: %v", err)
	}
	first.Status = domain.JobSucceeded
	if err := s.FinishJob(ctx, first); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("the dead worker finished a job taken over: %v", err)
	}
	second.Status, second.Size = domain.JobSucceeded, 42
	if err := s.FinishJob(ctx, second); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClaimJob(ctx, "ws", j.ID, later.Add(time.Hour), later.Add(time.Minute)); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("a finished job was claimed again: %v", err)
	}
	l, err := s.ListJobs(ctx, "ws", "u1", Page{Number: 1, Size: 10})
	if err != nil || len(l.Items) != 1 || l.Items[0].Size != 42 {
		t.Fatalf("list: %+v %v", l, err)
	}
	if l, _ := s.ListJobs(ctx, "ws", "u2", Page{Number: 1, Size: 10}); len(l.Items) != 0 {
		t.Fatalf("another user's list has %d jobs", len(l.Items))
	}
}

// Of any number of concurrent starts exactly n take a slot; a released or
// expired slot is free again.
func TestJobSlotsBoundConcurrentStarts(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	until := time.Now().Add(time.Hour)
	var got atomic.Int32
	var wg sync.WaitGroup
	ids := make([]string, 12)
	for i := range ids {
		ids[i] = domain.NewID()
		wg.Go(func() {
			ok, err := s.TakeJobSlot(ctx, "ws", "u1", ids[i], 3, until)
			if err != nil {
				t.Error(err)
			}
			if ok {
				got.Add(1)
			}
		})
	}
	wg.Wait()
	if got.Load() != 3 {
		t.Fatalf("%d slots taken, want 3", got.Load())
	}
	if ok, _ := s.TakeJobSlot(ctx, "ws", "u2", domain.NewID(), 3, until); !ok {
		t.Fatal("another user's slots are shared")
	}
	var holder string
	for _, id := range ids {
		if ok, _ := s.TakeJobSlot(ctx, "ws", "u1", "probe", 3, until); ok {
			t.Fatal("a fourth slot")
		}
		if err := s.ReleaseJobSlot(ctx, "ws", "u1", id, 3); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.TakeJobSlot(ctx, "ws", "u1", "next", 3, until); ok {
			holder = id
			break
		}
	}
	if holder == "" {
		t.Fatal("releasing every job freed no slot")
	}
	// Slots held past their time are free.
	for range 3 {
		_, _ = s.TakeJobSlot(ctx, "ws", "u3", domain.NewID(), 3, time.Now().Add(-time.Second))
	}
	if ok, _ := s.TakeJobSlot(ctx, "ws", "u3", domain.NewID(), 3, until); !ok {
		t.Fatal("an expired slot stayed held")
	}
}
