package credentials

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

func (s *Service) list(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	f, err := parseFilter(r)
	if err != nil {
		return err
	}
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.PublicCredential], error) {
		if p.Can(authz.ScopeAll) {
			l, err := s.d.Store.ListCredentials(ctx, p.WorkspaceID, f, page)
			if err != nil {
				return domain.Listed[domain.PublicCredential]{}, err
			}
			out := domain.Listed[domain.PublicCredential]{Total: l.Total, TotalCapped: l.TotalCapped, Next: l.Next, Items: make([]domain.PublicCredential, 0, len(l.Items))}
			for i := range l.Items {
				out.Items = append(out.Items, view(&l.Items[i], manageAccess))
			}
			return out, s.markDuplicates(ctx, p.WorkspaceID, out.Items, nil)
		}
		all, levels, err := s.visible(ctx, p)
		if err != nil {
			return domain.Listed[domain.PublicCredential]{}, err
		}
		var matching []domain.PublicCredential
		for i := range all {
			if f.Match(&all[i]) {
				matching = append(matching, view(&all[i], levels[all[i].ID]))
			}
		}
		items, next, err := pageOf(matching, func(c domain.PublicCredential) string { return c.ID }, page)
		if err != nil {
			return domain.Listed[domain.PublicCredential]{}, err
		}
		return domain.Listed[domain.PublicCredential]{Items: items, Total: len(matching), Next: next}, s.markDuplicates(ctx, p.WorkspaceID, items, all)
	})
}

func parseFilter(r *http.Request) (store.CredentialFilter, error) {
	q := r.URL.Query()
	f := store.CredentialFilter{Type: domain.CredentialType(q.Get("credentialType")), AccountID: q.Get("accountId"), Text: q.Get("q")}
	if len(f.Text) > 200 {
		return f, domain.Invalid("q", "at most 200 characters")
	}
	if f.Type != "" && !f.Type.Valid() {
		return f, domain.Invalid("credentialType", "must be assume_role or access_key")
	}
	if f.AccountID != "" {
		if err := domain.ValidateAccountID("accountId", f.AccountID); err != nil {
			return f, err
		}
	}
	if a := q.Get("active"); a != "" {
		b, err := strconv.ParseBool(a)
		if err != nil {
			return f, domain.Invalid("active", "must be true or false")
		}
		f.Active = &b
	}
	return f, nil
}

func (s *Service) detail(w http.ResponseWriter, r *http.Request) error {
	c, a, err := s.load(r.Context(), httpapi.PrincipalFrom(r.Context()), r.URL.Query().Get("id"), readAccess)
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, view(c, a))
}

func (s *Service) create(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	var b CreateBody
	if err := decodeWithoutExternalID(r, &b); err != nil {
		return err
	}
	c := &domain.Credential{ID: domain.NewID(), WorkspaceID: p.WorkspaceID, Name: strings.TrimSpace(b.Name),
		Type: b.CredentialType, AccountID: strings.TrimSpace(b.AccountID), RoleARN: strings.TrimSpace(b.RoleARN),
		AccessKeyID: strings.TrimSpace(b.AccessKeyID), IsActive: b.IsActive == nil || *b.IsActive, CreatedBy: p.UserID,
		MemberRoleName: strings.TrimSpace(b.MemberRoleName)}
	if c.Type == domain.CredentialAssumeRole || c.Type == domain.CredentialOrganization {
		c.ExternalID = domain.NewExternalID()
	}
	if c.Type == domain.CredentialOrganization && c.MemberRoleName == "" {
		c.MemberRoleName = domain.DefaultMemberRole
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = c.ID
	after := c.Public()
	ev.After = &after
	if err := s.seal(r, c, b.SecretAccessKey); err != nil {
		return err
	}
	if err := s.d.Store.CreateCredential(ctx, c); err != nil {
		return err
	}
	after = c.Public()
	return httpapi.JSON(w, http.StatusCreated, view(c, manageAccess))
}

// seal checks a credential whose secret is secret (empty: keep c.Secret)
// and seals a new secret into it.
func (s *Service) seal(r *http.Request, c *domain.Credential, secret domain.Secret) error {
	if err := c.Check(secret != "" || c.Secret != nil); err != nil {
		return err
	}
	if secret == "" {
		return nil
	}
	if err := domain.ValidateSecretKey("secretAccessKey", secret); err != nil {
		return err
	}
	sealed, err := s.d.Secrets.Seal(r.Context(), c.WorkspaceID, c.ID, secret)
	if err != nil {
		return err
	}
	c.Secret = &sealed
	return nil
}

func (s *Service) update(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	var b UpdateBody
	if err := decodeWithoutExternalID(r, &b); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = b.ID
	before, _, err := s.load(ctx, p, b.ID, manageAccess)
	if err != nil {
		return err
	}
	beforeView := before.Public()
	ev.Before = &beforeView
	c := *before
	if b.Version != before.Version {
		return domain.Conflict("changed by someone else since it was read: reload and try again")
	}
	secret, err := apply(&c, b)
	if err != nil {
		return err
	}
	if err := s.seal(r, &c, secret); err != nil {
		return err
	}
	if err := s.d.Store.UpdateCredential(ctx, before, &c); err != nil {
		return err
	}
	afterView := c.Public()
	ev.After = &afterView
	return httpapi.JSON(w, http.StatusOK, view(&c, manageAccess))
}

// apply changes c as the body says and returns the new secret, if any.
// Changing how the credential reaches AWS forgets the last validation.
func apply(c *domain.Credential, b UpdateBody) (domain.Secret, error) {
	connection := b.CredentialType != nil || b.AccountID != nil || b.RoleARN != nil ||
		b.AccessKeyID != nil || b.SecretAccessKey != nil
	if c.Demo && connection {
		return "", domain.Invalid("credentialType", "the demo account's connection cannot change; only its name and isActive")
	}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&c.Name, b.Name)
	set(&c.AccountID, b.AccountID)
	set(&c.RoleARN, b.RoleARN)
	keyID := c.AccessKeyID
	set(&c.AccessKeyID, b.AccessKeyID)
	set(&c.MemberRoleName, b.MemberRoleName)
	if b.IsActive != nil {
		c.IsActive = *b.IsActive
	}
	var secret domain.Secret
	if b.SecretAccessKey != nil {
		secret = *b.SecretAccessKey
	}
	if b.CredentialType != nil && *b.CredentialType != c.Type {
		c.Type = *b.CredentialType
		switch c.Type {
		case domain.CredentialAssumeRole, domain.CredentialOrganization:
			c.AccessKeyID, c.Secret = "", nil
			if c.ExternalID == "" {
				c.ExternalID = domain.NewExternalID()
			}
			if c.Type == domain.CredentialAssumeRole {
				c.MemberRoleName = ""
			} else if c.MemberRoleName == "" {
				c.MemberRoleName = domain.DefaultMemberRole
			}
		case domain.CredentialAccessKey:
			c.RoleARN, c.ExternalID, c.MemberRoleName = "", "", ""
		}
	}
	if c.Type == domain.CredentialAccessKey && c.AccessKeyID != keyID && secret == "" {
		return "", domain.Invalid("secretAccessKey", "is required when the access key id changes")
	}
	if connection {
		c.Validation, c.LastValidatedAt = nil, nil
	}
	return secret, nil
}

func (s *Service) delete(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	c, _, err := s.load(ctx, p, id, manageAccess)
	if err != nil {
		return err
	}
	beforeView := c.Public()
	ev.Before = &beforeView
	inUse, by, err := s.d.Usage.CredentialInUse(ctx, p.WorkspaceID, c.ID)
	if err != nil {
		return err
	}
	if inUse {
		return domain.Conflict("in use by " + by + ": wait for it to finish or disable it, then delete")
	}
	if err := s.scheduleUsage(ctx, p.WorkspaceID, c.ID); err != nil {
		return err
	}
	if err := s.d.Store.DeleteCredential(ctx, c); err != nil {
		return err
	}
	return httpapi.NoContent(w)
}

// schedulesUsing finds the enabled schedules that scan with a credential
// (*store.Store). A store without schedules has none.
type schedulesUsing interface {
	SchedulesUsingCredential(ctx context.Context, ws, credentialID string) ([]domain.Schedule, error)
}

// scheduleUsage refuses to delete a credential an enabled schedule scans
// with, naming the schedules: their next runs would be skipped.
func (s *Service) scheduleUsage(ctx context.Context, ws, id string) error {
	su, ok := s.d.Store.(schedulesUsing)
	if !ok {
		return nil
	}
	using, err := su.SchedulesUsingCredential(ctx, ws, id)
	if err != nil || len(using) == 0 {
		return err
	}
	names := make([]string, 0, len(using))
	for _, sc := range using {
		names = append(names, fmt.Sprintf("%q (%s)", sc.Name, sc.ID))
	}
	return domain.Conflict("in use by the enabled schedule " + strings.Join(names, ", ") + ": disable the schedule or remove the credential from it, then delete")
}

func (s *Service) validate(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	var b ValidateBody
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = b.ID
	if b.Region != "" && !spec.IsRegion(b.Region) {
		return domain.Invalid("region", "not a region CloudCensus scans")
	}
	c, _, err := s.load(ctx, p, b.ID, manageAccess)
	if err != nil {
		return err
	}
	v := s.d.AWS.Validate(ctx, c, b.Region)
	if v.OK && s.d.Probe != nil {
		s.dryRun(ctx, c, b.Region, &v)
	}
	httpapi.Logger(ctx).Info("credential validated", "credential", c.ID, "ok", v.OK, "reason", string(v.Reason), "cause", v.Cause,
		"unreadable", v.Unreadable)
	ev.After = map[string]any{"validation": v}
	updated, err := s.d.Store.RecordValidation(ctx, p.WorkspaceID, c.ID, v, s.d.Now())
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, view(updated, manageAccess))
}

// Discovered is an organization's member accounts.
type Discovered struct {
	ManagementAccountID string              `json:"managementAccountId"`
	Accounts            []domain.OrgAccount `json:"accounts"`
	Active              int                 `json:"active"` // the accounts a task would scan
}

// discover lists the member accounts of an organization credential the
// caller manages. A refusal from AWS is an answer, not a 500: the role may
// lack organizations:List*, or not be in the management account.
func (s *Service) discover(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	var b httpapi.IDBody
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	c, _, err := s.load(ctx, p, b.ID, manageAccess)
	if err != nil {
		return err
	}
	if c.Type != domain.CredentialOrganization {
		return domain.Invalid("id", "not an organization credential: only those list member accounts")
	}
	accounts, err := s.d.AWS.DiscoverMembers(ctx, c)
	if err != nil {
		if de := (*domain.Error)(nil); errors.As(err, &de) {
			return err
		}
		httpapi.Logger(ctx).Info("organization discovery failed", "credential", c.ID, "error", err.Error())
		return &domain.Error{Kind: domain.KindUnavailable, Msg: "AWS Organizations refused the listing: check that the role is in the management " +
			"(or a delegated administrator) account and may call " + strings.Join(orgActions, ", ")}
	}
	out := Discovered{ManagementAccountID: c.AccountID, Accounts: accounts}
	for _, a := range accounts {
		if a.Status == "ACTIVE" {
			out.Active++
		}
	}
	return httpapi.JSON(w, http.StatusOK, out)
}

// orgActions are the calls discovery makes (orgs.Actions, named here so
// this package does not link the SDK).
var orgActions = []string{"organizations:ListRoots", "organizations:ListOrganizationalUnitsForParent", "organizations:ListAccountsForParent"}

// dryRun adds the scan's read actions to a validation that signed in:
// each service's outcome, and a message naming what a scan could not
// read. A probe that cannot run leaves the identity check standing and
// says so.
func (s *Service) dryRun(ctx context.Context, c *domain.Credential, region string, v *domain.Validation) {
	cov, err := s.d.Probe.Probe(ctx, c.WorkspaceID, c.ID, region)
	if err != nil {
		httpapi.Logger(ctx).Warn("credential dry run", "credential", c.ID, "error", err.Error())
		v.Message += ". The read actions could not be checked this time."
		return
	}
	var unreadable []string
	for _, cv := range cov {
		v.Services = append(v.Services, domain.ServiceCheck{Service: cv.Service, Region: cv.Region, Status: string(cv.Status),
			Action: cv.Action, Calls: cv.PartialCalls})
		switch cv.Status {
		case inventory.StatusOK, inventory.StatusSkipped, inventory.StatusExcluded:
			continue
		}
		what := cv.Service
		if cv.Action != "" {
			what += " (" + cv.Action + ")"
		}
		unreadable = append(unreadable, what)
	}
	v.Unreadable = len(unreadable)
	if len(unreadable) == 0 {
		v.Message += fmt.Sprintf(". All %d services can be read.", len(cov))
		return
	}
	v.Reason = domain.ReasonMissingPermissions
	v.Message += fmt.Sprintf(". A scan could not read %d of %d services completely: %s.", len(unreadable), len(cov), strings.Join(unreadable, ", "))
}

// markDuplicates names, on each credential, the others that reach the
// same account the same way: among seen (what a caller without full
// visibility sees), or, when seen is nil, among the workspace's
// credentials of that account.
func (s *Service) markDuplicates(ctx context.Context, ws string, items []domain.PublicCredential, seen []domain.Credential) error {
	byAccount := map[string][]domain.Credential{}
	for i := range items {
		acct := items[i].AccountID
		if _, ok := byAccount[acct]; !ok {
			if seen == nil {
				cs, err := s.d.Store.CredentialsOfAccount(ctx, ws, acct)
				if err != nil {
					return err
				}
				byAccount[acct] = cs
			} else {
				byAccount[acct] = slices.DeleteFunc(slices.Clone(seen), func(c domain.Credential) bool { return c.AccountID != acct })
			}
		}
		for j := range byAccount[acct] {
			if items[i].Credential.SameAccess(&byAccount[acct][j]) {
				items[i].DuplicateOf = append(items[i].DuplicateOf, byAccount[acct][j].Name)
			}
		}
	}
	return nil
}
