package lambdaapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cloudcensus/cloudcensus/functions/internal/app"
)

// A real API Gateway REST proxy event, as API Gateway sends it.
const healthEvent = `{
  "resource": "/api/health",
  "path": "/api/health",
  "httpMethod": "GET",
  "headers": {"Accept": "application/json", "Host": "abc123.execute-api.eu-west-1.amazonaws.com", "X-Forwarded-For": "203.0.113.7"},
  "multiValueHeaders": {"Accept": ["application/json"], "Host": ["abc123.execute-api.eu-west-1.amazonaws.com"], "X-Forwarded-For": ["203.0.113.7"]},
  "queryStringParameters": null,
  "multiValueQueryStringParameters": null,
  "pathParameters": null,
  "stageVariables": null,
  "requestContext": {
    "resourceId": "r1", "resourcePath": "/api/health", "httpMethod": "GET",
    "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    "path": "/prod/api/health", "accountId": "123456789012", "protocol": "HTTP/1.1",
    "stage": "prod", "domainName": "abc123.execute-api.eu-west-1.amazonaws.com", "apiId": "abc123",
    "identity": {"sourceIp": "203.0.113.7", "userAgent": "curl/8.0"}
  },
  "body": null,
  "isBase64Encoded": false
}`

func TestProxyEventReachesTheHandler(t *testing.T) {
	sys := app.NewSystem()
	deps := &app.Deps{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), System: sys, RequestID: RequestID}
	mux, err := deps.SystemMux()
	if err != nil {
		t.Fatal(err)
	}
	var ev events.APIGatewayProxyRequest
	if err := json.Unmarshal([]byte(healthEvent), &ev); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		ready  bool
		status int
		body   string
	}{
		{"before ready", false, 503, "starting"},
		{"ready", true, 200, "ok"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.ready {
				sys.Ready(nil)
			}
			resp, err := Handler(mux)(context.Background(), ev)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, resp.Body)
			}
			var h struct{ Status string }
			if err := json.Unmarshal([]byte(resp.Body), &h); err != nil || h.Status != tc.body {
				t.Fatalf("body %s", resp.Body)
			}
			if got := resp.MultiValueHeaders["X-Request-Id"]; len(got) != 1 || got[0] != "c6af9ac6-7b61-11e6-9a41-93e8deadbeef" {
				t.Fatalf("X-Request-Id = %v, want API Gateway's request id", got)
			}
		})
	}
}
