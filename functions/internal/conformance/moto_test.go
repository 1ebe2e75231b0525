// Package conformance scans an AWS estate served by moto (an independent
// implementation of AWS's wire protocols, not written here) with the real
// scanners, and compares the columns with what the test created through
// the AWS SDK. Where moto's answers differ from AWS's documented shape,
// AWS's documentation wins: the difference is a recorded gap (service,
// column, reason) and never a change to a scanner. A gap that disappears
// fails the test too, so the table stays true.
package conformance

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// motoAccount is the account moto answers as.
const motoAccount = "123456789012"

var endpoint string

func TestMain(m *testing.M) {
	if _, err := exec.LookPath("python3"); err != nil || exec.Command("python3", "-c", "import moto.server").Run() != nil {
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "moto is not installed; make tools installs it")
			os.Exit(1)
		}
		fmt.Fprintln(os.Stderr, "skipping the moto conformance test: python3 -m moto.server is not available")
		os.Exit(0)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	logf, _ := os.CreateTemp("", "moto-*.log")
	cmd := exec.Command("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	endpoint = fmt.Sprintf("http://127.0.0.1:%d", port)
	ready := false
	for range 150 {
		if resp, err := http.Get(endpoint + "/moto-api/"); err == nil {
			resp.Body.Close()
			ready = true
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	code := 1
	if ready {
		code = m.Run()
	} else {
		fmt.Fprintln(os.Stderr, "moto did not start")
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	_, _ = cmd.Process.Wait()
	if code != 0 {
		b, _ := os.ReadFile(logf.Name())
		if len(b) > 4000 {
			b = b[len(b)-4000:]
		}
		fmt.Fprintf(os.Stderr, "moto's log (end):\n%s\n", b)
	}
	os.Remove(logf.Name())
	os.Exit(code)
}

// config reaches moto in a region, as a scanner's configuration would
// reach AWS.
func config(region string) aws.Config {
	return aws.Config{Region: region, BaseEndpoint: aws.String(endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("AKIAMOTO", "moto-secret", "")}
}

// query calls a Query-protocol API of moto directly (IAM: the SDK module
// is not a dependency of the product).
func query(t *testing.T, service string, params map[string]string) {
	t.Helper()
	v := url.Values{}
	for k, val := range params {
		v.Set(k, val)
	}
	req, _ := http.NewRequest("POST", endpoint+"/", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAMOTO/20260101/us-east-1/"+service+"/aws4_request, SignedHeaders=host, Signature=x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%s %s: %d", service, params["Action"], resp.StatusCode)
	}
}

// gap is a recorded difference between moto and AWS's documented answer.
type gap struct{ service, column, reason string }

// expectation is one column of one created resource.
type expectation struct {
	service, id, column, want string
}

// TestScannersAgainstMoto creates the estate, scans it and compares.
func TestScannersAgainstMoto(t *testing.T) {
	ctx := context.Background()
	const region = "eu-west-1"
	est := createEstate(t, ctx, region)

	runner := &scanner.Runner{Budget: budget.NewRegistry(0)}
	var records []inventory.Record
	var coverage []inventory.Coverage
	for _, u := range []inventory.Unit{
		{TaskID: "moto", CredentialID: "c", AccountID: motoAccount, Region: region, Services: spec.ByScope(spec.Regional)},
		{TaskID: "moto", CredentialID: "c", AccountID: motoAccount, Region: spec.GlobalUnit, Services: spec.ByScope(spec.Global)},
	} {
		cfgRegion := u.Region
		if cfgRegion == spec.GlobalUnit {
			cfgRegion = spec.GlobalRegion
		}
		res := runner.Scan(ctx, u, config(cfgRegion))
		records = append(records, res.Records...)
		coverage = append(coverage, res.Coverage...)
	}

	if os.Getenv("CONFORMANCE_DEBUG") != "" {
		for _, r := range records {
			if strings.Contains(os.Getenv("CONFORMANCE_DEBUG"), r.Service) {
				t.Logf("%s id=%q name=%q cols=%v", r.Service, r.ID, r.Name, r.Columns)
			}
		}
	}
	// Services that moto cannot serve at all are recorded, with the call.
	failedServices := map[string]string{}
	for _, c := range coverage {
		if c.Failed() {
			failedServices[c.Service] = strings.TrimSpace(c.Action + " " + c.Error)
		}
	}

	table := map[string]*row{}
	seenGap := map[gap]bool{}
	for _, e := range est.expect {
		r := table[e.service]
		if r == nil {
			r = &row{}
			table[e.service] = r
		}
		r.checked++
		g, isGap := est.gapFor(e.service, e.column)
		rec := find(records, e.service, e.id)
		got := ""
		if rec != nil {
			got = rec.Columns[e.column]
		}
		switch {
		case rec != nil && got == e.want:
			r.equal++
			if isGap {
				t.Errorf("%s %s: recorded as a gap (%s) but moto now answers %q as AWS does: remove the gap", e.service, e.column, g.reason, got)
			}
		case isGap:
			seenGap[g] = true
			r.gaps = append(r.gaps, e.column+": "+g.reason)
		case rec == nil:
			t.Errorf("%s: the resource %s is not in the scan (coverage: %s)", e.service, e.id, failedServices[e.service])
		default:
			t.Errorf("%s %s of %s = %q, want %q", e.service, e.column, e.id, got, e.want)
		}
	}
	for _, g := range est.gaps {
		if !seenGap[g] {
			t.Errorf("the recorded gap %s %s (%s) did not occur: remove it", g.service, g.column, g.reason)
		}
	}
	for svc, why := range failedServices {
		if !slices.ContainsFunc(est.gaps, func(g gap) bool { return g.service == svc && g.column == "*" }) {
			t.Errorf("%s failed against moto without a recorded gap: %s", svc, why)
		}
	}

	var out strings.Builder
	fmt.Fprintf(&out, "%-24s %8s %8s  %s\n", "service", "checked", "equal", "gaps")
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		r := table[k]
		fmt.Fprintf(&out, "%-24s %8d %8d  %s\n", k, r.checked, r.equal, strings.Join(r.gaps, "; "))
	}
	t.Logf("conformance against moto:\n%s", out.String())
	_ = os.WriteFile(filepath.Join(t.TempDir(), "conformance.txt"), []byte(out.String()), 0o644)
}

type row struct {
	checked, equal int
	gaps           []string
}

func find(recs []inventory.Record, service, id string) *inventory.Record {
	for i := range recs {
		if recs[i].Service == service && (recs[i].ID == id || recs[i].Name == id) {
			return &recs[i]
		}
	}
	return nil
}
