package awsclient

import (
	"context"
	"fmt"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/orgs"
)

// Discover lists the member accounts of an organization credential's
// organization, signed as the credential (its role in the management or
// delegated administrator account).
func (r *Resolver) Discover(ctx context.Context, c *domain.Credential, p Purpose) ([]domain.OrgAccount, error) {
	return r.discover(ctx, c, p)
}

// DiscoverMembers is Discover for the credentials routes (a validation's
// session name).
func (r *Resolver) DiscoverMembers(ctx context.Context, c *domain.Credential) ([]domain.OrgAccount, error) {
	return r.discover(ctx, c, ForValidation(c.ID))
}

func (r *Resolver) discover(ctx context.Context, c *domain.Credential, p Purpose) ([]domain.OrgAccount, error) {
	if c.Type != domain.CredentialOrganization {
		return nil, domain.Invalid("id", "not an organization credential")
	}
	cfg, err := r.Config(ctx, c, orgs.Region, p)
	if err != nil {
		return nil, fmt.Errorf("credential %s: %w", c.ID, err)
	}
	return orgs.Discover(ctx, cfg)
}
