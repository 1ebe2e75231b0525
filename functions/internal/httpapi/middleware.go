package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// RequestIDSource extracts the id the platform already gave a request (API
// Gateway's request id in AWS); an empty answer makes the middleware mint one.
type RequestIDSource func(r *http.Request) string

// ClientIPSource tells the caller's address as the platform saw it: API
// Gateway's request context in AWS, the socket locally. Never a header
// the client writes (X-Forwarded-For's first entry is the client's own
// claim).
type ClientIPSource func(r *http.Request) string

// SocketIP is the address of the connection: the caller locally, where no
// proxy stands in front.
func SocketIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// requestInfo is what the request's log line needs from deeper down: the
// principal is resolved on a request derived from the one the logging
// middleware holds, so it is written here for the line to read.
type requestInfo struct {
	user     string
	clientIP string
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// Flush lets streaming answers (CSV exports) reach the client as they go.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// observe assigns the request id, attaches a logger, recovers panics into
// a 500 envelope, and logs one line per request.
func observe(base *slog.Logger, source RequestIDSource, ipSource ClientIPSource, route string, next http.Handler) http.Handler {
	if ipSource == nil {
		ipSource = SocketIP
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := ""
		if source != nil {
			id = source(r)
		}
		if id == "" {
			id = domain.NewID()
		}
		w.Header().Set("X-Request-Id", id)
		log := base.With("requestId", id, "method", r.Method, "route", route)
		info := &requestInfo{clientIP: ipSource(r)}
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ctx = context.WithValue(ctx, loggerKey, log)
		ctx = context.WithValue(ctx, requestInfoKey, info)
		r = r.WithContext(ctx)
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler { // a deliberate cut of a streaming answer
					panic(v)
				}
				log.Error("panic", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if rec.status == 0 {
					WriteError(rec, r, fmt.Errorf("panic: %v", v))
				}
			}
			log.Info("request", "status", rec.status, "durationMs", time.Since(start).Milliseconds(), "user", info.user,
				"clientIp", info.clientIP, "bytes", rec.bytes)
		}()
		next.ServeHTTP(rec, r)
	})
}

// secure sets the security headers and answers CORS for the SPA origin.
func secure(allowedOrigins []string, next http.Handler) http.Handler {
	allowed := map[string]bool{}
	for _, o := range allowedOrigins {
		allowed[o] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		if origin := r.Header.Get("Origin"); origin != "" && allowed[origin] {
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Vary", "Origin")
			h.Set("Access-Control-Expose-Headers", "X-Request-Id, Content-Disposition")
			if r.Method == http.MethodOptions {
				h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
				h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key, X-Request-Id, X-CloudCensus-CSRF")
				h.Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
