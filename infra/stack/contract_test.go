package stack

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

func TestReadContractSaysHowToMakeTheFile(t *testing.T) {
	_, err := ReadContract(filepath.Join(t.TempDir(), "contract.json"))
	if err == nil || !strings.Contains(err.Error(), "make contract") {
		t.Errorf("ReadContract of a missing file = %v", err)
	}
	bad := filepath.Join(t.TempDir(), "contract.json")
	if err := os.WriteFile(bad, []byte(`[{"method":"GET"}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadContract(bad); err == nil {
		t.Error("ReadContract accepted a list where the contract's object belongs")
	}
}

// TestTestContractIsTheStacks: the fixture's contract and the stack's
// function table agree, so the fixture stack is what make synth builds.
func TestTestContractIsTheStacks(t *testing.T) {
	if err := checkDeployment(readTestContract(t), functions); err != nil {
		t.Error(err)
	}
}

// fn finds a function of c for a test to change.
func fn(t *testing.T, c *Contract, name string) *ContractFunction {
	t.Helper()
	i := slices.IndexFunc(c.Functions, func(f ContractFunction) bool { return f.Name == name })
	if i < 0 {
		t.Fatalf("no function %s in the contract", name)
	}
	return &c.Functions[i]
}

func TestContractRefuses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, c *Contract)
		want   string
	}{
		{"an API route to a workflow function", func(t *testing.T, c *Contract) { c.Routes[0].Function = "scan-unit" }, `"scan-unit" is of kind "workflow", not api`},
		{"an API route to an event function", func(t *testing.T, c *Contract) { c.Routes[0].Function = "task-events" }, `"task-events" is of kind "event", not api`},
		{"a route to no function", func(t *testing.T, c *Contract) { c.Routes[0].Function = "billing" }, `function "billing" is not in the contract's functions`},
		{"an unknown kind", func(t *testing.T, c *Contract) { fn(t, c, "admin").Kind = "cron" }, `function admin: kind "cron"`},
		{"a function twice", func(t *testing.T, c *Contract) { c.Functions = append(c.Functions, *fn(t, c, "admin")) }, "function admin: listed twice"},
		{"a variable twice", func(t *testing.T, c *Contract) {
			f := fn(t, c, "admin")
			f.OptionalEnv = append(f.OptionalEnv, envTable)
		}, "function admin: variable TABLE_NAME listed twice"},
		{"a shipped file in a folder", func(t *testing.T, c *Contract) { fn(t, c, "auth").Files = []string{"docs/openapi.json"} }, `file "docs/openapi.json"`},
		{"two authorizers", func(t *testing.T, c *Contract) { fn(t, c, "admin").Kind = kindAuthorizer }, "exactly one function of kind authorizer"},
		{"no authorizer", func(t *testing.T, c *Contract) { fn(t, c, "authorizer").Kind = kindEvent }, "exactly one function of kind authorizer"},
		{"a substitution of no function", func(t *testing.T, c *Contract) { c.Workflow.FunctionArns["BillingFunctionArn"] = "billing" }, `${BillingFunctionArn} names function "billing"`},
		{"no definition file", func(t *testing.T, c *Contract) { c.Workflow.DefinitionFile = "" }, "no definitionFile"},
		{"no concurrency key", func(t *testing.T, c *Contract) { c.Workflow.MaxConcurrency = "" }, "no maxConcurrency key"},
		{"a default concurrency an inline Map refuses", func(t *testing.T, c *Contract) { c.Workflow.DefaultMaxConcurrency = 0 }, "default max concurrency 0"},
		{"a prefix without its slash", func(t *testing.T, c *Contract) { c.ObjectKeys[0].Prefix = "tasks" }, `object key "tasks"`},
		{"a prefix twice", func(t *testing.T, c *Contract) { c.ObjectKeys = append(c.ObjectKeys, c.ObjectKeys[0]) }, "listed twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := readTestContract(t)
			tc.change(t, c)
			if err := c.check(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("check = %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

// TestDeploymentRefuses: the contract and the stack's function table must
// agree one for one, grants only under the contract's prefixes and only
// on what the function is told about.
func TestDeploymentRefuses(t *testing.T) {
	withFunctions := func(change func([]function) []function) []function {
		return change(slices.Clone(functions))
	}
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, c *Contract)
		fns    []function
		want   string
	}{
		{"a contract function the stack lacks", func(t *testing.T, c *Contract) {
			c.Functions = append(c.Functions, ContractFunction{Name: "billing", Kind: kindEvent, Env: []string{envTable}})
		}, functions, "the contract has function billing, which the stack does not deploy"},
		{"a stack function the contract lacks", func(t *testing.T, c *Contract) {
			c.Functions = slices.DeleteFunc(c.Functions, func(f ContractFunction) bool { return f.Name == "schedule-run" })
		}, functions, "the stack deploys function schedule-run, which is not in the contract's functions"},
		{"a renamed prefix", func(t *testing.T, c *Contract) {
			i := slices.IndexFunc(c.ObjectKeys, func(k ObjectKey) bool { return k.Prefix == "uploads/" })
			c.ObjectKeys[i].Prefix = "diagrams/"
		}, functions, "function tasks: access names results/uploads/, which is not in the contract's objectKeys"},
		{"a prefix moved to another bucket", func(t *testing.T, c *Contract) {
			i := slices.IndexFunc(c.ObjectKeys, func(k ObjectKey) bool { return k.Prefix == "reports/" })
			c.ObjectKeys[i].Bucket = bucketResults
		}, functions, "function reports: access names reports/reports/, which is not in the contract's objectKeys"},
		{"a bucket the stack does not make", func(t *testing.T, c *Contract) {
			c.ObjectKeys = append(c.ObjectKeys, ObjectKey{Bucket: "archive", Prefix: "old/"})
		}, functions, `objectKeys name bucket "archive"`},
		{"a grant on a prefix the contract does not have", func(*testing.T, *Contract) {}, withFunctions(func(fns []function) []function {
			i := slices.IndexFunc(fns, func(f function) bool { return f.name == "admin" })
			fns[i].access.objects = []objects{{bucket: bucketReports, prefix: "exports/", read: true}}
			return fns
		}), "function admin: access names reports/exports/, which is not in the contract's objectKeys"},
		{"a key grant without KMS_KEY_ID", func(t *testing.T, c *Contract) {
			f := fn(t, c, "scan-unit")
			f.Env = slices.DeleteFunc(f.Env, func(v string) bool { return v == envKey })
		}, functions, "function scan-unit: its role's grants need KMS_KEY_ID"},
		{"a grant of the shared role one of its functions is not told about", func(t *testing.T, c *Contract) {
			f := fn(t, c, "credentials")
			f.Env = slices.DeleteFunc(f.Env, func(v string) bool { return v == envResultsBucket })
		}, functions, "function credentials: its role's grants need RESULTS_BUCKET"},
		{"executions without STATE_MACHINE_ARN", func(t *testing.T, c *Contract) {
			f := fn(t, c, "tasks")
			f.Env = slices.DeleteFunc(f.Env, func(v string) bool { return v == envStateMachine })
		}, functions, "function tasks: its role's grants need STATE_MACHINE_ARN"},
		{"a table grant without TABLE_NAME", func(t *testing.T, c *Contract) { fn(t, c, "admin").Env = nil }, functions, "function admin: its role's grants need TABLE_NAME"},
		{"a pool grant without USER_POOL_ID", func(*testing.T, *Contract) {}, withFunctions(func(fns []function) []function {
			i := slices.IndexFunc(fns, func(f function) bool { return f.name == "admin" })
			fns[i].access.userPool = []string{"cognito-idp:AdminGetUser"}
			return fns
		}), "function admin: its role's grants need USER_POOL_ID"},
		{"a reports grant without REPORTS_BUCKET", func(*testing.T, *Contract) {}, withFunctions(func(fns []function) []function {
			i := slices.IndexFunc(fns, func(f function) bool { return f.name == "tasks" })
			fns[i].access.objects = append(fns[i].access.objects, objects{bucket: bucketReports, prefix: "reports/", read: true})
			return fns
		}), "function tasks: its role's grants need REPORTS_BUCKET"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := readTestContract(t)
			tc.change(t, c)
			if err := checkDeployment(c, tc.fns); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("checkDeployment = %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

func TestEnvironmentIsExactlyTheContractsVariables(t *testing.T) {
	values := envValues{envTable: jsii.String("t"), envLogLevel: jsii.String("info"), envSPAOrigin: jsii.String(""), envKey: nil}
	env, err := environment(ContractFunction{Name: "admin", Env: []string{envTable}, OptionalEnv: []string{envLogLevel, envSPAOrigin}}, values)
	if err != nil {
		t.Fatal(err)
	}
	if len(env) != 2 || *env[envTable] != "t" || *env[envLogLevel] != "info" {
		t.Errorf("environment = %v, want TABLE_NAME and LOG_LEVEL (an optional variable without a value is left unset)", env)
	}
	for _, tc := range []struct {
		name string
		f    ContractFunction
		want string
	}{
		{"an unknown required variable", ContractFunction{Name: "admin", Env: []string{"BILLING_TOPIC"}}, "admin reads BILLING_TOPIC, which the stack cannot fill"},
		{"an unknown optional variable", ContractFunction{Name: "admin", OptionalEnv: []string{"SCHEDULER_GROUP"}}, "admin reads SCHEDULER_GROUP, which the stack cannot fill"},
		{"a required variable without a value", ContractFunction{Name: "admin", Env: []string{envSPAOrigin, envKey}}, "admin requires SPA_ORIGIN, KMS_KEY_ID, which has no value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := environment(tc.f, values); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("environment = %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

// newFrom builds the stack from a changed test contract and answers New's
// error.
func newFrom(t *testing.T, change func(c *Contract), outputs func(s Settings)) error {
	t.Helper()
	dir := t.TempDir()
	c := readTestContract(t)
	change(c)
	s := buildOutputs(t, dir, writeContract(t, dir, c))
	if outputs != nil {
		outputs(s)
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), Context: ptr(cdkContext(t, s.Root))})
	_, err := New(app, "CloudCensus", Props{Settings: s})
	return err
}

func ptr[T any](v T) *T { return &v }

// TestSynthRefusesWhatTheStackCannotDeploy: New itself refuses the
// contract the checks refuse, with the reason.
func TestSynthRefusesWhatTheStackCannotDeploy(t *testing.T) {
	for _, tc := range []struct {
		name    string
		change  func(c *Contract)
		outputs func(s Settings)
		want    string
	}{
		{"a variable the stack cannot fill", func(c *Contract) {
			i := slices.IndexFunc(c.Functions, func(f ContractFunction) bool { return f.Name == "admin" })
			c.Functions[i].OptionalEnv = append(c.Functions[i].OptionalEnv, "BILLING_ACCOUNT_ID")
		}, nil, "function admin reads BILLING_ACCOUNT_ID, which the stack cannot fill"},
		{"a contract function the stack lacks", func(c *Contract) {
			c.Functions = append(c.Functions, ContractFunction{Name: "billing", Kind: kindEvent, Env: []string{envTable}})
		}, nil, "the contract has function billing, which the stack does not deploy"},
		{"a stack function the contract lacks", func(c *Contract) {
			c.Functions = slices.DeleteFunc(c.Functions, func(f ContractFunction) bool { return f.Name == "schedule-run" })
		}, nil, "the stack deploys function schedule-run, which is not in the contract's functions"},
		{"a route to the authorizer", func(c *Contract) { c.Routes[0].Function = "authorizer" }, nil, `"authorizer" is of kind "authorizer", not api`},
		{"a grant prefix not in the contract", func(c *Contract) {
			c.ObjectKeys = slices.DeleteFunc(c.ObjectKeys, func(k ObjectKey) bool { return k.Prefix == "templates/" })
		}, nil, "function credentials: access names results/templates/, which is not in the contract's objectKeys"},
		{"the units prefix not in the contract", func(c *Contract) {
			for i := range c.ObjectKeys {
				if c.ObjectKeys[i].Prefix == "tasks/" {
					c.ObjectKeys[i].Prefix = "runs/"
				}
			}
		}, nil, "results/tasks/, which is not in the contract's objectKeys"},
		{"a substitution the definition does not use", func(c *Contract) { c.Workflow.FunctionArns["AdminFunctionArn"] = "admin" }, nil, "substitutes [AdminFunctionArn], which the definition does not use"},
		{"a shipped file the build did not make", func(*Contract) {}, func(s Settings) {
			if err := os.Remove(filepath.Join(s.LambdaDir, "authorizer", "contract.json")); err != nil {
				t.Fatal(err)
			}
		}, "authorizer/contract.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := newFrom(t, tc.change, tc.outputs); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New = %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

// TestGeneratedContractSynthesizes builds the stack from the contract the
// code prints now (`go run ./functions/local contract`), so a route, a
// function or a variable the stack could not deploy fails here.
func TestGeneratedContractSynthesizes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the local binary and synthesizes a second stack")
	}
	dir := t.TempDir()
	file := generatedContract(t, dir)
	c, err := ReadContract(file)
	if err != nil {
		t.Fatal(err)
	}
	s := synthesize(t, buildOutputs(t, dir, file))
	checkMethods(t, s, c.Routes)
	checkEnvironments(t, s, c)
	ann := assertions.Annotations_FromStack(s.stack)
	for _, m := range messages(ann.FindError(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("AwsSolutions-.*")))) {
		t.Errorf("cdk-nag error: %s", m)
	}
}
