package scanner

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// Opt-in regions (spec.IsOptIn) may not be enabled in an account: AWS then
// does not know the account's credentials there, and every call answers
// AuthFailure or InvalidClientTokenId. Rather than make each service find
// that out, a unit in an opt-in region asks the account first, with one
// ec2:DescribeRegions (AllRegions) in spec.GlobalRegion, which every
// account has enabled, and when the answer is not-opted-in it makes no
// call into the region at all: every service is region_disabled.
//
// The check runs here, at the start of the unit, rather than in the plan:
// the runner is what every way of scanning shares (the scan-unit Lambda,
// the local stack, the CLI), and it already holds the unit's credentials.
// The answer is cached per account for regionsTTL in the Runner, so the
// units of one account that a process scans ask once. Default regions
// (opt-in-not-required) are enabled in every account and cannot be
// disabled: units there do not ask.
//
// When the account cannot be asked (a scanner role deployed before it was
// granted ec2:DescribeRegions, most often), the unit scans as before and
// the services' own answers are classified (classify: an unknown-credentials
// answer in an opt-in region is region_disabled).

// regionsTTL is how long an account's answer is reused.
const regionsTTL = 10 * time.Minute

// Opt-in statuses ec2:DescribeRegions answers.
const (
	optInNotRequired = "opt-in-not-required"
	optedIn          = "opted-in"
	notOptedIn       = "not-opted-in"
)

// regionDisabled returns why the unit's region is not enabled in its
// account, or "" when it is (or may be).
func (r *Runner) regionDisabled(ctx context.Context, unit inventory.Unit, cfg aws.Config) string {
	if unit.Region == spec.GlobalUnit || !spec.IsOptIn(unit.Region) {
		return ""
	}
	status, err := r.regions.get(ctx, unit.AccountID, func(ctx context.Context) (map[string]string, error) {
		return r.describeRegions(ctx, unit.AccountID, cfg)
	})
	if err != nil {
		if ctx.Err() == nil {
			r.logger().WarnContext(ctx, "could not ask the account which regions it enabled: scanning the region anyway",
				"task", unit.TaskID, "account", unit.AccountID, "region", unit.Region, "error", err.Error(), "details", describe(err))
		}
		return ""
	}
	if status[unit.Region] != notOptedIn {
		return ""
	}
	return "ec2:DescribeRegions in " + spec.GlobalRegion + " answers " + notOptedIn + " for " + unit.Region +
		": the account has not enabled the region, so no call was made into it"
}

// describeRegions asks the account for the opt-in status of every region,
// in spec.GlobalRegion, through the API budget.
func (r *Runner) describeRegions(ctx context.Context, account string, cfg aws.Config) (map[string]string, error) {
	c := cfg.Copy()
	c.Region = spec.GlobalRegion
	c.APIOptions = append(slices.Clip(c.APIOptions), metered(&meter{}, r.Budget, account))
	out, err := ec2.NewFromConfig(c).DescribeRegions(ctx, &ec2.DescribeRegionsInput{AllRegions: aws.Bool(true)})
	if err != nil {
		return nil, fail(err, "list the account's regions")
	}
	status := make(map[string]string, len(out.Regions))
	for _, reg := range out.Regions {
		status[aws.ToString(reg.RegionName)] = aws.ToString(reg.OptInStatus)
	}
	return status, nil
}

// regionCache holds each account's answer. Concurrent units of one account
// wait for the first one's call instead of making their own; a failed
// answer is not kept.
type regionCache struct {
	mu sync.Mutex
	by map[string]*regionAnswer
}

type regionAnswer struct {
	ready  chan struct{} // closed once status and err are set
	status map[string]string
	err    error
	at     time.Time
}

// settled reports whether the answer is in; only then may its fields be
// read.
func (a *regionAnswer) settled() bool {
	select {
	case <-a.ready:
		return true
	default:
		return false
	}
}

// get returns the account's cached answer, or fetches it.
func (c *regionCache) get(ctx context.Context, account string, fetch func(context.Context) (map[string]string, error)) (map[string]string, error) {
	c.mu.Lock()
	a := c.by[account]
	if a != nil && a.settled() && (a.err != nil || time.Since(a.at) > regionsTTL) {
		a = nil
	}
	if a == nil {
		a = &regionAnswer{ready: make(chan struct{})}
		if c.by == nil {
			c.by = map[string]*regionAnswer{}
		}
		c.by[account] = a
		c.mu.Unlock()
		a.status, a.err = fetch(ctx)
		a.at = time.Now()
		close(a.ready)
		return a.status, a.err
	}
	c.mu.Unlock()
	select {
	case <-a.ready:
		return a.status, a.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
