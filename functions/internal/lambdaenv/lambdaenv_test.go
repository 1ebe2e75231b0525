package lambdaenv

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// A real API Gateway REST proxy event, as API Gateway sends it, with what
// the authorizer put in the request context.
const meEvent = `{
  "resource": "/api/things", "path": "/api/things", "httpMethod": "GET",
  "headers": {"Accept": "application/json", "Host": "abc123.execute-api.eu-west-1.amazonaws.com", "X-Forwarded-For": "198.51.100.9, 203.0.113.7"},
  "multiValueHeaders": {"Accept": ["application/json"], "Host": ["abc123.execute-api.eu-west-1.amazonaws.com"], "X-Forwarded-For": ["198.51.100.9, 203.0.113.7"]},
  "queryStringParameters": null, "multiValueQueryStringParameters": null, "pathParameters": null, "stageVariables": null,
  "requestContext": {
    "resourceId": "r1", "resourcePath": "/api/things", "httpMethod": "GET",
    "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    "path": "/prod/api/things", "accountId": "123456789012", "protocol": "HTTP/1.1",
    "stage": "prod", "domainName": "abc123.execute-api.eu-west-1.amazonaws.com", "apiId": "abc123",
    "identity": {"sourceIp": "203.0.113.7", "userAgent": "curl/8.0"},
    "authorizer": {"principalId": "u1", "userId": "01JUSER00000000000000000AA", "username": "ana", "role": "user",
      "workspaceId": "01JWORKSPACE0000000000000A", "permissions": "things:read,auth:self", "uiResources": "menu:things"}
  },
  "body": null, "isBase64Encoded": false
}`

// env is a loaded environment of a function of the manifest, without a
// Lambda runtime around it.
func env(t *testing.T, name string, vars map[string]string) *Env {
	t.Helper()
	t.Setenv("AWS_REGION", "eu-west-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	for _, v := range []Var{TableName, ResultsBucket, ReportsBucket, KMSKeyID, UserPoolID, UserPoolClientID, StateMachineARN, PlatformPrincipalARN, SPAOrigin, AuditRetentionDays,
		JobsFunction, ScheduleGroup, SchedulerRoleARN, ScheduleTargetARN, NotifyQueueURL, MailFrom, APIFunctions} {
		t.Setenv(string(v), vars[string(v)])
	}
	e, err := Load(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	e.Log = slog.New(slog.NewJSONHandler(io.Discard, nil))
	return e
}

func TestProxyEventReachesTheHandlerAsTheAuthorizersPrincipal(t *testing.T) {
	e := env(t, "admin", map[string]string{"TABLE_NAME": "t", "JOBS_FUNCTION": "j", "API_FUNCTIONS": "{}"})
	var seen *httpapi.Principal
	var ip string
	h, err := e.APIHandler(API{}, []httpapi.Route{{Method: "GET", Path: "/api/things", Perm: "things:read",
		Handler: func(w http.ResponseWriter, r *http.Request) error {
			seen, ip = httpapi.PrincipalFrom(r.Context()), httpapi.ClientIP(r.Context())
			return httpapi.JSON(w, http.StatusOK, map[string]any{"items": []string(nil)})
		}}})
	if err != nil {
		t.Fatal(err)
	}
	var ev events.APIGatewayProxyRequest
	if err := json.Unmarshal([]byte(meEvent), &ev); err != nil {
		t.Fatal(err)
	}
	resp, err := h(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || strings.TrimSpace(resp.Body) != `{"items":[]}` {
		t.Fatalf("status %d body %s", resp.StatusCode, resp.Body)
	}
	if got := resp.MultiValueHeaders["X-Request-Id"]; len(got) != 1 || got[0] != "c6af9ac6-7b61-11e6-9a41-93e8deadbeef" {
		t.Fatalf("X-Request-Id = %v, want API Gateway's request id", got)
	}
	if seen == nil || seen.Username != "ana" || seen.WorkspaceID != "01JWORKSPACE0000000000000A" || !slices.Equal(seen.Permissions, []string{"things:read", "auth:self"}) {
		t.Fatalf("principal %+v", seen)
	}
	// The client's address is API Gateway's, whatever X-Forwarded-For claims.
	if ip != "203.0.113.7" {
		t.Fatalf("client ip %q, want API Gateway's sourceIp", ip)
	}
	// Without the authorizer's context the route answers 401, never runs.
	ev.RequestContext.Authorizer = nil
	seen = nil
	if resp, _ := h(context.Background(), ev); resp.StatusCode != 401 || seen != nil {
		t.Fatalf("status %d without an authorizer context", resp.StatusCode)
	}
}

func TestLoadNamesEveryMissingSetting(t *testing.T) {
	t.Setenv("AWS_REGION", "eu-west-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
	for _, v := range []Var{TableName, ResultsBucket, StateMachineARN} {
		t.Setenv(string(v), "")
	}
	_, err := Load(context.Background(), "tasks")
	if err == nil || !strings.Contains(err.Error(), "TABLE_NAME, RESULTS_BUCKET, STATE_MACHINE_ARN") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Load(context.Background(), "billing"); err == nil {
		t.Fatal("a function outside the manifest loaded")
	}
}

func TestReadingAnUndeclaredSettingPanics(t *testing.T) {
	e := env(t, "admin", map[string]string{"TABLE_NAME": "t", "JOBS_FUNCTION": "j", "API_FUNCTIONS": "{}"})
	defer func() {
		if recover() == nil {
			t.Fatal("admin read RESULTS_BUCKET, which its manifest does not give it")
		}
	}()
	e.Get(ResultsBucket)
}

func TestAuditRetention(t *testing.T) {
	if got := env(t, "admin", map[string]string{"TABLE_NAME": "t", "JOBS_FUNCTION": "j", "API_FUNCTIONS": "{}"}).AuditRetention().Hours(); got != 365*24 {
		t.Fatalf("default retention %v h", got)
	}
	e := env(t, "admin", map[string]string{"TABLE_NAME": "t", "JOBS_FUNCTION": "j", "API_FUNCTIONS": "{}", "AUDIT_RETENTION_DAYS": "0"})
	if _, err := e.Days(AuditRetentionDays, 365); err == nil {
		t.Fatal("0 days accepted")
	}
}

func TestRoutesComeFromTheShippedContract(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("LAMBDA_TASK_ROOT", dir)
	e := env(t, "authorizer", map[string]string{"TABLE_NAME": "t", "USER_POOL_ID": "p", "USER_POOL_CLIENT_ID": "c"})
	if _, err := e.Routes(); err == nil || !strings.Contains(err.Error(), "make build") {
		t.Fatalf("a missing contract: %v", err)
	}
	contract := `{"routes":[{"method":"GET","path":"/api/tasks","permission":"tasks:read","public":false,"function":"tasks","summary":"s"},
		{"method":"POST","path":"/api/auth/login","public":true,"function":"auth","summary":"s","audit":{"action":"auth.login","resourceType":"session"}}]}`
	if err := os.WriteFile(filepath.Join(dir, ContractFile), []byte(contract), 0o600); err != nil {
		t.Fatal(err)
	}
	rs, err := e.Routes()
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Perm != "tasks:read" || !rs[1].Public || rs[1].Audit.Action != "auth.login" || rs[0].Handler != nil {
		t.Fatalf("routes %+v", rs)
	}
}

func TestManifestIsConsistent(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Functions {
		if seen[f.Name] {
			t.Errorf("%s twice", f.Name)
		}
		seen[f.Name] = true
		if len(f.Env) == 0 || !slices.Contains(f.Env, TableName) {
			t.Errorf("%s: every function reads the table", f.Name)
		}
		for _, v := range f.Optional {
			if slices.Contains(f.Env, v) {
				t.Errorf("%s: %s is both required and optional", f.Name, v)
			}
		}
		for _, file := range f.Files {
			if file != ContractFile && file != OpenAPIFile {
				t.Errorf("%s ships %s, which make build does not make", f.Name, file)
			}
		}
	}
	entries, err := os.ReadDir("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range entries {
		if _, err := os.Stat(filepath.Join("../..", d.Name(), "main.go")); err == nil && d.Name() != "local" && !seen[d.Name()] {
			t.Errorf("functions/%s has no manifest entry", d.Name())
		}
	}
}
