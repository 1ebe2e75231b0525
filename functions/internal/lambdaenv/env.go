// Package lambdaenv is what every function's main starts from: its entry
// of the manifest (which settings and files it needs), the settings read
// from the environment and checked at cold start, the JSON logger, the AWS
// configuration, and the Lambda entry points (an API function's routes
// behind API Gateway, or any other handler). A function's main then builds
// only the clients and services its own routes use: config, then store,
// then domain service, then start.
//
// It must not import the store, the AWS service clients or any domain
// package, so that linking it costs a function nothing it does not use
// (the import-rule test holds it to that).
package lambdaenv

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
)

// Env is one function's loaded environment.
type Env struct {
	Fn  Function
	Log *slog.Logger
	AWS aws.Config
	dir string // where the files shipped beside the binary are
}

// Load reads the named function's settings and fails with every missing
// one named, so a misconfigured function dies at cold start instead of
// answering 500s.
func Load(ctx context.Context, name string) (*Env, error) {
	fn, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("function %q is not in the manifest", name)
	}
	e := &Env{Fn: fn, Log: Logger(os.Getenv(string(LogLevel)))}
	var missing []string
	for _, v := range fn.Env {
		if os.Getenv(string(v)) == "" {
			missing = append(missing, string(v))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s: missing environment: %s", name, strings.Join(missing, ", "))
	}
	e.dir = os.Getenv("LAMBDA_TASK_ROOT")
	if e.dir == "" {
		if exe, err := os.Executable(); err == nil {
			e.dir = filepath.Dir(exe)
		}
	}
	cfg, err := awsConfig()
	if err != nil {
		return nil, fmt.Errorf("%s: aws configuration: %w", name, err)
	}
	e.AWS = cfg
	return e, nil
}

// MustLoad is Load for a main: on an error it logs and exits.
func MustLoad(name string) *Env {
	e, err := Load(context.Background(), name)
	if err != nil {
		Logger("").Error("cold start", "error", err.Error())
		os.Exit(1)
	}
	return e
}

// Get reads a setting of the function. Reading a setting the manifest
// does not give the function is a programming error: the CDK would not
// set it, so it panics at cold start, where the first test run sees it.
func (e *Env) Get(v Var) string {
	if !e.Fn.reads(v) {
		panic(fmt.Sprintf("%s reads %s, which its manifest entry does not name", e.Fn.Name, v))
	}
	return os.Getenv(string(v))
}

// Days reads a setting in whole days, def when unset.
func (e *Env) Days(v Var, def int) (int, error) {
	s := e.Get(v)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s=%q: want a whole number of days", v, s)
	}
	return n, nil
}

// Count reads a setting that is a whole number of 0 or more, def when
// unset.
func (e *Env) Count(v Var, def int) (int, error) {
	s := e.Get(v)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s=%q: want a whole number of 0 or more", v, s)
	}
	return n, nil
}

// File reads a file shipped beside the binary (Function.Files).
func (e *Env) File(name string) ([]byte, error) {
	if !slices.Contains(e.Fn.Files, name) {
		panic(fmt.Sprintf("%s reads %s, which its manifest entry does not ship", e.Fn.Name, name))
	}
	b, err := os.ReadFile(filepath.Join(e.dir, name))
	if err != nil {
		return nil, fmt.Errorf("%s: %w (make build puts it beside the binary)", name, err)
	}
	return b, nil
}

// Must ends the cold start on an error of the wiring.
func (e *Env) Must(err error) {
	if err != nil {
		e.Log.Error("cold start", "function", e.Fn.Name, "error", err.Error())
		os.Exit(1)
	}
}

// Start runs a handler until the Lambda runtime stops the process.
func (e *Env) Start(handler any) { lambda.Start(handler) }

// Logger is the JSON logger every function writes to CloudWatch.
func Logger(level string) *slog.Logger {
	l := slog.LevelInfo
	if strings.EqualFold(level, "debug") {
		l = slog.LevelDebug
	}
	return slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: l}))
}

// AuditRetention is how long audit entries are kept
// (AUDIT_RETENTION_DAYS, a year when unset); a bad value ends the cold
// start.
func (e *Env) AuditRetention() time.Duration {
	days, err := e.Days(AuditRetentionDays, 365)
	e.Must(err)
	return time.Duration(days) * 24 * time.Hour
}
