package httpapi

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// ApprovalHeader carries the id of an approved request on the call that
// runs it: the approvals service replays the held call with it.
const ApprovalHeader = "X-Cloudcensus-Approval"

// Gate holds the calls a workflow says need approval (approvals.Gate).
// The mux asks it after the caller's permission is checked, so a held
// call was one the caller may make.
type Gate interface {
	// Hold stores the call as an approval request when a workflow covers
	// it and answers the request; nil lets the call through.
	Hold(r *http.Request, rt Route, body []byte) (*Held, error)
	// Release claims the approved request id for this call, once: the
	// same route, body and caller. done records the outcome.
	Release(r *http.Request, rt Route, id string, body []byte) (done func(status int, answer []byte), err error)
}

// Held is the answer to a held call: 202 with the request to follow.
type Held struct {
	ApprovalRequestID string                `json:"approvalRequestId"`
	Status            domain.ApprovalStatus `json:"status"`
	Message           string                `json:"message"`
}

// gated runs a POST through the gate: held, released, or let through.
// The body is read once (within MaxBody) and given back to the handler.
func gated(w http.ResponseWriter, r *http.Request, rt Route, gate Gate, h Handler) error {
	if gate == nil || rt.Public || rt.Method != http.MethodPost {
		return h(w, r)
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxBody))
	if err != nil {
		return domain.TooLarge(fmt.Sprintf("body larger than %d bytes", MaxBody))
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if id := r.Header.Get(ApprovalHeader); id != "" {
		done, err := gate.Release(r, rt, id, body)
		if err != nil {
			return err
		}
		rec := &answerRecorder{ResponseWriter: w, status: http.StatusOK}
		if err := h(rec, r); err != nil {
			WriteError(rec, r, err)
		}
		done(rec.status, rec.body.Bytes())
		return nil
	}
	held, err := gate.Hold(r, rt, body)
	if err != nil || held == nil {
		if err != nil {
			return err
		}
		return h(w, r)
	}
	return JSON(w, http.StatusAccepted, held)
}

// answerRecorder keeps the status and (the start of) the answer it passes on.
type answerRecorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
	wrote  bool
}

func (r *answerRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *answerRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	if room := 4096 - r.body.Len(); room > 0 {
		r.body.Write(b[:min(len(b), room)])
	}
	return r.ResponseWriter.Write(b)
}
