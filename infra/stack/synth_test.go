package stack

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// synthesized is one synthesis of the stack with cdk-nag applied.
type synthesized struct {
	stack    awscdk.Stack
	template assertions.Template
	json     map[string]any // the template as plain data
}

// repoRoot is the checkout the tests run in.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := FindRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// cdkContext is cdk.json's context (feature flags and the cloudcensus:
// settings), so the tests synthesize what `cdk synth` does.
func cdkContext(t *testing.T, root string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "cdk.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Context map[string]any `json:"context"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("cdk.json: %v", err)
	}
	return doc.Context
}

// testContract is the contract the fixture stack is synthesized from
// (testdata/README.md says how to regenerate it).
const testContract = "testdata/contract.json"

// readTestContract loads testdata/contract.json, a fresh copy each call,
// so a test may change it.
func readTestContract(t *testing.T) *Contract {
	t.Helper()
	c, err := ReadContract(testContract)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// writeContract writes c as a contract file in dir.
func writeContract(t *testing.T, dir string, c *Contract) string {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "contract.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// buildOutputs stands in for `make build` and the web build in a temporary
// folder: one file per function where its binary would be (the assertions
// read the template, never the code), the files the contract ships beside
// it, and a console entry page. The contract is contractFile.
func buildOutputs(t *testing.T, dir, contractFile string) Settings {
	t.Helper()
	b, err := os.ReadFile(contractFile)
	if err != nil {
		t.Fatal(err)
	}
	var c Contract // unchecked: a test may hand the stack a contract it must refuse
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	write := func(path, body string) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range functions {
		write(filepath.Join(dir, "lambda", f.name, "bootstrap"), "test asset for "+f.name)
	}
	for _, f := range c.Functions {
		for _, file := range f.Files {
			write(filepath.Join(dir, "lambda", f.Name, file), "{}")
		}
	}
	web := filepath.Join(dir, "web")
	for name, body := range map[string]string{"index.html": "<!doctype html><title>CloudCensus</title>", "assets/app.js": "export {}"} {
		write(filepath.Join(web, name), body)
	}
	s := Defaults
	s.Root = repoRoot(t)
	s.ContractFile = contractFile
	s.LambdaDir = filepath.Join(dir, "lambda")
	s.WebDir = web
	s.MailFrom = "cloudcensus@example.com" // so every optional variable has a value to check
	return s
}

// synthesize builds the stack as the app does, with the AwsSolutions
// checks, in an assembly folder of its own.
func synthesize(t *testing.T, s Settings) synthesized {
	t.Helper()
	root := repoRoot(t)
	ctx := cdkContext(t, root)
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), Context: &ctx})
	st, err := New(app, "CloudCensus", Props{Settings: s})
	if err != nil {
		t.Fatal(err)
	}
	awscdk.Aspects_Of(app).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{Verbose: jsii.Bool(true)}), nil)
	tpl := assertions.Template_FromStack(st, nil)
	var doc map[string]any
	b, err := json.Marshal(tpl.ToJSON())
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return synthesized{stack: st, template: tpl, json: doc}
}

// shared is the stack synthesized from testdata/contract.json, once for
// every test that reads it: a synthesis takes seconds.
var shared struct {
	once sync.Once
	dir  string // made and removed by TestMain
	s    synthesized
	ok   bool
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cloudcensus-infra-")
	if err != nil {
		panic(err)
	}
	shared.dir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func fixture(t *testing.T) synthesized {
	t.Helper()
	shared.once.Do(func() {
		contract, err := filepath.Abs(testContract)
		if err != nil {
			t.Fatal(err)
		}
		shared.s = synthesize(t, buildOutputs(t, shared.dir, contract))
		shared.ok = true
	})
	if !shared.ok {
		t.Fatal("the fixture stack did not synthesize (see the first test that failed)")
	}
	return shared.s
}

// generatedContract runs the product's contract printer, as make contract
// does before a synth, into dir.
func generatedContract(t *testing.T, dir string) string {
	t.Helper()
	cmd := exec.Command("go", "run", "./functions/local", "contract")
	cmd.Dir = repoRoot(t)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run ./functions/local contract: %v", err)
	}
	path := filepath.Join(dir, "contract.json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
