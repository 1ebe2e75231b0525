// Package httpapi holds the HTTP conventions every CloudCensus route
// follows: the route table type, the error envelope, strict JSON decoding,
// pagination parameters, request ids, structured logs, panic recovery,
// CORS and security headers, and the OpenAPI document generated from the
// same route table the router uses.
//
// Handlers are plain net/http: the same code runs behind API Gateway (via
// aws-lambda-go-api-proxy) and on the local mux. It must not import the
// store, the AWS SDK or any domain package's handlers.
package httpapi
