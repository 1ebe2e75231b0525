package scancli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// parallelUnits is how many units run at once; each runs its services
// with the scanner's own bound.
const parallelUnits = 4

// target is one account to scan and the configuration to reach it.
type target struct {
	accountID string
	cfg       aws.Config
}

// scan resolves the accounts, plans the units and runs them, and merges
// their results.
func scan(ctx context.Context, o options, progress io.Writer, log *slog.Logger) (*inventory.Result, error) {
	results, err := scanUnits(ctx, o, progress, log)
	if err != nil {
		return nil, err
	}
	merged := &inventory.Result{Records: []inventory.Record{}, Coverage: []inventory.Coverage{}}
	for _, r := range results {
		merged.Records = append(merged.Records, r.Records...)
		merged.Coverage = append(merged.Coverage, r.Coverage...)
	}
	return merged, nil
}

// Demo scans the simulated demo accounts in regions (empty: the demo's)
// with every service and answers one result per unit, each naming its
// unit: what `make report-preview` builds its document from.
func Demo(ctx context.Context, regions []string, log *slog.Logger) ([]*inventory.Result, error) {
	return scanUnits(ctx, options{demo: true, regions: regions, services: spec.Keys()}, io.Discard, log)
}

// scanUnits resolves the accounts, plans the units and runs them.
func scanUnits(ctx context.Context, o options, progress io.Writer, log *slog.Logger) ([]*inventory.Result, error) {
	targets, regions, err := resolve(ctx, o)
	if err != nil {
		return nil, err
	}
	units := plan(targets, regions, o.services)
	if len(units) == 0 {
		return nil, errors.New("nothing to scan: no unit has a selected service")
	}
	runner := &scanner.Runner{Budget: budget.NewRegistry(0), Logger: log}
	results := make([]*inventory.Result, len(units))
	sem := make(chan struct{}, parallelUnits)
	var mu sync.Mutex
	var wg sync.WaitGroup
	done := 0
	for i, u := range units {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			start := time.Now()
			results[i] = runner.Scan(ctx, u.unit, u.cfg)
			mu.Lock()
			defer mu.Unlock()
			done++
			printProgress(progress, done, len(units), results[i], time.Since(start))
		}()
	}
	wg.Wait()
	return results, nil
}

// resolve returns the accounts and the regions to scan: the simulated demo
// accounts, or the account of the caller's AWS credentials (its id from STS
// GetCallerIdentity, which also proves the credentials work).
func resolve(ctx context.Context, o options) ([]target, []string, error) {
	if o.demo {
		sim := awssim.Demo()
		regions := o.regions
		if len(regions) == 0 {
			regions = awssim.DemoRegions()
		}
		var targets []target
		for _, a := range sim.Estate().Accounts {
			cfg := sim.Config(a.ID, spec.GlobalRegion)
			if _, err := callerAccount(ctx, cfg); err != nil {
				return nil, nil, err
			}
			targets = append(targets, target{accountID: a.ID, cfg: cfg})
		}
		return targets, regions, nil
	}
	var loadOpts []func(*config.LoadOptions) error
	if o.profile != "" {
		loadOpts = append(loadOpts, config.WithSharedConfigProfile(o.profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	regions := o.regions
	if len(regions) == 0 {
		if cfg.Region == "" {
			return nil, nil, errors.New("no region: pass --regions or set AWS_REGION")
		}
		regions = []string{cfg.Region}
	}
	if cfg.Region == "" {
		cfg.Region = regions[0]
	}
	account, err := callerAccount(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	return []target{{accountID: account, cfg: cfg}}, regions, nil
}

func callerAccount(ctx context.Context, cfg aws.Config) (string, error) {
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", fmt.Errorf("identify the account (sts:GetCallerIdentity): %w", err)
	}
	return aws.ToString(out.Account), nil
}

// plannedUnit is a unit and the configuration that reaches its account.
type plannedUnit struct {
	unit inventory.Unit
	cfg  aws.Config
}

// plan makes, per account, one unit per region and one global unit, each
// with the selected services of its scope; units without any are left out.
func plan(targets []target, regions, services []string) []plannedUnit {
	const task = "cli"
	pick := func(scope spec.Scope) []string {
		return slices.DeleteFunc(spec.ByScope(scope), func(k string) bool { return !slices.Contains(services, k) })
	}
	regional, global := pick(spec.Regional), pick(spec.Global)
	var units []plannedUnit
	for _, t := range targets {
		if len(regional) > 0 {
			for _, r := range regions {
				units = append(units, plannedUnit{inventory.Unit{TaskID: task, AccountID: t.accountID, Region: r, Services: regional}, t.cfg})
			}
		}
		if len(global) > 0 {
			units = append(units, plannedUnit{inventory.Unit{TaskID: task, AccountID: t.accountID, Region: spec.GlobalUnit, Services: global}, t.cfg})
		}
	}
	return units
}
