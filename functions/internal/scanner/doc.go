// Package scanner reads one scan unit of an AWS account (one region, or the
// account's global services) and turns it into inventory records and a
// coverage matrix.
//
// There is one scanner per service of the column spec (package spec),
// registered by key from its own file; each fills every column the spec
// names. The scanners of the services placed in a VPC (network, instances,
// load balancers, databases, caches, EKS) also fill the record's Net with
// the raw ids the network diagram is drawn from (net.go). The Runner runs a unit's services concurrently with a bound, sends
// every API call through the SDK's retryer (configured per the seed: 3
// retries, exponential backoff with jitter) and through a client-side API
// budget (package budget), counts calls, throttles and retries per service,
// turns each service's outcome into a coverage status, and writes the unit's
// result to a blob store under a deterministic key.
//
// A failed list call fails its service; a failed detail call (tags,
// associations, target health, subscriptions, ...) only degrades the cells
// it fills, which read "not readable: ...", and makes the service partial
// (partial.go). A unit in an opt-in region first asks the account whether
// it enabled the region, and makes no call into one it did not (optin.go).
//
// It must not import store, httpapi or awssim: it talks to AWS through
// aws-sdk-go-v2 clients built from the aws.Config it is given, which tests
// and the demo account point at awssim.
package scanner
