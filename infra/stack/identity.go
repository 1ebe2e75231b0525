package stack

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Roles are the user pool's groups; a token's cognito:groups names the
// role the authorizer loads permissions for. Precedence follows the list.
var Roles = []string{"admin", "power_user", "user"}

type identity struct {
	pool   awscognito.UserPool
	client awscognito.UserPoolClient
}

// newIdentity is the user pool the console signs in to through
// /api/auth/login. Nobody signs up with Cognito directly: registration
// goes through the API, which checks the workspace invite code and then
// creates the user as an administrator.
func newIdentity(scope constructs.Construct) identity {
	pool := awscognito.NewUserPool(scope, jsii.String("UserPool"), &awscognito.UserPoolProps{
		SelfSignUpEnabled:   jsii.Bool(false),
		SignInAliases:       &awscognito.SignInAliases{Username: jsii.Bool(true), Email: jsii.Bool(true)},
		SignInCaseSensitive: jsii.Bool(false),
		StandardAttributes: &awscognito.StandardAttributes{
			Email: &awscognito.StandardAttribute{Required: jsii.Bool(true), Mutable: jsii.Bool(true)},
		},
		AutoVerify: &awscognito.AutoVerifiedAttrs{Email: jsii.Bool(true)},
		PasswordPolicy: &awscognito.PasswordPolicy{
			MinLength:            jsii.Number(12),
			RequireUppercase:     jsii.Bool(true),
			RequireLowercase:     jsii.Bool(true),
			RequireDigits:        jsii.Bool(true),
			RequireSymbols:       jsii.Bool(false),
			TempPasswordValidity: awscdk.Duration_Days(jsii.Number(3)),
		},
		Mfa:                awscognito.Mfa_OPTIONAL,
		MfaSecondFactor:    &awscognito.MfaSecondFactor{Otp: jsii.Bool(true), Sms: jsii.Bool(false)},
		AccountRecovery:    awscognito.AccountRecovery_EMAIL_ONLY,
		FeaturePlan:        awscognito.FeaturePlan_ESSENTIALS,
		DeletionProtection: jsii.Bool(true),
		RemovalPolicy:      awscdk.RemovalPolicy_RETAIN,
	})
	accept(pool, false,
		accepted{rule: "AwsSolutions-COG1", reason: "At least 12 characters with upper case, lower case and digits, without a symbol rule: length is what resists guessing (NIST SP 800-63B advises against composition rules), and repeated failures lock the user."},
		accepted{rule: "AwsSolutions-COG2", reason: "MFA is optional (TOTP): the console signs in through the API, which answers the MFA challenges; requiring it for every user is a workspace policy, not a deployment default."},
		accepted{rule: "AwsSolutions-COG3", reason: "Threat protection needs the Plus feature plan (paid per user); the product locks users after repeated failed sign-ins, audits every attempt and raises a security alert."},
	)
	for i, role := range Roles {
		pool.AddGroup(jsii.String("Group-"+role), &awscognito.UserPoolGroupOptions{
			GroupName:  jsii.String(role),
			Precedence: jsii.Number(float64(i)),
		})
	}
	client := pool.AddClient(jsii.String("Console"), &awscognito.UserPoolClientOptions{
		GenerateSecret: jsii.Bool(false),
		AuthFlows: &awscognito.AuthFlow{
			// Only the server-side password flow, behind the API's lockout
			// and throttling: the client has no flow a browser could use
			// to try passwords against the pool directly. Refresh
			// (REFRESH_TOKEN_AUTH) is always on.
			AdminUserPassword: jsii.Bool(true),
		},
		DisableOAuth:               jsii.Bool(true),
		EnableTokenRevocation:      jsii.Bool(true),
		PreventUserExistenceErrors: jsii.Bool(true),
		AccessTokenValidity:        awscdk.Duration_Hours(jsii.Number(1)),
		IdTokenValidity:            awscdk.Duration_Hours(jsii.Number(1)),
		RefreshTokenValidity:       awscdk.Duration_Days(jsii.Number(30)),
	})
	return identity{pool: pool, client: client}
}
