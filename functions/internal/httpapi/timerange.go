package httpapi

import (
	"net/http"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// ParseTimeRange reads the optional `from` and `to` query parameters of a
// list as RFC 3339 times; a malformed one, or a `to` before `from`, is a
// 400 naming it.
func ParseTimeRange(r *http.Request) (from, to time.Time, err error) {
	q := r.URL.Query()
	return TimeRange(q.Get("from"), q.Get("to"))
}

// TimeRange parses from and to, RFC 3339 each and either empty, with the
// field named on a bad one.
func TimeRange(fromText, toText string) (from, to time.Time, err error) {
	for _, t := range []struct {
		name, v string
		dst     *time.Time
	}{{"from", fromText, &from}, {"to", toText, &to}} {
		if t.v != "" {
			parsed, perr := time.Parse(time.RFC3339, t.v)
			if perr != nil {
				return from, to, domain.Invalid(t.name, "must be an RFC 3339 time, e.g. 2026-01-31T00:00:00Z")
			}
			*t.dst = parsed
		}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return from, to, domain.Invalid("to", "must not be before from")
	}
	return from, to, nil
}
