package budget

import (
	"context"
	"sync"
	"testing"
	"time"
)

func TestBucketNeverExceedsBurstPlusRate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit Limit
		calls int
	}{
		{"ec2 budget", Limit{Rate: 10, Burst: 50}, 500},
		{"route53 budget", Limit{Rate: 2.5, Burst: 2}, 50},
		{"burst of one", Limit{Rate: 1, Burst: 1}, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBucket(tc.limit)
			start := time.Unix(1000, 0)
			// Every caller arrives at start and sleeps as told: the i-th
			// call happens at start + its reserved delay.
			for i := 0; i < tc.calls; i++ {
				at := b.Reserve(start)
				allowed := float64(tc.limit.Burst) + at.Seconds()*tc.limit.Rate
				if float64(i+1) > allowed+1e-9 {
					t.Fatalf("call %d at +%v exceeds burst %d + rate %.1f/s", i+1, at, tc.limit.Burst, tc.limit.Rate)
				}
				if i < tc.limit.Burst && at != 0 {
					t.Fatalf("call %d waited %v inside the burst", i+1, at)
				}
			}
		})
	}
}

func TestTryTakeRefills(t *testing.T) {
	b := NewBucket(Limit{Rate: 2, Burst: 2})
	now := time.Unix(0, 0)
	first := b.TryTake(now)
	second := b.TryTake(now)
	if !first || !second {
		t.Fatal("a full bucket refused its burst")
	}
	if b.TryTake(now) {
		t.Fatal("an empty bucket gave a token")
	}
	if !b.TryTake(now.Add(500 * time.Millisecond)) {
		t.Fatal("no token after refilling for one token's time")
	}
}

func TestRegistryFamilies(t *testing.T) {
	r := NewRegistry(0)
	for _, tc := range []struct {
		service, op, family string
		rate                float64
	}{
		{"EC2", "DescribeVpcs", "EC2:Describe*", 10},
		{"EC2", "DescribeInstances", "EC2:Describe*", 10},
		{"Route 53", "ListHostedZones", "Route53:*", 2.5},
		{"Unknown", "Op", "Unknown:*", 2.5},
	} {
		name, l := r.Limit(tc.service, tc.op)
		if name != tc.family || l.Rate != tc.rate {
			t.Errorf("%s %s: family %s rate %v, want %s %v", tc.service, tc.op, name, l.Rate, tc.family, tc.rate)
		}
		if _, pub := Published(tc.service, tc.op); l.Rate >= pub.Rate {
			t.Errorf("%s %s: budget %v not below the published %v", tc.service, tc.op, l.Rate, pub.Rate)
		}
	}
	if r.bucket("1", "eu-west-1", "EC2", "DescribeVpcs") != r.bucket("1", "eu-west-1", "EC2", "DescribeSubnets") {
		t.Fatal("two Describe calls of one account and region use different buckets")
	}
	if r.bucket("1", "eu-west-1", "EC2", "DescribeVpcs") == r.bucket("2", "eu-west-1", "EC2", "DescribeVpcs") {
		t.Fatal("two accounts share a bucket")
	}
}

// Goroutines sharing a bucket are paced together: 30 callers through a
// bucket of 10 burst and 100/s take at least (30-10)/100 s.
func TestWaitPacesConcurrentCallers(t *testing.T) {
	b := NewBucket(Limit{Rate: 100, Burst: 10})
	start := time.Now()
	var wg sync.WaitGroup
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := b.Wait(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if elapsed := time.Since(start); elapsed < 200*time.Millisecond {
		t.Fatalf("30 calls took %v, the bucket allows no less than 200ms", elapsed)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Wait(ctx); err == nil {
		t.Fatal("Wait on an empty bucket ignored a cancelled context")
	}
}
