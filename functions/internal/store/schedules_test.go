package store

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

func newSchedule(ws, by string, next time.Time, enabled bool, creds ...string) *domain.Schedule {
	return &domain.Schedule{ID: domain.NewID(), WorkspaceID: ws, Name: "Nightly", Expression: "cron(0 2 * * ? *)",
		Timezone: "Europe/London", CredentialIDs: creds, Regions: []string{"eu-west-1"}, Enabled: enabled,
		ProjectMetadata: domain.ProjectMetadata{ClientName: "Acme"}, CreatedBy: by, NextRunAt: next}
}

func TestScheduleLifecycle(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	t0 := time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)
	a := newSchedule("ws1", "u1", t0, true, "c1", "c2")
	b := newSchedule("ws1", "u2", t0.Add(time.Hour), true, "c2")
	off := newSchedule("ws1", "u1", time.Time{}, false, "c1")
	other := newSchedule("ws2", "u1", t0.Add(-time.Minute), true, "c1")
	for _, c := range []*domain.Schedule{a, b, off, other} {
		if err := s.CreateSchedule(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.GetSchedule(ctx, "ws1", a.ID)
	if err != nil || got.Version != 1 || !got.NextRunAt.Equal(t0) || len(got.CredentialIDs) != 2 || got.LastRun != nil {
		t.Fatalf("read back %+v %v", got, err)
	}
	if g, _ := s.GetSchedule(ctx, "ws1", off.ID); !g.NextRunAt.IsZero() {
		t.Fatalf("a disabled schedule has a next run: %v", g.NextRunAt)
	}
	mine, err := s.ListSchedules(ctx, "ws1", ScheduleFilter{CreatedBy: "u1"}, Page{Number: 1, Size: 10})
	if err != nil || mine.Total != 2 {
		t.Fatalf("u1's schedules: %+v %v", mine, err)
	}
	yes := true
	on, err := s.ListSchedules(ctx, "ws1", ScheduleFilter{Enabled: &yes}, Page{Number: 1, Size: 10})
	if err != nil || on.Total != 2 {
		t.Fatalf("enabled schedules: %+v %v", on, err)
	}
	using, err := s.SchedulesUsingCredential(ctx, "ws1", "c1")
	if err != nil || len(using) != 1 || using[0].ID != a.ID {
		t.Fatalf("enabled schedules using c1: %+v %v", using, err)
	}

	// Due: across workspaces, at or before now, earliest first.
	due, err := s.DueSchedules(ctx, t0)
	if err != nil || len(due) != 2 || due[0].ID != other.ID || due[1].ID != a.ID {
		t.Fatalf("due at %s: %+v %v", t0, due, err)
	}

	// A claim moves the next run once; a second claim of the same run fails.
	next := t0.Add(24 * time.Hour)
	if ok, err := s.ClaimRun(ctx, "ws1", a.ID, t0, next); !ok || err != nil {
		t.Fatalf("first claim: %v %v", ok, err)
	}
	if ok, err := s.ClaimRun(ctx, "ws1", a.ID, t0, next); ok || err != nil {
		t.Fatalf("second claim: %v %v", ok, err)
	}
	if due, _ := s.DueSchedules(ctx, t0); len(due) != 1 {
		t.Fatalf("still due after the claim: %+v", due)
	}
	got, _ = s.GetSchedule(ctx, "ws1", a.ID)
	if !got.NextRunAt.Equal(next) || got.Version != 1 {
		t.Fatalf("after the claim: next %v version %d", got.NextRunAt, got.Version)
	}
	// A claim with no next run leaves the due index.
	if ok, err := s.ClaimRun(ctx, "ws2", other.ID, other.NextRunAt, time.Time{}); !ok || err != nil {
		t.Fatalf("last claim: %v %v", ok, err)
	}
	if due, _ := s.DueSchedules(ctx, t0.Add(48*time.Hour)); len(due) != 2 {
		t.Fatalf("due later: %+v", due)
	}

	run := domain.ScheduleRun{TaskID: "t1", Status: domain.ScheduleRunStarted, Time: t0}
	if err := s.RecordScheduleRun(ctx, "ws1", a.ID, run); err != nil {
		t.Fatal(err)
	}
	// Update keeps the last run, bumps the version, and disabling leaves the due index.
	got.Name, got.Enabled, got.NextRunAt = "Renamed", false, time.Time{}
	if err := s.UpdateSchedule(ctx, got); err != nil || got.Version != 2 || got.Name != "Renamed" || got.LastRun == nil || got.LastRun.TaskID != "t1" {
		t.Fatalf("update: %+v %v", got, err)
	}
	if due, _ := s.DueSchedules(ctx, t0.Add(48*time.Hour)); len(due) != 1 || due[0].ID != b.ID {
		t.Fatalf("due after disabling: %+v", due)
	}
	if ok, _ := s.ClaimRun(ctx, "ws1", a.ID, next, next.Add(time.Hour)); ok {
		t.Fatal("claimed a disabled schedule")
	}
	stale := *got
	stale.Version = 1
	if err := s.UpdateSchedule(ctx, &stale); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("stale update: %v", err)
	}
	// PutSchedule restores a read copy only over the version it expects.
	before := *got
	before.Name = "Restored"
	if err := s.PutSchedule(ctx, &before, 1); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("restore over the wrong version: %v", err)
	}
	if err := s.PutSchedule(ctx, &before, 2); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSchedule(ctx, "ws1", a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetSchedule(ctx, "ws1", a.ID); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("deleted: %v", err)
	}
	if err := s.DeleteSchedule(ctx, "ws1", a.ID); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("deleted twice: %v", err)
	}
	if err := s.RecordScheduleRun(ctx, "ws1", a.ID, run); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("record on a deleted schedule: %v", err)
	}
}

// Many schedulers claiming the same run: exactly one wins.
func TestClaimRunOnce(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := newSchedule("ws1", "u1", t0, true, "c1")
	if err := s.CreateSchedule(ctx, c); err != nil {
		t.Fatal(err)
	}
	var won atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := s.ClaimRun(ctx, "ws1", c.ID, t0, t0.Add(5*time.Minute))
			if err != nil {
				t.Error(err)
			}
			if ok {
				won.Add(1)
			}
		}()
	}
	wg.Wait()
	if won.Load() != 1 {
		t.Fatalf("%d claims won", won.Load())
	}
}
