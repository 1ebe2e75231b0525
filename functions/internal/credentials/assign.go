package credentials

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// assign replaces a user's set of credentials. An admin sets the whole
// set; a power user sets the part it manages and leaves the rest as it is.
// Every id must name a credential the caller manages.
func (s *Service) assign(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	var b AssignBody
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = b.UserID
	want, err := s.checkAssignment(r, p, b)
	if err != nil {
		return err
	}
	set, added, removed, err := s.d.Store.ReplaceAssignments(ctx, p.WorkspaceID, b.UserID, p.UserID, func(current []string) ([]string, error) {
		ev.Before = map[string]any{"credentialIds": current}
		if p.Can(authz.ScopeAll) {
			return want, nil
		}
		return s.keepUnmanaged(r, p, current, want)
	})
	if err != nil {
		return err
	}
	ev.After = map[string]any{"credentialIds": set, "added": added, "removed": removed}
	shown, err := s.visibleIDs(r, p, set)
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, Assignment{UserID: b.UserID, CredentialIDs: shown})
}

// checkAssignment validates the request: the user exists and ranks no
// higher than the caller, and every credential exists and is the caller's
// to assign.
func (s *Service) checkAssignment(r *http.Request, p *httpapi.Principal, b AssignBody) ([]string, error) {
	ctx := r.Context()
	if !domain.ValidID(b.UserID) {
		return nil, domain.Invalid("userId", "not a user id")
	}
	if b.CredentialIDs == nil {
		return nil, domain.Invalid("credentialIds", "is required (an empty list removes every credential)")
	}
	want := slices.Compact(slices.Sorted(slices.Values(b.CredentialIDs)))
	if len(want) > store.MaxAssignments {
		return nil, domain.Invalidf("credentialIds", "at most %d credentials per user", store.MaxAssignments)
	}
	for _, id := range want {
		if !domain.ValidID(id) {
			return nil, domain.Invalid("credentialIds", "not a credential id: "+id)
		}
	}
	u, err := s.d.Store.GetUser(ctx, p.WorkspaceID, b.UserID)
	if err != nil {
		return nil, err
	}
	// A credential handed to a higher role reaches whatever that role may
	// do with it: assign only to users ranking no higher than the caller.
	rank, err := rights.UserRank(ctx, s.d.Store, u)
	if err != nil {
		return nil, err
	}
	if rank > p.Rank {
		return nil, domain.Refused("userId", fmt.Sprintf("credentials are assigned only to users whose highest role ranks no higher than yours: %s (%s, rank %d) outranks you (rank %d)", u.Username, strings.Join(domain.RoleNames(u.AllRoles()), ", "), rank, p.Rank))
	}
	creds, err := s.d.Store.GetCredentials(ctx, p.WorkspaceID, want)
	if err != nil {
		return nil, err
	}
	if len(creds) != len(want) {
		return nil, domain.NotFound("credential")
	}
	for i := range creds {
		if a, err := s.accessTo(ctx, p, &creds[i]); err != nil || a < manageAccess {
			if err != nil {
				return nil, err
			}
			return nil, domain.NotFound("credential")
		}
	}
	return want, nil
}

// keepUnmanaged is a power user's new set: the credentials of the current
// set it does not manage stay; those it manages are replaced by want.
func (s *Service) keepUnmanaged(r *http.Request, p *httpapi.Principal, current, want []string) ([]string, error) {
	creds, err := s.d.Store.GetCredentials(r.Context(), p.WorkspaceID, current)
	if err != nil {
		return nil, err
	}
	next := slices.Clone(want)
	for _, c := range creds {
		if c.CreatedBy != p.UserID {
			next = append(next, c.ID)
		}
	}
	return next, nil
}

// visibleIDs keeps the ids of existing credentials the caller may see.
func (s *Service) visibleIDs(r *http.Request, p *httpapi.Principal, ids []string) ([]string, error) {
	creds, err := s.visibleOf(r, p, ids)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(creds))
	for _, c := range creds {
		out = append(out, c.ID)
	}
	return out, nil
}

// visibleOf reads the credentials of ids that exist and that the caller
// may see, masked for it.
func (s *Service) visibleOf(r *http.Request, p *httpapi.Principal, ids []string) ([]domain.PublicCredential, error) {
	creds, err := s.d.Store.GetCredentials(r.Context(), p.WorkspaceID, ids)
	if err != nil {
		return nil, err
	}
	out := make([]domain.PublicCredential, 0, len(creds))
	for i := range creds {
		a, err := s.accessTo(r.Context(), p, &creds[i])
		if err != nil {
			return nil, err
		}
		if a > noAccess {
			out = append(out, view(&creds[i], a))
		}
	}
	return out, nil
}

// assigned reads a user's set. Who may read whose: an admin or a power
// user any user's (a power user sees in it only what it may see), a user
// only its own.
func (s *Service) assigned(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	userID := r.URL.Query().Get("id")
	if !domain.ValidID(userID) {
		return domain.Invalid("id", "not a user id")
	}
	if userID != p.UserID && !p.Can(authz.UsersRead) {
		return domain.NotFound("user")
	}
	if _, err := s.d.Store.GetUser(ctx, p.WorkspaceID, userID); err != nil {
		return err
	}
	ids, err := s.d.Store.AssignedCredentialIDs(ctx, p.WorkspaceID, userID)
	if err != nil {
		return err
	}
	creds, err := s.visibleOf(r, p, ids)
	if err != nil {
		return err
	}
	out := UserCredentials{UserID: userID, CredentialIDs: make([]string, 0, len(creds)), Data: creds}
	for _, c := range creds {
		out.CredentialIDs = append(out.CredentialIDs, c.ID)
	}
	return httpapi.JSON(w, http.StatusOK, out)
}
