package identity

import (
	"context"
	"fmt"

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
		ExplicitAuthFlows:   []types.ExplicitAuthFlowsType{types.ExplicitAuthFlowsTypeAllowUserPasswordAuth, types.ExplicitAuthFlowsTypeAllowRefreshTokenAuth},
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
