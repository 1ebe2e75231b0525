package stack

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"
)

func TestCheckRoutesRefuses(t *testing.T) {
	ok := Route{Method: "GET", Path: "/api/tasks", Permission: "tasks:read", Function: "tasks"}
	for _, tc := range []struct {
		name   string
		routes []Route
		want   string
	}{
		{"no routes", nil, "no routes"},
		{"twice", []Route{ok, ok}, "listed twice"},
		{"unknown method", []Route{{Method: "FETCH", Path: "/api/x", Permission: "x:read", Function: "tasks"}}, "unknown method"},
		{"outside /api", []Route{{Method: "GET", Path: "/tasks", Permission: "tasks:read", Function: "tasks"}}, "must start with /api/"},
		{"path parameter", []Route{{Method: "GET", Path: "/api/tasks/{id}", Permission: "tasks:read", Function: "tasks"}}, "not a plain name"},
		{"empty segment", []Route{{Method: "GET", Path: "/api//tasks", Permission: "tasks:read", Function: "tasks"}}, "not a plain name"},
		{"unknown function", []Route{{Method: "GET", Path: "/api/x", Permission: "x:read", Function: "billing"}}, `function "billing"`},
		{"workflow function", []Route{{Method: "GET", Path: "/api/x", Permission: "x:read", Function: "scan-unit"}}, "does not serve the API"},
		{"protected without permission", []Route{{Method: "GET", Path: "/api/x", Function: "tasks"}}, "needs a permission"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkRoutes(tc.routes)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("checkRoutes = %v, want an error saying %q", err, tc.want)
			}
		})
	}
	if err := checkRoutes([]Route{ok, {Method: "POST", Path: "/api/auth/login", Function: "auth", Public: true}}); err != nil {
		t.Errorf("a good table is refused: %v", err)
	}
}

// TestGeneratedRouteTableSynthesizes builds the stack from the table the
// code has now (`go run ./functions/local routes`), so a route added to
// functions/internal/routes that the API could not carry fails here.
func TestGeneratedRouteTableSynthesizes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the local binary and synthesizes a second stack")
	}
	dir := t.TempDir()
	file := generatedRoutes(t, dir)
	routes, err := ReadRoutes(file)
	if err != nil {
		t.Fatal(err)
	}
	s := synthesize(t, buildOutputs(t, dir, file))
	checkMethods(t, s, routes)
	ann := assertions.Annotations_FromStack(s.stack)
	for _, m := range messages(ann.FindError(jsii.String("*"), assertions.Match_StringLikeRegexp(jsii.String("AwsSolutions-.*")))) {
		t.Errorf("cdk-nag error: %s", m)
	}
}

func TestReadRoutesSaysHowToMakeTheFile(t *testing.T) {
	_, err := ReadRoutes(filepath.Join(t.TempDir(), "routes.json"))
	if err == nil || !strings.Contains(err.Error(), "go run ./functions/local routes") {
		t.Errorf("ReadRoutes of a missing file = %v", err)
	}
	bad := filepath.Join(t.TempDir(), "routes.json")
	if err := os.WriteFile(bad, []byte(`{"method":"GET"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadRoutes(bad); err == nil {
		t.Error("ReadRoutes accepted an object where a list belongs")
	}
}

// TestEveryLambdaFolderIsDeployed: a function the build makes (a folder
// under functions/ with a main.go, but the local binary) has its place in
// the stack, with its role and grants; otherwise it would never deploy.
func TestEveryLambdaFolderIsDeployed(t *testing.T) {
	mains, err := filepath.Glob(filepath.Join(repoRoot(t), "functions", "*", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mains {
		name := filepath.Base(filepath.Dir(m))
		if name == "local" {
			continue
		}
		if _, ok := functionByName(name); !ok {
			t.Errorf("functions/%s is built but the stack does not deploy it (add it to functions.go)", name)
		}
	}
}
