// Package functions holds the import rules every Lambda and every package
// follows, checked from what `go list` says the code imports: which
// packages each function may link (a function links its own domain and
// nothing it does not serve), and every "must not import" sentence of a
// package doc. A package doc that says "must not import" without a rule
// here fails the test, so no such sentence is only a wish.
package functions

import (
	"bufio"
	"bytes"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	module   = "github.com/cloudcensus/cloudcensus/functions/"
	internal = module + "internal/"
	awsSDK   = "github.com/aws/aws-sdk-go-v2"
	awsSvc   = "github.com/aws/aws-sdk-go-v2/service/"
)

// handlers are the packages that serve routes, one domain each.
var handlers = []string{"auth", "system", "users", "credentials", "tasks", "reports", "admin", "notifications", "schedules", "templates", "permcheck", "monitor", "workspaces"}

// local are the packages of local mode and of tests: no Lambda links them.
var local = []string{"api", "localapp", "standin", "awssim", "orchestrator/localsfn", "scancli", "apitest"}

// packageRules: what a package must not import directly (an internal
// package by its path under internal/, the AWS SDK as awsSDK or awsSvc).
var packageRules = map[string][]string{
	"domain":       {awsSDK, "store", "httpapi"},
	"httpapi":      append([]string{awsSDK, "store"}, handlers...),
	"authz":        append([]string{awsSDK, "store", "httpapi"}, handlers...),
	"identity":     {"store", "httpapi"},
	"authorizer":   handlers,
	"audit":        handlers,
	"store":        append([]string{"httpapi"}, handlers...),
	"blob":         {"store", "httpapi"},
	"keys":         {"store", "httpapi"},
	"secrets":      {"store", "httpapi"},
	"awsclient":    {"store", "httpapi"},
	"taskflow":     {"httpapi"},
	"scanner":      {"store", "httpapi", "awssim"},
	"scancli":      {"store", "httpapi", "lambdaenv", "api"},
	"orchestrator": append([]string{"store", "httpapi"}, handlers...),
	"standin":      append([]string{"store", "httpapi"}, handlers...),
	"lambdaenv":    append([]string{"store", awsSvc, "api"}, handlers...),
	"admin":        {awsSDK},
	"auth":         {awsSDK},
	"tasks":        {awsSDK},
	"reports":      {awsSDK},
	"system":       {awsSDK, "store"},
	"credentials":  {awsSDK, "scanner"},
	"roletemplate": {"store", "httpapi", "scanner"},
	"awssim":       {"scanner"}, // the scanner's tests import awssim
	"rights":       {awsSDK, "store"},
	// notifications gets events as data; sqsqueue is its AWS queue.
	"notifications":          {awsSDK, "taskflow", "scanner", "report"},
	"notifications/sqsqueue": {"store", "httpapi"},
	"schedules":              {"auth", "users", "credentials", "reports", "admin", "notifications", "scanner", "report"},
	"templates":              {awsSDK, "scanner"},
	"permcheck":              {awsSDK, "scanner", "report"},
	"approvals":              append([]string{awsSDK, "scanner", "report"}, handlers...),
	"approvals/lambdaexec":   {"store", "scanner", "report"},
	"monitor":                append([]string{awsSDK, "scanner", "report"}, handlers...),
	"workspaces":             {awsSDK, "store", "scanner", "report"},
}

// graph is every package the functions build from, with its direct
// imports.
type graph map[string][]string

func load(t *testing.T) graph {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	g := graph{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		g[f[0]] = f[1:]
	}
	return g
}

// deps is everything pkg links.
func (g graph) deps(pkg string) map[string]bool {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(p string) {
		if seen[p] {
			return
		}
		seen[p] = true
		for _, d := range g[p] {
			walk(d)
		}
	}
	walk(pkg)
	return seen
}

// matches reports whether an import path is what a rule names.
func matches(path, rule string) bool {
	if strings.HasPrefix(rule, "github.com/") {
		return path == rule || strings.HasPrefix(path, strings.TrimSuffix(rule, "/")+"/")
	}
	return path == internal+rule
}

// violations lists the paths of set a rule forbids.
func violations(set []string, rules []string) []string {
	var bad []string
	for _, p := range set {
		for _, r := range rules {
			if matches(p, r) {
				bad = append(bad, strings.TrimPrefix(p, internal))
			}
		}
	}
	slices.Sort(bad)
	return slices.Compact(bad)
}

// functionRules says what each Lambda must not link, from what it serves.
func functionRules(fn string) []string {
	own := map[string][]string{
		"auth": {"auth", "system", "notifications", "permcheck"}, "users": {"users"}, "credentials": {"credentials"}, "tasks": {"tasks", "schedules", "notifications"},
		"reports": {"reports", "templates"}, "admin": {"admin", "monitor", "workspaces"},
		// a rebuild is the report builder's; the housekeeping runs the
		// security monitor, which publishes through the notifications.
		"jobs": {"reports", "monitor", "notifications"},
		// The notification routes and the notifier share the delivery code;
		// the producers publish through it.
		"notifications": {"notifications"}, "notifier": {"notifications"},
		// report-build: the builder lives with the report routes;
		// schedule-run starts a task through the tasks path.
		"task-events": {"notifications"}, "report-build": {"reports", "notifications"}, "schedule-run": {"tasks", "notifications"},
	}[fn]
	rules := slices.Clone(local)
	for _, h := range handlers {
		if !slices.Contains(own, h) {
			rules = append(rules, h)
		}
	}
	if fn != "scan-unit" {
		rules = append(rules, "scanner") // the scanners and their twenty service clients
	}
	if fn != "reports" && fn != "report-build" && fn != "jobs" {
		rules = append(rules, "report") // the Word builder
	}
	if fn == "authorizer" {
		rules = append(rules, "taskflow", "orchestrator", "awsclient")
	}
	return rules
}

// lambdas are the folders under functions/ with a main, but the local
// binary.
func lambdas(g graph) []string {
	var fns []string
	for p := range g {
		if rest, ok := strings.CutPrefix(p, module); ok && !strings.Contains(rest, "/") && rest != "local" {
			fns = append(fns, rest)
		}
	}
	slices.Sort(fns)
	return fns
}

func TestEachFunctionLinksOnlyWhatItServes(t *testing.T) {
	g := load(t)
	fns := lambdas(g)
	if len(fns) < 12 {
		t.Fatalf("found %d functions: %v", len(fns), fns)
	}
	for _, fn := range fns {
		t.Run(fn, func(t *testing.T) {
			var linked []string
			for p := range g.deps(module + fn) {
				linked = append(linked, p)
			}
			if bad := violations(linked, functionRules(fn)); len(bad) > 0 {
				t.Errorf("functions/%s links %s", fn, strings.Join(bad, ", "))
			}
		})
	}
}

func TestPackagesKeepTheirImportRules(t *testing.T) {
	g := load(t)
	for pkg, rules := range packageRules {
		imports, ok := g[internal+pkg]
		if !ok {
			t.Errorf("rule for %s, which no function builds from: delete the rule or the package", pkg)
			continue
		}
		if bad := violations(imports, rules); len(bad) > 0 {
			t.Errorf("%s imports %s, which its doc forbids", pkg, strings.Join(bad, ", "))
		}
	}
}

// TestEveryImportSentenceHasARule: a package doc that says what the
// package must not import has its rule above.
func TestEveryImportSentenceHasARule(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{.Dir}} {{join .GoFiles \" \"}}", "./...").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		path, dir := fields[0], fields[1]
		rel := strings.TrimPrefix(path, internal)
		for _, name := range fields[2:] {
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, name), nil, parser.ParseComments|parser.PackageClauseOnly)
			if err != nil {
				t.Fatal(err)
			}
			if f.Doc == nil {
				continue
			}
			doc := strings.Join(strings.Fields(f.Doc.Text()), " ")
			if strings.Contains(doc, "must not import") && packageRules[rel] == nil {
				t.Errorf("%s says what it must not import, but has no rule in imports_test.go", rel)
			}
		}
	}
}
