package awssim

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/middleware"

	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
)

// Options shape a simulator's behaviour.
type Options struct {
	// Latency of each call; nil means none.
	Latency Latency
	// Limits enforces AWS's published throttling limits per account x
	// region x API family (budget.Published): past them, calls are
	// throttled as AWS would.
	Limits bool
	// PageSize caps the items of every page below the API's own maximum,
	// so small estates still page (0: the API's maximum).
	PageSize int
	// Seed of the latency draws.
	Seed uint64
}

// Sim is a simulated AWS serving one estate. It is safe for concurrent use.
type Sim struct {
	estate *Estate
	opts   Options

	mu     sync.Mutex
	rng    *rand.Rand
	faults []*Fault
	calls  []Call
	keys   map[string]principal // access key id -> who it belongs to
	// enabled overrides the estate's regions by "account/region":
	// DisableRegion sets false, EnableRegion true.
	enabled map[string]bool
	limits  map[budget.Key]*budget.Bucket
	nextID  int
}

// New returns a simulator of the estate.
func New(e *Estate, o Options) *Sim {
	return &Sim{
		estate: e,
		opts:   o,
		rng:    rand.New(rand.NewPCG(o.Seed, 0x5eed)),
		keys:   map[string]principal{},
		limits: map[budget.Key]*budget.Bucket{},
	}
}

// Estate returns the simulated estate (read-only).
func (s *Sim) Estate() *Estate { return s.estate }

// Config returns an aws.Config that talks to the simulator as a user of
// the given account, in region: static credentials the simulator knows,
// and the middleware that answers every call. A request never leaves the
// process: the HTTP client refuses to send.
func (s *Sim) Config(accountID, region string) aws.Config {
	key := s.issueKey(principal{account: accountID, arn: "arn:aws:iam::" + accountID + ":user/cloudcensus-scanner"})
	return s.configWith(credentials.NewStaticCredentialsProvider(key.id, key.secret, key.token), region)
}

// Credentials returns static credentials of a user of the account, for
// callers that build their own aws.Config around APIOptions.
func (s *Sim) Credentials(accountID string) aws.Credentials {
	key := s.issueKey(principal{account: accountID, arn: "arn:aws:iam::" + accountID + ":user/cloudcensus-scanner"})
	return aws.Credentials{AccessKeyID: key.id, SecretAccessKey: key.secret, SessionToken: key.token, Source: "awssim"}
}

// APIOptions returns the SDK stack options that route calls to the
// simulator; add them to any aws.Config (as Config does).
func (s *Sim) APIOptions() []func(*middleware.Stack) error {
	return []func(*middleware.Stack) error{s.install}
}

func (s *Sim) configWith(creds aws.CredentialsProvider, region string) aws.Config {
	return aws.Config{
		Region:      region,
		Credentials: aws.NewCredentialsCache(creds),
		HTTPClient:  refuseHTTP{},
		APIOptions:  s.APIOptions(),
	}
}

// refuseHTTP fails any request that reaches the transport: with the
// simulator installed none should.
type refuseHTTP struct{}

func (refuseHTTP) Do(*http.Request) (*http.Response, error) {
	return nil, errors.New("awssim: a request reached the HTTP client; the simulator middleware is missing")
}

// latency draws the next call's latency.
func (s *Sim) latency() time.Duration {
	if s.opts.Latency == nil {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opts.Latency(s.rng)
}

// overLimit takes a token from the AWS-side bucket of the call's API
// family and reports whether there was none.
func (s *Sim) overLimit(account, region, service, operation string, now time.Time) bool {
	if !s.opts.Limits {
		return false
	}
	family, l := budget.Published(service, operation)
	k := budget.Key{Account: account, Region: region, Family: family}
	s.mu.Lock()
	b, ok := s.limits[k]
	if !ok {
		b = budget.NewBucket(l)
		s.limits[k] = b
	}
	s.mu.Unlock()
	return !b.TryTake(now)
}
