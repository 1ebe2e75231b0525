package taskflow

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/scope"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// unitServices are the services a unit scans: its own list, or every
// service of its scope.
func unitServices(u inventory.Unit) []string {
	if len(u.Services) > 0 {
		return u.Services
	}
	if u.Region == spec.GlobalUnit {
		return spec.ByScope(spec.Global)
	}
	return spec.ByScope(spec.Regional)
}

// excludedUnit is the result of a unit a scope rule leaves out whole:
// every service excluded, no call made.
func excludedUnit(u inventory.Unit, rule *domain.ScopeRule) *inventory.Result {
	res := &inventory.Result{Unit: &u, Records: []inventory.Record{}}
	for _, svc := range unitServices(u) {
		res.Coverage = append(res.Coverage, inventory.Coverage{Service: svc, AccountID: u.AccountID, Region: u.Region,
			Status: inventory.StatusExcluded, Error: "excluded by the scope rule " + scope.Text(*rule)})
	}
	return res
}

// scanScoped scans a unit within the task's scope rules: excluded
// services are not scanned, and the records a tag, resource or CIDR rule
// matches are dropped before the result is written, counted per rule.
func (f *Flow) scanScoped(ctx context.Context, t *domain.Task, u inventory.Unit, cfg aws.Config) *inventory.Result {
	var keep []string
	var dropped []inventory.Coverage
	for _, svc := range unitServices(u) {
		if r := scope.ServiceExcluded(t.Exclusions, svc); r != nil {
			dropped = append(dropped, inventory.Coverage{Service: svc, AccountID: u.AccountID, Region: u.Region,
				Status: inventory.StatusExcluded, Error: "excluded by the scope rule " + scope.Text(*r)})
			continue
		}
		keep = append(keep, svc)
	}
	var res *inventory.Result
	if len(keep) == 0 {
		res = &inventory.Result{Unit: &u, Records: []inventory.Record{}}
	} else {
		scanned := u
		if len(dropped) > 0 {
			scanned.Services = slices.Clone(keep)
		}
		res = f.Scanner.Scan(ctx, scanned, cfg)
		res.Unit = &u
	}
	res.Coverage = append(res.Coverage, dropped...)
	res.Records, res.Excluded = scope.Filter(t.Exclusions, res.Records)
	return res
}

// memberDenied is the result of an organization member whose role could
// not be assumed: every service access_denied, naming the account and the
// role.
func memberDenied(u inventory.Unit, org *domain.Credential, members []domain.OrgAccount, err error) *inventory.Result {
	name := u.AccountID
	if i := slices.IndexFunc(members, func(m domain.OrgAccount) bool { return m.ID == u.AccountID }); i >= 0 {
		name = members[i].Name + " (" + u.AccountID + ")"
	}
	status := inventory.StatusAccessDenied
	reason := "cannot assume " + org.MemberRoleName + " in " + name + ": deploy the member role (the role template's StackSets variant)"
	if !strings.Contains(err.Error(), "AccessDenied") {
		status = inventory.StatusError
		reason = "cannot reach " + name + " through the organization credential"
	}
	res := &inventory.Result{Unit: &u, Records: []inventory.Record{}}
	for _, svc := range unitServices(u) {
		res.Coverage = append(res.Coverage, inventory.Coverage{Service: svc, AccountID: u.AccountID, Region: u.Region,
			Status: status, Error: reason, Action: "sts:AssumeRole", Details: err.Error()})
	}
	return res
}
