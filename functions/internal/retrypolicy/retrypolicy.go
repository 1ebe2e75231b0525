// Package retrypolicy is the seed's RetryConfig for every call into AWS:
// 3 retries with exponential backoff and jitter, on throttling, 5xx and
// transport errors only. The scanner and the credential resolver share it.
//
// It imports nothing of the product.
package retrypolicy

import (
	"errors"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// Policy is the seed's RetryConfig: how many times a failed call is
// retried and how long to wait between attempts.
type Policy struct {
	MaxRetries int           // retries after the first attempt
	Base       time.Duration // delay before the first retry, before jitter
	Max        time.Duration // cap of any delay
}

// Default is the seed's: 3 retries, base 1 s, factor 2, at most 30 s.
func Default() Policy {
	return Policy{MaxRetries: 3, Base: time.Second, Max: 30 * time.Second}
}

// Retryer returns the SDK retryer of the policy, for aws.Config.Retryer. It
// retries throttling, 5xx answers and transport errors only, and nothing
// else retries: there is no loop around it.
//
// The SDK's retry quota (a client-wide token bucket that stops retrying
// after a burst of failures) is turned off: the API budget already paces
// calls, and a scan must retry each call exactly as the policy says.
func (p Policy) Retryer() func() aws.Retryer {
	return func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = p.MaxRetries + 1
			o.MaxBackoff = p.Max
			o.Backoff = backoff{base: p.Base, max: p.Max, rand: rand.Float64}
			o.Retryables = []retry.IsErrorRetryable{
				retry.NoRetryCanceledError{},
				retry.RetryableConnectionError{},
				retry.IsErrorRetryableFunc(isServerError),
				retry.RetryableErrorCode{Codes: retry.DefaultThrottleErrorCodes},
			}
			o.RateLimiter = ratelimit.None
		})
	}
}

// isServerError says yes to any 5xx answer.
func isServerError(err error) aws.Ternary {
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) && status.HTTPStatusCode() >= 500 {
		return aws.TrueTernary
	}
	return aws.UnknownTernary
}

// backoff is exponential backoff with full jitter: before retry n (1-based,
// as the SDK's retry middleware counts), wait a uniformly random time in
// [0, min(max, base * 2^(n-1))).
type backoff struct {
	base, max time.Duration
	rand      func() float64
}

func (b backoff) BackoffDelay(attempt int, _ error) (time.Duration, error) {
	ceiling := b.max
	if attempt < 1 {
		attempt = 1
	}
	if attempt < 32 {
		if d := b.base << (attempt - 1); d > 0 && d < ceiling {
			ceiling = d
		}
	}
	return time.Duration(b.rand() * float64(ceiling)), nil
}
