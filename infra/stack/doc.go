// Package stack is the CloudCensus deployment as CDK constructs: the
// identity pool, the REST API built from the route table, the Lambdas and
// the least-privilege role of each, the table, buckets and key, the scan
// state machine, the scheduler, and the console on CloudFront.
//
// It reads what the product's code defines (the route table as JSON, the
// state machine's ASL, the built Lambda binaries and the built console)
// instead of repeating it, so the deployment cannot drift from the code.
//
// It must not import the product's Go packages: infra is its own module so
// that building the Lambdas never compiles the CDK, and the CDK never
// compiles the Lambdas.
package stack
