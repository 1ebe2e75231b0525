package stack

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
)

// Settings are the inputs of a synthesis: where the product's build
// outputs are, and the few deployment choices a user may change through
// the CDK context (cdk.json, or -c key=value on the command line).
type Settings struct {
	// Root is the repository root, against which the contract's own paths
	// (the workflow's definition file) are resolved.
	Root string
	// ContractFile is the product's contract as JSON, printed by
	// `cloudcensus contract` (make contract).
	ContractFile string
	// LambdaDir holds one folder per function, each with a `bootstrap`
	// binary for provided.al2023 on arm64 and the files the contract ships
	// beside it (make build).
	LambdaDir string
	// WebDir is the built console (index.html and its assets).
	WebDir string
	// MaxConcurrency bounds the scan units that run at once in one task;
	// 0 takes the contract's workflow.defaultMaxConcurrency.
	MaxConcurrency int
	// LogLevel is the functions' slog level (debug, info, warn, error).
	LogLevel string
	// AuditRetentionDays is how long audit entries live (their TTL).
	AuditRetentionDays int
	// TasksPerUser, TasksPerWorkspace and UnitsPerTask bound the work one
	// can start (the tasks function's limits, tasks.DefaultLimits by
	// default); 0 is no limit.
	TasksPerUser, TasksPerWorkspace, UnitsPerTask int
	// MailFrom is the address e-mail channels send from, an identity
	// verified in Amazon SES in the stack's region (the address or its
	// domain); empty: e-mail channels cannot deliver, and no function may
	// send mail.
	MailFrom string
}

// Context keys, as cdk.json spells them.
const (
	CtxContract           = "cloudcensus:contract"
	CtxLambdaDir          = "cloudcensus:lambdaDir"
	CtxWebDir             = "cloudcensus:webDir"
	CtxMaxConcurrency     = "cloudcensus:maxConcurrency"
	CtxLogLevel           = "cloudcensus:logLevel"
	CtxAuditRetentionDays = "cloudcensus:auditRetentionDays"
	CtxTasksPerUser       = "cloudcensus:tasksPerUser"
	CtxTasksPerWorkspace  = "cloudcensus:tasksPerWorkspace"
	CtxUnitsPerTask       = "cloudcensus:unitsPerTask"
	CtxMailFrom           = "cloudcensus:mailFrom"
)

// retiredKeys are context keys the stack no longer reads, and what took
// their place: a setting that silently stopped applying would surprise.
var retiredKeys = map[string]string{
	"cloudcensus:routes":       "the routes are the contract's: set " + CtxContract,
	"cloudcensus:stateMachine": "the definition file is the contract's workflow.definitionFile",
}

// Defaults are the settings when the context names none; relative paths
// are relative to the repository root.
var Defaults = Settings{
	ContractFile:       ".cache/build/contract.json",
	LambdaDir:          ".cache/build",
	WebDir:             "web/dist",
	LogLevel:           "info",
	AuditRetentionDays: 365,
	TasksPerUser:       5,
	TasksPerWorkspace:  20,
	UnitsPerTask:       2000,
}

// ContextReader is how settings are looked up: the CDK app's node context.
type ContextReader func(key string) any

// LoadSettings reads the settings from the context, falling back to
// Defaults, and makes relative paths absolute against root.
func LoadSettings(ctx ContextReader, root string) (Settings, error) {
	s := Defaults
	s.Root = root
	var errs []error
	for _, key := range slices.Sorted(maps.Keys(retiredKeys)) {
		if ctx(key) != nil {
			errs = append(errs, fmt.Errorf("context %s is no longer read: %s", key, retiredKeys[key]))
		}
	}
	str := func(key string, into *string) {
		switch v := ctx(key).(type) {
		case nil:
		case string:
			*into = v
		default:
			errs = append(errs, fmt.Errorf("context %s: want a string, got %T", key, v))
		}
	}
	num := func(key string, into *int) {
		switch v := ctx(key).(type) {
		case nil:
		case float64:
			*into = int(v)
		case string: // -c key=value on the command line gives a string
			n, err := strconv.Atoi(v)
			if err != nil {
				errs = append(errs, fmt.Errorf("context %s=%q: want a whole number", key, v))
			}
			*into = n
		default:
			errs = append(errs, fmt.Errorf("context %s: want a number, got %T", key, v))
		}
	}
	str(CtxContract, &s.ContractFile)
	str(CtxLambdaDir, &s.LambdaDir)
	str(CtxWebDir, &s.WebDir)
	str(CtxLogLevel, &s.LogLevel)
	str(CtxMailFrom, &s.MailFrom)
	num(CtxMaxConcurrency, &s.MaxConcurrency)
	num(CtxAuditRetentionDays, &s.AuditRetentionDays)
	num(CtxTasksPerUser, &s.TasksPerUser)
	num(CtxTasksPerWorkspace, &s.TasksPerWorkspace)
	num(CtxUnitsPerTask, &s.UnitsPerTask)
	if ctx(CtxMaxConcurrency) != nil {
		if err := checkConcurrency(s.MaxConcurrency); err != nil {
			errs = append(errs, err)
		}
	}
	for _, p := range []*string{&s.ContractFile, &s.LambdaDir, &s.WebDir} {
		if !filepath.IsAbs(*p) {
			*p = filepath.Join(root, *p)
		}
	}
	if err := s.validate(); err != nil {
		errs = append(errs, err)
	}
	return s, errors.Join(errs...)
}

var logLevel = regexp.MustCompile(`^(debug|info|warn|error)$`)

var mailAddress = regexp.MustCompile(`^[^@\s<>"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$`)

// checkConcurrency holds a scan task's concurrency bound to what an
// inline Map accepts.
func checkConcurrency(n int) error {
	if n < 1 || n > 40 {
		return fmt.Errorf("max concurrency %d: want 1 to 40 (an inline Map runs at most 40 iterations at once)", n)
	}
	return nil
}

func (s Settings) validate() error {
	var errs []error
	if s.AuditRetentionDays < 1 {
		errs = append(errs, fmt.Errorf("audit retention %d days: want at least 1", s.AuditRetentionDays))
	}
	for _, n := range []int{s.TasksPerUser, s.TasksPerWorkspace, s.UnitsPerTask} {
		if n < 0 {
			errs = append(errs, fmt.Errorf("task limit %d: want 0 (no limit) or more", n))
		}
	}
	if !logLevel.MatchString(s.LogLevel) {
		errs = append(errs, fmt.Errorf("log level %q: want debug, info, warn or error", s.LogLevel))
	}
	if s.MailFrom != "" && !mailAddress.MatchString(s.MailFrom) {
		errs = append(errs, fmt.Errorf("mail from %q: want an address such as cloudcensus@example.com, verified in SES", s.MailFrom))
	}
	return errors.Join(errs...)
}

// FindRoot walks up from dir to the folder holding cdk.json: the
// repository root, against which the context's paths are resolved.
func FindRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "cdk.json")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no cdk.json in %s or any parent folder", dir)
		}
	}
}
