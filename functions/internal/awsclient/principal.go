package awsclient

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// PlatformPrincipal is the ARN that scanner roles in target accounts must
// trust: the base access key's user when the workspace set one, otherwise
// the execution role (Options.PrincipalARN, or what STS says the platform
// is, turned from an assumed-role session into its role).
func (r *Resolver) PlatformPrincipal(ctx context.Context, ws string) (string, error) {
	b, err := r.o.BaseRoles.GetBaseRole(ctx, ws)
	if err != nil {
		return "", fmt.Errorf("base role: %w", err)
	}
	if b.Mode == domain.BaseExecutionRole && r.o.PrincipalARN != "" {
		return r.o.PrincipalARN, nil
	}
	cfg, err := r.baseConfig(ctx, b)
	if err != nil {
		return "", err
	}
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", fmt.Errorf("who is the platform principal: %w", err)
	}
	return RoleOfSession(aws.ToString(out.Arn)), nil
}

// RoleOfSession turns an assumed-role session ARN
// (arn:aws:sts::123456789012:assumed-role/Name/session) into the role's ARN
// (arn:aws:iam::123456789012:role/Name), which a trust policy names. Other
// ARNs are returned as they are. A role's path is not in the session ARN:
// set Options.PrincipalARN for a role with a path.
func RoleOfSession(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[2] != "sts" || !strings.HasPrefix(parts[5], "assumed-role/") {
		return arn
	}
	name, _, _ := strings.Cut(strings.TrimPrefix(parts[5], "assumed-role/"), "/")
	return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + name
}
