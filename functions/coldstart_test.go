package functions

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/api"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
)

// runtimeAPI is a minimal Lambda Runtime API (the interface every
// provided.al2023 function's runtime loop speaks): it hands out one event
// and takes its answer, as the Lambda service does for the first
// invocation of a fresh execution environment.
type runtimeAPI struct {
	event    string
	answered chan answer
	srv      *http.Server
	addr     string
	once     sync.Once
}

type answer struct {
	kind string // response, error or init/error
	body string
	at   time.Time
}

func newRuntimeAPI(t testing.TB, event string) *runtimeAPI {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &runtimeAPI{event: event, answered: make(chan answer, 4), addr: ln.Addr().String()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", func(w http.ResponseWriter, req *http.Request) {
		served := false
		r.once.Do(func() {
			w.Header().Set("Lambda-Runtime-Aws-Request-Id", "req-1")
			w.Header().Set("Lambda-Runtime-Deadline-Ms", fmt.Sprint(time.Now().Add(time.Minute).UnixMilli()))
			w.Header().Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:f")
			_, _ = io.WriteString(w, r.event)
			served = true
		})
		if !served {
			<-req.Context().Done() // no second invocation: the process is stopped
		}
	})
	take := func(kind string) http.HandlerFunc {
		return func(w http.ResponseWriter, req *http.Request) {
			b, _ := io.ReadAll(req.Body)
			r.answered <- answer{kind: kind, body: string(b), at: time.Now()}
			w.WriteHeader(http.StatusAccepted)
		}
	}
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/req-1/response", take("response"))
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/req-1/error", take("error"))
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", take("init/error"))
	r.srv = &http.Server{Handler: mux}
	go func() { _ = r.srv.Serve(ln) }()
	t.Cleanup(func() { _ = r.srv.Close() })
	return r
}

// firstEvent is an invocation each function answers at once: a token
// that does not verify, a request to one of its routes that the
// authorizer did not pass (401, and an audit entry for the stub table),
// an input that does not decode.
func firstEvent(fn lambdaenv.Function, path string) string {
	switch fn.Kind {
	case lambdaenv.KindAuthorizer:
		return `{"type":"TOKEN","authorizationToken":"Bearer not-a-token","methodArn":"arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/api/tasks"}`
	case lambdaenv.KindAPI:
		return `{"resource":"` + path + `","path":"` + path + `","httpMethod":"GET","headers":{},"requestContext":{"requestId":"r1","stage":"prod","identity":{"sourceIp":"203.0.113.7"}},"isBase64Encoded":false}`
	}
	return `[]`
}

// protectedGET is a GET route the function serves that needs a signed-in
// caller, and one it does not serve.
func protectedGET(fn string) (own, other string) {
	for _, r := range api.Table() {
		if r.Method != "GET" || r.Public {
			continue
		}
		if r.Function == fn && own == "" {
			own = r.Path
		}
		if r.Function != fn && other == "" {
			other = r.Path
		}
	}
	return own, other
}

// stubAWS answers every AWS call with an empty success, so that a write a
// first invocation makes (the audit entry of a refused request) costs a
// loopback round trip, not a refused connection's retries.
func stubAWS(t testing.TB) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		_, _ = io.WriteString(w, "{}")
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// buildFunctions builds every function for this machine as Lambda runs
// them (no RPC mode, stripped), once per test binary.
var buildFunctions = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "cloudcensus-fns-")
	if err != nil {
		return "", err
	}
	for _, fn := range lambdaenv.Functions {
		out := filepath.Join(dir, fn.Name, "bootstrap")
		cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags=-s -w", "-o", out, "./"+fn.Name)
		if b, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("build %s: %v\n%s", fn.Name, err, b)
		}
		// The files a function ships: the contract and the API
		// description, as make build bundles them.
		for _, f := range fn.Files {
			if err := os.WriteFile(filepath.Join(dir, fn.Name, f), []byte(shipped[f]), 0o644); err != nil {
				return "", err
			}
		}
	}
	return dir, nil
})

var shipped = map[string]string{
	lambdaenv.ContractFile: `{"routes":[{"method":"GET","path":"/api/tasks","permission":"tasks:read","public":false,"function":"tasks","summary":"s"}]}`,
	lambdaenv.OpenAPIFile:  `{"openapi":"3.0.3"}`,
}

// coldStart starts a function with exactly its manifest's environment (plus
// what Lambda itself sets) and answers its first invocation's answer and
// the time from process start to it.
func coldStart(t testing.TB, dir string, fn lambdaenv.Function, path, aws string) (answer, time.Duration, string) {
	t.Helper()
	rt := newRuntimeAPI(t, firstEvent(fn, path))
	env := []string{"AWS_LAMBDA_RUNTIME_API=" + rt.addr, "LAMBDA_TASK_ROOT=" + filepath.Join(dir, fn.Name),
		"AWS_REGION=eu-west-1", "AWS_ACCESS_KEY_ID=AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY=secret", "AWS_SESSION_TOKEN=token",
		"AWS_LAMBDA_FUNCTION_NAME=" + fn.Name, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_ENDPOINT_URL=" + aws}
	for _, v := range fn.Env {
		env = append(env, string(v)+"="+sampleValue(v))
	}
	var logs strings.Builder
	cmd := exec.Command(filepath.Join(dir, fn.Name, "bootstrap"))
	cmd.Env, cmd.Stdout, cmd.Stderr = env, &logs, &logs
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The logs are read once the process is gone: it writes them until then.
	stop := func() string { _ = cmd.Process.Kill(); _ = cmd.Wait(); return logs.String() }
	select {
	case a := <-rt.answered:
		return a, a.at.Sub(start), stop()
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not answer its first invocation: %s", fn.Name, stop())
	}
	return answer{}, 0, ""
}

func sampleValue(v lambdaenv.Var) string {
	switch v {
	case lambdaenv.StateMachineARN:
		return "arn:aws:states:eu-west-1:123456789012:stateMachine:scan"
	case lambdaenv.PlatformPrincipalARN:
		return "arn:aws:iam::123456789012:role/platform"
	case lambdaenv.KMSKeyID:
		return "arn:aws:kms:eu-west-1:123456789012:key/1234"
	case lambdaenv.APIFunctions:
		return `{"credentials":"arn:aws:lambda:eu-west-1:123456789012:function:credentials"}`
	}
	return "sample-" + strings.ToLower(string(v))
}

// TestEveryFunctionStartsWithItsManifestEnvironment: each function, built
// as Lambda runs it and given only the settings its manifest entry names,
// passes its cold start and answers an invocation (a function that reads
// a setting the CDK would not give it dies at cold start instead).
func TestEveryFunctionStartsWithItsManifestEnvironment(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every function")
	}
	dir, err := buildFunctions()
	if err != nil {
		t.Fatal(err)
	}
	want := map[lambdaenv.Kind]string{lambdaenv.KindAuthorizer: "error", lambdaenv.KindAPI: "response",
		lambdaenv.KindWorkflow: "error", lambdaenv.KindEvent: "error", lambdaenv.KindWorker: "error", lambdaenv.KindQueue: "error"}
	aws := stubAWS(t)
	for _, fn := range lambdaenv.Functions {
		t.Run(fn.Name, func(t *testing.T) {
			own, other := protectedGET(fn.Name)
			a, _, logs := coldStart(t, dir, fn, own, aws)
			if a.kind != want[fn.Kind] {
				t.Fatalf("first answer %s %s, want a %s\n%s", a.kind, a.body, want[fn.Kind], logs)
			}
			if fn.Kind == lambdaenv.KindAPI && !strings.Contains(a.body, `"statusCode":401`) {
				t.Fatalf("an unauthorized request to %s answered %s", own, a.body)
			}
			if fn.Kind == lambdaenv.KindAPI { // another domain's route is not mounted here
				if a, _, _ := coldStart(t, dir, fn, other, aws); !strings.Contains(a.body, `"statusCode":404`) {
					t.Fatalf("%s answered %s for %s, another function's route", fn.Name, a.body, other)
				}
			}
			if fn.Kind == lambdaenv.KindAuthorizer && !strings.Contains(a.body, "Unauthorized") {
				t.Fatalf("a bad token answered %s", a.body)
			}
		})
	}
}

// BenchmarkColdStart: process start to the first answer, for the function
// on every request's path and an API function.
func BenchmarkColdStart(b *testing.B) {
	dir, err := buildFunctions()
	if err != nil {
		b.Fatal(err)
	}
	aws := stubAWS(b)
	for _, name := range []string{"authorizer", "tasks", "scan-unit"} {
		fn, _ := lambdaenv.Lookup(name)
		own, _ := protectedGET(name)
		b.Run(name, func(b *testing.B) {
			var total time.Duration
			for i := 0; i < b.N; i++ {
				_, d, _ := coldStart(b, dir, fn, own, aws)
				total += d
			}
			b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1000, "ms/start")
		})
	}
}
