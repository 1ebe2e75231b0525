package localapp

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/channels"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/monitor"
)

// TestRepeatedDenialsRaiseAnAlertAtTheChannel: a user refused ten times
// in a row is an alert with its evidence, acknowledged and resolved by an
// admin, and a security.alert at the admin's channel. The tick is the
// housekeeping's (the minute's), run here at once; the test reports the
// time from the last refusal to the message at the receiver.
func TestRepeatedDenialsRaiseAnAlertAtTheChannel(t *testing.T) {
	c := asAdmin(t)
	rc := newReceiver(t)
	if a := c.post("/api/notification-channels/create", map[string]any{"name": "Monitor", "type": "webhook",
		"config": map[string]any{"url": rc.URL + "/mon", "secret": "whsec-mon-0123456789"}, "events": []string{"security.alert"}}); a.Status != 201 {
		t.Fatalf("%d %s", a.Status, a.Body)
	}
	name, pwd, uid := newUser(t, "user")
	u := signIn(t, name, pwd)
	for range 10 {
		if a := u.get("/api/workers"); a.Status != 403 {
			t.Fatalf("workers: %d", a.Status)
		}
	}
	last := time.Now()
	time.Sleep(5100 * time.Millisecond) // the monitor reads up to 5 s behind, for writes in flight
	if _, err := monitor.New(stack.Store, stack.Publisher, monitor.Options{Logger: stack.Logger}).Tick(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	m := rc.wait(t, "security alert", func(m received) bool {
		return m.header.Get(channels.HeaderEvent) == string(event.SecurityAlert) && strings.Contains(string(m.body), name)
	})
	t.Logf("from the last refusal to the alert at the receiver: %v (the minute's tick adds up to 60 s in operation)", m.at.Sub(last))
	var alerts struct{ Data []domain.Alert }
	c.get("/api/alerts?status=open&rule=repeated_denials").decode(t, &alerts)
	i := slices.IndexFunc(alerts.Data, func(a domain.Alert) bool { return a.Subject == uid })
	if i < 0 {
		t.Fatalf("no open repeated_denials alert about %s: %+v", uid, alerts.Data)
	}
	al := alerts.Data[i]
	if len(al.Evidence) < 10 {
		t.Errorf("the alert's evidence names %d audit entries, want the 10 refusals", len(al.Evidence))
	}
	if a := c.post("/api/alerts/acknowledge", map[string]any{"id": al.ID}); a.Status != 200 {
		t.Fatalf("acknowledge: %d %s", a.Status, a.Body)
	}
	if a := c.post("/api/alerts/resolve", map[string]any{"id": al.ID, "comment": "the user was testing"}); a.Status != 200 {
		t.Fatalf("resolve: %d %s", a.Status, a.Body)
	}
	if a := u.get("/api/alerts"); a.Status != 403 {
		t.Errorf("a user reads alerts: %d", a.Status)
	}
}
