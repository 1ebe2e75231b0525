package taskflow

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/awsclient"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// ProbeTimeout bounds a probe: with the identity check before it, the
// validation answers within API Gateway's 29 s. A service not done by
// then is reported as not checked.
const ProbeTimeout = 15 * time.Second

// Handle is scan-unit's entry point: a probe (ProbeInput with probe set)
// or a unit of a scan (UnitInput).
func (f *Flow) Handle(ctx context.Context, raw json.RawMessage) (any, error) {
	var p workflow.ProbeInput
	if err := json.Unmarshal(raw, &p); err == nil && p.Probe {
		return f.Probe(ctx, p)
	}
	var in workflow.UnitInput
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, fmt.Errorf("scan-unit input: %w", err)
	}
	return f.ScanUnit(ctx, in)
}

// Probe runs every service's scanner for a credential's own account in
// one region and the global unit, concurrently, and answers each
// service's outcome: a denied action shows as access_denied naming it.
// Nothing is stored; the records are dropped.
func (f *Flow) Probe(ctx context.Context, in workflow.ProbeInput) (workflow.ProbeOutput, error) {
	creds, err := f.Store.GetCredentials(ctx, in.WorkspaceID, []string{in.CredentialID})
	if err != nil || len(creds) == 0 {
		return workflow.ProbeOutput{}, fmt.Errorf("probe credential %s: %w", in.CredentialID, orNotFound(err))
	}
	c := &creds[0]
	region := in.Region
	if region == "" || region == spec.GlobalUnit {
		region = spec.GlobalRegion
	}
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	units := []inventory.Unit{
		{TaskID: "probe-" + c.ID, CredentialID: c.ID, AccountID: c.AccountID, Region: region},
		{TaskID: "probe-" + c.ID, CredentialID: c.ID, AccountID: c.AccountID, Region: spec.GlobalUnit},
	}
	out := make([][]inventory.Coverage, len(units))
	var wg sync.WaitGroup
	for i, u := range units {
		cfgRegion := u.Region
		if cfgRegion == spec.GlobalUnit {
			cfgRegion = spec.GlobalRegion
		}
		cfg, err := f.Resolver.Config(ctx, c, cfgRegion, awsclient.ForValidation(c.ID))
		if err != nil {
			return workflow.ProbeOutput{}, fmt.Errorf("probe %s in %s: %w", c.ID, cfgRegion, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = f.Scanner.Scan(ctx, u, cfg).Coverage
		}()
	}
	wg.Wait()
	all := slices.Concat(out...)
	for i := range all {
		all[i].Details = "" // the error chain stays in scan-unit's log
	}
	return workflow.ProbeOutput{Coverage: all}, nil
}
