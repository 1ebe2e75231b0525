package scanner

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/retrypolicy"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// DefaultConcurrency is how many services of a unit are scanned at once.
const DefaultConcurrency = 8

// resultStore is where a unit writes its result: the blob store (S3 in AWS,
// an S3-compatible server locally).
type resultStore interface {
	Put(ctx context.Context, key string, body io.Reader, contentType string) error
}

// Runner scans units. The zero value is not usable: set Budget (shared by
// every unit of the process), and Store for Run.
type Runner struct {
	Budget      *budget.Registry
	Store       resultStore
	Concurrency int                // services at once per unit; 0 means DefaultConcurrency
	Retry       retrypolicy.Policy // zero means retrypolicy.Default
	Logger      *slog.Logger       // nil means slog.Default()

	// regions caches, per account, the opt-in status of its regions
	// (optin.go): one ec2:DescribeRegions per account, shared by the
	// units this process scans.
	regions regionCache
}

// Run scans a unit, writes its result gzipped to the store at unit.Key()
// (a retried unit overwrites its earlier result) and returns the small
// summary the workflow passes on.
func (r *Runner) Run(ctx context.Context, unit inventory.Unit, cfg aws.Config) (inventory.Summary, error) {
	start := time.Now()
	res := r.Scan(ctx, unit, cfg)
	var buf bytes.Buffer
	if err := inventory.Encode(&buf, res); err != nil {
		return inventory.Summary{}, fmt.Errorf("encode unit %s/%s: %w", unit.AccountID, unit.Region, err)
	}
	if err := r.Store.Put(ctx, unit.Key(), &buf, "application/gzip"); err != nil {
		return inventory.Summary{}, fmt.Errorf("write unit %s/%s: %w", unit.AccountID, unit.Region, err)
	}
	sum := res.Summarize()
	sum.DurationMS = time.Since(start).Milliseconds()
	return sum, nil
}

// Scan scans the services of a unit and returns its records and coverage.
// It never fails as a whole: each service's failure is in its coverage.
//
// cfg carries the unit's credentials (resolved once here, then cached and
// shared by every service); Scan sets the region (us-east-1 for the global
// unit), the retryer and the API budget itself.
//
// A unit in an opt-in region first asks the account whether it enabled
// the region (regionDisabled): if not, every service is region_disabled
// and no call is made into the region.
func (r *Runner) Scan(ctx context.Context, unit inventory.Unit, cfg aws.Config) *inventory.Result {
	keys := unitServices(unit)
	cfg = r.unitConfig(unit, cfg)
	res := &inventory.Result{Unit: &unit, Coverage: make([]inventory.Coverage, len(keys))}
	if err := resolveCredentials(ctx, cfg); err != nil {
		for i, k := range keys {
			res.Coverage[i] = r.failed(ctx, unit, k, 0, err)
		}
		return res
	}
	if why := r.regionDisabled(ctx, unit, cfg); why != "" {
		for i, k := range keys {
			res.Coverage[i] = inventory.Coverage{Service: k, AccountID: unit.AccountID, Region: unit.Region,
				Status: inventory.StatusRegionDisabled, Error: "region " + unit.Region + " is not enabled in account " + unit.AccountID,
				Details: why}
		}
		res.Records = []inventory.Record{}
		r.logger().WarnContext(ctx, "unit skipped: region not enabled in the account",
			"task", unit.TaskID, "account", unit.AccountID, "region", unit.Region, "details", why)
		return res
	}

	perService := make([][]inventory.Record, len(keys))
	sem := make(chan struct{}, r.concurrency())
	var wg sync.WaitGroup
	for i, key := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
			}
			perService[i], res.Coverage[i] = r.scanService(ctx, unit, cfg, key)
		}()
	}
	wg.Wait()
	for _, recs := range perService {
		res.Records = append(res.Records, recs...)
	}
	if res.Records == nil {
		res.Records = []inventory.Record{}
	}
	return res
}

// unitServices returns the services a unit scans, in report order: the
// services of its scope (global for the global unit, regional otherwise),
// restricted to unit.Services when the unit names some.
func unitServices(unit inventory.Unit) []string {
	scope := spec.Regional
	if unit.Region == spec.GlobalUnit {
		scope = spec.Global
	}
	keys := spec.ByScope(scope)
	if len(unit.Services) == 0 {
		return keys
	}
	return slices.DeleteFunc(keys, func(k string) bool { return !slices.Contains(unit.Services, k) })
}

// unitConfig points cfg at the unit's API region and sets the retryer.
func (r *Runner) unitConfig(unit inventory.Unit, cfg aws.Config) aws.Config {
	cfg = cfg.Copy()
	cfg.Region = unit.Region
	if unit.Region == spec.GlobalUnit {
		cfg.Region = spec.GlobalRegion
	}
	policy := r.Retry
	if policy == (retrypolicy.Policy{}) {
		policy = retrypolicy.Default()
	}
	cfg.Retryer = policy.Retryer()
	if cfg.Credentials != nil {
		if _, cached := cfg.Credentials.(*aws.CredentialsCache); !cached {
			cfg.Credentials = aws.NewCredentialsCache(cfg.Credentials)
		}
	}
	return cfg
}

// resolveCredentials fetches the unit's credentials once, before any
// service runs, so that an AssumeRole failure is one clear error rather
// than one per service.
func resolveCredentials(ctx context.Context, cfg aws.Config) error {
	if cfg.Credentials == nil {
		return nil
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return fmt.Errorf("resolve credentials: %w", err)
	}
	return nil
}

func (r *Runner) concurrency() int {
	if r.Concurrency > 0 {
		return r.Concurrency
	}
	return DefaultConcurrency
}

func (r *Runner) logger() *slog.Logger {
	if r.Logger != nil {
		return r.Logger
	}
	return slog.Default()
}

// scanService runs one service's scanner and measures it.
func (r *Runner) scanService(ctx context.Context, unit inventory.Unit, cfg aws.Config, key string) ([]inventory.Record, inventory.Coverage) {
	cov := inventory.Coverage{Service: key, AccountID: unit.AccountID, Region: unit.Region}
	def, ok := registry[key]
	switch {
	case !ok:
		cov.Status, cov.Error = inventory.StatusSkipped, "no scanner for this service"
		return nil, cov
	case ctx.Err() != nil:
		cov.Status, cov.Error = inventory.StatusSkipped, "unit stopped before the service started: "+ctx.Err().Error()
		return nil, cov
	}

	svc, _ := spec.Lookup(key)
	m := &meter{}
	scfg := cfg.Copy()
	scfg.APIOptions = append(scfg.APIOptions, metered(m, r.Budget, unit.AccountID))
	s := &session{cfg: scfg, account: unit.AccountID, region: unit.Region, service: svc, parallel: r.concurrency(),
		logger:  r.logger().With("task", unit.TaskID, "account", unit.AccountID, "region", unit.Region, "service", key),
		partial: &partials{}}

	start := time.Now()
	records, err := runScanner(ctx, def.scan, s)
	elapsed := time.Since(start)
	cov.Calls, cov.Throttles, cov.Retries = int(m.calls.Load()), int(m.throttles.Load()), int(m.retries.Load())
	cov.Duration, cov.DurationMS = elapsed, elapsed.Milliseconds()
	if err != nil {
		failed := r.failed(ctx, unit, key, elapsed, err)
		failed.Calls, failed.Throttles, failed.Retries = cov.Calls, cov.Throttles, cov.Retries
		return nil, failed
	}
	cov.Status, cov.Resources = inventory.StatusOK, len(records)
	if calls, details := s.partial.list(); len(calls) > 0 {
		// Listed, with cells that read "not readable: ...".
		cov.Status, cov.PartialCalls, cov.Details = inventory.StatusPartial, calls, details
	}
	return records, cov
}

// failed builds and logs the coverage of a service that did not complete.
func (r *Runner) failed(ctx context.Context, unit inventory.Unit, key string, elapsed time.Duration, err error) inventory.Coverage {
	cov := inventory.Coverage{
		Service: key, AccountID: unit.AccountID, Region: unit.Region,
		Status: classify(err, unit.Region), Error: err.Error(), Details: describe(err),
		Duration: elapsed, DurationMS: elapsed.Milliseconds(),
		Action: failedAction(err),
	}
	r.logger().ErrorContext(ctx, "service scan failed",
		"task", unit.TaskID, "account", unit.AccountID, "region", unit.Region, "service", key,
		"status", cov.Status, "error", cov.Error, "details", cov.Details)
	return cov
}

// runScanner calls a scanner and turns a panic into an error with its stack.
func runScanner(ctx context.Context, scan scanFunc, s *session) (recs []inventory.Record, err error) {
	defer func() {
		if p := recover(); p != nil {
			recs, err = nil, fmt.Errorf("scanner panicked: %v\n%s", p, debug.Stack())
		}
	}()
	return scan(ctx, s)
}
