package awssim

import (
	"fmt"
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// protocol is the wire protocol family of an SDK service: AWS words its
// errors differently in each.
type protocol int

const (
	protoEC2 protocol = iota
	protoQuery
	protoJSON
	protoREST
)

var protocols = map[string]protocol{
	"EC2":                       protoEC2,
	"Elastic Load Balancing v2": protoQuery,
	"Auto Scaling":              protoQuery,
	"RDS":                       protoQuery,
	"ElastiCache":               protoQuery,
	"SNS":                       protoQuery,
	"STS":                       protoQuery,
	"S3":                        protoREST,
	"CloudFront":                protoREST,
	"Route 53":                  protoREST,
}

func protocolOf(service string) protocol {
	if p, ok := protocols[service]; ok {
		return p
	}
	return protoJSON // EKS, Lambda, ACM, WAFV2, CloudWatch Logs, EventBridge, CloudTrail, Config
}

// APIError builds the error AWS answers: an API error with code and
// message inside an HTTP response error with the status, so the SDK's
// retryer and the scanner classify it exactly as a real answer.
func APIError(status int, code, format string, args ...any) error {
	fault := smithy.FaultClient
	if status >= 500 {
		fault = smithy.FaultServer
	}
	return &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: http.Header{}}},
			Err:      &smithy.GenericAPIError{Code: code, Message: fmt.Sprintf(format, args...), Fault: fault},
		},
		RequestID: "awssim-request",
	}
}

// accessDenied is the answer to a call the principal may not make.
func accessDenied(service, operation, principal string) error {
	msg := fmt.Sprintf("User: %s is not authorized to perform: %s on this resource", principal, operation)
	switch protocolOf(service) {
	case protoEC2:
		return APIError(403, "UnauthorizedOperation", "You are not authorized to perform this operation. %s", msg)
	case protoQuery:
		if service == "SNS" {
			return APIError(403, "AuthorizationError", "%s", msg)
		}
		return APIError(403, "AccessDenied", "%s", msg)
	case protoREST:
		return APIError(403, "AccessDenied", "Access Denied")
	}
	return APIError(400, "AccessDeniedException", "%s", msg)
}

// unknownCredentials is what AWS answers when it does not know the access
// key: an invalid key, or a valid one in an opt-in region not enabled.
func unknownCredentials(service string) error {
	switch protocolOf(service) {
	case protoEC2:
		return APIError(401, "AuthFailure", "AWS was not able to validate the provided access credentials")
	case protoQuery, protoREST:
		return APIError(403, "InvalidClientTokenId", "The security token included in the request is invalid.")
	}
	return APIError(400, "UnrecognizedClientException", "The security token included in the request is invalid.")
}

// throttled is the answer past the API's rate limit.
func throttled(service string) error {
	switch {
	case service == "EC2":
		return APIError(503, "RequestLimitExceeded", "Request limit exceeded.")
	case service == "Lambda":
		return APIError(429, "TooManyRequestsException", "Rate exceeded")
	case service == "S3":
		return APIError(503, "SlowDown", "Please reduce your request rate.")
	case protocolOf(service) == protoJSON:
		return APIError(400, "ThrottlingException", "Rate exceeded")
	}
	return APIError(400, "Throttling", "Rate exceeded")
}

// serverError is a 5xx answer.
func serverError(service string) error {
	if service == "EC2" {
		return APIError(503, "Unavailable", "The server is overloaded or is not accepting requests.")
	}
	return APIError(503, "ServiceUnavailable", "Service is unavailable. Please retry.")
}

// invalidParameter is a 400 about a parameter, e.g. a bad NextToken.
func invalidParameter(service, name string, value any) error {
	code := "InvalidParameterValue"
	if protocolOf(service) == protoJSON {
		code = "InvalidParameterException"
	}
	return APIError(400, code, "Invalid value %v for parameter %s", value, name)
}

// notImplemented answers an operation no handler serves, so a scanner
// calling something the simulator lacks fails loudly in tests.
func notImplemented(service, operation string) error {
	return APIError(400, "InvalidAction", "awssim has no handler for %s %s", service, operation)
}
