package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Credential rows:
//
//	credential   PK WS#<ws>#CRED   SK CRED#<id>
//	             GSI1 WS#<ws>#CREDOWNER#<createdBy> / CRED#<id>     (what a power user manages)
//	             GSI2 WS#<ws>#CREDACCOUNT#<accountId> / CRED#<id>   (the accountId filter)
//	name marker  UNIQUE#credname#<ws>#<lower-case name>             (names are unique per workspace)
//
// The secret is stored sealed (domain.SealedSecret); this package never
// sees a plaintext.
type credentialItem struct {
	Meta
	domain.Credential
	SearchText string `dynamo:"searchText,omitempty"` // CredentialSearchText, for the free-text filter
}

func credentialPK(ws string) string    { return "WS#" + ws + "#CRED" }
func credentialSK(id string) string    { return "CRED#" + id }
func credOwnerPK(ws, by string) string { return "WS#" + ws + "#CREDOWNER#" + by }
func credAccountPK(ws, acct string) string {
	return "WS#" + ws + "#CREDACCOUNT#" + acct
}

func newCredentialItem(c *domain.Credential) *credentialItem {
	return &credentialItem{
		Meta: Meta{PK: credentialPK(c.WorkspaceID), SK: credentialSK(c.ID), Type: "credential",
			GSI1PK: credOwnerPK(c.WorkspaceID, c.CreatedBy), GSI1SK: credentialSK(c.ID),
			GSI2PK: credAccountPK(c.WorkspaceID, c.AccountID), GSI2SK: credentialSK(c.ID)},
		Credential: *c,
		SearchText: CredentialSearchText(c),
	}
}

// CredentialSearchText is what the free-text filter of credentials
// matches: the name, account id and role ARN, lower case (not the access
// key id, which most callers see masked: a filter must not spell it out).
func CredentialSearchText(c *domain.Credential) string {
	return strings.ToLower(strings.Join([]string{c.Name, c.AccountID, c.RoleARN}, " "))
}

func credentialUniques(c *domain.Credential) []Unique {
	return []Unique{{"credential name", c.WorkspaceID + "#" + strings.ToLower(strings.TrimSpace(c.Name))}}
}

// CreateCredential stores a new credential; its name must be free in the
// workspace.
func (s *Store) CreateCredential(ctx context.Context, c *domain.Credential) error {
	it := newCredentialItem(c)
	if err := s.create(ctx, it, owner(c.WorkspaceID, c.ID), credentialUniques(c)...); err != nil {
		return fmt.Errorf("create credential %s: %w", c.ID, err)
	}
	*c = it.Credential
	return nil
}

// GetCredential reads a credential of a workspace.
func (s *Store) GetCredential(ctx context.Context, ws, id string) (*domain.Credential, error) {
	var it credentialItem
	if err := s.get(ctx, credentialPK(ws), credentialSK(id), "credential", &it); err != nil {
		return nil, err
	}
	return &it.Credential, nil
}

// GetCredentials reads the credentials of a workspace with the given ids,
// oldest first; ids that do not exist are left out.
func (s *Store) GetCredentials(ctx context.Context, ws string, ids []string) ([]domain.Credential, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var ks []dynamo.Keyed
	for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
		ks = append(ks, dynamo.Keys{credentialPK(ws), credentialSK(id)})
	}
	var items []credentialItem
	err := s.table.Batch("PK", "SK").Get(ks...).Consistent(true).All(ctx, &items)
	if err != nil && !errors.Is(err, dynamo.ErrNotFound) {
		return nil, fmt.Errorf("get %d credentials: %w", len(ks), err)
	}
	out := make([]domain.Credential, 0, len(items))
	for _, it := range items {
		out = append(out, it.Credential)
	}
	slices.SortFunc(out, func(a, b domain.Credential) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// UpdateCredential writes c if the stored version is still c.Version,
// moving the name marker when the name changed.
func (s *Store) UpdateCredential(ctx context.Context, before, c *domain.Credential) error {
	it := newCredentialItem(c)
	if err := s.update(ctx, it, owner(c.WorkspaceID, c.ID), credentialUniques(before), credentialUniques(c)); err != nil {
		return fmt.Errorf("update credential %s: %w", c.ID, err)
	}
	*c = it.Credential
	return nil
}

// RecordValidation stores the outcome of a credential check. It is not an
// edit: the version and updatedAt stay, so a form open on the credential
// can still save.
func (s *Store) RecordValidation(ctx context.Context, ws, id string, v domain.Validation, at time.Time) (*domain.Credential, error) {
	var it credentialItem
	err := s.table.Update("PK", credentialPK(ws)).Range("SK", credentialSK(id)).
		Set("validation", v).Set("lastValidatedAt", at.UTC()).
		If("attribute_exists(PK)").Value(ctx, &it)
	if dynamo.IsCondCheckFailed(err) {
		return nil, domain.NotFound("credential")
	}
	if err != nil {
		return nil, fmt.Errorf("record validation of credential %s: %w", id, err)
	}
	return &it.Credential, nil
}

// NoteScanSignIn records that a scan signed in with a credential at at,
// unless it was recorded within the last hour: one write per credential
// and hour, whatever the number of units.
func (s *Store) NoteScanSignIn(ctx context.Context, ws, id string, at time.Time) error {
	err := s.table.Update("PK", credentialPK(ws)).Range("SK", credentialSK(id)).Set("lastScanSignInAt", at.UTC()).
		If("attribute_exists(PK) AND (attribute_not_exists(lastScanSignInAt) OR lastScanSignInAt < ?)", at.UTC().Add(-time.Hour)).Run(ctx)
	if err != nil && !dynamo.IsCondCheckFailed(err) {
		return fmt.Errorf("note the scan's sign-in with credential %s: %w", id, err)
	}
	return nil
}

// DeleteCredential removes a credential, frees its name and drops its
// assignments.
func (s *Store) DeleteCredential(ctx context.Context, c *domain.Credential) error {
	if err := s.remove(ctx, credentialPK(c.WorkspaceID), credentialSK(c.ID), credentialUniques(c)...); err != nil {
		if domain.Is(err, domain.KindNotFound) {
			return domain.NotFound("credential")
		}
		return fmt.Errorf("delete credential %s: %w", c.ID, err)
	}
	if err := s.removeCredentialAssignments(ctx, c.WorkspaceID, c.ID); err != nil {
		return fmt.Errorf("delete credential %s: %w", c.ID, err)
	}
	return nil
}

// CredentialFilter narrows a credential list.
type CredentialFilter struct {
	Type      domain.CredentialType
	Active    *bool
	AccountID string
	// Text is free text: credentials whose name, account id or role ARN
	// contain it (case-insensitive).
	Text string
}

func (f CredentialFilter) filters() []filter {
	var fs []filter
	if f.Type != "" {
		fs = append(fs, filter{"$ = ?", []any{"credentialType", f.Type}})
	}
	if f.Active != nil {
		fs = append(fs, filter{"$ = ?", []any{"isActive", *f.Active}})
	}
	if t := strings.ToLower(strings.TrimSpace(f.Text)); t != "" {
		fs = append(fs, filter{"contains($, ?)", []any{"searchText", t}})
	}
	return fs
}

// Match reports whether c passes the filter, for lists assembled from
// several queries.
func (f CredentialFilter) Match(c *domain.Credential) bool {
	return (f.Type == "" || c.Type == f.Type) &&
		(f.Active == nil || c.IsActive == *f.Active) &&
		(f.AccountID == "" || c.AccountID == f.AccountID) &&
		(strings.TrimSpace(f.Text) == "" || strings.Contains(CredentialSearchText(c), strings.ToLower(strings.TrimSpace(f.Text))))
}

// CredentialsOfAccount lists a workspace's credentials of one account.
func (s *Store) CredentialsOfAccount(ctx context.Context, ws, account string) ([]domain.Credential, error) {
	items, err := all[credentialItem](ctx, s, query{index: GSI2, pk: credAccountPK(ws, account)})
	if err != nil {
		return nil, fmt.Errorf("credentials of account %s: %w", account, err)
	}
	out := make([]domain.Credential, 0, len(items))
	for _, it := range items {
		out = append(out, it.Credential)
	}
	return out, nil
}

// ListCredentials lists a workspace's credentials, oldest first.
func (s *Store) ListCredentials(ctx context.Context, ws string, f CredentialFilter, p Page) (Listed[domain.Credential], error) {
	q := query{pk: credentialPK(ws), skPrefix: "CRED#"}
	if f.AccountID != "" {
		q = query{index: GSI2, pk: credAccountPK(ws, f.AccountID)}
	}
	q.filters = f.filters()
	items, err := list[credentialItem](ctx, s, q, p)
	if err != nil {
		return Listed[domain.Credential]{}, fmt.Errorf("list credentials: %w", err)
	}
	return mapListed(items, func(it credentialItem) domain.Credential { return it.Credential }), nil
}

// CredentialsCreatedBy returns every credential a user created, oldest
// first: what a power user manages.
func (s *Store) CredentialsCreatedBy(ctx context.Context, ws, userID string) ([]domain.Credential, error) {
	items, err := all[credentialItem](ctx, s, query{index: GSI1, pk: credOwnerPK(ws, userID)})
	if err != nil {
		return nil, fmt.Errorf("credentials of %s: %w", userID, err)
	}
	out := make([]domain.Credential, 0, len(items))
	for _, it := range items {
		out = append(out, it.Credential)
	}
	return out, nil
}

// CredentialIDs returns the ids of every credential of a workspace (a
// small set: the accounts a team scans).
func (s *Store) CredentialIDs(ctx context.Context, ws string) ([]string, error) {
	var rows []struct {
		ID string `dynamo:"id"`
	}
	if err := s.table.Get("PK", credentialPK(ws)).Range("SK", dynamo.BeginsWith, "CRED#").Project("id").All(ctx, &rows); err != nil {
		return nil, fmt.Errorf("credentials of %s: %w", ws, err)
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out, nil
}

// DemoCredential returns the workspace's demo credential (backed by the
// simulated AWS), or a not-found error.
func (s *Store) DemoCredential(ctx context.Context, ws string) (*domain.Credential, error) {
	items, err := all[credentialItem](ctx, s, query{pk: credentialPK(ws), skPrefix: "CRED#",
		filters: []filter{{"$ = ?", []any{"demo", true}}}})
	if err != nil {
		return nil, fmt.Errorf("find demo credential: %w", err)
	}
	if len(items) == 0 {
		return nil, domain.NotFound("credential")
	}
	return &items[0].Credential, nil
}
