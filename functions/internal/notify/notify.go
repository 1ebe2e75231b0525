// Package notify raises security alerts (lockouts, role elevations): each
// goes to the structured log, where a CloudWatch metric filter or a log
// search picks it up by its "alert" attribute, and, through a publisher,
// to the notification channels subscribed to security.alert (those of
// creators who may read the audit log).
package notify

import (
	"context"
	"log/slog"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/event"
)

// Publisher hands an event to the notification channels.
type Publisher interface {
	Publish(ctx context.Context, ev event.Event) error
}

// Log writes alerts to the structured log and, when Pub is set, publishes
// them as security.alert events.
type Log struct {
	L   *slog.Logger
	Pub Publisher
	Now func() time.Time
}

// Alert records one security alert. A failure to publish is logged: the
// alert is in the log either way, and the sign-in that raised it must
// not fail for it.
func (l Log) Alert(ctx context.Context, ws, kind, message string) {
	l.L.WarnContext(ctx, "security alert", "alert", kind, "workspaceId", ws, "message", message)
	if l.Pub == nil {
		return
	}
	now := time.Now().UTC()
	if l.Now != nil {
		now = l.Now()
	}
	ev := event.Event{ID: "alert." + kind + "." + now.Format("20060102T150405.000000000"), Type: event.SecurityAlert, WorkspaceID: ws, Time: now,
		Alert: &event.Alert{Kind: kind, Message: message}}
	if err := l.Pub.Publish(ctx, ev); err != nil {
		l.L.ErrorContext(ctx, "publish security alert", "alert", kind, "error", err.Error())
	}
}
