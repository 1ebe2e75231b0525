// Package awsclient turns a stored credential into an aws.Config for one
// region: AssumeRole (with the credential's ExternalId, a session name
// naming the task or the validation, one hour) from the base principal,
// or the credential's own access key, or, for the demo credential, the
// simulated AWS the wiring provides. Assumed-role credentials are cached
// per task and refreshed shortly before they expire. It also checks a
// credential (Validate) and names the principal that target accounts must
// trust (PlatformPrincipal).
//
// Plaintext secrets exist here only in memory, long enough to sign; they
// never appear in an error or a validation message. It must not import the
// store or the HTTP layer: the base role setting and the secret box come in
// through interfaces.
package awsclient

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/retrypolicy"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// SessionDuration is how long assumed-role credentials last; the scanner
// role's MaxSessionDuration allows exactly this.
const SessionDuration = time.Hour

// refreshWindow is how long before expiry cached credentials are renewed,
// so no call signs with credentials about to lapse.
const refreshWindow = 5 * time.Minute

// idleAfter is how long a task's cached credentials are kept unused.
const idleAfter = 2 * time.Hour

// baseRoles reads a workspace's base principal setting (the store).
type baseRoles interface {
	GetBaseRole(ctx context.Context, ws string) (*domain.BaseRole, error)
}

// secretOpener opens sealed secrets (secrets.Box).
type secretOpener interface {
	Open(ctx context.Context, ws, credentialID string, s domain.SealedSecret) (domain.Secret, error)
}

// Options configure a Resolver.
type Options struct {
	// Base is the platform's own configuration (the default credential
	// chain: the execution role in AWS). Its Region is where STS is called;
	// empty means us-east-1.
	Base aws.Config
	// BaseRoles and Secrets give the workspace's base principal and open
	// stored keys.
	BaseRoles baseRoles
	Secrets   secretOpener
	// Demo returns the configuration of the simulated AWS account behind
	// the demo credential (local mode); nil means no demo credential can be
	// resolved.
	Demo func(accountID, region string) aws.Config
	// PrincipalARN is the ARN of the execution role, which target roles
	// trust while the base role is the execution role. Empty: asked of STS.
	PrincipalARN string
	// Retryer is the retry policy of every call; nil is the seed's
	// (retrypolicy.Default).
	Retryer func() aws.Retryer
	// Now is the clock (tests).
	Now func() time.Time
}

// Resolver builds aws.Configs for credentials. It is safe for concurrent
// use; one Resolver per process shares its cache across units.
type Resolver struct {
	o     Options
	mu    sync.Mutex
	cache map[cacheKey]*cacheEntry
}

// New returns a resolver.
func New(o Options) *Resolver {
	if o.Retryer == nil {
		o.Retryer = retrypolicy.Default().Retryer()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Base.Region == "" {
		o.Base.Region = spec.GlobalRegion
	}
	return &Resolver{o: o, cache: map[cacheKey]*cacheEntry{}}
}

// Purpose says why credentials are resolved: it names the STS session, so
// the target account's CloudTrail shows which task or validation acted.
type Purpose struct {
	kind, id string
}

// ForTask is the purpose of a scan task's units; their assumed-role
// credentials are cached for the task.
func ForTask(taskID string) Purpose { return Purpose{kind: "task", id: taskID} }

// ForValidation is the purpose of a credential check; never cached.
func ForValidation(credentialID string) Purpose { return Purpose{kind: "validate", id: credentialID} }

var sessionUnsafe = regexp.MustCompile(`[^\w+=,.@-]`)

// SessionName is the RoleSessionName of a purpose: "CloudCensus-task-<id>"
// within STS's 64 characters and alphabet.
func (p Purpose) SessionName() string {
	name := "CloudCensus-" + p.kind + "-" + sessionUnsafe.ReplaceAllString(p.id, "_")
	if len(name) > 64 {
		name = name[:64]
	}
	return name
}

// Config returns the configuration of a credential in a region: signed as
// the credential, with the seed's retry policy.
func (r *Resolver) Config(ctx context.Context, c *domain.Credential, region string, p Purpose) (aws.Config, error) {
	if c.Demo {
		if r.o.Demo == nil {
			return aws.Config{}, errors.New("demo credential: no simulated AWS is configured")
		}
		cfg := r.o.Demo(c.AccountID, region)
		cfg.Region = region
		if cfg.Retryer == nil {
			cfg.Retryer = r.o.Retryer
		}
		return cfg, nil
	}
	switch c.Type {
	case domain.CredentialAccessKey:
		if c.Secret == nil {
			return aws.Config{}, fmt.Errorf("credential %s has no stored secret", c.ID)
		}
		secret, err := r.o.Secrets.Open(ctx, c.WorkspaceID, c.ID, *c.Secret)
		if err != nil {
			return aws.Config{}, fmt.Errorf("credential %s: %w", c.ID, err)
		}
		return r.withCredentials(region, staticCredentials(c.AccessKeyID, secret)), nil
	case domain.CredentialAssumeRole, domain.CredentialOrganization:
		creds, err := r.assumed(ctx, c, p)
		if err != nil {
			return aws.Config{}, err
		}
		return r.withCredentials(region, creds), nil
	}
	return aws.Config{}, fmt.Errorf("credential %s has unknown type %q", c.ID, c.Type)
}

func (r *Resolver) withCredentials(region string, creds aws.CredentialsProvider) aws.Config {
	cfg := r.o.Base.Copy()
	cfg.Region = region
	cfg.Credentials = creds
	cfg.Retryer = r.o.Retryer
	return cfg
}

func staticCredentials(keyID string, secret domain.Secret) *aws.CredentialsCache {
	return aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(keyID, secret.Reveal(), ""))
}

// assumed returns the assumed-role credentials of a credential: from the
// task's cache, or a new provider (which assumes the role on first use).
func (r *Resolver) assumed(ctx context.Context, c *domain.Credential, p Purpose) (*aws.CredentialsCache, error) {
	b, err := r.o.BaseRoles.GetBaseRole(ctx, c.WorkspaceID)
	if err != nil {
		return nil, fmt.Errorf("base role: %w", err)
	}
	key := cacheKey{ws: c.WorkspaceID, task: p.id, credential: c.ID, version: c.Version, baseVersion: b.Version}
	if p.kind == "task" {
		if creds := r.cached(key); creds != nil {
			return creds, nil
		}
	}
	base, err := r.baseConfig(ctx, b)
	if err != nil {
		return nil, err
	}
	provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(base), c.RoleARN, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = p.SessionName()
		o.ExternalID = aws.String(c.ExternalID)
		o.Duration = SessionDuration
	})
	creds := aws.NewCredentialsCache(provider, func(o *aws.CredentialsCacheOptions) { o.ExpiryWindow = refreshWindow })
	if p.kind == "task" {
		return r.remember(key, creds), nil
	}
	return creds, nil
}

// baseConfig is the configuration that calls AssumeRole: the platform's
// own, or the workspace's base access key.
func (r *Resolver) baseConfig(ctx context.Context, b *domain.BaseRole) (aws.Config, error) {
	cfg := r.o.Base.Copy()
	cfg.Retryer = r.o.Retryer
	if b.Mode == domain.BaseAccessKey {
		if b.Secret == nil {
			return aws.Config{}, errors.New("base role: access key mode without a stored secret")
		}
		secret, err := r.o.Secrets.Open(ctx, b.WorkspaceID, domain.BaseRoleSecretID, *b.Secret)
		if err != nil {
			return aws.Config{}, fmt.Errorf("base role: %w", err)
		}
		cfg.Credentials = staticCredentials(b.AccessKeyID, secret)
	}
	return cfg, nil
}

// MemberConfig returns the configuration of a member account of an
// organization credential: its MemberRoleName role, assumed from the base
// principal with the credential's ExternalId, which the role template's
// StackSets variant (made for that credential) has every member trust.
// The demo organization has no platform principal: there the management
// account's session assumes it. The role is assumed on first use, so a
// member whose role is missing fails there, as AccessDenied.
func (r *Resolver) MemberConfig(ctx context.Context, org *domain.Credential, account, region string, p Purpose) (aws.Config, error) {
	role := "arn:" + partitionOf(region) + ":iam::" + account + ":role/" + org.MemberRoleName
	var caller aws.Config
	var err error
	if org.Demo {
		caller, err = r.Config(ctx, org, region, p)
	} else {
		var b *domain.BaseRole
		if b, err = r.o.BaseRoles.GetBaseRole(ctx, org.WorkspaceID); err != nil {
			return aws.Config{}, fmt.Errorf("base role: %w", err)
		}
		caller, err = r.baseConfig(ctx, b)
	}
	if err != nil {
		return aws.Config{}, err
	}
	provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(caller), role, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = p.SessionName()
		o.ExternalID = aws.String(org.ExternalID)
		o.Duration = SessionDuration
	})
	if org.Demo {
		cfg := caller.Copy()
		cfg.Region = region
		cfg.Credentials = aws.NewCredentialsCache(provider, func(o *aws.CredentialsCacheOptions) { o.ExpiryWindow = refreshWindow })
		return cfg, nil
	}
	return r.withCredentials(region, aws.NewCredentialsCache(provider, func(o *aws.CredentialsCacheOptions) { o.ExpiryWindow = refreshWindow })), nil
}

// partitionOf is the ARN partition of a region.
func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}
