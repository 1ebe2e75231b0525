// Package motoscan proves the scanners against an AWS emulator nobody here
// wrote: moto's server (an independent implementation of AWS's wire
// protocols). TestMain starts it on a free loopback port; the test creates
// an estate covering every service of the column spec through the AWS SDK
// for Go, in us-east-1 and eu-west-1 and the global unit, scans it with the
// real scanners (scanner.Runner.Scan, as the scan-unit Lambda does) and
// compares every column of every record with what was created, formatted
// as the scanners format it.
//
// Where moto's answer differs from AWS's documented one, AWS's
// documentation wins: the difference is a recorded gap (gaps_test.go) and
// its comparison is skipped; a scanner is never bent to moto. A gap that
// no longer occurs fails the test, and so does any difference not
// recorded.
//
// Without python3 and moto the test is skipped on a developer's machine
// and fails when CI=true (`make tools` installs moto).
package motoscan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// moto is the server the package's tests share.
var moto struct {
	endpoint string // http://127.0.0.1:PORT
	logPath  string // moto's output, kept when a test fails
	missing  string // why moto cannot run here (the tests skip)
}

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	if why := motoMissing(); why != "" {
		if os.Getenv("CI") == "true" {
			fmt.Fprintf(os.Stderr, "motoscan: %s; CI must have it (make tools installs it)\n", why)
			return 1
		}
		moto.missing = why
		return m.Run() // every test skips, saying why
	}
	dir, err := os.MkdirTemp("", "motoscan-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "motoscan:", err)
		return 1
	}
	moto.logPath = filepath.Join(dir, "moto.log")
	stop, err := startMoto(moto.logPath)
	if err != nil {
		fmt.Fprintf(os.Stderr, "motoscan: %v\n%s", err, logTail(moto.logPath))
		return 1
	}
	code := m.Run()
	stop()
	if code != 0 {
		fmt.Fprintf(os.Stderr, "motoscan: moto's log is kept at %s; its end:\n%s", moto.logPath, logTail(moto.logPath))
		return code
	}
	_ = os.RemoveAll(dir)
	return code
}

// motoMissing says why moto's server cannot be started here, or "".
func motoMissing() string {
	if _, err := exec.LookPath("python3"); err != nil {
		return "python3 is not installed"
	}
	if out, err := exec.Command("python3", "-c", "import moto.server").CombinedOutput(); err != nil {
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		return "python3 cannot import moto.server (pip install 'moto[server]==5.2.1'): " + lines[len(lines)-1]
	}
	return ""
}

// startMoto runs moto's server in its own process group on a free port of
// 127.0.0.1 and waits until it answers. stop ends the whole group.
func startMoto(logPath string) (stop func(), err error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	for attempt := 0; attempt < 3; attempt++ { // the port may be taken between picking and binding
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		cmd := exec.Command("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", fmt.Sprint(port))
		cmd.Stdout, cmd.Stderr = logFile, logFile
		// Its own process group, which stop ends; and killed with the test
		// binary should that die first (a -timeout panic, Ctrl-C): the
		// signal follows the thread that started it, held for Start.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
		runtime.LockOSThread()
		err = cmd.Start()
		runtime.UnlockOSThread()
		if err != nil {
			return nil, fmt.Errorf("start moto: %w", err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		stop := func() {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(5 * time.Second):
				_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
				<-exited
			}
			_ = logFile.Close()
		}
		endpoint := fmt.Sprintf("http://127.0.0.1:%d", port)
		switch err := waitReady(endpoint, exited); {
		case err == nil:
			moto.endpoint = endpoint
			return stop, nil
		case errors.Is(err, errExited):
			continue // most likely the port: try another
		default:
			stop()
			return nil, err
		}
	}
	return nil, errors.New("moto exited at start three times")
}

var errExited = errors.New("moto exited")

// waitReady polls moto's own API until it answers 200.
func waitReady(endpoint string, exited <-chan error) error {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(90 * time.Second) // python's imports are slow on a busy 2-core machine
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("%w: %v", errExited, err)
		default:
		}
		if resp, err := client.Get(endpoint + "/moto-api/"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("moto did not answer GET /moto-api/ within 90 s")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// logTail is the end of moto's log without its access lines: its errors
// and tracebacks.
func logTail(path string) string {
	b, _ := os.ReadFile(path)
	var kept []string
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.Contains(line, "HTTP/1.1\" ") {
			kept = append(kept, line)
		}
	}
	if len(kept) > 60 {
		kept = kept[len(kept)-60:]
	}
	return strings.Join(kept, "\n") + "\n"
}

// needMoto skips a test where moto is missing (never in CI: TestMain
// fails there first).
func needMoto(t *testing.T) {
	t.Helper()
	if moto.missing != "" {
		t.Skip("moto conformance: " + moto.missing)
	}
}

// awsConfig reaches moto as a scan reaches AWS: fake static credentials,
// every client's endpoint moto's.
func awsConfig(region string) aws.Config {
	return aws.Config{
		Region:       region,
		BaseEndpoint: aws.String(moto.endpoint),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "moto-conformance-secret", ""),
	}
}

// iamCall sends one IAM Query API call to moto. The IAM SDK module is not
// a dependency of the product, and the estate needs only a role and an
// instance profile.
func iamCall(ctx context.Context, t *testing.T, params map[string]string) {
	t.Helper()
	v := url.Values{"Version": {"2010-05-08"}}
	for k, val := range params {
		v.Set(k, val)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, moto.endpoint+"/", strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// moto picks the service from the credential scope; it checks no signature.
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("iam %s: %v", params["Action"], err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var body bytes.Buffer
		_, _ = body.ReadFrom(resp.Body)
		t.Fatalf("iam %s: %d %s", params["Action"], resp.StatusCode, body.String())
	}
}
