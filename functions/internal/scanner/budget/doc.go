// Package budget keeps a scan inside AWS's API throttling limits.
//
// AWS throttles each API per account and region with a token bucket; a
// workload that shares the account shares that bucket. A scan of a large
// account must never be the reason the account's own workloads are
// throttled, so every call the scanner makes first takes a token from a
// client-side bucket per account x region x API family whose rate is a
// fraction of AWS's published limit. The buckets live in a Registry that
// the caller creates once and passes to every unit, so every goroutine that
// calls an API in an account and region draws from the same bucket.
//
// The table of published limits (Published) is also what the simulated AWS
// (awssim) enforces, so tests and benchmarks throttle where AWS would.
//
// It imports only the standard library: the SDK middleware that calls Wait
// lives in package scanner.
package budget
