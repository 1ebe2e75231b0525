package budget

import (
	"context"
	"math"
	"sync"
)

// DefaultFraction is the share of AWS's published limit a scan may use: the
// other half stays with the account's own workloads.
const DefaultFraction = 0.5

// Key names one bucket: an API family in one account and region.
type Key struct {
	Account string
	Region  string
	Family  string
}

// Registry holds the buckets of every account x region x API family a
// process scans. It is safe for concurrent use; create one per process (or
// per task) and share it between units.
type Registry struct {
	fraction float64 // <= 0: unlimited

	mu      sync.Mutex
	buckets map[Key]*Bucket
}

// NewRegistry returns a registry whose buckets allow fraction of AWS's
// published limits (DefaultFraction if fraction is zero).
func NewRegistry(fraction float64) *Registry {
	if fraction == 0 {
		fraction = DefaultFraction
	}
	return &Registry{fraction: fraction, buckets: map[Key]*Bucket{}}
}

// Unlimited returns a registry that never waits, for measurements that must
// exclude the budget.
func Unlimited() *Registry {
	return &Registry{fraction: -1, buckets: map[Key]*Bucket{}}
}

// Limit returns the bucket family of an operation and the budget the
// registry grants it.
func (r *Registry) Limit(service, operation string) (string, Limit) {
	name, l := Published(service, operation)
	if r.fraction <= 0 {
		return name, Limit{}
	}
	return name, Limit{
		Rate:  l.Rate * r.fraction,
		Burst: max(1, int(math.Floor(float64(l.Burst)*r.fraction))),
	}
}

// Wait blocks until the bucket of the operation in account and region has
// a token, or ctx is done.
func (r *Registry) Wait(ctx context.Context, account, region, service, operation string) error {
	if r.fraction <= 0 {
		return ctx.Err()
	}
	return r.bucket(account, region, service, operation).Wait(ctx)
}

func (r *Registry) bucket(account, region, service, operation string) *Bucket {
	name, l := r.Limit(service, operation)
	k := Key{Account: account, Region: region, Family: name}
	r.mu.Lock()
	defer r.mu.Unlock()
	b, ok := r.buckets[k]
	if !ok {
		b = NewBucket(l)
		r.buckets[k] = b
	}
	return b
}
