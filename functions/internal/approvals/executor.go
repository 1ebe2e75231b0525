package approvals

import (
	"bytes"
	"context"
	"net/http"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

type replayKey struct{}

// ReplayAuth authenticates the in-process replays of LocalExecutor (the
// principal rides in the request's context, which no HTTP client can
// set) and every other call through Inner.
type ReplayAuth struct{ Inner httpapi.Authenticator }

// Authenticate implements httpapi.Authenticator.
func (a ReplayAuth) Authenticate(r *http.Request, rt httpapi.Route) (*httpapi.Principal, error) {
	if p, ok := r.Context().Value(replayKey{}).(*httpapi.Principal); ok {
		return p, nil
	}
	return a.Inner.Authenticate(r, rt)
}

// LocalExecutor replays approved calls through the local mux in process,
// as the Lambda executor replays them through the route's function.
type LocalExecutor struct {
	// Handler is the mux (ReplayAuth in front of its authenticator); it is
	// read at each run because the mux is built after the service.
	Handler func() http.Handler
}

// Execute implements Executor.
func (e LocalExecutor) Execute(ctx context.Context, req *domain.ApprovalRequest, rt httpapi.Route, p *httpapi.Principal) (int, []byte, error) {
	hr, err := http.NewRequestWithContext(context.WithValue(ctx, replayKey{}, p), rt.Method, rt.Path, bytes.NewReader([]byte(req.Payload)))
	if err != nil {
		return 0, nil, err
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set(httpapi.ApprovalHeader, req.ID)
	hr.RemoteAddr = "127.0.0.1:0"
	rec := &answer{header: http.Header{}, status: http.StatusOK}
	e.Handler().ServeHTTP(rec, hr)
	return rec.status, rec.body.Bytes(), nil
}

// answer is a minimal http.ResponseWriter that keeps what it is given.
type answer struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (a *answer) Header() http.Header { return a.header }
func (a *answer) WriteHeader(code int) {
	if !a.wrote {
		a.status, a.wrote = code, true
	}
}
func (a *answer) Write(b []byte) (int, error) { a.wrote = true; return a.body.Write(b) }
