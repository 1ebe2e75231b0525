package taskflow

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/awsclient"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// Plan expands a task into units: for every credential, one unit per
// selected region plus the account's global unit. Regional services are
// scanned only in the selected regions; global ones once per account.
func (f *Flow) Plan(ctx context.Context, in workflow.Input) (workflow.Plan, error) {
	t, err := f.Store.GetTask(ctx, in.WorkspaceID, in.TaskID)
	if err != nil {
		return workflow.Plan{}, fmt.Errorf("plan task %s: %w", in.TaskID, err)
	}
	if t.Status.Final() {
		return workflow.Plan{}, fmt.Errorf("plan task %s: it is already %s", t.ID, t.Status)
	}
	creds, err := f.Store.GetCredentials(ctx, in.WorkspaceID, t.CredentialIDs)
	if err != nil {
		return workflow.Plan{}, fmt.Errorf("plan task %s: %w", t.ID, err)
	}
	members, err := f.discover(ctx, t, creds)
	if err != nil {
		return workflow.Plan{}, fmt.Errorf("plan task %s: %w", t.ID, err)
	}
	units := Units(t, creds, members)
	states := make([]domain.UnitState, 0, len(units))
	for _, u := range units {
		states = append(states, domain.UnitState{CredentialID: u.CredentialID, AccountID: u.AccountID, Region: u.Region})
	}
	if err := f.Store.SetUnits(ctx, in.WorkspaceID, t.ID, states); err != nil {
		return workflow.Plan{}, err
	}
	f.log(ctx, in.WorkspaceID, domain.TaskLog{TaskID: t.ID, Level: domain.LogInfo,
		Message: fmt.Sprintf("Planned %d units: %d accounts × (%d regions + global)", len(units), accountsOf(units), len(t.Regions))})
	plan := workflow.Plan{TaskID: t.ID, WorkspaceID: in.WorkspaceID, Units: units}
	if len(units) > workflow.InlineUnitLimit {
		// Too many for the payload and an inline Map: the distributed Map
		// reads them from a file.
		b, err := json.Marshal(units)
		if err != nil {
			return workflow.Plan{}, err
		}
		key := workflow.UnitsFileKey(t.ID)
		if err := f.Results.Put(ctx, key, bytes.NewReader(b), "application/json"); err != nil {
			return workflow.Plan{}, fmt.Errorf("write the units file of %s: %w", t.ID, err)
		}
		plan.Units, plan.UnitsFile = nil, &workflow.Object{Bucket: f.Results.Bucket(), Key: key}
	}
	return plan, nil
}

// Units is the plan of a task over its credentials, in a stable order:
// an organization credential's units are its members' (members, by
// credential id) that the task's organization filter keeps.
func Units(t *domain.Task, creds []domain.Credential, members map[string][]domain.OrgAccount) []inventory.Unit {
	var units []inventory.Unit
	regional, global := servicesOf(t.Services, spec.Regional), servicesOf(t.Services, spec.Global)
	for _, c := range creds {
		accounts := []string{c.AccountID}
		if c.Type == domain.CredentialOrganization {
			accounts = nil
			filter := domain.OrgFilter{}
			if t.Organization != nil {
				filter = *t.Organization
			}
			for _, m := range members[c.ID] {
				if filter.Match(m) {
					accounts = append(accounts, m.ID)
				}
			}
		}
		for _, account := range accounts {
			if len(regional) > 0 || len(t.Services) == 0 {
				for _, r := range t.Regions {
					units = append(units, inventory.Unit{TaskID: t.ID, CredentialID: c.ID, AccountID: account, Region: r, Services: regional})
				}
				if u, ok := cloudFrontCertificates(t, c.ID, account); ok {
					units = append(units, u)
				}
			}
			if len(global) > 0 || len(t.Services) == 0 {
				units = append(units, inventory.Unit{TaskID: t.ID, CredentialID: c.ID, AccountID: account, Region: spec.GlobalUnit, Services: global})
			}
		}
	}
	return units
}

// discover lists the member accounts of the task's organization
// credentials, and records them on the task for the report.
func (f *Flow) discover(ctx context.Context, t *domain.Task, creds []domain.Credential) (map[string][]domain.OrgAccount, error) {
	out := map[string][]domain.OrgAccount{}
	var all []domain.OrgAccount
	for i := range creds {
		c := &creds[i]
		if c.Type != domain.CredentialOrganization {
			continue
		}
		accounts, err := f.Resolver.Discover(ctx, c, awsclient.ForTask(t.ID))
		if err != nil {
			return nil, fmt.Errorf("list the accounts of organization credential %s: %w", c.Name, err)
		}
		out[c.ID] = accounts
		all = append(all, accounts...)
	}
	if len(all) > 0 {
		if err := f.Store.SetTaskMembers(ctx, t.WorkspaceID, t.ID, all); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// accountsOf counts the distinct accounts of units.
func accountsOf(units []inventory.Unit) int {
	seen := map[string]bool{}
	for _, u := range units {
		seen[u.AccountID] = true
	}
	return len(seen)
}

// servicesOf keeps the chosen services of one scope; no choice means every
// service (an empty list).
func servicesOf(chosen []string, scope spec.Scope) []string {
	if len(chosen) == 0 {
		return nil
	}
	var out []string
	for _, k := range spec.ByScope(scope) {
		if slices.Contains(chosen, k) {
			out = append(out, k)
		}
	}
	return out
}
