package awssim

import (
	"math"
	"math/rand/v2"
	"time"
)

// Latency draws the time one simulated call takes.
type Latency func(r *rand.Rand) time.Duration

// Fixed is a latency of exactly d.
func Fixed(d time.Duration) Latency {
	return func(*rand.Rand) time.Duration { return d }
}

// Uniform draws uniformly from [lo, hi).
func Uniform(lo, hi time.Duration) Latency {
	return func(r *rand.Rand) time.Duration {
		return lo + time.Duration(r.Int64N(int64(max(1, hi-lo))))
	}
}

// LogNormal draws from a log-normal distribution with the given median
// and shape: most calls near the median, a long tail of slow ones, as AWS
// APIs behave.
func LogNormal(median time.Duration, sigma float64) Latency {
	return func(r *rand.Rand) time.Duration {
		return time.Duration(float64(median) * math.Exp(sigma*r.NormFloat64()))
	}
}
