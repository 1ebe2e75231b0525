package stack

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckRoutesRefuses(t *testing.T) {
	fns := []ContractFunction{{Name: "tasks", Kind: kindAPI}, {Name: "auth", Kind: kindAPI}, {Name: "scan-unit", Kind: kindWorkflow}, {Name: "authorizer", Kind: kindAuthorizer}}
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
		{"function not in the contract", []Route{{Method: "GET", Path: "/api/x", Permission: "x:read", Function: "billing"}}, `function "billing" is not in the contract's functions`},
		{"workflow function", []Route{{Method: "GET", Path: "/api/x", Permission: "x:read", Function: "scan-unit"}}, `"scan-unit" is of kind "workflow", not api`},
		{"the authorizer", []Route{{Method: "GET", Path: "/api/x", Permission: "x:read", Function: "authorizer"}}, "does not serve the API"},
		{"protected without permission", []Route{{Method: "GET", Path: "/api/x", Function: "tasks"}}, "needs a permission"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkRoutes(tc.routes, fns)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("checkRoutes = %v, want an error saying %q", err, tc.want)
			}
		})
	}
	if err := checkRoutes([]Route{ok, {Method: "POST", Path: "/api/auth/login", Function: "auth", Public: true}}, fns); err != nil {
		t.Errorf("a good table is refused: %v", err)
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
