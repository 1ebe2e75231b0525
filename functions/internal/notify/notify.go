// Package notify raises security alerts (lockouts, role elevations). Today
// the only channel is the structured log, where a CloudWatch metric filter
// or a log search picks alerts up by their "alert" attribute; the
// notification-channel routes will add e-mail and SNS behind this same
// interface.
package notify

import (
	"context"
	"log/slog"
)

// Log writes alerts to the structured log.
type Log struct{ L *slog.Logger }

// Alert records one security alert.
func (l Log) Alert(ctx context.Context, ws, kind, message string) {
	l.L.WarnContext(ctx, "security alert", "alert", kind, "workspaceId", ws, "message", message)
}
