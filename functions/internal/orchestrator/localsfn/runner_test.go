package localsfn

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
)

// blockingScan is a scan-unit that runs until it is cancelled, and says so.
func blockingScan(cancelled chan<- struct{}) func(context.Context, workflow.UnitInput, int) error {
	return func(ctx context.Context, _ workflow.UnitInput, _ int) error {
		<-ctx.Done()
		cancelled <- struct{}{}
		return ctx.Err()
	}
}

func TestExecutionTimeoutIsReportedAsTimedOut(t *testing.T) {
	root, err := standin.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, workflow.DefinitionFile))
	if err != nil {
		t.Fatal(err)
	}
	// The real definition with a one-second execution timeout.
	short := strings.Replace(string(raw), `"TimeoutSeconds": 86400`, `"TimeoutSeconds": 1`, 1)
	if short == string(raw) {
		t.Fatal("the definition has no top-level TimeoutSeconds of 86400 to shorten")
	}
	file := filepath.Join(t.TempDir(), "short.asl.json")
	if err := os.WriteFile(file, []byte(short), 0o600); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, startLocal(t, LocalConfig{Definition: file}), "task-too-long")
	f.plan(2)
	cancelled := make(chan struct{}, 2)
	f.scan(blockingScan(cancelled))
	ev := f.run()
	if ev.Status != orchestrator.StatusTimedOut || ev.Error != "States.Timeout" {
		t.Fatalf("status %s error %q, want TIMED_OUT States.Timeout", ev.Status, ev.Error)
	}
	for range 2 {
		select {
		case <-cancelled:
		case <-time.After(10 * time.Second):
			t.Fatal("a unit handler still runs after the execution timed out")
		}
	}
}

func TestRunnerDeathFailsTheRunningExecutions(t *testing.T) {
	f := newFixture(t, startLocal(t, LocalConfig{}), "task-orphaned")
	f.plan(1)
	started := make(chan struct{}, 1)
	cancelled := make(chan struct{}, 1)
	block := blockingScan(cancelled)
	f.scan(func(ctx context.Context, in workflow.UnitInput, call int) error {
		started <- struct{}{}
		return block(ctx, in, call)
	})
	arn := f.start()
	<-started
	if err := syscall.Kill(f.Process().Pid(), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	ev := f.waitClosed(arn)
	if ev.Status != orchestrator.StatusFailed || ev.Error != "Local.RunnerExited" {
		t.Fatalf("status %s error %q, want FAILED Local.RunnerExited", ev.Status, ev.Error)
	}
	select {
	case <-cancelled:
	case <-time.After(10 * time.Second):
		t.Fatal("the unit handler still runs after its runner died")
	}
}

func TestRunnerRefusesUnsignedCallers(t *testing.T) {
	l := startLocal(t, LocalConfig{})
	opts := l.client.Options()
	own, err := opts.Credentials.Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for name, creds := range map[string]aws.CredentialsProvider{
		"wrong secret": credentials.NewStaticCredentialsProvider(own.AccessKeyID, "not-the-secret", ""),
		"wrong key":    credentials.NewStaticCredentialsProvider("AKIAOTHER", "not-the-secret", ""),
	} {
		client := sfn.New(sfn.Options{Region: opts.Region, BaseEndpoint: opts.BaseEndpoint, Credentials: creds})
		_, err := client.ListExecutions(context.Background(), &sfn.ListExecutionsInput{StateMachineArn: aws.String(l.StateMachineARN())})
		if err == nil {
			t.Errorf("%s: the runner answered", name)
		}
	}
	if _, err := l.ListRunning(context.Background()); err != nil {
		t.Errorf("the orchestrator's own client is refused: %v", err)
	}
}
