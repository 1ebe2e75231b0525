package localapp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Gateway is what API Gateway and Lambda refuse in AWS, enforced on the
// local API so that a request that works locally works deployed: a Lambda
// answers at most 6 MB synchronously (the gateway answers 502) and the
// gateway waits at most 29 s for it (504).
type Gateway struct {
	MaxAnswer int           // bytes of an answer's body; beyond it, 502
	Timeout   time.Duration // beyond it, 504
}

// AWSGateway is the deployed API's limits.
var AWSGateway = Gateway{MaxAnswer: 6 << 20, Timeout: 29 * time.Second}

// Wrap serves h within the limits. Like API Gateway in front of a Lambda,
// it holds the whole answer before sending any of it, so a handler that
// streams sees its answer cut only by the limits, never half sent.
func (g Gateway) Wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), g.Timeout)
		defer cancel()
		held := &heldAnswer{header: http.Header{}, max: g.MaxAnswer}
		done := make(chan any, 1)
		go func() {
			defer func() { done <- recover() }()
			h.ServeHTTP(held, r.WithContext(ctx))
		}()
		select {
		case p := <-done:
			if p != nil && p != http.ErrAbortHandler {
				panic(p)
			}
			held.send(w, p == http.ErrAbortHandler)
		case <-ctx.Done():
			held.close()
			if r.Context().Err() != nil {
				return // the client left
			}
			gatewayError(w, http.StatusGatewayTimeout, "INTEGRATION_TIMEOUT",
				fmt.Sprintf("the API timed out after %g s", g.Timeout.Seconds()))
		}
	})
}

// heldAnswer keeps a handler's answer until it is complete. A handler
// still writing after the gateway gave up writes nowhere.
type heldAnswer struct {
	mu       sync.Mutex
	header   http.Header
	status   int
	body     bytes.Buffer
	max      int
	tooLarge bool
	closed   bool
}

func (a *heldAnswer) Header() http.Header { return a.header }

func (a *heldAnswer) WriteHeader(status int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.status == 0 {
		a.status = status
	}
}

func (a *heldAnswer) Write(p []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.status == 0 {
		a.status = http.StatusOK
	}
	if a.closed || a.tooLarge {
		return len(p), nil
	}
	if a.body.Len()+len(p) > a.max {
		a.tooLarge = true
		a.body.Reset()
		return len(p), nil
	}
	return a.body.Write(p)
}

// Flush is a no-op: nothing leaves before the answer is complete.
func (a *heldAnswer) Flush() {}

func (a *heldAnswer) close() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
}

func (a *heldAnswer) send(w http.ResponseWriter, aborted bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.closed = true
	switch {
	case a.tooLarge:
		gatewayError(w, http.StatusBadGateway, "INTEGRATION_FAILURE",
			fmt.Sprintf("the answer is larger than the %d MB a Lambda function may return", a.max>>20))
	case aborted:
		panic(http.ErrAbortHandler) // the handler cut its stream: so does the gateway
	default:
		maps.Copy(w.Header(), a.header)
		w.Header().Set("Content-Length", strconv.Itoa(a.body.Len())) // the gateway sends it whole
		if a.status == 0 {
			a.status = http.StatusOK
		}
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body.Bytes())
	}
}

func gatewayError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(httpapi.ErrorBody{Error: httpapi.ErrorDetail{Code: code, Message: msg}})
}
