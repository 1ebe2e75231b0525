package standin

import (
	"context"
	"fmt"
	"os"
)

// DynamoDBForTests starts an in-memory DynamoDB Local for a test binary and
// returns its endpoint and a stop function. Tests need the real server: a
// missing tool is a failure with the command that installs it, not a skip.
func DynamoDBForTests(ctx context.Context) (endpoint string, stop func(), err error) {
	tools, err := FindTools()
	if err != nil {
		return "", nil, err
	}
	port, err := FreePort()
	if err != nil {
		return "", nil, err
	}
	p, endpoint, err := StartDynamoDB(ctx, tools, port, "")
	if err != nil {
		return "", nil, fmt.Errorf("start DynamoDB Local for tests: %w", err)
	}
	return endpoint, p.Stop, nil
}

// S3ForTests starts versitygw on a temporary folder for a test binary.
func S3ForTests(ctx context.Context) (endpoint string, stop func(), err error) {
	tools, err := FindTools()
	if err != nil {
		return "", nil, err
	}
	port, err := FreePort()
	if err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp("", "cloudcensus-s3-")
	if err != nil {
		return "", nil, err
	}
	p, endpoint, err := StartS3(ctx, tools, port, dir, AccessKey, SecretKey)
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("start versitygw for tests: %w", err)
	}
	return endpoint, func() { p.Stop(); os.RemoveAll(dir) }, nil
}

// TestMain runs a test binary against one server: start starts it (e.g.
// DynamoDBForTests), its endpoint goes into *endpoint, and the server is
// stopped before the process exits with the tests' code.
func TestMain(m interface{ Run() int }, start func(context.Context) (string, func(), error), endpoint *string) {
	ep, stop, err := start(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	*endpoint = ep
	code := m.Run()
	stop()
	os.Exit(code)
}
