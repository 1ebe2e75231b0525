package awssim

import "fmt"

// Request is one call as a handler sees it.
type Request struct {
	Sim        *Sim
	Account    *Account // the caller's account
	Principal  string   // the caller's ARN
	RegionName string   // the region the call was sent to
	Region     *Region  // the account's resources there (empty if none)
	Service    string   // SDK service ID
	Operation  string
}

// handler answers one operation with its typed output.
type handler func(r *Request, input any) (any, error)

// handlers maps "<service ID>/<operation>" to its handler. Service files
// fill it from init(); nothing writes to it afterwards.
var handlers = map[string]handler{}

// handle registers the handler of an operation, typed by its SDK input and
// output, e.g. handle("EC2", "DescribeVpcs", describeVpcs).
func handle[In, Out any](service, operation string, fn func(r *Request, in *In) (*Out, error)) {
	key := service + "/" + operation
	if _, dup := handlers[key]; dup {
		panic("awssim: two handlers for " + key)
	}
	handlers[key] = func(r *Request, input any) (any, error) {
		in, ok := input.(*In)
		if !ok {
			return nil, fmt.Errorf("awssim: %s: input is %T", key, input)
		}
		return fn(r, in)
	}
}
