// Package conformance checks the product against moto, an independent
// implementation of AWS's wire protocols not written here: organization
// discovery in this package, the scanners' every column in motoscan.
// Where moto's answers differ from AWS's documented shape, AWS's
// documentation wins: the difference is a recorded gap, never a change to
// the product.
package conformance

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
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

// must fails the test when creating something in moto fails.
func must[T any](t *testing.T, what string) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("create %s in moto: %v", what, err)
		}
		return v
	}
}
