package scanner

import (
	"context"
	"io"
	"log/slog"
	"math"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/retrypolicy"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// Run with: go test -run '^$' -bench . -benchtime 1x ./functions/internal/scanner/
// Each benchmark measures what it compares in the same run and reports
// ratios with b.ReportMetric.

var benchRegions = []string{"us-east-1", "eu-west-1", "ap-southeast-1", "eu-central-1"}

const benchLatency = 40 * time.Millisecond

// benchUnits is every unit of an estate: each account's regions and its
// global unit.
func benchUnits(e *awssim.Estate, regions []string) []inventory.Unit {
	var units []inventory.Unit
	for _, a := range e.Accounts {
		for _, r := range append(slices.Clone(regions), spec.GlobalUnit) {
			units = append(units, inventory.Unit{TaskID: "bench", AccountID: a.ID, Region: r})
		}
	}
	return units
}

func benchRunner(reg *budget.Registry, concurrency int) *Runner {
	return &Runner{Budget: reg, Concurrency: concurrency, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Retry: retrypolicy.Policy{MaxRetries: 3, Base: 10 * time.Millisecond, Max: 100 * time.Millisecond}}
}

// scanAll runs the units concurrently, as the workflow's Map state does,
// and returns the wall time.
func scanAll(sim *awssim.Sim, r *Runner, units []inventory.Unit) (time.Duration, []*inventory.Result) {
	start := time.Now()
	results := make([]*inventory.Result, len(units))
	var wg sync.WaitGroup
	for i, u := range units {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = r.Scan(context.Background(), u, sim.Config(u.AccountID, spec.GlobalRegion))
		}()
	}
	wg.Wait()
	return time.Since(start), results
}

// longestChain measures, for every unit and service alone, without budget
// and without a concurrency bound, how many latency periods its scan takes:
// its longest chain of dependent calls. It returns the largest.
func longestChain(e *awssim.Estate, units []inventory.Unit) int {
	sim := awssim.New(e, awssim.Options{Latency: awssim.Fixed(benchLatency)})
	r := benchRunner(budget.Unlimited(), 1000)
	var mu sync.Mutex
	longest := 0
	var wg sync.WaitGroup
	// A few at a time: hundreds of scans at once on a small machine would
	// measure CPU contention, not the chain.
	sem := make(chan struct{}, 16)
	for _, u := range units {
		for _, svc := range unitServices(u) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				one := u
				one.Services = []string{svc}
				start := time.Now()
				r.Scan(context.Background(), one, sim.Config(u.AccountID, spec.GlobalRegion))
				chain := int(math.Round(float64(time.Since(start)) / float64(benchLatency)))
				mu.Lock()
				longest = max(longest, chain)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	return longest
}

// bucketBound is, over every API budget bucket, the least time the calls
// logged through it need: (calls - burst) / rate.
func bucketBound(calls []awssim.Call, reg *budget.Registry) (time.Duration, budget.Key) {
	count := map[budget.Key]int{}
	limits := map[budget.Key]budget.Limit{}
	for _, c := range calls {
		family, l := reg.Limit(c.Service, c.Operation)
		k := budget.Key{Account: c.Account, Region: c.Region, Family: family}
		count[k]++
		limits[k] = l
	}
	var worst time.Duration
	var at budget.Key
	for k, n := range count {
		l := limits[k]
		if l.Rate <= 0 || n <= l.Burst {
			continue
		}
		if d := time.Duration(float64(n-l.Burst) / l.Rate * float64(time.Second)); d > worst {
			worst, at = d, k
		}
	}
	return worst, at
}

// BenchmarkScanEstate: 3 accounts x 4 regions (plus their global units) at
// 40 ms per call, against the lower bound no scheduler can beat and
// against a sequential scan, all measured in this run.
func BenchmarkScanEstate(b *testing.B) {
	e := awssim.Generate(11, awssim.Size{Accounts: 3, Regions: benchRegions, Scale: 1})
	units := benchUnits(e, benchRegions)
	chain := longestChain(e, units)
	for range b.N {
		reg := budget.NewRegistry(0)
		sim := awssim.New(e, awssim.Options{Latency: awssim.Fixed(benchLatency), Limits: true})
		wall, results := scanAll(sim, benchRunner(reg, 0), units)
		calls := sim.Calls()
		bound, bottleneck := bucketBound(calls, reg)
		lower := max(time.Duration(chain)*benchLatency, bound)
		b.Logf("lower bound %v: chain %d x %v, bucket %+v %v", lower, chain, benchLatency, bottleneck, bound)

		seqSim := awssim.New(e, awssim.Options{Latency: awssim.Fixed(benchLatency), Limits: true})
		seqRunner := benchRunner(budget.NewRegistry(0), 1)
		start := time.Now()
		for _, u := range units {
			seqRunner.Scan(context.Background(), u, seqSim.Config(u.AccountID, spec.GlobalRegion))
		}
		sequential := time.Since(start)

		resources, throttles := 0, 0
		for _, r := range results {
			resources += len(r.Records)
			for _, c := range r.Coverage {
				throttles += c.Throttles
				if c.Failed() {
					b.Fatalf("%s %s/%s: %s", c.Service, c.AccountID, c.Region, c.Status)
				}
			}
		}
		b.ReportMetric(wall.Seconds(), "wall-s")
		b.ReportMetric(lower.Seconds(), "lower-bound-s")
		b.ReportMetric(sequential.Seconds(), "sequential-s")
		b.ReportMetric(float64(wall)/float64(lower), "x-lower-bound")
		b.ReportMetric(float64(sequential)/float64(wall), "x-faster-than-sequential")
		b.ReportMetric(float64(len(calls)), "calls")
		b.ReportMetric(float64(resources), "resources")
		b.ReportMetric(float64(chain), "longest-chain")
		b.ReportMetric(float64(throttles), "throttles")
	}
}

// BenchmarkBudgetUnderEC2Limits: awssim enforces AWS's published limits
// (EC2 Describe*: 100 burst, 20/s) on an estate that pages by two, so the
// EC2 scanners make hundreds of calls per account and region. With the
// budget, no window of the call log exceeds the budget's burst + rate, and
// nothing is throttled; without it (measured in the same run), AWS would
// throttle.
func BenchmarkBudgetUnderEC2Limits(b *testing.B) {
	e := awssim.Generate(12, awssim.Size{Accounts: 2, Regions: benchRegions[:2], Scale: 2.5})
	var units []inventory.Unit
	ec2Services := []string{"vpc", "subnet", "route_table", "internet_gateway", "nat_gateway", "security_group",
		"vpc_endpoint", "vpc_peering", "customer_gateway", "virtual_private_gateway", "vpn_connection", "ec2", "elastic_ip"}
	for _, a := range e.Accounts {
		for _, r := range benchRegions[:2] {
			units = append(units, inventory.Unit{TaskID: "bench", AccountID: a.ID, Region: r, Services: ec2Services})
		}
	}
	opts := awssim.Options{Latency: awssim.Fixed(2 * time.Millisecond), Limits: true, PageSize: 2}
	for range b.N {
		unbudgeted := awssim.New(e, opts)
		scanAll(unbudgeted, benchRunner(budget.Unlimited(), 0), units)
		throttledWithout := countOutcome(unbudgeted.Calls(), "RequestLimitExceeded")

		reg := budget.NewRegistry(0)
		sim := awssim.New(e, opts)
		wall, _ := scanAll(sim, benchRunner(reg, 0), units)
		calls := sim.Calls()
		throttled := countOutcome(calls, "RequestLimitExceeded")
		_, l := reg.Limit("EC2", "DescribeVpcs")
		peak := peakPerSecond(calls)
		allowed := float64(l.Burst) + l.Rate
		if throttled > 0 {
			b.Fatalf("%d calls throttled under the budget", throttled)
		}
		if float64(peak) > allowed+1 {
			b.Fatalf("%d calls in one second through one bucket; the budget allows %.0f", peak, allowed)
		}
		b.ReportMetric(float64(len(calls)), "calls")
		b.ReportMetric(float64(len(calls))/float64(len(units))/wall.Seconds(), "calls/s/bucket")
		b.ReportMetric(float64(peak), "peak-calls-in-1s")
		b.ReportMetric(allowed, "budget-burst+rate")
		b.ReportMetric(float64(throttled), "throttled")
		b.ReportMetric(float64(throttledWithout), "throttled-without-budget")
	}
}

func countOutcome(calls []awssim.Call, code string) int {
	n := 0
	for _, c := range calls {
		if c.Outcome == code {
			n++
		}
	}
	return n
}

// peakPerSecond is the most calls one account x region received in any
// one-second window.
func peakPerSecond(calls []awssim.Call) int {
	by := map[string][]time.Time{}
	for _, c := range calls {
		k := c.Account + "/" + c.Region
		by[k] = append(by[k], c.Time)
	}
	peak := 0
	for _, ts := range by {
		slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
		lo := 0
		for hi := range ts {
			for ts[hi].Sub(ts[lo]) >= time.Second {
				lo++
			}
			peak = max(peak, hi-lo+1)
		}
	}
	return peak
}

// BenchmarkUnitMemory: the peak heap of scanning one unit of about 10,000
// resources and writing its gzipped result, above the heap the simulated
// estate itself holds.
func BenchmarkUnitMemory(b *testing.B) {
	region := "eu-west-1"
	e := estateOfSize(region, 10000)
	account := e.Accounts[0].ID
	sim := awssim.New(e, awssim.Options{})
	store := &discardStore{}
	for range b.N {
		runtime.GC()
		base := heapBytes()
		stop := make(chan struct{})
		peak := make(chan uint64)
		go func() {
			top := base
			t := time.NewTicker(time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					peak <- top
					return
				case <-t.C:
					top = max(top, heapBytes())
				}
			}
		}()
		r := benchRunner(budget.Unlimited(), 0)
		r.Store = store
		sum, err := r.Run(context.Background(), inventory.Unit{TaskID: "bench", AccountID: account, Region: region}, sim.Config(account, region))
		close(stop)
		top := <-peak
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Resources), "resources")
		b.ReportMetric(float64(top-base)/(1<<20), "peak-MB")
		b.ReportMetric(float64(store.bytes)/(1<<20), "result-gz-MB")
	}
}

// estateOfSize generates a one-region estate whose unit scan yields about
// n records, adjusting the scale from trial scans and keeping the closest.
func estateOfSize(region string, n int) *awssim.Estate {
	scale := 10.0
	var best *awssim.Estate
	bestOff := math.Inf(1)
	for range 5 {
		e := awssim.Generate(13, awssim.Size{Accounts: 1, Regions: []string{region}, Scale: scale})
		res := benchRunner(budget.Unlimited(), 0).Scan(context.Background(),
			inventory.Unit{AccountID: e.Accounts[0].ID, Region: region}, awssim.New(e, awssim.Options{}).Config(e.Accounts[0].ID, region))
		got := len(res.Records)
		if off := math.Abs(float64(got-n)) / float64(n); off < bestOff {
			best, bestOff = e, off
		}
		if bestOff < 0.03 {
			break
		}
		scale *= float64(n) / float64(got)
	}
	return best
}

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

type discardStore struct{ bytes int64 }

func (d *discardStore) Put(_ context.Context, _ string, body io.Reader, _ string) error {
	n, err := io.Copy(io.Discard, body)
	d.bytes = n
	return err
}
