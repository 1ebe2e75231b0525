package awssim

import (
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
)

// STS: who am I, and AssumeRole into an estate account's role, checking
// the role's ExternalId as the trust policy's sts:ExternalId condition
// would.
func init() {
	handle("STS", "GetCallerIdentity", getCallerIdentity)
	handle("STS", "AssumeRole", assumeRole)
}

func getCallerIdentity(r *Request, _ *sts.GetCallerIdentityInput) (*sts.GetCallerIdentityOutput, error) {
	return &sts.GetCallerIdentityOutput{
		Account: aws.String(r.Account.ID),
		Arn:     aws.String(r.Principal),
		UserId:  aws.String("AIDASIM" + r.Account.ID),
	}, nil
}

func assumeRole(r *Request, in *sts.AssumeRoleInput) (*sts.AssumeRoleOutput, error) {
	arn := aws.ToString(in.RoleArn)
	// arn:aws:iam::123456789012:role/Name
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[2] != "iam" || !strings.HasPrefix(parts[5], "role/") {
		return nil, APIError(400, "ValidationError", "%s is not a valid role ARN", arn)
	}
	target, roleName := r.Sim.estate.Account(parts[4]), strings.TrimPrefix(parts[5], "role/")
	denied := APIError(403, "AccessDenied", "User: %s is not authorized to perform: sts:AssumeRole on resource: %s", r.Principal, arn)
	if target == nil {
		return nil, denied
	}
	for _, role := range target.Roles {
		if role.Name != roleName {
			continue
		}
		if role.ExternalID != aws.ToString(in.ExternalId) {
			return nil, denied
		}
		session := aws.ToString(in.RoleSessionName)
		p := principal{account: target.ID, arn: "arn:aws:sts::" + target.ID + ":assumed-role/" + roleName + "/" + session}
		key := r.Sim.issueKey(p)
		return &sts.AssumeRoleOutput{
			AssumedRoleUser: &ststypes.AssumedRoleUser{Arn: aws.String(p.arn), AssumedRoleId: aws.String("AROASIM:" + session)},
			Credentials: &ststypes.Credentials{
				AccessKeyId: aws.String(key.id), SecretAccessKey: aws.String(key.secret),
				SessionToken: aws.String(key.token), Expiration: aws.Time(time.Now().Add(time.Hour)),
			},
		}, nil
	}
	return nil, denied
}
