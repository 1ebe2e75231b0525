package store

import (
	"context"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

func newChannel(ws, by string, events ...string) *domain.Channel {
	return &domain.Channel{ID: domain.NewID(), WorkspaceID: ws, Name: "Team chat", Type: "webhook",
		Config: domain.ChannelSettings{URL: "https://hooks.example.com/…abcd", Secret: "********"},
		Sealed: &domain.SealedSecret{KeyID: "local:k", DataKey: []byte{1}, Ciphertext: []byte{2}},
		Events: events, Enabled: true, CreatedBy: by}
}

func TestChannelLifecycle(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a := newChannel("ws1", "u1", "task.completed", "task.failed")
	if err := s.CreateChannel(ctx, a); err != nil {
		t.Fatal(err)
	}
	b := newChannel("ws1", "u2", "changes.detected")
	if err := s.CreateChannel(ctx, b); err != nil {
		t.Fatal(err)
	}
	off := newChannel("ws1", "u1", "task.completed")
	off.Enabled = false
	if err := s.CreateChannel(ctx, off); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateChannel(ctx, newChannel("ws2", "u1", "task.completed")); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetChannel(ctx, "ws1", a.ID)
	if err != nil || got.Version != 1 || got.Sealed == nil || got.Config.Secret != "********" || len(got.Events) != 2 || !got.Enabled {
		t.Fatalf("read back %+v %v", got, err)
	}
	subs, err := s.ChannelsFor(ctx, "ws1", "task.completed")
	if err != nil || len(subs) != 1 || subs[0].ID != a.ID {
		t.Fatalf("subscribed to task.completed: %+v %v", subs, err)
	}
	mine, err := s.ListChannels(ctx, "ws1", "u1", Page{Number: 1, Size: 10})
	if err != nil || mine.Total != 2 {
		t.Fatalf("u1's channels: %+v %v", mine, err)
	}
	every, err := s.ListChannels(ctx, "ws1", "", Page{Number: 1, Size: 10})
	if err != nil || every.Total != 3 {
		t.Fatalf("all channels: %+v %v", every, err)
	}

	// Health: failures count up, the fifth marks it, a success clears it.
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i := 1; i <= 5; i++ {
		c, became, err := s.RecordChannelResult(ctx, "ws1", a.ID, false, "receiver answered 500", at, 5)
		if err != nil || c.Health.ConsecutiveFailures != i || became != (i == 5) || c.Health.Unhealthy != (i == 5) ||
			(c.Health.UnhealthySince != nil) != (i == 5) {
			t.Fatalf("failure %d: %+v became=%v %v", i, c, became, err)
		}
	}
	c, became, err := s.RecordChannelResult(ctx, "ws1", a.ID, false, "again", at.Add(time.Hour), 5)
	if err != nil || became || !c.Health.Unhealthy || c.Version != 1 || !c.Health.UnhealthySince.Equal(at) {
		t.Fatalf("sixth failure: %+v %v %v", c, became, err)
	}
	c, _, err = s.RecordChannelResult(ctx, "ws1", a.ID, true, "", at, 5)
	if err != nil || c.Health.Unhealthy || c.Health.UnhealthySince != nil || c.Health.ConsecutiveFailures != 0 || c.Health.LastError != "" ||
		c.Health.LastDeliveredAt == nil || !c.Health.LastDeliveredAt.Equal(at) {
		t.Fatalf("after a success: %+v %v", c.Health, err)
	}

	// Update keeps health, bumps the version; a stale one conflicts.
	got.Name, got.Events = "Renamed", []string{"task.failed"}
	if err := s.UpdateChannel(ctx, got); err != nil || got.Version != 2 || got.Name != "Renamed" || got.Health.LastDeliveredAt == nil {
		t.Fatalf("update: %+v %v", got, err)
	}
	stale := *got
	stale.Version = 1
	if err := s.UpdateChannel(ctx, &stale); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("stale update: %v", err)
	}
	if err := s.DeleteChannel(ctx, "ws1", a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetChannel(ctx, "ws1", a.ID); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("deleted: %v", err)
	}
	if err := s.DeleteChannel(ctx, "ws1", a.ID); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("deleted twice: %v", err)
	}
	if _, _, err := s.RecordChannelResult(ctx, "ws1", a.ID, true, "", at, 5); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("result of a deleted channel: %v", err)
	}
}
