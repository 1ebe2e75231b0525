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
	"net/http"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// Store is what the credential routes need of the table.
type Store interface {
	CreateCredential(ctx context.Context, c *domain.Credential) error
	GetCredential(ctx context.Context, ws, id string) (*domain.Credential, error)
	GetCredentials(ctx context.Context, ws string, ids []string) ([]domain.Credential, error)
	UpdateCredential(ctx context.Context, before, c *domain.Credential) error
	RecordValidation(ctx context.Context, ws, id string, v domain.Validation, at time.Time) (*domain.Credential, error)
	DeleteCredential(ctx context.Context, c *domain.Credential) error
	ListCredentials(ctx context.Context, ws string, f store.CredentialFilter, p store.Page) (store.Listed[domain.Credential], error)
	CredentialsCreatedBy(ctx context.Context, ws, userID string) ([]domain.Credential, error)
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
}

// TemplateHost publishes the role template where the CloudFormation
// console can read it (blob.Store).
type TemplateHost interface {
	Put(ctx context.Context, key string, body io.Reader, contentType string) error
	PresignGet(ctx context.Context, key, fileName string, ttl time.Duration) (string, error)
}

// Auditor records what happened (audit.Log).
type Auditor interface {
	Record(r *http.Request, ev audit.Event, err error) error
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
	Audit     Auditor
	// ReadActions lists the IAM actions the scanners call: pass
	// scanner.ReadActions, the one list the role template grants.
	ReadActions func() []string
	// Region is the platform's region: where the quick-create link opens
	// and the StackSets variant creates the role. Empty means us-east-1.
	Region string
	// Now is the clock (tests); nil means time.Now.
	Now func() time.Time
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

// Handlers binds the credential and assignment routes.
func (s *Service) Handlers() httpapi.Handlers {
	return httpapi.Handlers{
		"GET /api/credentials":               s.list,
		"GET /api/credentials/detail":        s.detail,
		"POST /api/credentials/create":       s.create,
		"POST /api/credentials/update":       s.update,
		"POST /api/credentials/delete":       s.delete,
		"POST /api/credentials/validate":     s.validate,
		"GET /api/credentials/base-role":     s.getBaseRole,
		"POST /api/credentials/base-role":    s.setBaseRole,
		"GET /api/credentials/role-template": s.roleTemplate,
		"POST /api/users/assign-credentials": s.assign,
		"GET /api/users/credentials":         s.assigned,
	}
}
