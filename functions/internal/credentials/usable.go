package credentials

import (
	"context"
	"fmt"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Usable returns the credentials of ids that the caller may scan with:
// existing, active, and its own, assigned to it, or any for an admin. A
// task may only use those; an id it may not see is not found, an inactive
// one invalid.
func (s *Service) Usable(ctx context.Context, p *httpapi.Principal, ids []string) ([]domain.Credential, error) {
	out := make([]domain.Credential, 0, len(ids))
	for _, id := range ids {
		c, _, err := s.load(ctx, p, id, readAccess)
		if err != nil {
			if domain.Is(err, domain.KindInvalid) {
				return nil, domain.Invalid("credentialIds", "not a credential id: "+id)
			}
			return nil, err
		}
		if !c.IsActive {
			return nil, domain.Invalid("credentialIds", fmt.Sprintf("credential %q is not active", c.Name))
		}
		out = append(out, *c)
	}
	return out, nil
}

// EnsureDemo creates the workspace's demo credential (an assume_role
// credential marked demo, which awsclient resolves to the simulated AWS)
// unless it exists, and returns it. Local mode calls it when it seeds.
func (s *Service) EnsureDemo(ctx context.Context, ws, createdBy, accountID string) (*domain.Credential, error) {
	c, err := s.d.Store.DemoCredential(ctx, ws)
	if err == nil {
		return c, nil
	}
	if !domain.Is(err, domain.KindNotFound) {
		return nil, err
	}
	c = &domain.Credential{ID: domain.NewID(), WorkspaceID: ws, Name: "Demo account", Type: domain.CredentialAssumeRole,
		AccountID: accountID, RoleARN: "arn:aws:iam::" + accountID + ":role/CloudCensusScanner",
		ExternalID: domain.NewExternalID(), IsActive: true, Demo: true, CreatedBy: createdBy}
	if err := c.Check(false); err != nil {
		return nil, fmt.Errorf("demo credential: %w", err)
	}
	if err := s.d.Store.CreateCredential(ctx, c); err != nil {
		return nil, fmt.Errorf("demo credential: %w", err)
	}
	return c, nil
}
