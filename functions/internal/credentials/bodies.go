package credentials

import (
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// CreateBody creates a credential (the seed's AWSCredential fields). It
// has no ExternalId: the server generates one for every assume_role
// credential, so no caller can choose one it knows another account's role
// trusts (the confused deputy); externalIDGenerated refuses a body that
// names one.
type CreateBody struct {
	Name            string                `json:"name"`
	CredentialType  domain.CredentialType `json:"credentialType"`
	AccountID       string                `json:"accountId"`
	RoleARN         string                `json:"roleArn,omitempty"`
	AccessKeyID     string                `json:"accessKeyId,omitempty"`
	SecretAccessKey domain.Secret         `json:"secretAccessKey,omitempty"` // write-only
	IsActive        *bool                 `json:"isActive,omitempty"`        // default true
	// MemberRoleName: an organization credential's role in each member
	// account; default CloudCensusScanner.
	MemberRoleName string `json:"memberRoleName,omitempty"`
}

// UpdateBody changes the fields it names; the secret is replaced only when
// a new one is given.
type UpdateBody struct {
	ID              string                 `json:"id"`
	Version         int                    `json:"version"`
	Name            *string                `json:"name,omitempty"`
	CredentialType  *domain.CredentialType `json:"credentialType,omitempty"`
	AccountID       *string                `json:"accountId,omitempty"`
	RoleARN         *string                `json:"roleArn,omitempty"`
	AccessKeyID     *string                `json:"accessKeyId,omitempty"`
	SecretAccessKey *domain.Secret         `json:"secretAccessKey,omitempty"`
	IsActive        *bool                  `json:"isActive,omitempty"`
	MemberRoleName  *string                `json:"memberRoleName,omitempty"`
}

// ValidateBody asks for a check, in us-east-1 unless a region is named.
type ValidateBody struct {
	ID     string `json:"id"`
	Region string `json:"region,omitempty"`
}

// BaseRoleView is the base principal setting, masked.
type BaseRoleView struct {
	Mode        domain.BaseRoleMode `json:"mode"`
	AccessKeyID string              `json:"accessKeyId,omitempty"`
	UpdatedAt   string              `json:"updatedAt,omitempty"`
	Version     int                 `json:"version"`
}

// BaseRoleBody sets the base principal; with access_key the secret is
// required unless the key id is unchanged.
type BaseRoleBody struct {
	Mode            domain.BaseRoleMode `json:"mode"`
	AccessKeyID     string              `json:"accessKeyId,omitempty"`
	SecretAccessKey domain.Secret       `json:"secretAccessKey,omitempty"`
}

// RoleTemplate is the scanner role a target account deploys.
type RoleTemplate struct {
	Template         string `json:"template"`         // CloudFormation YAML, one account
	StackSetTemplate string `json:"stackSetTemplate"` // CloudFormation YAML, an Organization's StackSet
	// QuickCreateURL opens the stack in the CloudFormation console with
	// the template and the ExternalId filled in; it works until
	// QuickCreateExpiresAt (the template's presigned URL), so ask again
	// when it is past. Empty where CloudFormation could not fetch the
	// template (local mode: the stand-in S3 is this machine's): Steps
	// then say how to deploy the downloaded template by hand.
	QuickCreateURL       string     `json:"quickCreateUrl"`
	QuickCreateExpiresAt *time.Time `json:"quickCreateExpiresAt,omitempty"`
	Steps                []string   `json:"steps"`
	// RoleARN is the role the stack creates in an account, given its id
	// as <account-id>: the credential's role ARN.
	RoleARN      string   `json:"roleArnPattern"`
	PrincipalARN string   `json:"principalArn"`
	ExternalID   string   `json:"externalId"`
	Actions      []string `json:"actions"`
}

// AssignBody replaces the set of credentials assigned to a user.
type AssignBody struct {
	UserID        string   `json:"userId"`
	CredentialIDs []string `json:"credentialIds"`
}

// Assignment is a user's set of credentials, as far as the caller may see.
type Assignment struct {
	UserID        string   `json:"userId"`
	CredentialIDs []string `json:"credentialIds"`
}

// UserCredentials is a user's set with the credentials themselves.
type UserCredentials struct {
	UserID        string                    `json:"userId"`
	CredentialIDs []string                  `json:"credentialIds"`
	Data          []domain.PublicCredential `json:"data"`
}
