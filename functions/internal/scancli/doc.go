// Package scancli is the command-line scan: `cloudcensus scan`. It scans
// one AWS account (the default credential chain or a named profile, with
// the SDK's standard environment: AWS_PROFILE, AWS_REGION,
// AWS_ENDPOINT_URL and the service-specific endpoint variables) or the
// simulated demo accounts (--demo), region by region plus the global unit,
// and writes the records and the coverage as one JSON file, the shape the
// API's export uses.
//
// It must not import store, httpapi or any Lambda wiring: it is the
// scanner and its output file, nothing else.
package scancli
