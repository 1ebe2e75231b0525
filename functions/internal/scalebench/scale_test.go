// Package scalebench measures a scan of a whole AWS Organization through
// the local stack: 200 simulated accounts x 4 regions (plus the us-east-1
// ACM units CloudFront's certificates need, which takes the plan past the
// inline Map to the distributed one: a units file in S3 and one child
// execution per unit), through the real plan, scan units and report
// build. It runs under `make bench` only: TestMain starts the stack when
// a benchmark is asked for.
package scalebench

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/localapp"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/system"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

// The organization measured.
const (
	accounts = 200
	password = "Scale-Admin-Passw0rd"
)

var regions = []string{"eu-west-1", "eu-central-1", "us-west-2", "ap-southeast-2"}

var (
	server  *httptest.Server
	counter = &callCounter{byHost: map[string]*atomic.Int64{}}
)

// callCounter counts the requests to each stand-in by host.
type callCounter struct {
	mu     sync.Mutex
	byHost map[string]*atomic.Int64
}

// RoundTrip counts a request as DynamoDB's (its X-Amz-Target names the
// API) or S3's.
func (c *callCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	kind := "s3"
	if strings.HasPrefix(r.Header.Get("X-Amz-Target"), "DynamoDB_") {
		kind = "dynamodb"
	}
	c.mu.Lock()
	n, ok := c.byHost[kind]
	if !ok {
		n = &atomic.Int64{}
		c.byHost[kind] = n
	}
	c.mu.Unlock()
	n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

func (c *callCounter) snapshot() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int64{}
	for h, n := range c.byHost {
		out[h] = n.Load()
	}
	return out
}

func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "cloudcensus-scale-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	e := awssim.Generate(7, awssim.Size{Accounts: accounts, Regions: append([]string{"us-east-1"}, regions...), Scale: 0.05})
	awssim.Organize(e, 20)
	sim := awssim.New(e, awssim.Options{Latency: awssim.LogNormal(10*time.Millisecond, 0.4), Limits: true, Seed: 7})
	stack, err := localapp.Start(context.Background(), localapp.Config{DataDir: dir, InMemory: true, AdminUsername: "admin",
		AdminPassword: password, Sim: sim, Transport: counter}, system.New(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	mux, err := stack.Mux()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	server = httptest.NewServer(mux)
	code := m.Run()
	server.Close()
	stack.Close()
	os.RemoveAll(dir)
	os.Exit(code)
}

func call(b *testing.B, token, method, path string, body any, out any) int {
	b.Helper()
	var rd io.Reader
	if body != nil {
		j, _ := json.Marshal(body)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, server.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil {
		_ = json.Unmarshal(raw, out)
	}
	return resp.StatusCode
}

// BenchmarkOrganizationScan scans the organization once per iteration and
// reports, beside the wall time: the lower bound (the units' summed
// scanning time over the Map's concurrency, or the longest unit), the
// allocations per unit in the process (every function runs in it
// locally), and the DynamoDB and S3 requests per unit.
func BenchmarkOrganizationScan(b *testing.B) {
	var login struct{ Token string }
	if st := call(b, "", "POST", "/api/auth/login", map[string]string{"username": "admin", "password": password}, &login); st != 200 {
		b.Fatalf("login: %d", st)
	}
	org := ""
	for page := 1; page <= 5 && org == ""; page++ {
		var creds struct{ Data []domain.PublicCredential }
		call(b, login.Token, "GET", fmt.Sprintf("/api/credentials?page_size=100&page=%d", page), nil, &creds)
		for _, c := range creds.Data {
			if c.Type == domain.CredentialOrganization {
				org = c.ID
			}
		}
	}
	if org == "" {
		b.Fatal("no organization credential")
	}
	for b.Loop() {
		before := counter.snapshot()
		var ms0 runtime.MemStats
		runtime.ReadMemStats(&ms0)
		start := time.Now()
		var task domain.Task
		body := map[string]any{"name": "Organization at scale", "credentialIds": []string{org}, "regions": regions,
			"projectMetadata": map[string]string{"clientName": "Scale", "projectName": "Organization", "bdManager": "B", "solutionsArchitect": "S",
				"cloudEngineer": "C", "cloudEngineerEmail": "c@example.com"}}
		if st := call(b, login.Token, "POST", "/api/tasks/create", body, &task); st != 201 {
			b.Fatalf("create: %d", st)
		}
		var d tasks.Detail
		for {
			time.Sleep(time.Second)
			call(b, login.Token, "GET", "/api/tasks/detail?id="+task.ID, nil, &d)
			if d.Status.Final() && (d.ReportID != "" || d.ReportError != "" || d.Status == domain.TaskFailed) {
				break
			}
		}
		wall := time.Since(start)
		var ms1 runtime.MemStats
		runtime.ReadMemStats(&ms1)
		after := counter.snapshot()
		units := len(d.Units)
		var sum, longest time.Duration
		for _, u := range d.Units {
			dur := time.Duration(u.DurationMS) * time.Millisecond
			sum += dur
			longest = max(longest, dur)
		}
		bound := max(sum/time.Duration(workflow.DefaultMaxConcurrency), longest)
		ddb, s3 := after["dynamodb"]-before["dynamodb"], after["s3"]-before["s3"]
		b.ReportMetric(float64(units), "units")
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.ReportMetric(bound.Seconds(), "bound-s")
		b.ReportMetric(float64(sum.Milliseconds())/float64(units), "ms/unit")
		b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(units)/(1<<20), "MB-alloc/unit")
		b.ReportMetric(float64(ddb)/float64(units), "dynamodb-calls/unit")
		b.ReportMetric(float64(s3)/float64(units), "s3-calls/unit")
		b.Logf("%s: %d units (%d accounts x %d regions + global + us-east-1 ACM), %d failed; wall %v, bound %v (Map concurrency %d, summed unit time %v, longest %v); DynamoDB %d calls, S3 %d calls, report %q",
			d.Status, units, accounts, len(regions), d.UnitsFailed, wall.Round(time.Millisecond), bound.Round(time.Millisecond),
			workflow.DefaultMaxConcurrency, sum.Round(time.Millisecond), longest, ddb, s3, d.ReportID)
	}
}
