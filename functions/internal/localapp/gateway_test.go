package localapp

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// gatewayRoutes answer n bytes, or sleep, so a test can cross the limits.
func gatewayRoutes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/test/bytes", Public: true, Handler: func(w http.ResponseWriter, r *http.Request) error {
			n := AWSGateway.MaxAnswer
			if r.URL.Query().Get("size") == "over" {
				n++
			}
			w.Header().Set("Content-Type", "text/plain")
			// Written in pieces, as a streaming export does.
			chunk := []byte(strings.Repeat("x", 64<<10))
			for n > 0 {
				k := min(n, len(chunk))
				if _, err := w.Write(chunk[:k]); err != nil {
					return err
				}
				n -= k
			}
			return nil
		}},
		{Method: "GET", Path: "/api/test/sleep", Public: true, Handler: func(w http.ResponseWriter, r *http.Request) error {
			d, _ := time.ParseDuration(r.URL.Query().Get("d"))
			select {
			case <-time.After(d):
			case <-r.Context().Done():
				return r.Context().Err()
			}
			return httpapi.JSON(w, http.StatusOK, map[string]string{"slept": d.String()})
		}},
	}
}

func TestLocalAPIRefusesWhatAWSRefuses(t *testing.T) {
	const short = 300 * time.Millisecond // the tests' bound instead of 29 s
	for _, tc := range []struct {
		name, path string
		timeout    time.Duration
		status     int
		code, msg  string
		size       int
	}{
		{"an answer of exactly 6 MB", "/api/test/bytes?size=at", time.Minute, 200, "", "", AWSGateway.MaxAnswer},
		{"an answer over 6 MB", "/api/test/bytes?size=over", time.Minute, 502, "INTEGRATION_FAILURE", "6 MB", 0},
		{"a quick request", "/api/test/sleep?d=10ms", short, 200, "", "", 0},
		{"a request over the bound", "/api/test/sleep?d=5s", short, 504, "INTEGRATION_TIMEOUT", "the API timed out after 0.3 s", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mux, err := stack.MuxWithin(Gateway{MaxAnswer: AWSGateway.MaxAnswer, Timeout: tc.timeout}, gatewayRoutes()...)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(mux)
			defer srv.Close()
			start := time.Now()
			res, err := http.Get(srv.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			took := time.Since(start)
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.status)
			}
			if tc.code != "" {
				var eb httpapi.ErrorBody
				if err := json.NewDecoder(res.Body).Decode(&eb); err != nil || eb.Error.Code != tc.code || !strings.Contains(eb.Error.Message, tc.msg) {
					t.Fatalf("envelope %+v (%v), want code %s and a message naming %q", eb, err, tc.code, tc.msg)
				}
			} else if tc.size > 0 && res.ContentLength != int64(tc.size) {
				t.Fatalf("length %d, want %d", res.ContentLength, tc.size)
			}
			if tc.status == 504 && took > 2*time.Second {
				t.Errorf("the timeout answered after %s, want about %s", took, tc.timeout)
			}
		})
	}
}

func TestTheLocalGatewayHasAWSLimits(t *testing.T) {
	// Mux (what make dev serves and the other tests call) is MuxWithin
	// these limits.
	if AWSGateway.MaxAnswer != 6<<20 || AWSGateway.Timeout != 29*time.Second {
		t.Errorf("local gateway limits %+v, want API Gateway's 29 s and Lambda's 6 MB", AWSGateway)
	}
}
