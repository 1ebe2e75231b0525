package awssim

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// Size says how big a generated estate is.
type Size struct {
	Accounts int
	Regions  []string
	// Scale multiplies every kind's count; 1 is a realistic mid-size
	// account (a few VPCs, tens of instances, hundreds of rules per region).
	Scale float64
}

// generator fills one kind of resource of one account: in a region
// (regional) or in the account's Global (global).
type generator struct {
	order    int // generators run in ascending order: compute after network
	name     string
	regional func(g *Gen, a *Account, r *Region)
	global   func(g *Gen, a *Account)
}

// generators are registered from init() by the gen_*.go files.
var generators []generator

// generateRegional registers a regional generator. Orders: 10 network,
// 20 compute, 30 database, 40 storage, 50 edge, 60 management.
func generateRegional(order int, name string, fn func(g *Gen, a *Account, r *Region)) {
	generators = append(generators, generator{order: order, name: name, regional: fn})
}

// generateGlobal registers a generator of an account's global resources.
func generateGlobal(order int, name string, fn func(g *Gen, a *Account)) {
	generators = append(generators, generator{order: order, name: name, global: fn})
}

// Generate builds an estate deterministically: the same seed and size give
// the same estate. Each generator draws from its own random stream (seeded
// by seed, account, region and generator name), so adding a generator
// never changes what the others produce.
func Generate(seed uint64, size Size) *Estate {
	gens := slices.Clone(generators)
	slices.SortStableFunc(gens, func(a, b generator) int { return a.order - b.order })
	e := &Estate{Seed: seed}
	for i := range size.Accounts {
		a := &Account{
			ID:      fmt.Sprintf("%012d", 100000000000+(seed*7919+uint64(i)*104729)%900000000000),
			Name:    fmt.Sprintf("account-%d", i+1),
			Regions: map[string]*Region{},
			Roles:   []Role{{Name: "CloudCensusScanner", ExternalID: fmt.Sprintf("cc-ext-%d-%d", seed, i+1)}},
		}
		for _, rn := range size.Regions {
			a.Regions[rn] = &Region{Name: rn}
			if spec.IsOptIn(rn) {
				a.OptedIn = append(a.OptedIn, rn) // it has resources there
			}
		}
		for _, gen := range gens {
			if gen.global != nil {
				gen.global(newGen(seed, a.ID, "global", gen.name, size.Scale), a)
				continue
			}
			for _, rn := range size.Regions {
				gen.regional(newGen(seed, a.ID, rn, gen.name, size.Scale), a, a.Regions[rn])
			}
		}
		e.Accounts = append(e.Accounts, a)
	}
	return e
}

// Gen is a generator's deterministic source of counts, ids and names.
type Gen struct {
	rng     *rand.Rand
	scale   float64
	Account string
	Region  string // "global" for global generators
}

func newGen(seed uint64, account, region, name string, scale float64) *Gen {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%s/%s", account, region, name)
	return &Gen{rng: rand.New(rand.NewPCG(seed, h.Sum64())), scale: scale, Account: account, Region: region}
}

// Count scales a realistic per-region (or per-account) base count, with
// +-25% variation; any kind with a base of at least one gets at least one
// resource, so every column of every service has something to show. Use
// Around for counts per parent resource.
func (g *Gen) Count(base int) int {
	if base <= 0 || g.scale <= 0 {
		return 0
	}
	n := float64(base) * g.scale * (0.75 + g.rng.Float64()/2)
	return max(1, int(math.Round(n)))
}

// Around varies a per-parent count (subnets per VPC, rules per group) by
// +-25% without scaling it: Scale multiplies the parents, so the total
// grows linearly with Scale. It is at least one for a base of one or more.
func (g *Gen) Around(base int) int {
	if base <= 0 {
		return 0
	}
	return max(1, int(math.Round(float64(base)*(0.75+g.rng.Float64()/2))))
}

// Intn returns a number in [0, n).
func (g *Gen) Intn(n int) int { return g.rng.IntN(max(1, n)) }

// Chance is true with probability p.
func (g *Gen) Chance(p float64) bool { return g.rng.Float64() < p }

// ID returns an AWS-style id: prefix-<17 hex digits>.
func (g *Gen) ID(prefix string) string {
	return fmt.Sprintf("%s-%x%016x", prefix, g.rng.IntN(16), g.rng.Uint64())
}

// Pick returns one of the items.
func Pick[T any](g *Gen, items []T) T { return items[g.rng.IntN(len(items))] }

// Name returns a resource name like "prod-web-3".
func (g *Gen) Name(kind string, i int) string {
	return fmt.Sprintf("%s-%s-%d", Pick(g, []string{"prod", "staging", "dev", "shared"}), kind, i+1)
}

// ARN returns an ARN in the generator's account and region.
func (g *Gen) ARN(service, resource string) string {
	region := g.Region
	if region == "global" {
		region = ""
	}
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, region, g.Account, resource)
}

// Time returns a deterministic moment within the last two years.
func (g *Gen) Time() time.Time {
	base := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	return base.Add(-time.Duration(g.rng.Int64N(int64(2 * 365 * 24 * time.Hour)))).Truncate(time.Second)
}

// AZ returns one of the region's availability zones (a, b or c).
func (g *Gen) AZ() string { return g.Region + string(rune('a'+g.rng.IntN(3))) }

// IP returns an address in a /16 (e.g. "10.12").
func (g *Gen) IP(prefix16 string) string {
	return fmt.Sprintf("%s.%d.%d", prefix16, g.rng.IntN(256), 1+g.rng.IntN(254))
}

// PublicIP returns a public-looking address.
func (g *Gen) PublicIP() string {
	return fmt.Sprintf("%d.%d.%d.%d", Pick(g, []int{3, 13, 18, 34, 35, 52, 54}), g.rng.IntN(256), g.rng.IntN(256), 1+g.rng.IntN(254))
}
