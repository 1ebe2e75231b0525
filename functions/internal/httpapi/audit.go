package httpapi

import (
	"bytes"
	"context"
	"net/http"
)

// AuditEvent is what an audited call records. The mux starts it from the
// route's Audit; the handler completes it through AuditOf.
type AuditEvent struct {
	Action       string // "resource.verb", e.g. "users.create"
	ResourceType string
	ResourceID   string
	Before       any
	After        any
	// WorkspaceID and Actor are taken from the request's principal; set
	// them for unauthenticated actions (sign-in, registration).
	WorkspaceID string
	Actor       string
	ActorName   string
	// Skip marks a call with nothing to record: a repeated request that
	// changed nothing (an idempotent retry), or one more of a flood of
	// failures already recorded.
	Skip bool
}

// Auditor writes an event with the outcome of the call (nil is a
// success). It answers err, or its own failure to write on a success: an
// unaudited change must not look like a success.
type Auditor interface {
	Record(r *http.Request, ev AuditEvent, err error) error
}

type auditKey struct{}

// AuditOf is the event of the call in progress, for the handler to name
// the resource and its before and after. Outside an audited route it is a
// throwaway, so a shared helper may fill it either way.
func AuditOf(r *http.Request) *AuditEvent {
	if ev, ok := r.Context().Value(auditKey{}).(*AuditEvent); ok {
		return ev
	}
	return &AuditEvent{}
}

// audited runs an audited route's handler and records its outcome before
// the answer goes out: the answer is held until the entry is written, so
// a failed write turns a success into an error, never into an unaudited
// change.
func audited(rt Route, h Handler, a Auditor) Handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		ev := &AuditEvent{Action: rt.Audit.Action, ResourceType: rt.Audit.ResourceType}
		r = r.WithContext(context.WithValue(r.Context(), auditKey{}, ev))
		held := &heldWriter{header: http.Header{}}
		err := h(held, r)
		if !ev.Skip {
			err = a.Record(r, *ev, err) // err itself, or the write's failure on a success
		}
		if err != nil {
			return err
		}
		held.flush(w)
		return nil
	}
}

// heldWriter keeps an answer until the audit entry is written.
type heldWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (h *heldWriter) Header() http.Header { return h.header }

func (h *heldWriter) WriteHeader(status int) {
	if h.status == 0 {
		h.status = status
	}
}

func (h *heldWriter) Write(b []byte) (int, error) {
	h.WriteHeader(http.StatusOK)
	return h.body.Write(b)
}

func (h *heldWriter) flush(w http.ResponseWriter) {
	for k, v := range h.header {
		w.Header()[k] = v
	}
	if h.status == 0 {
		h.status = http.StatusOK
	}
	w.WriteHeader(h.status)
	_, _ = w.Write(h.body.Bytes())
}

// DecodeID reads an {"id"} body and names the id as the audited resource:
// how every route acting on one resource by its id begins. The id is
// named only once the body decoded, as a refused body has no resource.
func DecodeID(r *http.Request) (string, *AuditEvent, error) {
	var b IDBody
	if err := Decode(r, &b); err != nil {
		return "", nil, err
	}
	ev := AuditOf(r)
	ev.ResourceID = b.ID
	return b.ID, ev, nil
}
