package scanner

import (
	"context"
	"fmt"
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// scanFunc scans one service in one unit and returns its records. It wraps
// its errors with fail() so coverage can say where a failure happened.
type scanFunc func(ctx context.Context, s *session) ([]inventory.Record, error)

// definition is what a service file registers: its scanner and the IAM
// actions the scanner calls, from which the scanner role's policy is made.
type definition struct {
	scan    scanFunc
	actions []string
}

// registry maps a spec key to its scanner. Service files fill it from
// init(); nothing writes to it afterwards.
var registry = map[string]definition{}

// register adds the scanner of a spec service. It panics on a key the spec
// does not know or a second registration: both are programming errors that
// every test run would catch.
func register(key string, scan scanFunc, actions ...string) {
	if _, ok := spec.Lookup(key); !ok {
		panic(fmt.Sprintf("scanner: register %q: not a service of the spec", key))
	}
	if _, dup := registry[key]; dup {
		panic(fmt.Sprintf("scanner: register %q twice", key))
	}
	registry[key] = definition{scan: scan, actions: actions}
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

// ReadActions returns every IAM action the scanners call (e.g.
// "ec2:DescribeVpcs"), sorted and without duplicates: the read-only policy a
// scanner role needs.
func ReadActions() []string {
	var all []string
	for _, d := range registry {
		all = append(all, d.actions...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}
