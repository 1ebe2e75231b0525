package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Authenticator resolves the caller of a protected route. In AWS it reads
// what the Lambda authorizer put in the request context; locally it runs
// the same authorizer code on a synthesized event.
type Authenticator interface {
	Authenticate(r *http.Request, route Route) (*Principal, error)
}

// Options configure a mux.
type Options struct {
	Logger         *slog.Logger
	RequestID      RequestIDSource
	ClientIP       ClientIPSource // the socket when nil
	Auth           Authenticator
	AllowedOrigins []string
	// Auditor records the audited routes' calls and every request refused
	// for authentication or permission ("access.denied").
	Auditor Auditor
	// Rights, when set, answers the caller's current rights on every
	// request (rights.Checker): the gateway's answer for a token is
	// cached, a revocation must not wait for it.
	Rights Rights
	// Gate, when set, holds the calls a workflow says need approval.
	Gate Gate
}

// Rights answers a caller's current rights, or Unauthenticated when they
// are gone.
type Rights interface {
	Current(ctx context.Context, p *Principal) (*Principal, error)
}

// NewMux mounts routes on a ServeMux. Every route must carry its handler,
// and a route key may appear once.
func NewMux(routes []Route, opts Options) (http.Handler, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	mux := http.NewServeMux()
	methods := map[string][]string{}
	seen := map[string]bool{}
	for _, rt := range routes {
		if rt.Handler == nil {
			return nil, fmt.Errorf("route %s has no handler", rt.Key())
		}
		if seen[rt.Key()] {
			return nil, fmt.Errorf("route %s is in the table twice", rt.Key())
		}
		if !rt.Public && opts.Auth == nil {
			return nil, fmt.Errorf("route %s needs authentication but no authenticator is configured", rt.Key())
		}
		if rt.Audit.Action != "" && opts.Auditor == nil {
			return nil, fmt.Errorf("route %s is audited but no auditor is configured", rt.Key())
		}
		seen[rt.Key()] = true
		methods[rt.Path] = append(methods[rt.Path], rt.Method)
		h := rt.Handler
		if rt.Audit.Action != "" {
			h = audited(rt, h, opts.Auditor)
		}
		mux.Handle(rt.Method+" "+rt.Path, observe(opts.Logger, opts.RequestID, opts.ClientIP, rt.Key(), serve(rt, h, opts)))
	}
	mux.Handle("/api/", observe(opts.Logger, opts.RequestID, opts.ClientIP, "unmatched", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if allowed, ok := methods[r.URL.Path]; ok {
			slices.Sort(allowed)
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			writeJSON(w, http.StatusMethodNotAllowed, ErrorBody{Error: ErrorDetail{Code: "METHOD_NOT_ALLOWED",
				Message: r.Method + " is not allowed here; use " + strings.Join(allowed, " or ")}})
			return
		}
		WriteError(w, r, domain.NotFound("route "+r.URL.Path))
	})))
	return secure(opts.AllowedOrigins, mux), nil
}

// serve authenticates, checks the route's permission again (defense in
// depth: the authorizer's policy already did) and runs the handler.
func serve(rt Route, h Handler, opts Options) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !rt.Public {
			p, err := opts.Auth.Authenticate(r, rt)
			if err == nil && opts.Rights != nil {
				p, err = opts.Rights.Current(r.Context(), p)
			}
			if p != nil {
				r = r.WithContext(WithPrincipal(r.Context(), p))
			}
			if err == nil && !p.Can(rt.Perm) {
				err = domain.Forbidden(rt.Perm)
			}
			if err != nil {
				if opts.Auditor != nil {
					_ = opts.Auditor.Record(r, AuditEvent{Action: "access.denied", ResourceType: "route", ResourceID: rt.Key()}, err)
				}
				WriteError(w, r, withApplyLink(err))
				return
			}
		}
		if err := gated(w, r, rt, opts.Gate, h); err != nil {
			WriteError(w, r, err)
		}
	})
}

// withApplyLink adds to a 403 the link where the caller can request the
// permission it lacks.
func withApplyLink(err error) error {
	de, ok := err.(*domain.Error)
	if !ok || de.Kind != domain.KindForbidden || de.Extra["permission"] == "" {
		return err
	}
	cp := *de
	cp.Extra = map[string]string{"permission": de.Extra["permission"],
		"applyUrl": "/permissions/apply?permission=" + de.Extra["permission"]}
	return &cp
}
