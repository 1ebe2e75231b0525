package localsfn

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"

	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
)

// Bucket is an S3 bucket the local ItemReader may read a units file from.
type Bucket interface {
	Bucket() string
	Get(ctx context.Context, key string) (io.ReadCloser, error)
}

// maxInvokePayload is Lambda's synchronous invocation payload limit.
const maxInvokePayload = 6 << 20

// callbacks is the loopback endpoint the runner calls: it invokes the
// registered handlers (POST /invoke/{function}), takes execution status
// changes (POST /events) and reads units files for the distributed Map
// (POST /items). Every call must carry the token the runner was given.
type callbacks struct {
	token   string
	log     *slog.Logger
	buckets map[string]Bucket

	mu       sync.RWMutex
	handlers map[string]Handler
	onStatus func(context.Context, orchestrator.Event) error
	running  map[string]orchestrator.Event // by ARN, from the status changes
}

func newCallbacks(token string, buckets []Bucket, log *slog.Logger) *callbacks {
	c := &callbacks{token: token, log: log, buckets: map[string]Bucket{},
		handlers: map[string]Handler{}, running: map[string]orchestrator.Event{}}
	for _, b := range buckets {
		c.buckets[b.Bucket()] = b
	}
	return c
}

func (c *callbacks) register(function string, h Handler) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.handlers[function] = h
}

func (c *callbacks) setOnStatus(f func(context.Context, orchestrator.Event) error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onStatus = f
}

func (c *callbacks) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /invoke/{function}", c.invoke)
	mux.HandleFunc("POST /events", c.event)
	mux.HandleFunc("POST /items", c.items)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		want := "Bearer " + c.token
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte(want)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// invoke runs a handler with Lambda's Invoke contract: 200 and the answer,
// or 200 with X-Amz-Function-Error and {errorMessage, errorType}; 404 for
// a function nobody registered.
func (c *callbacks) invoke(w http.ResponseWriter, r *http.Request) {
	function := r.PathValue("function")
	c.mu.RLock()
	h := c.handlers[function]
	c.mu.RUnlock()
	if h == nil {
		http.Error(w, "Function not found: "+function, http.StatusNotFound)
		return
	}
	payload, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxInvokePayload))
	if err != nil {
		http.Error(w, fmt.Sprintf("read the payload of %s: %v", function, err), http.StatusRequestEntityTooLarge)
		return
	}
	out, ferr := call(r.Context(), h, payload)
	if ferr == nil && !json.Valid(out) {
		ferr = &functionError{ErrorMessage: "the handler answered invalid JSON", ErrorType: "Runtime.MarshalError"}
	}
	w.Header().Set("Content-Type", "application/json")
	if ferr != nil {
		c.log.DebugContext(r.Context(), "function error", "function", function, "type", ferr.ErrorType, "error", ferr.ErrorMessage)
		w.Header().Set("X-Amz-Function-Error", "Unhandled")
		out, _ = json.Marshal(ferr)
	}
	_, _ = w.Write(out)
}

// call runs h, turning an error or a panic into a function error.
func call(ctx context.Context, h Handler, payload []byte) (out json.RawMessage, ferr *functionError) {
	defer func() {
		if v := recover(); v != nil {
			pe := panicError(v)
			out, ferr = nil, &pe
		}
	}()
	out, err := h(ctx, payload)
	if err != nil {
		fe := lambdaError(err)
		return nil, &fe
	}
	if out == nil {
		out = json.RawMessage("null")
	}
	return out, nil
}

// event takes an EventBridge "Step Functions Execution Status Change"
// event. An error from the callback answers 500 and the runner retries.
func (c *callbacks) event(w http.ResponseWriter, r *http.Request) {
	var envelope struct {
		DetailType string          `json:"detail-type"`
		Detail     json.RawMessage `json:"detail"`
	}
	if err := json.NewDecoder(r.Body).Decode(&envelope); err != nil || envelope.DetailType != orchestrator.StatusChangeDetailType {
		http.Error(w, "not an execution status change event", http.StatusBadRequest)
		return
	}
	ev, err := orchestrator.ParseStatusChange(envelope.Detail)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := c.deliver(r.Context(), ev); err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, errNoStatusCallback) {
			status = http.StatusServiceUnavailable
		}
		http.Error(w, err.Error(), status)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

var errNoStatusCallback = errors.New("no status change callback yet")

// deliver keeps the set of running executions and calls the callback.
func (c *callbacks) deliver(ctx context.Context, ev orchestrator.Event) error {
	c.mu.Lock()
	f := c.onStatus
	if ev.Status.Closed() {
		delete(c.running, ev.ARN)
	} else {
		c.running[ev.ARN] = ev
	}
	c.mu.Unlock()
	if f == nil {
		return errNoStatusCallback
	}
	if err := f(ctx, ev); err != nil {
		c.log.WarnContext(ctx, "execution status change not handled; the runner retries", "execution", ev.ARN, "status", ev.Status, "error", err)
		return fmt.Errorf("handle %s of %s: %w", ev.Status, ev.ARN, err)
	}
	return nil
}

// runningExecutions are the executions last reported running.
func (c *callbacks) runningExecutions() []orchestrator.Event {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]orchestrator.Event, 0, len(c.running))
	for _, ev := range c.running {
		out = append(out, ev)
	}
	return out
}

// items answers the object a distributed Map's ItemReader names.
func (c *callbacks) items(w http.ResponseWriter, r *http.Request) {
	var obj struct{ Bucket, Key string }
	if err := json.NewDecoder(r.Body).Decode(&obj); err != nil {
		http.Error(w, "bad item reader request: "+err.Error(), http.StatusBadRequest)
		return
	}
	b := c.buckets[obj.Bucket]
	if b == nil {
		http.Error(w, "no local bucket "+obj.Bucket, http.StatusNotFound)
		return
	}
	body, err := b.Get(r.Context(), obj.Key)
	if err != nil {
		http.Error(w, fmt.Sprintf("read s3://%s/%s: %v", obj.Bucket, obj.Key, err), http.StatusBadGateway)
		return
	}
	defer body.Close()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.Copy(w, body)
}
