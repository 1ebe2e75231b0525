// Package credentials serves the AWS credentials of a workspace: the
// credential routes (list, detail, create, update, delete, validate), the
// base principal (base-role), the scanner role template, and the
// assignment of credentials to users (/api/users/assign-credentials and
// /api/users/credentials).
//
// Who sees what (DESIGN.md section 5): an admin (scope:all) every
// credential of the workspace; a power user those it created (which it
// manages: updates, validates, deletes if allowed, assigns) and those
// assigned to it; a user only those assigned to it, masked. Anything else
// answers 404, as if it did not exist.
//
// Secrets are sealed before they are stored and never leave in an answer,
// a log line, an audit entry or an error: answers carry the masked view
// (domain.Credential.Public), and request bodies hold secrets as
// domain.Secret, which never prints.
//
// It must not import the AWS SDK or the scanner: AWS is reached through
// the Checker (awsclient.Resolver), the store and the key service through
// interfaces.
package credentials

import (
	"context"
	"io"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// Store is what the credential routes need of the table.
type Store interface {
	GetRole(ctx context.Context, ws string, role domain.Role) (*domain.RolePermissions, error)
	CreateCredential(ctx context.Context, c *domain.Credential) error
	GetCredential(ctx context.Context, ws, id string) (*domain.Credential, error)
	GetCredentials(ctx context.Context, ws string, ids []string) ([]domain.Credential, error)
	UpdateCredential(ctx context.Context, before, c *domain.Credential) error
	RecordValidation(ctx context.Context, ws, id string, v domain.Validation, at time.Time) (*domain.Credential, error)
	DeleteCredential(ctx context.Context, c *domain.Credential) error
	ListCredentials(ctx context.Context, ws string, f store.CredentialFilter, p store.Page) (store.Listed[domain.Credential], error)
	CredentialsCreatedBy(ctx context.Context, ws, userID string) ([]domain.Credential, error)
	CredentialsOfAccount(ctx context.Context, ws, account string) ([]domain.Credential, error)
	DemoCredential(ctx context.Context, ws string) (*domain.Credential, error)

	AssignedCredentialIDs(ctx context.Context, ws, userID string) ([]string, error)
	IsAssigned(ctx context.Context, ws, userID, credentialID string) (bool, error)
	ReplaceAssignments(ctx context.Context, ws, userID, by string, next func(current []string) ([]string, error)) (set, added, removed []string, err error)
	GetUser(ctx context.Context, ws, id string) (*domain.User, error)

	GetBaseRole(ctx context.Context, ws string) (*domain.BaseRole, error)
	PutBaseRole(ctx context.Context, b *domain.BaseRole) error
}

// Sealer encrypts secrets before they are stored (secrets.Box).
type Sealer interface {
	Seal(ctx context.Context, ws, credentialID string, s domain.Secret) (domain.SealedSecret, error)
}

// Checker talks to AWS for a credential (awsclient.Resolver).
type Checker interface {
	Validate(ctx context.Context, c *domain.Credential, region string) domain.Validation
	PlatformPrincipal(ctx context.Context, ws string) (string, error)
	// DiscoverMembers lists an organization credential's member accounts.
	DiscoverMembers(ctx context.Context, c *domain.Credential) ([]domain.OrgAccount, error)
}

// TemplateHost publishes the role template where the CloudFormation
// console can read it (blob.Store).
type TemplateHost interface {
	Put(ctx context.Context, key string, body io.Reader, contentType string) error
	PresignGet(ctx context.Context, key, fileName string, ttl time.Duration) (string, error)
}

// credentialUsage says whether a running task or an enabled schedule uses
// a credential, and which (the tasks store implements it).
type credentialUsage interface {
	CredentialInUse(ctx context.Context, ws, credentialID string) (bool, string, error)
}

// Deps are the service's dependencies; all are required.
type Deps struct {
	Store     Store
	Secrets   Sealer
	AWS       Checker
	Usage     credentialUsage
	Templates TemplateHost
	// Probe runs the scan's read actions for a credential (scan-unit's
	// dry run); nil validates the identity only.
	Probe Prober
	// Region is the platform's region: where the quick-create link opens
	// and the StackSets variant creates the role. Empty means us-east-1.
	Region string
	// Now is the clock (tests); nil means time.Now.
	Now func() time.Time
}

// Prober runs a dry run of a scan's read actions with a credential.
type Prober interface {
	Probe(ctx context.Context, ws, credentialID, region string) ([]inventory.Coverage, error)
}

// Service serves the credential routes.
type Service struct {
	d Deps
}

// New builds the service.
func New(d Deps) *Service {
	if d.Region == "" {
		d.Region = "us-east-1"
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{d: d}
}

// Routes are the credential, base role, template and assignment routes,
// each with its handler.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/credentials", Perm: authz.CredentialsRead,
			Summary: "List the credentials the caller may see (a user: those assigned to it, masked)",
			Query: httpapi.WithPage(httpapi.Param{Name: "credentialType", Desc: "assume_role or access_key"},
				httpapi.Param{Name: "active", Desc: "true or false", Type: "boolean"}, httpapi.Param{Name: "accountId", Desc: "12 digits"},
				httpapi.Param{Name: "q", Desc: "free text: part of the name, account id or role ARN (at most 200 characters)"}),
			Reply: httpapi.List[domain.PublicCredential]{}, Handler: s.list},
		{Method: "GET", Path: "/api/credentials/detail", Perm: authz.CredentialsRead, Summary: "One credential",
			Query: httpapi.IDParam, Reply: domain.PublicCredential{}, Handler: s.detail},
		{Method: "POST", Path: "/api/credentials/create", Perm: authz.CredentialsCreate,
			Summary: "Create a credential (assume_role: the server generates its ExternalId; a body naming one is refused)",
			Body:    CreateBody{}, Reply: domain.PublicCredential{}, Status: 201, Audit: httpapi.Audited("credentials.create", "credential"), Handler: s.create},
		{Method: "POST", Path: "/api/credentials/update", Perm: authz.CredentialsUpdate,
			Summary: "Change a credential the caller manages; the secret only when a new one is given",
			Body:    UpdateBody{}, Reply: domain.PublicCredential{}, Audit: httpapi.Audited("credentials.update", "credential"), Handler: s.update},
		{Method: "POST", Path: "/api/credentials/delete", Perm: authz.CredentialsDelete,
			Summary: "Delete a credential (409 while a running task or an enabled schedule uses it)",
			Body:    httpapi.IDBody{}, Status: 204, Audit: httpapi.Audited("credentials.delete", "credential"), Handler: s.delete},
		{Method: "POST", Path: "/api/credentials/discover", Perm: authz.CredentialsValidate,
			Summary: "List an organization credential's member accounts (id, name, e-mail, OU path, status)",
			Body:    httpapi.IDBody{}, Reply: Discovered{}, Handler: s.discover},
		{Method: "POST", Path: "/api/credentials/validate", Perm: authz.CredentialsValidate,
			Summary: "Check a credential against AWS (STS GetCallerIdentity through the resolved credentials)",
			Body:    ValidateBody{}, Reply: domain.PublicCredential{}, Audit: httpapi.Audited("credentials.validate", "credential"), Handler: s.validate},
		{Method: "GET", Path: "/api/credentials/base-role", Perm: authz.BaseRoleRead,
			Summary: "The principal that assumes roles in target accounts", Reply: BaseRoleView{}, Handler: s.getBaseRole},
		{Method: "POST", Path: "/api/credentials/base-role", Perm: authz.BaseRoleUpdate,
			Summary: "Set the base principal: the execution role, or a base access key",
			Body:    BaseRoleBody{}, Reply: BaseRoleView{}, Audit: httpapi.Audited("credentials.base-role", "base-role"), Handler: s.setBaseRole},
		{Method: "GET", Path: "/api/credentials/role-template", Perm: authz.CredentialsCreate,
			Summary: "CloudFormation template of the read-only scanner role, its StackSets variant and quick-create link",
			Query: []httpapi.Param{{Name: "externalId", Desc: "the ExternalId of the credential the role is for (from its detail); a new one when absent"},
				{Name: "organization", Desc: "true: the role of an organization credential, which also lists the member accounts"}},
			Reply: RoleTemplate{}, Handler: s.roleTemplate},
		{Method: "POST", Path: "/api/users/assign-credentials", Perm: authz.CredentialsAssign,
			Summary: "Replace the set of credentials assigned to a user",
			Body:    AssignBody{}, Reply: Assignment{}, Audit: httpapi.Audited("credentials.assign", "user"), Handler: s.assign},
		{Method: "GET", Path: "/api/users/credentials", Perm: authz.CredentialsRead,
			Summary: "The credentials assigned to a user", Query: httpapi.IDParam, Reply: UserCredentials{}, Handler: s.assigned},
	}
}
