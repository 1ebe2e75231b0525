package scanner

import (
	"context"
	"fmt"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// scanFunc scans one service in one unit and returns its records. It wraps
// its errors with fail() so coverage can say where a failure happened.
type scanFunc func(ctx context.Context, s *session) ([]inventory.Record, error)

// definition is what a service file registers: its scanner. The IAM
// actions it calls are the spec's (spec.Service.Actions), so that the role
// template is made without linking the scanners.
type definition struct {
	scan scanFunc
}

// registry maps a spec key to its scanner. Service files fill it from
// init(); nothing writes to it afterwards.
var registry = map[string]definition{}

// register adds the scanner of a spec service. It panics on a key the spec
// does not know or a second registration: both are programming errors that
// every test run would catch.
func register(key string, scan scanFunc) {
	if _, ok := spec.Lookup(key); !ok {
		panic(fmt.Sprintf("scanner: register %q: not a service of the spec", key))
	}
	if _, dup := registry[key]; dup {
		panic(fmt.Sprintf("scanner: register %q twice", key))
	}
	registry[key] = definition{scan: scan}
}

// Services returns the keys of the services that have a scanner, in report
// order.
func Services() []string {
	var keys []string
	for _, k := range spec.Keys() {
		if _, ok := registry[k]; ok {
			keys = append(keys, k)
		}
	}
	return keys
}
