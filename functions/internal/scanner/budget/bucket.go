package budget

import (
	"context"
	"math"
	"sync"
	"time"
)

// Bucket is a token bucket: it holds at most Burst tokens and refills at
// Rate tokens per second. Callers that find it empty reserve a future token
// and sleep until then, so waiting callers are served in arrival order and
// the bucket never hands out more than Burst + Rate*t tokens in any span t.
type Bucket struct {
	rate  float64
	burst float64

	mu     sync.Mutex
	tokens float64
	last   time.Time
}

// NewBucket returns a full bucket.
func NewBucket(l Limit) *Bucket {
	burst := float64(l.Burst)
	if burst < 1 {
		burst = 1
	}
	return &Bucket{rate: l.Rate, burst: burst, tokens: burst}
}

// Reserve takes one token at now and returns how long the caller must wait
// before using it (zero if a token was available).
func (b *Bucket) Reserve(now time.Time) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.rate <= 0 {
		return 0 // an unlimited bucket
	}
	b.refill(now)
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	// Round up: a caller woken a nanosecond early would overdraw.
	return time.Duration(math.Ceil(-b.tokens / b.rate * float64(time.Second)))
}

// TryTake takes one token at now if one is available, without reserving a
// future one. It is how a server (awssim) decides to throttle a request.
func (b *Bucket) TryTake(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.rate <= 0 {
		return true
	}
	b.refill(now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// refill adds the tokens earned since the last call. The caller holds mu.
func (b *Bucket) refill(now time.Time) {
	if !b.last.IsZero() && now.After(b.last) {
		b.tokens = min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	if now.After(b.last) {
		b.last = now
	}
}

// Wait blocks until a token is available or ctx is done.
func (b *Bucket) Wait(ctx context.Context) error {
	if d := b.Reserve(time.Now()); d > 0 {
		return Sleep(ctx, d)
	}
	return ctx.Err()
}

// Sleep waits d, or until ctx is done.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
