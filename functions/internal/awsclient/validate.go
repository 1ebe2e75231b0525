package awsclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
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
					Message: fmt.Sprintf("Region %s is not enabled for this account (the credential works in %s); enable it in the account settings or leave it out of tasks.", region, spec.GlobalRegion),
					Cause:   v.Cause}
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
	stagePlatform              // the platform's own identity, which assumes roles
	stageAssume                // AssumeRole from the base principal
	stageIdentity              // GetCallerIdentity as the credential
)

func (r *Resolver) identity(ctx context.Context, c *domain.Credential, region string) (*sts.GetCallerIdentityOutput, stage, error) {
	assumes := c.Type == domain.CredentialAssumeRole || c.Type == domain.CredentialOrganization
	if assumes && !c.Demo {
		if st, err := r.platformIdentity(ctx, c); err != nil {
			return nil, st, err
		}
	}
	cfg, err := r.Config(ctx, c, region, ForValidation(c.ID))
	if err != nil {
		return nil, stageResolve, err
	}
	if assumes && !c.Demo {
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

// platformIdentity checks that the principal which assumes the role has
// credentials at all: the workspace's base access key, or the platform's
// own (the execution role in AWS; locally, whatever the machine has).
// Without it AssumeRole fails with the SDK's account of every provider
// it tried, which tells a person nothing.
func (r *Resolver) platformIdentity(ctx context.Context, c *domain.Credential) (stage, error) {
	b, err := r.o.BaseRoles.GetBaseRole(ctx, c.WorkspaceID)
	if err != nil {
		return stageResolve, fmt.Errorf("base role: %w", err)
	}
	if b.Mode == domain.BaseAccessKey {
		return stageResolve, nil // a key is there; AWS says whether it works
	}
	if r.o.Base.Credentials == nil {
		return stagePlatform, errors.New("no credentials in the platform configuration")
	}
	if _, err := r.o.Base.Credentials.Retrieve(ctx); err != nil {
		return stagePlatform, err
	}
	return stageResolve, nil
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

// classify turns a failed check into a reason a person can act on and a
// message that quotes, at most, AWS's own error code and message: the
// SDK's error chain (providers tried, retries, Go types) goes to Cause,
// for the log.
func classify(err error, st stage, c *domain.Credential) domain.Validation {
	v := classifyMessage(err, st, c)
	v.Cause = err.Error()
	return v
}

func classifyMessage(err error, st stage, c *domain.Credential) domain.Validation {
	if st == stagePlatform {
		return domain.Validation{Reason: domain.ReasonNoPlatformIdentity, Message: NoPlatformIdentityMessage}
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		if isNetwork(err) {
			return domain.Validation{Reason: domain.ReasonNetwork, Message: "AWS could not be reached (" + networkCause(err) + "): check this machine's network and proxy settings, then validate again."}
		}
		if st == stageResolve {
			return domain.Validation{Reason: domain.ReasonNotPrepared,
				Message: "The credential could not be prepared: its stored secret or the workspace's base principal setting could not be read. Save the secret again; if that does not help, ask an admin to read the log."}
		}
		return domain.Validation{Reason: domain.ReasonUnknown,
			Message: "The check failed for a reason CloudCensus does not recognise. Validate again; if it persists, ask an admin to read the log."}
	}
	code, msg := apiErr.ErrorCode(), apiErr.ErrorMessage()
	quoted := " (AWS: " + awsText(code, msg) + ")"
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
	return domain.Validation{Reason: domain.ReasonUnknown, Message: "AWS refused the check." + quoted}
}

// NoPlatformIdentityMessage is the answer for a machine that has no AWS
// identity to assume roles from.
const NoPlatformIdentityMessage = "This machine has no AWS identity to assume the role from: set a base access key or run where the platform role exists."

// maxAWSText bounds what a message quotes of AWS's answer.
const maxAWSText = 300

// awsText is AWS's error code and message on one line, bounded.
func awsText(code, msg string) string {
	t := code
	if msg != "" {
		t += ": " + strings.Join(strings.Fields(msg), " ")
	}
	if len(t) > maxAWSText {
		t = strings.ToValidUTF8(t[:maxAWSText], "") + "..."
	}
	return t
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

// networkCause names what failed, in words, without addresses or Go types.
func networkCause(err error) string {
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "no answer in time"
	case errors.As(err, &dns):
		return "the endpoint's name could not be resolved"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "the connection was refused"
	case errors.As(err, &op) && op.Timeout():
		return "no answer in time"
	case strings.Contains(err.Error(), "tls:") || strings.Contains(err.Error(), "x509:"):
		return "the TLS handshake failed"
	}
	return "the connection failed"
}
