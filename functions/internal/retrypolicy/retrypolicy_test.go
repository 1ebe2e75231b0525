package retrypolicy

import (
	"testing"
	"time"
)

func TestBackoffIsExponentialAndCapped(t *testing.T) {
	p := Default()
	for _, tc := range []struct {
		attempt int
		want    time.Duration // the ceiling: rand() == 1
	}{
		{1, time.Second},
		{2, 2 * time.Second},
		{3, 4 * time.Second},
		{5, 16 * time.Second},
		{6, 30 * time.Second},
		{40, 30 * time.Second},
	} {
		b := backoff{base: p.Base, max: p.Max, rand: func() float64 { return 1 }}
		if got, _ := b.BackoffDelay(tc.attempt, nil); got != tc.want {
			t.Errorf("attempt %d: ceiling %v, want %v", tc.attempt, got, tc.want)
		}
		b.rand = func() float64 { return 0.25 }
		if got, _ := b.BackoffDelay(tc.attempt, nil); got != tc.want/4 {
			t.Errorf("attempt %d: jitter 0.25 gave %v, want %v", tc.attempt, got, tc.want/4)
		}
	}
}

func TestRetryerAttempts(t *testing.T) {
	r := Default().Retryer()()
	if got := r.MaxAttempts(); got != 4 {
		t.Fatalf("max attempts = %d, want 4 (3 retries)", got)
	}
}
