package localsfn

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
)

// The local account, region and state machine the runner pretends to be.
const (
	LocalAccount      = "000000000000"
	LocalRegion       = "us-east-1"
	LocalStateMachine = "cloudcensus-scan-task"
)

// LocalFunctionARN is the ARN a function has in the local definition; the
// runner calls the handler registered under function.
func LocalFunctionARN(function string) string {
	return "arn:aws:lambda:" + LocalRegion + ":" + LocalAccount + ":function:" + function
}

// LocalConfig configures the local orchestrator. The zero value works in
// a checkout where `make tools` has run.
type LocalConfig struct {
	Tools          standin.Tools // empty: standin.FindTools()
	Definition     string        // ASL file; empty: the checkout's workflow.DefinitionFile
	RunnerDir      string        // sfn-runner.cjs and its shim; empty: the checkout's functions/local/tools
	MaxConcurrency int           // the MaxConcurrency substitution; 0: workflow.DefaultMaxConcurrency
	Buckets        []Bucket      // where a distributed Map's units file may be read from
	Logger         *slog.Logger  // nil: discard
}

// Local runs the scan-task state machine on this machine: a Node runner
// (aws-local-stepfunctions behind the Step Functions API, on a free
// loopback port) driven by the embedded StepFunctions, and a loopback
// callback endpoint on which the runner invokes the registered handlers
// and reports status changes. Both ends check a secret made per start.
type Local struct {
	*orchestrator.StepFunctions
	client  *sfn.Client // the runner's Step Functions API
	calls   *callbacks
	server  *http.Server
	proc    *standin.Process
	log     *slog.Logger
	closing atomic.Bool
	watched chan struct{}
}

// StartLocal starts the callback endpoint and the runner, and returns once
// the runner has loaded and validated the definition and answers. Register
// handlers and set OnStatusChange before starting executions; Close stops
// everything.
func StartLocal(ctx context.Context, cfg LocalConfig) (_ *Local, err error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(cfg.Definition)
	if err != nil {
		return nil, fmt.Errorf("read the state machine: %w", err)
	}
	definition, err := workflow.Substitute(raw, workflow.Substitutions(LocalFunctionARN, cfg.MaxConcurrency))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Definition, err)
	}
	l := &Local{log: cfg.Logger, watched: make(chan struct{})}
	l.calls = newCallbacks(secret(32), cfg.Buckets, cfg.Logger)
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen for the step functions runner: %w", err)
	}
	l.server = &http.Server{Handler: l.calls.handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = l.server.Serve(listener) }()
	defer func() {
		if err != nil {
			_ = l.server.Close()
		}
	}()

	keyID, secretKey := "AKIA"+strings.ToUpper(secret(8)), secret(20)
	port, err := standin.FreePort()
	if err != nil {
		return nil, err
	}
	endpoint := "http://127.0.0.1:" + strconv.Itoa(port)
	l.proc, err = standin.StartNode(ctx, cfg.Tools, standin.NodeCommand{
		Name: "sfn-runner",
		Args: []string{"--require", filepath.Join(cfg.RunnerDir, "withresolvers-shim.cjs"), filepath.Join(cfg.RunnerDir, "sfn-runner.cjs")},
		Env: []string{
			"CC_SFN_PORT=" + strconv.Itoa(port),
			"CC_SFN_REGION=" + LocalRegion,
			"CC_SFN_ACCOUNT=" + LocalAccount,
			"CC_SFN_STATE_MACHINE_NAME=" + LocalStateMachine,
			"CC_SFN_ACCESS_KEY_ID=" + keyID,
			"CC_SFN_SECRET_ACCESS_KEY=" + secretKey,
			"CC_SFN_CALLBACK_URL=http://" + listener.Addr().String(),
			"CC_SFN_CALLBACK_TOKEN=" + l.calls.token,
		},
		Stdin:    bytes.NewReader(definition),
		ReadyURL: endpoint + "/health",
	})
	if err != nil {
		return nil, fmt.Errorf("start the local step functions: %w", err)
	}
	client := sfn.NewFromConfig(aws.Config{
		Region:       LocalRegion,
		Credentials:  credentials.NewStaticCredentialsProvider(keyID, secretKey, ""),
		BaseEndpoint: aws.String(endpoint),
	})
	l.client = client
	l.StepFunctions = orchestrator.NewStepFunctions(client,
		"arn:aws:states:"+LocalRegion+":"+LocalAccount+":stateMachine:"+LocalStateMachine)
	go l.watch()
	return l, nil
}

func (cfg *LocalConfig) defaults() error {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxConcurrency == 0 {
		cfg.MaxConcurrency = workflow.DefaultMaxConcurrency
	}
	if cfg.MaxConcurrency < 0 {
		return fmt.Errorf("max concurrency %d: want a positive number", cfg.MaxConcurrency)
	}
	if cfg.Tools.Dir == "" {
		tools, err := standin.FindTools()
		if err != nil {
			return err
		}
		cfg.Tools = tools
	}
	if cfg.Definition == "" || cfg.RunnerDir == "" {
		root, err := standin.RepoRoot()
		if err != nil {
			return fmt.Errorf("find the state machine and its runner (run from the checkout, or set LocalConfig.Definition and RunnerDir): %w", err)
		}
		if cfg.Definition == "" {
			cfg.Definition = filepath.Join(root, workflow.DefinitionFile)
		}
		if cfg.RunnerDir == "" {
			cfg.RunnerDir = filepath.Join(root, "functions", "local", "tools")
		}
	}
	return nil
}

// Register makes h the handler of a workflow function (workflow.Function*).
func (l *Local) Register(function string, h Handler) { l.calls.register(function, h) }

// OnStatusChange sets what runs on every execution status change (the
// local stand-in for the EventBridge rule that targets task-events). An
// error makes the runner deliver the event again later, with backoff.
func (l *Local) OnStatusChange(f func(ctx context.Context, ev orchestrator.Event) error) {
	l.calls.setOnStatus(f)
}

// Process is the runner's process, for callers that watch their children.
func (l *Local) Process() *standin.Process { return l.proc }

// Close stops the runner (running executions end with it; their tasks are
// for the next start to settle) and the callback endpoint.
func (l *Local) Close() error {
	if !l.closing.CompareAndSwap(false, true) {
		return nil
	}
	l.proc.Stop()
	<-l.watched
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := l.server.Shutdown(ctx); err != nil {
		return fmt.Errorf("stop the step functions callback endpoint: %w", err)
	}
	return nil
}

// watch reports the executions that were running as FAILED when the
// runner dies on its own, so their tasks do not stay running.
func (l *Local) watch() {
	defer close(l.watched)
	<-l.proc.Done()
	if l.closing.Load() {
		return
	}
	cause := l.proc.Err()
	l.log.Error("the local step functions runner exited", "error", cause)
	ctx := context.Background()
	for _, ev := range l.calls.runningExecutions() {
		ev.Status, ev.StopDate = orchestrator.StatusFailed, time.Now().UTC()
		ev.Error, ev.Cause = "Local.RunnerExited", cause.Error()
		if err := l.calls.deliver(ctx, ev); err != nil && !errors.Is(err, errNoStatusCallback) {
			l.log.Error("could not settle an execution of the dead runner", "execution", ev.ARN, "error", err)
		}
	}
}

// secret is n random bytes in hex.
func secret(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
