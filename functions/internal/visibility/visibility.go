// Package visibility decides which tasks and reports a caller may see:
// everything with scope:all (admins), their own plus those made only with
// credentials they manage with scope:managed (power users; a task that
// also scans an account they do not manage is not theirs to see), their
// own otherwise. What a caller may not see answers 404, never 403, so ids
// cannot be probed. Seeing is not changing: Owns says who may cancel or
// delete.
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

// workspaceCredentials lists every credential id of a workspace, so a list
// can leave out tasks that also use a credential the caller does not
// manage. A store without it gets the candidate filter only, and Require
// still checks every credential.
type workspaceCredentials interface {
	CredentialIDs(ctx context.Context, ws string) ([]string, error)
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
		if wc, ok := creds.(workspaceCredentials); ok && len(v.CredentialIDs) > 0 {
			every, err := wc.CredentialIDs(ctx, p.WorkspaceID)
			if err != nil {
				return nil, err
			}
			for _, id := range every {
				if !slices.Contains(v.CredentialIDs, id) {
					v.Unmanaged = append(v.Unmanaged, id)
				}
			}
		}
	}
	return v, nil
}

// CanSee reports whether something created by createdBy with the given
// credentials is visible: the caller's own, or made with credentials the
// caller manages, every one of them.
func CanSee(v *store.Visibility, createdBy string, credentialIDs []string) bool {
	if v == nil || createdBy == v.OwnerID {
		return true
	}
	if len(credentialIDs) == 0 {
		return false
	}
	for _, c := range credentialIDs {
		if !slices.Contains(v.CredentialIDs, c) {
			return false
		}
	}
	return true
}

// Owns reports whether the caller may change (cancel, delete) something
// created by createdBy: its creator, or a caller with scope:all. A power
// user reads the tasks of the accounts it manages but does not stop or
// delete another's work.
func Owns(p *httpapi.Principal, createdBy string) bool {
	return p.Can(authz.ScopeAll) || p.UserID == createdBy
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
