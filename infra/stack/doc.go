// Package stack is the CloudCensus deployment as CDK constructs: the
// identity pool, the REST API built from the route table, the Lambdas and
// the least-privilege role of each, the table, buckets and key, the scan
// state machine, the scheduler, and the console on CloudFront.
//
// It reads what the product's code defines instead of repeating it, so
// the deployment cannot drift from the code: the contract `cloudcensus
// contract` prints (the routes, each function's kind, environment and
// shipped files, the workflow's definition and substitutions, the object
// key layout), the state machine's ASL, the built Lambdas and the built
// console. What is only the deployment's (each function's purpose, size
// and access) is its own table, held to the contract one for one.
//
// It must not import the product's Go packages: infra is its own module so
// that building the Lambdas never compiles the CDK, and the CDK never
// compiles the Lambdas.
package stack
