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

// Route is one line of the product's route table as
// `go run ./functions/local routes` prints it.
type Route struct {
	Method     string `json:"method"`
	Path       string `json:"path"`
	Permission string `json:"permission,omitempty"`
	Function   string `json:"function"`
	Public     bool   `json:"public"`
}

// ReadRoutes loads and checks the route table.
func ReadRoutes(path string) ([]Route, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read route table (make it with `go run ./functions/local routes > %s`): %w", path, err)
	}
	var rs []Route
	if err := json.Unmarshal(b, &rs); err != nil {
		return nil, fmt.Errorf("parse route table %s: %w", path, err)
	}
	if err := checkRoutes(rs); err != nil {
		return nil, fmt.Errorf("route table %s: %w", path, err)
	}
	return rs, nil
}

var (
	methods  = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	pathPart = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
)

// checkRoutes refuses a table the API cannot be built from: a route the
// stack has no Lambda for, a path API Gateway would not accept, a route
// listed twice, or a protected route without a permission.
func checkRoutes(rs []Route) error {
	if len(rs) == 0 {
		return errors.New("no routes")
	}
	var errs []error
	seen := map[string]bool{}
	for _, r := range rs {
		key := r.Method + " " + r.Path
		if seen[key] {
			errs = append(errs, fmt.Errorf("%s: listed twice", key))
		}
		seen[key] = true
		if !slices.Contains(methods, r.Method) {
			errs = append(errs, fmt.Errorf("%s: unknown method", key))
		}
		if !strings.HasPrefix(r.Path, "/api/") {
			errs = append(errs, fmt.Errorf("%s: path must start with /api/ (CloudFront sends only /api/* to the API)", key))
		}
		for _, part := range strings.Split(strings.TrimPrefix(r.Path, "/"), "/") {
			if !pathPart.MatchString(part) {
				errs = append(errs, fmt.Errorf("%s: path segment %q is not a plain name (ids travel in the query or body)", key, part))
			}
		}
		if fn, ok := functionByName(r.Function); !ok || !fn.serves {
			errs = append(errs, fmt.Errorf("%s: function %q does not serve the API", key, r.Function))
		}
		if !r.Public && r.Permission == "" {
			errs = append(errs, fmt.Errorf("%s: a protected route needs a permission", key))
		}
	}
	return errors.Join(errs...)
}
