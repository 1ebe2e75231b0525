// Package audit records who did what: every change, every denied request
// and every failed attempt. Handlers describe the action; this package
// fills in the caller, address, user agent and request id from the request,
// redacts secrets, and writes the entry before the answer goes out, on the
// success path and the failure path alike.
//
// It must not import handler packages.
package audit

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Writer stores entries (the store in production).
type Writer interface {
	PutAudit(ctx context.Context, e *domain.AuditEntry) error
}

// Log writes audit entries for requests.
type Log struct {
	w   Writer
	now func() time.Time
}

// New builds an audit log over a writer.
func New(w Writer) *Log { return &Log{w: w, now: func() time.Time { return time.Now().UTC() }} }

// Event is what an audited action records: the mux fills it for an
// audited route (httpapi.Route.Audit); other actions, such as a lockout
// that follows a failed sign-in, are recorded with Record directly.
type Event = httpapi.AuditEvent

// The log is the mux's auditor.
var _ httpapi.Auditor = (*Log)(nil)

// Record writes the entry for an action that ended with err (nil is a
// success). It returns err unchanged so that a handler can end with
// `return s.audit.Record(r, ev, err)` and never skip the entry. A failure
// to write the entry is logged and, on a successful action, returned: an
// unaudited change must not look like a success.
func (l *Log) Record(r *http.Request, ev Event, err error) error {
	e := l.entry(r, ev)
	switch {
	case err == nil:
		e.Result = domain.AuditSuccess
	case domain.Is(err, domain.KindForbidden), domain.Is(err, domain.KindUnauthenticated):
		e.Result = domain.AuditDenied
		e.Error = safeMessage(err)
	default:
		e.Result = domain.AuditFailure
		e.Error = safeMessage(err)
	}
	// The entry is written even when the client went away.
	ctx := context.WithoutCancel(r.Context())
	if werr := l.w.PutAudit(ctx, e); werr != nil {
		httpapi.Logger(ctx).Error("audit write failed", "action", ev.Action, "error", werr.Error())
		if err == nil {
			return werr
		}
	}
	return err
}

func (l *Log) entry(r *http.Request, ev Event) *domain.AuditEntry {
	e := &domain.AuditEntry{
		ID: domain.NewID(), Action: ev.Action, ResourceType: ev.ResourceType, ResourceID: ev.ResourceID,
		Before: Redact(ev.Before), After: Redact(ev.After),
		IP: httpapi.ClientIP(r.Context()), UserAgent: r.UserAgent(), RequestID: httpapi.RequestID(r.Context()), Timestamp: l.now(),
		WorkspaceID: ev.WorkspaceID, Actor: ev.Actor, ActorName: ev.ActorName,
	}
	if p := httpapi.PrincipalFrom(r.Context()); p != nil {
		if e.WorkspaceID == "" {
			e.WorkspaceID = p.WorkspaceID
		}
		if e.Actor == "" {
			e.Actor, e.ActorName = p.UserID, p.Username
		}
	}
	if e.Actor == "" {
		e.Actor = "anonymous"
	}
	return e
}

// safeMessage keeps what the user was told, never an internal cause.
func safeMessage(err error) string {
	if domain.KindOf(err) == domain.KindInternal {
		return "internal error"
	}
	var de *domain.Error
	if errors.As(err, &de) {
		if de.Field != "" {
			return de.Field + ": " + de.Msg
		}
		return de.Msg
	}
	return "internal error"
}

// secretFields are the JSON fields Redact replaces wherever they appear.
var secretFields = map[string]bool{
	"secretAccessKey": true, "secret": true, "password": true, "newPassword": true, "oldPassword": true,
	"token": true, "refreshToken": true, "sessionToken": true, "code": true, "encryptedSecret": true, "dataKey": true,
}

// Redact turns v into plain JSON data with every secret field replaced, so
// an audit entry can never hold a secret whatever view a handler passes.
func Redact(v any) any {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var data any
	if err := json.Unmarshal(b, &data); err != nil {
		return nil
	}
	return redact(data)
}

func redact(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if secretFields[k] {
				t[k] = "[redacted]"
			} else {
				t[k] = redact(x)
			}
		}
	case []any:
		for i, x := range t {
			t[i] = redact(x)
		}
	}
	return v
}
