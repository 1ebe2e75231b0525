// Package visibility decides which tasks and reports a caller may see:
// everything with scope:all (admins), their own plus those made with
// credentials they manage with scope:managed (power users), their own
// otherwise. What a caller may not see answers 404, never 403, so ids
// cannot be probed.
package visibility

import (
	"context"
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// Credentials lists the credentials a user manages.
type Credentials interface {
	CredentialsCreatedBy(ctx context.Context, ws, userID string) ([]domain.Credential, error)
}

// Of returns the caller's visibility; nil means everything.
func Of(ctx context.Context, p *httpapi.Principal, creds Credentials) (*store.Visibility, error) {
	if p.Can(authz.ScopeAll) {
		return nil, nil
	}
	v := &store.Visibility{OwnerID: p.UserID}
	if p.Can(authz.ScopeManaged) {
		cs, err := creds.CredentialsCreatedBy(ctx, p.WorkspaceID, p.UserID)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			v.CredentialIDs = append(v.CredentialIDs, c.ID)
		}
	}
	return v, nil
}

// CanSee reports whether something created by createdBy with the given
// credentials is visible.
func CanSee(v *store.Visibility, createdBy string, credentialIDs []string) bool {
	if v == nil || createdBy == v.OwnerID {
		return true
	}
	for _, c := range credentialIDs {
		if slices.Contains(v.CredentialIDs, c) {
			return true
		}
	}
	return false
}

// Require answers 404 (what "not found") unless the caller may see
// something created by createdBy with the given credentials.
func Require(ctx context.Context, p *httpapi.Principal, creds Credentials, createdBy string, credentialIDs []string, what string) error {
	v, err := Of(ctx, p, creds)
	if err != nil {
		return err
	}
	if !CanSee(v, createdBy, credentialIDs) {
		return domain.NotFound(what)
	}
	return nil
}
