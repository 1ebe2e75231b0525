package stack

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
)

// Contract is the part of the product's contract the stack reads: the
// document `cloudcensus contract` prints (make contract writes it to
// .cache/build/contract.json). The Go code defines these facts; the stack
// builds the API, each function's environment, the workflow's
// substitutions and the bucket grants from them and repeats none.
type Contract struct {
	Routes     []Route            `json:"routes"`
	Functions  []ContractFunction `json:"functions"`
	Workflow   Workflow           `json:"workflow"`
	ObjectKeys []ObjectKey        `json:"objectKeys"`
	// ScannerRole names the read-only role in target accounts (and
	// prefixes any name it may take): the only roles the platform
	// principal may assume.
	ScannerRole string `json:"scannerRole"`
	// AuthorizerCacheSeconds is how long API Gateway keeps the
	// authorizer's answer per token: the code's local gateway keeps it as
	// long, so the two are one number.
	AuthorizerCacheSeconds int `json:"authorizerCacheSeconds"`
	// Retention is how long the buckets keep what they hold; the API
	// reads the same numbers to say a task's results expired.
	Retention Retention `json:"retention"`
}

// Retention is the lifecycle of the buckets, in days.
type Retention struct {
	ResultsDays        int `json:"resultsDays"`        // tasks/ in the results bucket
	UploadsDays        int `json:"uploadsDays"`        // uploads/ in the results bucket
	TemplatesDays      int `json:"templatesDays"`      // templates/ in the results bucket
	DeletedReportsDays int `json:"deletedReportsDays"` // noncurrent versions in the reports bucket
	ExportsDays        int `json:"exportsDays"`        // exports/ in the results bucket
}

// ContractFunction is one Lambda as the code sees it: how it is invoked,
// the environment variables it reads, and the files shipped beside its
// binary.
type ContractFunction struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Env must be set; OptionalEnv is set when the stack has a value.
	Env         []string `json:"env"`
	OptionalEnv []string `json:"optionalEnv"`
	Files       []string `json:"files"`
}

// Kinds of function: how each is invoked.
const (
	kindAPI        = "api"        // API Gateway proxy: the routes' functions
	kindAuthorizer = "authorizer" // API Gateway token authorizer
	kindWorkflow   = "workflow"   // a state of the scan task
	kindEvent      = "event"      // EventBridge rules or Scheduler
	kindWorker     = "worker"     // invoked asynchronously by another function
	kindQueue      = "queue"      // fed by an SQS queue
)

var kinds = []string{kindAPI, kindAuthorizer, kindWorkflow, kindEvent, kindWorker, kindQueue}

// Workflow is how the scan task's definition is deployed: the file, the
// DefinitionSubstitutions keys that take a function's ARN, and the key
// that takes the Map's concurrency bound.
type Workflow struct {
	// DefinitionFile is relative to the repository root.
	DefinitionFile        string            `json:"definitionFile"`
	FunctionArns          map[string]string `json:"functionArns"`
	MaxConcurrency        string            `json:"maxConcurrency"`
	DefaultMaxConcurrency int               `json:"defaultMaxConcurrency"`
}

// ObjectKey is one key prefix of the product's layout in a bucket.
type ObjectKey struct {
	Bucket string `json:"bucket"`
	Prefix string `json:"prefix"`
	Holds  string `json:"holds"`
}

// ReadContract loads the contract and checks it can be deployed from.
func ReadContract(path string) (*Contract, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read contract (make it with `make contract`, or `cloudcensus contract > %s`): %w", path, err)
	}
	var c Contract
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("parse contract %s: %w", path, err)
	}
	if err := c.check(); err != nil {
		return nil, fmt.Errorf("contract %s: %w", path, err)
	}
	return &c, nil
}

// function finds a function of the contract.
func (c *Contract) function(name string) (ContractFunction, bool) {
	i := slices.IndexFunc(c.Functions, func(f ContractFunction) bool { return f.Name == name })
	if i < 0 {
		return ContractFunction{}, false
	}
	return c.Functions[i], true
}

// ofKind lists the names of the contract's functions of one kind.
func (c *Contract) ofKind(kind string) []string {
	var out []string
	for _, f := range c.Functions {
		if f.Kind == kind {
			out = append(out, f.Name)
		}
	}
	return out
}

// hasPrefix reports whether the key layout has prefix in bucket.
func (c *Contract) hasPrefix(bucket, prefix string) bool {
	return slices.ContainsFunc(c.ObjectKeys, func(k ObjectKey) bool { return k.Bucket == bucket && k.Prefix == prefix })
}

// prefix is a prefix of the key layout the stack itself names (a
// lifecycle rule, the distributed Map's items), refused when the layout
// has no such prefix, so a renamed layout fails the synth instead of
// leaving a rule or grant on keys nothing writes.
func (c *Contract) prefix(bucket, prefix string) (string, error) {
	if !c.hasPrefix(bucket, prefix) {
		return "", fmt.Errorf("the stack names %s/%s, which is not in the contract's objectKeys", bucket, prefix)
	}
	return prefix, nil
}

// check refuses a contract the stack cannot be built from; what the
// contract must agree on with the stack's own tables is checkDeployment's.
// roleName is what IAM accepts as a role name.
var roleName = regexp.MustCompile(`^[A-Za-z0-9+=,.@_-]{1,64}$`)

func (c *Contract) check() error {
	var errs []error
	if !roleName.MatchString(c.ScannerRole) {
		errs = append(errs, fmt.Errorf("scannerRole %q is not a role name", c.ScannerRole))
	}
	for name, days := range map[string]int{"resultsDays": c.Retention.ResultsDays, "uploadsDays": c.Retention.UploadsDays,
		"templatesDays": c.Retention.TemplatesDays, "deletedReportsDays": c.Retention.DeletedReportsDays} {
		if days < 1 {
			errs = append(errs, fmt.Errorf("retention.%s %d: a lifecycle rule keeps an object at least a day", name, days))
		}
	}
	if c.AuthorizerCacheSeconds < 0 || c.AuthorizerCacheSeconds > 3600 {
		errs = append(errs, fmt.Errorf("authorizerCacheSeconds %d: API Gateway keeps an answer 0 to 3600 s", c.AuthorizerCacheSeconds))
	}
	seen := map[string]bool{}
	for _, f := range c.Functions {
		if f.Name == "" {
			errs = append(errs, errors.New("a function without a name"))
			continue
		}
		if seen[f.Name] {
			errs = append(errs, fmt.Errorf("function %s: listed twice", f.Name))
		}
		seen[f.Name] = true
		if !slices.Contains(kinds, f.Kind) {
			errs = append(errs, fmt.Errorf("function %s: kind %q, want one of %s", f.Name, f.Kind, strings.Join(kinds, ", ")))
		}
		vars := map[string]bool{}
		for _, v := range slices.Concat(f.Env, f.OptionalEnv) {
			if vars[v] {
				errs = append(errs, fmt.Errorf("function %s: variable %s listed twice", f.Name, v))
			}
			vars[v] = true
		}
		for _, file := range f.Files {
			if file == "" || file == "bootstrap" || strings.ContainsAny(file, `/\`) {
				errs = append(errs, fmt.Errorf("function %s: file %q: want a plain file name beside bootstrap", f.Name, file))
			}
		}
	}
	if len(c.Functions) == 0 {
		errs = append(errs, errors.New("no functions"))
	}
	if err := checkRoutes(c.Routes, c.Functions); err != nil {
		errs = append(errs, err)
	}
	if slices.ContainsFunc(c.Routes, func(r Route) bool { return !r.Public }) && len(c.ofKind(kindAuthorizer)) != 1 {
		errs = append(errs, fmt.Errorf("protected routes need exactly one function of kind %s, the contract has %v", kindAuthorizer, c.ofKind(kindAuthorizer)))
	}
	errs = append(errs, c.checkWorkflow()...)
	keys := map[string]bool{}
	for _, k := range c.ObjectKeys {
		if k.Bucket == "" || k.Prefix == "" || !strings.HasSuffix(k.Prefix, "/") || strings.HasPrefix(k.Prefix, "/") || strings.Contains(k.Prefix, "*") {
			errs = append(errs, fmt.Errorf("object key %q in bucket %q: want a bucket and a prefix like tasks/", k.Prefix, k.Bucket))
		}
		if keys[k.Bucket+"/"+k.Prefix] {
			errs = append(errs, fmt.Errorf("object key %s/%s: listed twice", k.Bucket, k.Prefix))
		}
		keys[k.Bucket+"/"+k.Prefix] = true
	}
	return errors.Join(errs...)
}

func (c *Contract) checkWorkflow() []error {
	w := c.Workflow
	var errs []error
	if w.DefinitionFile == "" {
		errs = append(errs, errors.New("workflow: no definitionFile"))
	}
	if len(w.FunctionArns) == 0 {
		errs = append(errs, errors.New("workflow: no functionArns"))
	}
	for key, name := range w.FunctionArns {
		if _, ok := c.function(name); !ok {
			errs = append(errs, fmt.Errorf("workflow: ${%s} names function %q, which is not in the contract's functions", key, name))
		}
	}
	if w.MaxConcurrency == "" {
		errs = append(errs, errors.New("workflow: no maxConcurrency key"))
	} else if _, ok := w.FunctionArns[w.MaxConcurrency]; ok {
		errs = append(errs, fmt.Errorf("workflow: ${%s} is both a function ARN and the concurrency bound", w.MaxConcurrency))
	}
	if err := checkConcurrency(w.DefaultMaxConcurrency); err != nil {
		errs = append(errs, fmt.Errorf("workflow: default %w", err))
	}
	return errs
}
