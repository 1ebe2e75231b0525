package notifications_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/channels"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications"
)

func TestRetriedUntilDelivered(t *testing.T) {
	h := newHarness(t)
	rcv := newReceiver(t, func(n int, w http.ResponseWriter) {
		if n <= 2 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	c := h.channel("u1", "Team", rcv.url(), "task.completed")
	ev := taskEvent(h.Users["u1"].ID, domain.NewID())
	if err := h.pub.Publish(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	ds := h.settled(c.ID, 1)
	got := rcv.received()
	if len(got) != 3 {
		t.Fatalf("receiver got %d requests, want 3", len(got))
	}
	for i, g := range got {
		if g.eventID != ev.ID || g.header.Get(channels.HeaderEventID) != ev.ID {
			t.Fatalf("attempt %d carries event %q (header %q), want %s", i+1, g.eventID, g.header.Get(channels.HeaderEventID), ev.ID)
		}
		if err := channels.VerifyWebhook(webhookSecret, g.header, g.body, time.Now(), 5*time.Minute); err != nil {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	// Backoff: the second wait (40 ms) is about twice the first (20 ms).
	if gap1, gap2 := got[1].at.Sub(got[0].at), got[2].at.Sub(got[1].at); gap1 < 20*time.Millisecond || gap2 < 40*time.Millisecond {
		t.Fatalf("retried after %v and %v, want at least 20ms and 40ms", gap1, gap2)
	}
	log := h.deliveries("u1", c.ID)
	if len(log) != 1 || log[0].ID != ds[0].ID || log[0].Status != domain.DeliveryDelivered || log[0].Attempts != 3 ||
		log[0].ResponseCode != 200 || log[0].EventID != ev.ID || log[0].EventType != "task.completed" || log[0].LastError != "" {
		t.Fatalf("delivery log %+v", log)
	}
}

func TestClientErrorNotRetried(t *testing.T) {
	h := newHarness(t)
	rcv := newReceiver(t, func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusBadRequest) })
	c := h.channel("u1", "Team", rcv.url(), "task.completed")
	if err := h.pub.Publish(context.Background(), taskEvent(h.Users["u1"].ID, domain.NewID())); err != nil {
		t.Fatal(err)
	}
	ds := h.settled(c.ID, 1)
	time.Sleep(100 * time.Millisecond) // a retry would have come by now
	if n := len(rcv.received()); n != 1 {
		t.Fatalf("receiver got %d requests, want 1", n)
	}
	if d := ds[0]; d.Status != domain.DeliveryFailed || d.Attempts != 1 || d.ResponseCode != 400 || d.LastError == "" || d.NextAttemptAt != nil {
		t.Fatalf("delivery %+v", d)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	h := newHarness(t)
	rcv := newReceiver(t, func(n int, w http.ResponseWriter) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	c := h.channel("u1", "Team", rcv.url(), "task.completed")
	if err := h.pub.Publish(context.Background(), taskEvent(h.Users["u1"].ID, domain.NewID())); err != nil {
		t.Fatal(err)
	}
	ds := h.settled(c.ID, 1)
	got := rcv.received()
	if len(got) != 2 || ds[0].Status != domain.DeliveryDelivered || ds[0].Attempts != 2 {
		t.Fatalf("%d requests, delivery %+v", len(got), ds[0])
	}
	if gap := got[1].at.Sub(got[0].at); gap < time.Second {
		t.Fatalf("retried after %v despite Retry-After: 1", gap)
	}
}

func TestDeadAfterMaxAttemptsAndHealth(t *testing.T) {
	h := newHarness(t)
	var failing atomic.Bool
	failing.Store(true)
	rcv := newReceiver(t, func(_ int, w http.ResponseWriter) {
		if failing.Load() {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	c := h.channel("u1", "Flaky", rcv.url(), "task.completed")
	if err := h.pub.Publish(context.Background(), taskEvent(h.Users["u1"].ID, domain.NewID())); err != nil {
		t.Fatal(err)
	}
	ds := h.settled(c.ID, 1)
	if ds[0].Status != domain.DeliveryDead || ds[0].Attempts != 6 || ds[0].ResponseCode != 502 {
		t.Fatalf("delivery %+v", ds[0])
	}
	// The channel's health is written after the delivery's last attempt.
	var got domain.Channel
	for deadline := time.Now().Add(5 * time.Second); ; {
		h.Call("u1", "GET", "/api/notification-channels/detail?id="+c.ID, nil, &got)
		if got.Health.ConsecutiveFailures == 6 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !got.Health.Unhealthy || got.Health.UnhealthySince == nil || got.Health.ConsecutiveFailures != 6 || got.Health.LastError == "" || got.Version != 1 {
		t.Fatalf("after 6 failures: %+v", got.Health)
	}
	if !strings.Contains(h.Logs(), "notification channel unhealthy") {
		t.Fatal("no warning logged")
	}
	failing.Store(false)
	if err := h.pub.Publish(context.Background(), taskEvent(h.Users["u1"].ID, domain.NewID())); err != nil {
		t.Fatal(err)
	}
	h.settled(c.ID, 2)
	for deadline := time.Now().Add(5 * time.Second); ; {
		got = domain.Channel{}
		h.Call("u1", "GET", "/api/notification-channels/detail?id="+c.ID, nil, &got)
		if got.Health.LastDeliveredAt != nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got.Health.Unhealthy || got.Health.UnhealthySince != nil || got.Health.ConsecutiveFailures != 0 || got.Health.LastError != "" {
		t.Fatalf("after a success: %+v", got.Health)
	}
}

func TestPendingDeliveredAfterRestart(t *testing.T) {
	h := newHarness(t)
	rcv := newReceiver(t, nil)
	c := h.channel("u1", "Team", rcv.url(), "task.completed")
	// The process stops after storing the delivery and before any worker
	// takes it: its queue never starts.
	stopped := notifications.NewLocalQueue(h.Store, 1, nil)
	pub := notifications.NewPublisher(h.Store, notifications.StoreAudience{Store: h.Store}, stopped, nil)
	ev := taskEvent(h.Users["u1"].ID, domain.NewID())
	if err := pub.Publish(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	stopped.Close()
	if n := len(rcv.received()); n != 0 {
		t.Fatalf("delivered before the restart: %d", n)
	}
	// The restart: a new queue resumes what is stored.
	q := notifications.NewLocalQueue(h.Store, 2, nil)
	deps := h.deps
	deps.Queue = q
	q.Start(notifications.NewNotifier(deps))
	defer q.Close()
	n, err := q.Resume(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("resumed %d: %v", n, err)
	}
	ds := h.settled(c.ID, 1)
	if got := rcv.received(); len(got) != 1 || got[0].eventID != ev.ID || ds[0].Status != domain.DeliveryDelivered {
		t.Fatalf("after restart: %d requests, %+v", len(got), ds[0])
	}
}

func TestPublishTwiceDeliversOnce(t *testing.T) {
	h := newHarness(t)
	rcv := newReceiver(t, nil)
	a := h.channel("u1", "A", rcv.url(), "task.completed")
	b := h.channel("u1", "B", rcv.url(), "task.completed", "task.failed")
	ev := taskEvent(h.Users["u1"].ID, domain.NewID())
	// The same event again, even stamped with another time by a retried
	// producer, is the same delivery.
	later := ev
	later.Time = ev.Time.Add(time.Minute)
	for _, e := range []event.Event{ev, ev, later} {
		if err := h.pub.Publish(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	h.settled(a.ID, 1)
	h.settled(b.ID, 1)
	if err := h.pub.Publish(context.Background(), ev); err != nil { // after delivery too
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if got := rcv.received(); len(got) != 2 {
		t.Fatalf("receiver got %d requests, want one per channel", len(got))
	}
}

func TestDisabledOrDeletedChannelDropsDeliveries(t *testing.T) {
	h := newHarness(t)
	rcv := newReceiver(t, func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusServiceUnavailable) })
	c := h.channel("u1", "Team", rcv.url(), "task.completed")
	// First attempt fails and schedules a retry; the channel is disabled meanwhile.
	ev := taskEvent(h.Users["u1"].ID, domain.NewID())
	stopped := notifications.NewLocalQueue(h.Store, 1, nil)
	defer stopped.Close()
	deps := h.deps
	deps.BaseDelay, deps.Queue = 300*time.Millisecond, stopped
	notifier := notifications.NewNotifier(deps)
	pub := notifications.NewPublisher(h.Store, notifications.StoreAudience{Store: h.Store}, stopped, nil)
	if err := pub.Publish(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	id := domain.DeliveryID(c.ID, ev.ID)
	if err := notifier.Deliver(context.Background(), ws, id); err != nil {
		t.Fatal(err)
	}
	h.Expect("admin", "POST", "/api/notification-channels/update", map[string]any{"id": c.ID, "version": c.Version, "enabled": false}, http.StatusOK, "")
	time.Sleep(300 * time.Millisecond)
	if err := notifier.Deliver(context.Background(), ws, id); err != nil {
		t.Fatal(err)
	}
	d, _ := h.Store.GetDelivery(context.Background(), ws, id)
	if d.Status != domain.DeliveryFailed || d.Attempts != 1 || d.LastError != "channel disabled" || len(rcv.received()) != 1 {
		t.Fatalf("disabled: %+v, %d requests", d, len(rcv.received()))
	}
}

func TestSubscriptionAndVisibility(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	rcv := map[string]*receiver{}
	chans := map[string]domain.Channel{}
	for _, who := range []string{"admin", "pu1", "pu2", "u1", "u2"} {
		rcv[who] = newReceiver(t, nil)
		chans[who] = h.channel(who, who+"'s", rcv[who].url(), "task.completed", "changes.detected", "security.alert", "schedule.skipped")
	}
	failedOnly := newReceiver(t, nil)
	h.channel("u1", "failures", failedOnly.url(), "task.failed")
	off := newReceiver(t, nil)
	offCh := h.channel("u1", "off", off.url(), "task.completed")
	h.Expect("u2", "POST", "/api/notification-channels/update", map[string]any{"id": offCh.ID, "version": offCh.Version, "enabled": false}, http.StatusNotFound, "")
	h.Expect("u1", "POST", "/api/notification-channels/update", map[string]any{"id": offCh.ID, "version": offCh.Version, "enabled": false}, http.StatusOK, "")

	// pu1 manages the credential u1's task used; pu2 does not.
	cred := &domain.Credential{ID: domain.NewID(), WorkspaceID: ws, Name: "Prod", Type: domain.CredentialAssumeRole, AccountID: "123456789012",
		RoleARN: "arn:aws:iam::123456789012:role/Scanner", ExternalID: domain.NewExternalID(), IsActive: true, CreatedBy: h.Users["pu1"].ID}
	if err := h.Store.CreateCredential(ctx, cred); err != nil {
		t.Fatal(err)
	}
	task := &domain.Task{ID: domain.NewID(), WorkspaceID: ws, Name: "Nightly", Status: domain.TaskCompleted, CreatedBy: h.Users["u1"].ID,
		CredentialIDs: []string{cred.ID}, Accounts: []string{"123456789012"}, Regions: []string{"us-east-1"}}
	if _, err := h.Store.CreateTask(ctx, task, ""); err != nil {
		t.Fatal(err)
	}
	publish := func(ev event.Event) {
		t.Helper()
		if err := h.pub.Publish(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	taskEv := taskEvent(h.Users["u1"].ID, task.ID)
	publish(taskEv)
	changes := event.Event{ID: domain.NewID(), Type: event.ChangesDetected, WorkspaceID: ws, Time: time.Now(), Owner: h.Users["u1"].ID,
		Changes: &event.Changes{TaskID: task.ID, TaskName: "Nightly"}}
	publish(changes)
	alert := event.Event{ID: domain.NewID(), Type: event.SecurityAlert, WorkspaceID: ws, Time: time.Now(), Owner: h.Users["u2"].ID,
		Alert: &event.Alert{Kind: "lockout", Message: "u2 locked after 5 failed sign-ins"}}
	publish(alert)
	skip := event.Event{ID: domain.NewID(), Type: event.ScheduleSkipped, WorkspaceID: ws, Time: time.Now(), Owner: h.Users["u2"].ID,
		Schedule: &event.ScheduleSkip{ScheduleID: domain.NewID(), Name: "Weekly", Reason: "credential disabled", Code: "credential_disabled"}}
	publish(skip)

	want := map[string][]string{
		"admin": {taskEv.ID, changes.ID, alert.ID, skip.ID},
		"pu1":   {taskEv.ID, changes.ID},
		"pu2":   nil,
		"u1":    {taskEv.ID, changes.ID},
		"u2":    {skip.ID},
	}
	for who, ids := range want {
		h.settled(chans[who].ID, len(ids))
		got := map[string]bool{}
		for _, r := range rcv[who].received() {
			got[r.eventID] = true
		}
		if len(got) != len(ids) {
			t.Errorf("%s's channel got %v, want %v", who, got, ids)
		}
		for _, id := range ids {
			if !got[id] {
				t.Errorf("%s's channel missed %s", who, id)
			}
		}
	}
	if len(failedOnly.received()) != 0 || len(off.received()) != 0 {
		t.Fatalf("unsubscribed or disabled channels got %d and %d", len(failedOnly.received()), len(off.received()))
	}
}
