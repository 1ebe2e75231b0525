package taskflow

import (
	"context"
	"errors"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// A task log line has two parts: Message, a classified reason a user can
// act on ("Access denied by the account's IAM policy (ec2:DescribeVpcs)"),
// and Details, the internal chain (SDK errors, instance metadata,
// AssumeRole, Go error types) that only callers with scope:all are shown
// (tasks.logs). The functions here build the reasons; nothing of an
// error's text goes into a Message unclassified.

// serviceReason is why one service of a unit did not complete.
func serviceReason(c inventory.Coverage) string {
	action := ""
	if c.Action != "" {
		action = " (" + c.Action + ")"
	}
	switch c.Status {
	case inventory.StatusAccessDenied:
		if c.Action == "sts:AssumeRole" && c.Error != "" {
			return c.Error // memberDenied's: the member and its role, no SDK text
		}
		return "Access denied by the account's IAM policy" + action
	case inventory.StatusRegionDisabled:
		return "The region is not enabled in this account"
	case inventory.StatusThrottled:
		return "AWS throttled the calls past their retries" + action + ": scan again later or with fewer regions"
	case inventory.StatusSkipped:
		return "Skipped"
	case inventory.StatusExcluded:
		return c.Error // names the rule, which the task's own creator wrote
	}
	return "AWS answered an error" + action + "; an administrator can see the details in this log"
}

// signInReason is why a unit could not sign in to its account.
func signInReason(err error) string {
	msg := err.Error()
	has := func(s ...string) bool {
		for _, x := range s {
			if strings.Contains(msg, x) {
				return true
			}
		}
		return false
	}
	switch {
	case domain.Is(err, domain.KindNotFound):
		return "The credential no longer exists"
	case has("no EC2 IMDS role found", "failed to refresh cached credentials", "EC2 IMDS", "no valid providers in chain", "get identity"):
		return "This machine has no AWS identity to assume the account's role from: set a base access key or run where the platform role exists"
	case has("AssumeRole") && has("AccessDenied", "not authorized"):
		return "The account's role refused the sign-in (sts:AssumeRole): check the role's trust policy and external id"
	case has("InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException"):
		return "AWS does not accept the access key: check or rotate it"
	case has("ExpiredToken"):
		return "The credentials have expired"
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return "The unit was stopped before it could sign in"
	}
	return "The unit could not sign in to the account; an administrator can see the details in this log"
}

// taskFailureReason is why the workflow itself failed (the plan, or the
// run as a whole), for the task's error and its log line.
func taskFailureReason(errName, cause string) string {
	const more = "; an administrator can see the details in the task log"
	switch {
	case strings.HasPrefix(errName, "States.Timeout"):
		return "the scan ran past its time limit"
	case strings.HasPrefix(cause, "plan task"):
		return "the scan could not be planned" + more
	}
	return "the scan stopped on an internal error" + more
}

// failureReason is why a unit failed past its retries, from the
// workflow's event (its error name is a Lambda or Go type, not a reason).
func failureReason(errName string) string {
	switch {
	case strings.HasPrefix(errName, "States.Timeout"):
		return "The unit ran past its time limit"
	case strings.HasPrefix(errName, "Lambda.") || strings.HasPrefix(errName, "States."):
		return "The unit's function failed past its retries"
	}
	return "The unit failed past its retries; an administrator can see the details in this log"
}
