package stack

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Route is one line of the contract's route table.
type Route struct {
	Method     string `json:"method"`
	Path       string `json:"path"`
	Permission string `json:"permission,omitempty"`
	Function   string `json:"function"`
	Public     bool   `json:"public"`
}

var (
	methods  = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	pathPart = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
)

// checkRoutes refuses a table the API cannot be built from: a route to a
// function that is not one of fns of kind api, a path API Gateway would
// not accept, a route listed twice, or a protected route without a
// permission.
func checkRoutes(rs []Route, fns []ContractFunction) error {
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
		switch i := slices.IndexFunc(fns, func(f ContractFunction) bool { return f.Name == r.Function }); {
		case i < 0:
			errs = append(errs, fmt.Errorf("%s: function %q is not in the contract's functions", key, r.Function))
		case fns[i].Kind != kindAPI:
			errs = append(errs, fmt.Errorf("%s: function %q is of kind %q, not %s: it does not serve the API", key, r.Function, fns[i].Kind, kindAPI))
		}
		if !r.Public && r.Permission == "" {
			errs = append(errs, fmt.Errorf("%s: a protected route needs a permission", key))
		}
	}
	return errors.Join(errs...)
}
