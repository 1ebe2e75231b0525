// Package awssim is a simulated AWS for tests, benchmarks and the demo
// account.
//
// It plugs into the AWS SDK's middleware stack instead of listening on a
// socket: an Initialize-step middleware captures the typed input of each
// operation, and a middleware at the front of the Deserialize step (after
// the Finalize step's retry loop, budget and signing) answers each attempt
// with the typed output or with the error AWS would send (a smithy API
// error inside an HTTP response error with AWS's status code). So the real
// clients, paginators, output types, retryer and the scanner's own
// middleware run unchanged; only the bytes on the wire are skipped (the
// scanner's wire tests cover those with httptest servers).
//
// The answers come from an Estate, generated deterministically from a seed
// and a size: accounts, regions and the resources of every service of the
// column spec. Accounts have the default regions and the opt-in regions
// they have resources in; calls into an opt-in region an account has not
// enabled answer as AWS does, and ec2:DescribeRegions says which are which
// (regions.go). A Sim can add latency per call, enforce AWS's published
// throttling limits, deny a service, disable or enable a region, inject
// 5xx bursts, and it logs every call. It also serves STS (GetCallerIdentity,
// AssumeRole with ExternalId checks) and tells accounts apart by the access
// key a request was signed with, as AWS does.
//
// Service files add a generator (gen_<family>.go) and handlers
// (<service>.go) from init(). awssim must not import package scanner (the
// scanner's tests import awssim); it imports scanner/budget for the table
// of AWS's published limits.
package awssim
