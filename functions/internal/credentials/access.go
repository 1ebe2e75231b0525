package credentials

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// access is what a caller may do with a credential.
type access int

const (
	noAccess     access = iota
	readAccess          // assigned to the caller: use it, see it masked
	manageAccess        // the caller's own (or an admin's view): change, validate, assign
)

// accessTo decides a caller's access to a credential.
func (s *Service) accessTo(ctx context.Context, p *httpapi.Principal, c *domain.Credential) (access, error) {
	if p.Can(authz.ScopeAll) || c.CreatedBy == p.UserID {
		return manageAccess, nil
	}
	ok, err := s.d.Store.IsAssigned(ctx, p.WorkspaceID, p.UserID, c.ID)
	if err != nil {
		return noAccess, fmt.Errorf("access to credential %s: %w", c.ID, err)
	}
	if ok {
		return readAccess, nil
	}
	return noAccess, nil
}

// load reads a credential the caller has at least the wanted access to;
// any other is not found, whether it exists or not.
func (s *Service) load(ctx context.Context, p *httpapi.Principal, id string, want access) (*domain.Credential, access, error) {
	if !domain.ValidID(id) {
		return nil, noAccess, domain.Invalid("id", "not a credential id")
	}
	c, err := s.d.Store.GetCredential(ctx, p.WorkspaceID, id)
	if err != nil {
		return nil, noAccess, err
	}
	a, err := s.accessTo(ctx, p, c)
	if err != nil {
		return nil, noAccess, err
	}
	if a < want {
		return nil, noAccess, domain.NotFound("credential")
	}
	return c, a, nil
}

// view is a credential as the caller may see it: never the secret, the key
// id masked, and for a caller that only uses it, not the ExternalId.
func view(c *domain.Credential, a access) domain.PublicCredential {
	v := c.Public()
	if a < manageAccess {
		v.ExternalID = ""
	}
	return v
}

// visible returns the credentials a caller who does not see all may see:
// those it created and those assigned to it, oldest first.
func (s *Service) visible(ctx context.Context, p *httpapi.Principal) ([]domain.Credential, map[string]access, error) {
	own, err := s.d.Store.CredentialsCreatedBy(ctx, p.WorkspaceID, p.UserID)
	if err != nil {
		return nil, nil, err
	}
	ids, err := s.d.Store.AssignedCredentialIDs(ctx, p.WorkspaceID, p.UserID)
	if err != nil {
		return nil, nil, err
	}
	assigned, err := s.d.Store.GetCredentials(ctx, p.WorkspaceID, ids)
	if err != nil {
		return nil, nil, err
	}
	levels := map[string]access{}
	var all []domain.Credential
	for _, c := range own {
		levels[c.ID] = manageAccess
		all = append(all, c)
	}
	for _, c := range assigned {
		if _, dup := levels[c.ID]; !dup {
			levels[c.ID] = readAccess
			all = append(all, c)
		}
	}
	slices.SortFunc(all, func(a, b domain.Credential) int { return strings.Compare(a.ID, b.ID) })
	return all, levels, nil
}

// pageOf cuts one page out of a list assembled in memory (ordered by id):
// from a page number, or after the id a cursor names.
func pageOf[T any](items []T, id func(T) string, p domain.Page) (page []T, next string, err error) {
	start := (p.Number - 1) * p.Size
	if p.Cursor != "" {
		if !domain.ValidID(p.Cursor) {
			return nil, "", domain.Invalid("cursor", "not a cursor this list issued")
		}
		start = len(items)
		for i, it := range items {
			if id(it) > p.Cursor {
				start = i
				break
			}
		}
	}
	if start >= len(items) {
		return nil, "", nil
	}
	end := min(start+p.Size, len(items))
	if end < len(items) {
		next = id(items[end-1])
	}
	return items[start:end], next, nil
}
