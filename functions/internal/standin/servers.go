package standin

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// StartDynamoDB runs DynamoDB Local on port. With dataDir empty it keeps
// everything in memory (tests); otherwise data survives restarts. The jar
// has no bind-address option: it listens on every interface, which is why
// the port is random and the process dies with its parent.
func StartDynamoDB(ctx context.Context, tools Tools, port int, dataDir string) (*Process, string, error) {
	java, err := Java()
	if err != nil {
		return nil, "", err
	}
	dir, err := tools.DynamoDBDir()
	if err != nil {
		return nil, "", err
	}
	args := []string{"-Xmx512m", "-Djava.library.path=" + filepath.Join(dir, "DynamoDBLocal_lib"),
		"-jar", filepath.Join(dir, "DynamoDBLocal.jar"), "-port", strconv.Itoa(port), "-disableTelemetry"}
	if dataDir == "" {
		args = append(args, "-inMemory")
	} else {
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, "", fmt.Errorf("create %s: %w", dataDir, err)
		}
		args = append(args, "-dbPath", dataDir)
	}
	cmd := exec.Command(java, args...)
	cmd.Dir = dir
	addr := "127.0.0.1:" + strconv.Itoa(port)
	p, err := start(ctx, "dynamodb-local", cmd, 60*time.Second, httpReady("http://"+addr+"/"))
	if err != nil {
		return nil, "", err
	}
	return p, "http://" + addr, nil
}

// StartS3 runs versitygw with a posix backend in dataDir, bound to
// loopback, checking SigV4 with the given key pair.
func StartS3(ctx context.Context, tools Tools, port int, dataDir, accessKey, secretKey string) (*Process, string, error) {
	bin, err := tools.Bin("versitygw")
	if err != nil {
		return nil, "", err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, "", fmt.Errorf("create %s: %w", dataDir, err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(bin, "--port", addr, "--access", accessKey, "--secret", secretKey, "posix", dataDir)
	p, err := start(ctx, "versitygw", cmd, 30*time.Second, httpReady("http://"+addr+"/"))
	if err != nil {
		return nil, "", err
	}
	return p, "http://" + addr, nil
}

// httpReady is satisfied by any HTTP answer, whatever its status.
func httpReady(url string) func(context.Context) error {
	client := &http.Client{Timeout: time.Second}
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}
}
