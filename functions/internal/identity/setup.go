package identity

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// CreatePool makes a pool like the CDK's: the password policy, one group
// per role and an SPA client without a secret. Local mode uses it once
// per data folder; in AWS the CDK creates the pool.
func CreatePool(ctx context.Context, cfg aws.Config, name string) (*Pool, error) {
	c := cip.NewFromConfig(cfg)
	pool, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: &name,
		Policies: &types.UserPoolPolicyType{PasswordPolicy: &types.PasswordPolicyType{
			MinimumLength: aws.Int32(12), RequireLowercase: true, RequireUppercase: true, RequireNumbers: true}},
	})
	if err != nil {
		return nil, fmt.Errorf("create user pool: %w", err)
	}
	poolID := aws.ToString(pool.UserPool.Id)
	client, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: &poolID, ClientName: aws.String("spa"),
		ExplicitAuthFlows:   clientFlows,
		AccessTokenValidity: aws.Int32(1), TokenValidityUnits: &types.TokenValidityUnitsType{AccessToken: types.TimeUnitsTypeHours},
	})
	if err != nil {
		return nil, fmt.Errorf("create user pool client: %w", err)
	}
	for _, r := range domain.Roles {
		if _, err := c.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: &poolID, GroupName: aws.String(string(r))}); err != nil {
			return nil, fmt.Errorf("create group %s: %w", r, err)
		}
	}
	return &Pool{client: c, PoolID: poolID, ClientID: aws.ToString(client.UserPoolClient.ClientId)}, nil
}

// clientFlows are the only auth flows the app client allows: passwords go
// through the API (server-side, ADMIN_USER_PASSWORD_AUTH), never straight
// to the pool; refresh tokens may be traded by the client.
var clientFlows = []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowAdminUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}

// EnsureClientFlows narrows an existing app client (a data folder made
// before the API took passwords server-side) to clientFlows.
func (p *Pool) EnsureClientFlows(ctx context.Context) error {
	out, err := p.client.DescribeUserPoolClient(ctx, &cip.DescribeUserPoolClientInput{UserPoolId: &p.PoolID, ClientId: &p.ClientID})
	if err != nil {
		return fmt.Errorf("describe user pool client: %w", err)
	}
	c := out.UserPoolClient
	if slices.Equal(c.ExplicitAuthFlows, clientFlows) {
		return nil
	}
	_, err = p.client.UpdateUserPoolClient(ctx, &cip.UpdateUserPoolClientInput{UserPoolId: &p.PoolID, ClientId: &p.ClientID,
		ExplicitAuthFlows: clientFlows, AccessTokenValidity: c.AccessTokenValidity, TokenValidityUnits: c.TokenValidityUnits})
	if err != nil {
		return fmt.Errorf("update user pool client: %w", err)
	}
	return nil
}
