package notify

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/event"
)

type pub struct {
	got []event.Event
	err error
}

func (p *pub) Publish(_ context.Context, ev event.Event) error {
	p.got = append(p.got, ev)
	return p.err
}

// An alert goes to the log and, as security.alert, to the channels; a
// publish failure is logged and never fails the caller.
func TestAlertIsLoggedAndPublished(t *testing.T) {
	var buf bytes.Buffer
	p := &pub{}
	at := time.Date(2026, 12, 4, 4, 30, 0, 0, time.UTC)
	l := Log{L: slog.New(slog.NewJSONHandler(&buf, nil)), Pub: p, Now: func() time.Time { return at }}
	l.Alert(context.Background(), "W", "user_locked", "sign-in of =cmd| closed")
	if len(p.got) != 1 {
		t.Fatalf("published %d", len(p.got))
	}
	ev := p.got[0]
	if ev.Type != event.SecurityAlert || ev.WorkspaceID != "W" || ev.Alert == nil || ev.Alert.Kind != "user_locked" ||
		ev.Alert.Message != "sign-in of =cmd| closed" || !ev.Time.Equal(at) || ev.ID == "" {
		t.Fatalf("event %+v", ev)
	}
	if !strings.Contains(buf.String(), `"alert":"user_locked"`) {
		t.Fatalf("log %s", buf.String())
	}
	p.err = errors.New("queue down")
	l.Alert(context.Background(), "W", "user_locked", "again")
	if !strings.Contains(buf.String(), "publish security alert") {
		t.Fatalf("a failed publish was not logged: %s", buf.String())
	}
}
