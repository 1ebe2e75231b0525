package store

import (
	"context"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

func newDelivery(ws, channel, eventID string) *domain.Delivery {
	return &domain.Delivery{ID: domain.DeliveryID(channel, eventID), WorkspaceID: ws, ChannelID: channel,
		EventID: eventID, EventType: "task.completed", Event: `{"id":"` + eventID + `"}`}
}

func TestDeliveryOncePerChannelAndEvent(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	d := newDelivery("ws1", "c1", "e1")
	if created, err := s.CreateDelivery(ctx, d); err != nil || !created || d.Status != domain.DeliveryPending {
		t.Fatalf("first: %v %v %+v", created, err, d)
	}
	again := newDelivery("ws1", "c1", "e1")
	if created, err := s.CreateDelivery(ctx, again); err != nil || created || again.ID != d.ID || again.Event != d.Event {
		t.Fatalf("second: %v %v %+v", created, err, again)
	}
	other := newDelivery("ws1", "c2", "e1")
	if created, err := s.CreateDelivery(ctx, other); err != nil || !created || other.ID == d.ID {
		t.Fatalf("another channel: %v %v", created, err)
	}

	// An attempt is recorded once: a second worker with the same read conflicts.
	d.Attempts, d.ResponseCode, d.LastError = 1, 500, "receiver answered 500"
	next := s.now().Add(time.Hour)
	d.NextAttemptAt = &next
	if err := s.RecordAttempt(ctx, d, 0); err != nil {
		t.Fatal(err)
	}
	dup := *d
	if err := s.RecordAttempt(ctx, &dup, 0); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("second recorder: %v", err)
	}

	// Only what is due is swept: other is due now, d in an hour.
	due, err := s.DuePending(ctx, s.now().Add(time.Second))
	if err != nil || len(due) != 1 || due[0].ID != other.ID || due[0].WorkspaceID != "ws1" {
		t.Fatalf("due now: %+v %v", due, err)
	}
	if due, _ := s.DuePending(ctx, next.Add(time.Second)); len(due) != 2 {
		t.Fatalf("due in an hour: %+v", due)
	}
	d.Attempts, d.Status, d.NextAttemptAt, d.ResponseCode, d.LastError = 2, domain.DeliveryDelivered, nil, 200, ""
	if err := s.RecordAttempt(ctx, d, 1); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DuePending(ctx, next.Add(time.Second)); len(due) != 1 {
		t.Fatalf("a delivered one is still due: %+v", due)
	}
	if err := s.RecordAttempt(ctx, d, 2); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("attempt after delivery: %v", err)
	}
	got, err := s.GetDelivery(ctx, "ws1", d.ID)
	if err != nil || got.Status != domain.DeliveryDelivered || got.Attempts != 2 || got.ResponseCode != 200 {
		t.Fatalf("read back %+v %v", got, err)
	}
}

func TestDeliveryLogNewestFirst(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	// Ids carry no time: the log is ordered by when each was created.
	var ids []string
	for range 5 {
		d := newDelivery("ws1", "c1", domain.NewID())
		if _, err := s.CreateDelivery(ctx, d); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if _, err := s.CreateDelivery(ctx, newDelivery("ws1", "c2", "x")); err != nil {
		t.Fatal(err)
	}
	l, err := s.ListDeliveries(ctx, "ws1", "c1", Page{Number: 1, Size: 3})
	if err != nil || l.Total != 5 || len(l.Items) != 3 || l.Items[0].ID != ids[4] || l.Items[2].ID != ids[2] || l.Next == "" {
		t.Fatalf("first page %+v %v", l, err)
	}
	l, err = s.ListDeliveries(ctx, "ws1", "c1", Page{Size: 3, Cursor: l.Next})
	if err != nil || len(l.Items) != 2 || l.Items[1].ID != ids[0] {
		t.Fatalf("second page %+v %v", l, err)
	}
}

func TestClaimDelivery(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	d := newDelivery("ws1", "c1", "e1")
	if _, err := s.CreateDelivery(ctx, d); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.ClaimDelivery(ctx, "ws1", d.ID, 0, now, now.Add(30*time.Second)); !ok || err != nil {
		t.Fatalf("first claim: %v %v", ok, err)
	}
	if ok, _ := s.ClaimDelivery(ctx, "ws1", d.ID, 0, now.Add(time.Second), now.Add(31*time.Second)); ok {
		t.Fatal("claimed twice")
	}
	if ok, _ := s.ClaimDelivery(ctx, "ws1", d.ID, 0, now.Add(31*time.Second), now.Add(61*time.Second)); !ok {
		t.Fatal("an expired claim is not taken over")
	}
	d.Attempts = 1
	if err := s.RecordAttempt(ctx, d, 0); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.ClaimDelivery(ctx, "ws1", d.ID, 0, now, now.Add(time.Second)); ok {
		t.Fatal("claimed with a stale attempt count")
	}
	if ok, _ := s.ClaimDelivery(ctx, "ws1", d.ID, 1, now, now.Add(time.Second)); !ok {
		t.Fatal("recording an attempt does not end the claim")
	}
	if ok, _ := s.ClaimDelivery(ctx, "ws1", domain.NewID(), 0, now, now.Add(time.Second)); ok {
		t.Fatal("claimed a missing delivery")
	}
}
