package store

import (
	"context"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// A unit that finishes after its task was deleted counts nowhere and does
// not bring back a row of the task.
func TestFinishUnitOfADeletedTask(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	tk := &domain.Task{ID: domain.NewID(), WorkspaceID: "ws", Name: "gone", Status: domain.TaskRunning, CreatedBy: "u1"}
	if _, err := s.CreateTask(ctx, tk, "k1"); err != nil {
		t.Fatal(err)
	}
	u := domain.UnitState{CredentialID: "c1", AccountID: "111111111111", Region: "eu-west-1"}
	if err := s.SetUnits(ctx, "ws", tk.ID, []domain.UnitState{u}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EndTask(ctx, "ws", tk.ID, domain.TaskCancelled, "cancelled", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteTask(ctx, tk); err != nil {
		t.Fatal(err)
	}
	counted, err := s.FinishUnit(ctx, "ws", tk.ID, u, time.Now())
	if err != nil || counted {
		t.Fatalf("finish after delete: counted %v, %v", counted, err)
	}
	if _, err := s.GetTask(ctx, "ws", tk.ID); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("the deleted task is back: %v", err)
	}
	// Its idempotency key is free.
	again := &domain.Task{ID: domain.NewID(), WorkspaceID: "ws", Name: "again", Status: domain.TaskPending, CreatedBy: "u1"}
	if existed, err := s.CreateTask(ctx, again, "k1"); err != nil || existed {
		t.Fatalf("the key of a deleted task: existed %v, %v", existed, err)
	}
}

// Two credentials for one account have a unit row each.
func TestUnitsAreKeyedByCredential(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	tk := &domain.Task{ID: domain.NewID(), WorkspaceID: "ws", Name: "two", Status: domain.TaskRunning, CreatedBy: "u1"}
	if _, err := s.CreateTask(ctx, tk, ""); err != nil {
		t.Fatal(err)
	}
	a := domain.UnitState{CredentialID: "c1", AccountID: "111111111111", Region: "eu-west-1"}
	b := a
	b.CredentialID = "c2"
	if err := s.SetUnits(ctx, "ws", tk.ID, []domain.UnitState{a, b}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []domain.UnitState{a, b} {
		if counted, err := s.FinishUnit(ctx, "ws", tk.ID, u, time.Now()); err != nil || !counted {
			t.Fatalf("finish %s: %v %v", u.CredentialID, counted, err)
		}
	}
	units, err := s.Units(ctx, "ws", tk.ID)
	if err != nil || len(units) != 2 {
		t.Fatalf("units %+v, %v", units, err)
	}
	got, _ := s.GetTask(ctx, "ws", tk.ID)
	if got.UnitsDone != 2 {
		t.Fatalf("units done %d, want 2", got.UnitsDone)
	}
}

// A marker left by a task deleted before deletion freed keys (its task
// row gone) does not pin the key: the next create removes it and makes a
// new task.
func TestStaleIdempotencyMarkerIsFreed(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	old := &domain.Task{ID: domain.NewID(), WorkspaceID: "ws", Name: "old", Status: domain.TaskCompleted, CreatedBy: "u1"}
	if _, err := s.CreateTask(ctx, old, "k"); err != nil {
		t.Fatal(err)
	}
	if err := s.table.Delete("PK", taskPK("ws")).Range("SK", taskSK(old.ID)).Run(ctx); err != nil {
		t.Fatal(err)
	}
	fresh := &domain.Task{ID: domain.NewID(), WorkspaceID: "ws", Name: "fresh", Status: domain.TaskPending, CreatedBy: "u1"}
	existed, err := s.CreateTask(ctx, fresh, "k")
	if err != nil || existed || fresh.Name != "fresh" {
		t.Fatalf("existed %v, %v, task %s", existed, err, fresh.Name)
	}
}
