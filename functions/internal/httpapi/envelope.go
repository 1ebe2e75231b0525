package httpapi

import (
	"cmp"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// ErrorBody is the error envelope of every failed request.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is the inside of the envelope.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Details map[string]string `json:"details,omitempty"`
}

var kinds = map[domain.Kind]struct {
	status int
	code   string
}{
	domain.KindInvalid:          {http.StatusBadRequest, "VALIDATION_ERROR"},
	domain.KindUnauthenticated:  {http.StatusUnauthorized, "UNAUTHENTICATED"},
	domain.KindForbidden:        {http.StatusForbidden, "FORBIDDEN"},
	domain.KindNotFound:         {http.StatusNotFound, "NOT_FOUND"},
	domain.KindConflict:         {http.StatusConflict, "CONFLICT"},
	domain.KindTooLarge:         {http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE"},
	domain.KindUnsupportedMedia: {http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"},
	domain.KindThrottled:        {http.StatusTooManyRequests, "RATE_LIMITED"},
	domain.KindUnavailable:      {http.StatusServiceUnavailable, "UNAVAILABLE"},
	domain.KindInternal:         {http.StatusInternalServerError, "INTERNAL"},
}

// StatusOf is the one place an error becomes an HTTP status.
func StatusOf(err error) int { return kinds[domain.KindOf(err)].status }

// WriteError writes err as the envelope. Internal errors show only the
// request id; their cause goes to the log, once, here.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	kind := domain.KindOf(err)
	k := kinds[kind]
	detail := ErrorDetail{Code: k.code}
	var de *domain.Error
	if kind != domain.KindInternal && errors.As(err, &de) {
		detail.Message = de.Msg
		if de.Field != "" || len(de.Extra) > 0 {
			detail.Details = map[string]string{}
			if de.Field != "" {
				detail.Details["field"] = de.Field
				detail.Details["reason"] = de.Msg
			}
			for k, v := range de.Extra {
				detail.Details[k] = v
			}
		}
	} else {
		detail.Message = "internal error"
		detail.Details = map[string]string{"requestId": RequestID(r.Context())}
	}
	level := slog.LevelInfo
	if k.status >= 500 {
		level = slog.LevelError
	}
	Logger(r.Context()).Log(r.Context(), level, "request failed", "status", k.status, "error", err.Error())
	writeJSON(w, k.status, ErrorBody{Error: detail})
}

// JSON writes v with the given status. Empty lists are written as [],
// never null: the API description calls them required arrays.
func JSON(w http.ResponseWriter, status int, v any) error {
	writeJSON(w, status, EmptyLists(v))
	return nil
}

// NoContent answers 204.
func NoContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away; nothing left to tell it
}

// ErrorCode is one code of the envelope with the status it travels with.
type ErrorCode struct {
	Code   string `json:"code"`
	Status int    `json:"status"`
}

// ErrorCodes lists every code the envelope can carry, by status, for the
// contract the console and the CDK read.
func ErrorCodes() []ErrorCode {
	out := []ErrorCode{{Code: "METHOD_NOT_ALLOWED", Status: http.StatusMethodNotAllowed}}
	for _, k := range kinds {
		out = append(out, ErrorCode{Code: k.code, Status: k.status})
	}
	slices.SortFunc(out, func(a, b ErrorCode) int { return cmp.Or(a.Status-b.Status, strings.Compare(a.Code, b.Code)) })
	return out
}
