package localsfn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type customError struct{}

func (*customError) Error() string { return "custom" }

func TestFunctionErrorsAreNamedLikeTheLambdaGoRuntime(t *testing.T) {
	for _, tc := range []struct {
		err      error
		typ, msg string
	}{
		{errors.New("boom"), "errorString", "boom"},
		{fmt.Errorf("scan: %w", errors.New("boom")), "wrapError", "scan: boom"},
		{&customError{}, "customError", "custom"},
		{messagesError("Lambda.TooManyRequestsException", "Rate Exceeded."), "Lambda.TooManyRequestsException", "Rate Exceeded."},
		{context.Canceled, "errorString", "context canceled"},
	} {
		got := lambdaError(tc.err)
		if got.ErrorType != tc.typ || got.ErrorMessage != tc.msg {
			t.Errorf("%v: named %q %q, want %q %q", tc.err, got.ErrorType, got.ErrorMessage, tc.typ, tc.msg)
		}
	}
}

func TestCallbackEndpoint(t *testing.T) {
	c := newCallbacks("secret-token", nil, slog.New(slog.DiscardHandler))
	c.register("echo", func(_ context.Context, p json.RawMessage) (json.RawMessage, error) { return p, nil })
	c.register("fails", Typed(func(context.Context, struct{}) (struct{}, error) { return struct{}{}, errors.New("nope") }))
	c.register("panics", func(context.Context, json.RawMessage) (json.RawMessage, error) { panic("at the disco") })
	c.register("nothing", func(context.Context, json.RawMessage) (json.RawMessage, error) { return nil, nil })
	h := c.handler()
	for _, tc := range []struct {
		name, token, path, body string
		status                  int
		functionError           string // the X-Amz-Function-Error answer, and errorType in the body
		wantBody                string
	}{
		{"no token", "", "/invoke/echo", `{}`, http.StatusUnauthorized, "", ""},
		{"wrong token", "other", "/invoke/echo", `{}`, http.StatusUnauthorized, "", ""},
		{"answer", "secret-token", "/invoke/echo", `{"a":1}`, http.StatusOK, "", `{"a":1}`},
		{"no answer is null", "secret-token", "/invoke/nothing", `{}`, http.StatusOK, "", `null`},
		{"unknown function", "secret-token", "/invoke/missing", `{}`, http.StatusNotFound, "", ""},
		{"function error", "secret-token", "/invoke/fails", `{}`, http.StatusOK, "errorString", `{"errorMessage":"nope","errorType":"errorString"}`},
		{"bad input is a function error", "secret-token", "/invoke/fails", `[`, http.StatusOK, "SyntaxError", ""},
		{"panic", "secret-token", "/invoke/panics", `{}`, http.StatusOK, "string", `{"errorMessage":"at the disco","errorType":"string"}`},
		{"status change before anyone listens", "secret-token", "/events",
			`{"detail-type":"Step Functions Execution Status Change","detail":{"executionArn":"arn:x","status":"RUNNING","startDate":1}}`,
			http.StatusServiceUnavailable, "", ""},
		{"not a status change", "secret-token", "/events", `{"detail-type":"Other"}`, http.StatusBadRequest, "", ""},
		{"items from an unknown bucket", "secret-token", "/items", `{"bucket":"b","key":"k"}`, http.StatusNotFound, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, tc.path, strings.NewReader(tc.body))
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d (%s)", rec.Code, tc.status, rec.Body)
			}
			if got := rec.Header().Get("X-Amz-Function-Error"); (got != "") != (tc.functionError != "") {
				t.Errorf("X-Amz-Function-Error %q, want it set: %v", got, tc.functionError != "")
			}
			if tc.functionError != "" {
				var fe functionError
				if err := json.Unmarshal(rec.Body.Bytes(), &fe); err != nil || fe.ErrorType != tc.functionError {
					t.Errorf("function error body %s, want errorType %s", rec.Body, tc.functionError)
				}
			}
			if tc.wantBody != "" && strings.TrimSpace(rec.Body.String()) != tc.wantBody {
				t.Errorf("body %s, want %s", rec.Body, tc.wantBody)
			}
		})
	}
}
