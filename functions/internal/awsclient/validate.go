package awsclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// validateTimeout bounds a whole check, retries included.
const validateTimeout = 45 * time.Second

// Validate checks a credential the way a scan will use it: it resolves it
// in region (AssumeRole from the base principal for assume_role), asks STS
// who it is, and checks the account. A failure is turned into a reason the
// console can explain; the message quotes AWS, never a secret.
func (r *Resolver) Validate(ctx context.Context, c *domain.Credential, region string) domain.Validation {
	if region == "" {
		region = spec.GlobalRegion
	}
	ctx, cancel := context.WithTimeout(ctx, validateTimeout)
	defer cancel()
	id, stage, err := r.identity(ctx, c, region)
	if err != nil {
		v := classify(err, stage, c)
		if v.Reason == domain.ReasonInvalidKey && region != spec.GlobalRegion {
			// AWS does not know the key here: an opt-in region the account
			// has not enabled, if the key works in us-east-1.
			if _, _, err := r.identity(ctx, c, spec.GlobalRegion); err == nil {
				return domain.Validation{Reason: domain.ReasonRegionDisabled,
					Message: fmt.Sprintf("Region %s is not enabled for this account (the credential works in %s); enable it in the account settings or leave it out of tasks.", region, spec.GlobalRegion)}
			}
		}
		return v
	}
	v := domain.Validation{ARN: aws.ToString(id.Arn), AccountID: aws.ToString(id.Account)}
	if v.AccountID != c.AccountID {
		v.Reason = domain.ReasonAccountMismatch
		v.Message = fmt.Sprintf("The credential signs in to account %s, not to account %s as stated.", v.AccountID, c.AccountID)
		return v
	}
	v.OK = true
	v.Message = "Signed in as " + v.ARN
	return v
}

// stage says which step of a check failed.
type stage int

const (
	stageResolve  stage = iota // opening the stored secrets
	stageAssume                // AssumeRole from the base principal
	stageIdentity              // GetCallerIdentity as the credential
)

func (r *Resolver) identity(ctx context.Context, c *domain.Credential, region string) (*sts.GetCallerIdentityOutput, stage, error) {
	cfg, err := r.Config(ctx, c, region, ForValidation(c.ID))
	if err != nil {
		return nil, stageResolve, err
	}
	if c.Type == domain.CredentialAssumeRole && !c.Demo {
		if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
			return nil, stageAssume, err
		}
	}
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, stageIdentity, err
	}
	return out, stageIdentity, nil
}

// Error codes by what they mean for a credential.
var (
	deniedCodes  = codes("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError")
	badKeyCodes  = codes("InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "AuthFailure", "IncompleteSignature", "InvalidAccessKeyId", "MissingAuthenticationToken")
	expiredCodes = codes("ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired")
	regionCodes  = codes("RegionDisabledException", "OptInRequired")
)

func codes(cs ...string) map[string]bool {
	m := map[string]bool{}
	for _, c := range cs {
		m[c] = true
	}
	return m
}

// callerSidePhrases appear in AWS's AccessDenied messages when the caller's
// own policies refused (rather than the target role's trust policy).
var callerSidePhrases = []string{"identity-based policy", "service control policy", "permissions boundary", "session policy"}

// classify turns a failed check into a reason and a message.
func classify(err error, st stage, c *domain.Credential) domain.Validation {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		if isNetwork(err) {
			return domain.Validation{Reason: domain.ReasonNetwork, Message: "AWS could not be reached: " + networkCause(err)}
		}
		if st == stageResolve {
			// The secret box and the wiring name only ids in their errors.
			return domain.Validation{Reason: domain.ReasonUnknown, Message: "The credential could not be prepared: " + err.Error()}
		}
		return domain.Validation{Reason: domain.ReasonUnknown, Message: err.Error()}
	}
	code, msg := apiErr.ErrorCode(), apiErr.ErrorMessage()
	quoted := fmt.Sprintf(" (AWS: %s: %s)", code, msg)
	who := "The access key"
	if st == stageAssume {
		who = "The base principal's access key"
	}
	switch {
	case expiredCodes[code]:
		return domain.Validation{Reason: domain.ReasonExpiredToken, Message: who + " or its session has expired." + quoted}
	case regionCodes[code]:
		return domain.Validation{Reason: domain.ReasonRegionDisabled, Message: "STS is not enabled in this region for the calling account." + quoted}
	case badKeyCodes[code]:
		return domain.Validation{Reason: domain.ReasonInvalidKey, Message: who + " is not accepted: unknown key id or wrong secret." + quoted}
	case deniedCodes[code] && st == stageAssume:
		// AWS names the role when its trust policy refused, and says which
		// of the caller's own policies refused otherwise. A trust policy
		// refusal cannot tell a wrong ExternalId from an untrusted
		// principal or a missing role; the message says so.
		if containsAny(msg, callerSidePhrases) || !strings.Contains(msg, c.RoleARN) {
			return domain.Validation{Reason: domain.ReasonAccessDenied,
				Message: "The base principal may not call sts:AssumeRole on " + c.RoleARN + "." + quoted}
		}
		return domain.Validation{Reason: domain.ReasonExternalIDMismatch,
			Message: "The role " + c.RoleARN + " refused AssumeRole: its trust policy's sts:ExternalId condition does not match this credential's ExternalId, or the role is missing or does not trust the platform principal. Deploy the scanner role template with this ExternalId." + quoted}
	case deniedCodes[code]:
		return domain.Validation{Reason: domain.ReasonAccessDenied, Message: "AWS denied the call." + quoted}
	}
	return domain.Validation{Reason: domain.ReasonUnknown, Message: "AWS answered an error." + quoted}
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// isNetwork reports a failure to talk to AWS at all: DNS, connection,
// TLS, or the check's time running out.
func isNetwork(err error) bool {
	var send *smithyhttp.RequestSendError
	var netErr net.Error
	return errors.As(err, &send) || errors.As(err, &netErr) || errors.Is(err, context.DeadlineExceeded)
}

func networkCause(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return "no answer in time"
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return op.Error()
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return netErr.Error()
	}
	return "connection failed"
}
