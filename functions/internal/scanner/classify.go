package scanner

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// Error codes AWS answers when the principal lacks a permission. Query
// services say AccessDenied, JSON ones AccessDeniedException, EC2
// UnauthorizedOperation and SNS AuthorizationError.
var accessDeniedCodes = map[string]bool{
	"AccessDenied": true, "AccessDeniedException": true, "UnauthorizedOperation": true,
	"AuthorizationError": true, "AuthorizationErrorException": true, "Forbidden": true,
	"UnauthorizedException": true, "AccessDeniedFault": true,
}

// Error codes AWS answers in an opt-in region the account has not enabled:
// its credentials are unknown there. Only in an opt-in region
// (spec.IsOptIn) does such an answer mean "region disabled". EC2 says AuthFailure, query services
// InvalidClientTokenId and JSON services UnrecognizedClientException.
var unknownCredentialCodes = map[string]bool{
	"AuthFailure": true, "InvalidClientTokenId": true, "UnrecognizedClientException": true,
	"OptInRequired": true,
}

// classify turns a scanner's error into a coverage status.
func classify(err error, region string) inventory.Status {
	code := errorCode(err)
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return inventory.StatusError
	case accessDeniedCodes[code]:
		return inventory.StatusAccessDenied
	case unknownCredentialCodes[code] && spec.IsOptIn(region):
		return inventory.StatusRegionDisabled
	case isThrottle(err):
		return inventory.StatusThrottled
	}
	return inventory.StatusError
}

// failedAction is the IAM action of the AWS call err came from, or "".
func failedAction(err error) string {
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		return iamAction(oe.ServiceID, oe.OperationName)
	}
	return ""
}

// isThrottle reports whether AWS answered err because of its rate limits.
func isThrottle(err error) bool {
	_, ok := retry.DefaultThrottleErrorCodes[errorCode(err)]
	return ok
}

func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// describe says where err happened and what it is made of, for the
// coverage details and the logs: the scanner's file and line, the API
// operation and the IAM action it needs, the AWS error code and request id,
// the number of attempts, and the chain of wrapped error types.
func describe(err error) string {
	var parts []string
	var se *scanError
	if errors.As(err, &se) {
		parts = append(parts, fmt.Sprintf("at %s (%s)", se.where, se.what))
	}
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		parts = append(parts, fmt.Sprintf("api %s %s (IAM action %s)", oe.ServiceID, oe.OperationName, iamAction(oe.ServiceID, oe.OperationName)))
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		parts = append(parts, fmt.Sprintf("code %s: %s", apiErr.ErrorCode(), apiErr.ErrorMessage()))
	}
	var rid interface{ ServiceRequestID() string }
	if errors.As(err, &rid) && rid.ServiceRequestID() != "" {
		parts = append(parts, "request id "+rid.ServiceRequestID())
	}
	var mae *retry.MaxAttemptsError
	if errors.As(err, &mae) {
		parts = append(parts, fmt.Sprintf("gave up after %d attempts", mae.Attempt))
	}
	var chain []string
	for e := err; e != nil; e = errors.Unwrap(e) {
		chain = append(chain, fmt.Sprintf("%T", e))
	}
	parts = append(parts, "chain "+strings.Join(chain, " > "))
	return strings.Join(parts, "; ")
}
