package scanner

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// The seed's property: global services are scanned once per account in the
// global unit, whatever the regions; regional ones only in regional units.
func TestGlobalAndRegionalUnits(t *testing.T) {
	sim := awssim.New(testEstate(), awssim.Options{})
	for _, tc := range []struct {
		region string
		scope  spec.Scope
	}{
		{spec.GlobalUnit, spec.Global},
		{testRegion, spec.Regional},
	} {
		res := scanWith(t, testRunner(), sim, tc.region)
		var got []string
		for _, c := range res.Coverage {
			got = append(got, c.Service)
			if c.Region != tc.region || c.AccountID != sim.Estate().Accounts[0].ID {
				t.Errorf("%s coverage names %s/%s", c.Service, c.AccountID, c.Region)
			}
		}
		if want := spec.ByScope(tc.scope); !slices.Equal(got, want) {
			t.Errorf("unit %s scanned %v, want the %s services %v", tc.region, got, tc.scope, want)
		}
		for _, rec := range res.Records {
			if s, _ := spec.Lookup(rec.Service); !s.Scope.In(tc.scope) {
				t.Errorf("unit %s produced a %s record of %s", tc.region, s.Scope, rec.Service)
			}
		}
	}
	for _, c := range sim.Calls() {
		if c.Service == "CloudFront" || c.Service == "Route 53" {
			if c.Region != spec.GlobalRegion {
				t.Errorf("%s called in %s, want %s", c.Service, c.Region, spec.GlobalRegion)
			}
		}
	}
}

// A failing service never stops the others, and says what failed where.
func TestFaultsAreCoveredAndContained(t *testing.T) {
	estate := testEstate()
	account := estate.Accounts[0].ID
	for _, tc := range []struct {
		name      string
		fault     awssim.Fault
		region    string
		service   string
		status    inventory.Status
		calls     int
		retries   int
		throttles int
		detail    string
	}{
		{"access denied", awssim.Fault{Kind: awssim.Deny, Operation: "DescribeSubnets"}, testRegion,
			"subnet", inventory.StatusAccessDenied, 1, 0, 0, "at subnet.go:"},
		{"throttled past the retries", awssim.Fault{Kind: awssim.Throttle, Operation: "DescribeVpcs"}, testRegion,
			"vpc", inventory.StatusThrottled, 4, 3, 4, "at vpc.go:"},
		{"5xx past the retries", awssim.Fault{Kind: awssim.ServerError, Operation: "DescribeVpnGateways"}, testRegion,
			"virtual_private_gateway", inventory.StatusError, 4, 3, 0, "code Unavailable"},
		{"a 5xx burst is retried", awssim.Fault{Kind: awssim.ServerError, Operation: "DescribeVpcs", Times: 2}, testRegion,
			"vpc", inventory.StatusOK, 3, 2, 0, ""},
		{"a throttle burst is retried", awssim.Fault{Kind: awssim.Throttle, Operation: "DescribeVpnConnections", Times: 3}, testRegion,
			"vpn_connection", inventory.StatusOK, 4, 3, 3, ""},
		// The account cannot be asked which regions it enabled (a role
		// without ec2:DescribeRegions): the unit scans, and the services'
		// own answers say the region is disabled (optin_test.go has the
		// unit that asks and makes no call).
		{"opt-in region not enabled, regions unreadable", awssim.Fault{Kind: awssim.Deny, Account: account, Operation: "DescribeRegions"}, "me-south-1",
			"vpc", inventory.StatusRegionDisabled, 1, 0, 0, "AuthFailure"},
		{"unknown credentials in a default region", awssim.Fault{Kind: awssim.RegionDisabled, Operation: "DescribeVpcs"}, testRegion,
			"vpc", inventory.StatusError, 1, 0, 0, "AuthFailure"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := awssim.New(estate, awssim.Options{})
			sim.Inject(tc.fault)
			res := scanWith(t, testRunner(), sim, tc.region)
			cov := coverageOf(t, res, tc.service)
			if cov.Status != tc.status || cov.Calls != tc.calls || cov.Retries != tc.retries || cov.Throttles != tc.throttles {
				t.Fatalf("got %s calls=%d retries=%d throttles=%d, want %s %d %d %d (%s)",
					cov.Status, cov.Calls, cov.Retries, cov.Throttles, tc.status, tc.calls, tc.retries, tc.throttles, cov.Details)
			}
			if tc.status == inventory.StatusThrottled && !strings.Contains(cov.Details, "gave up after 4 attempts") {
				t.Errorf("details %q do not say the retries ran out", cov.Details)
			}
			if tc.status == inventory.StatusAccessDenied && !strings.Contains(cov.Details, "IAM action ec2:DescribeSubnets") {
				t.Errorf("details %q do not name the missing permission", cov.Details)
			}
			if !strings.Contains(cov.Details, tc.detail) {
				t.Errorf("details %q do not mention %q", cov.Details, tc.detail)
			}
			if tc.status != inventory.StatusOK && !strings.Contains(cov.Details, ".go:") {
				t.Errorf("details %q do not say where it happened", cov.Details)
			}
			if tc.status == inventory.StatusRegionDisabled {
				return // every service of the region fails alike
			}
			// Every other service completed with all its resources.
			r := estate.Accounts[0].Region(tc.region)
			for _, c := range res.Coverage {
				exp, ok := expectations[c.Service]
				if c.Service == tc.service || !ok {
					continue
				}
				if c.Status != inventory.StatusOK || c.Resources != exp.records(estate.Accounts[0], r) {
					t.Errorf("%s: %s with %d resources, want ok with %d", c.Service, c.Status, c.Resources, exp.records(estate.Accounts[0], r))
				}
			}
		})
	}
}

// memStore is a blob store in memory.
type memStore struct {
	mu    sync.Mutex
	blobs map[string][]byte
}

func (m *memStore) Put(_ context.Context, key string, body io.Reader, _ string) error {
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.blobs[key] = b
	return nil
}

// A retried unit overwrites its result at the same key: never a duplicate.
func TestRetriedUnitWritesTheSameKey(t *testing.T) {
	sim := awssim.New(testEstate(), awssim.Options{})
	store := &memStore{blobs: map[string][]byte{}}
	r := testRunner()
	r.Store = store
	account := sim.Estate().Accounts[0].ID
	unit := inventory.Unit{TaskID: "T1", CredentialID: "C1", AccountID: account, Region: testRegion}
	var results []*inventory.Result
	for range 2 {
		sum, err := r.Run(context.Background(), unit, sim.Config(account, testRegion))
		if err != nil {
			t.Fatal(err)
		}
		if sum.ResultKey != "tasks/T1/units/C1/"+account+"/"+testRegion+".json.gz" || sum.Resources == 0 {
			t.Fatalf("summary %+v", sum)
		}
		if len(store.blobs) != 1 {
			t.Fatalf("%d blobs after a retry, want 1", len(store.blobs))
		}
		res, err := inventory.Decode(bytes.NewReader(store.blobs[sum.ResultKey]))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Records) != sum.Resources {
			t.Fatalf("summary says %d resources, the result holds %d", sum.Resources, len(res.Records))
		}
		results = append(results, res)
	}
	if !slices.EqualFunc(results[0].Records, results[1].Records, func(a, b inventory.Record) bool { return a.ID == b.ID && a.Columns["Name"] == b.Columns["Name"] }) {
		t.Fatal("the retried unit wrote different records")
	}
}

type failingCreds struct{ calls int }

func (f *failingCreds) Retrieve(context.Context) (aws.Credentials, error) {
	f.calls++
	return aws.Credentials{}, errors.New("sts: AssumeRole denied")
}

// Credentials are resolved once per unit: a failure is one clear error on
// every service, not one AssumeRole per service.
func TestCredentialsFailureFailsEveryServiceOnce(t *testing.T) {
	creds := &failingCreds{}
	res := testRunner().Scan(context.Background(), inventory.Unit{AccountID: "111122223333", Region: testRegion},
		aws.Config{Region: testRegion, Credentials: creds})
	if creds.calls != 1 {
		t.Errorf("credentials retrieved %d times, want 1", creds.calls)
	}
	for _, c := range res.Coverage {
		if c.Status != inventory.StatusError || !strings.Contains(c.Error, "resolve credentials") {
			t.Errorf("%s: %s %q", c.Service, c.Status, c.Error)
		}
	}
}

func TestScannerPanicBecomesAnError(t *testing.T) {
	_, err := runScanner(context.Background(), func(context.Context, *session) ([]inventory.Record, error) {
		panic("boom")
	}, &session{})
	if err == nil || !strings.Contains(err.Error(), "boom") || !strings.Contains(err.Error(), "runner_test.go") {
		t.Fatalf("err = %v, want the panic with its stack", err)
	}
}

// The scanner role's policy is made from ReadActions: every call the
// scanners make must be in it, and nothing in it may be unused.
func TestReadActionsCoverEveryCall(t *testing.T) {
	sim := awssim.New(testEstate(), awssim.Options{PageSize: 2})
	// af-south-1: an opt-in region the account has not enabled, which the
	// unit asks about (ec2:DescribeRegions) and then leaves alone.
	for _, region := range []string{spec.GlobalUnit, testRegion, "af-south-1"} {
		scanWith(t, testRunner(), sim, region)
	}
	actions := spec.ReadActions()
	used := map[string]bool{}
	for _, c := range sim.Calls() {
		a := iamAction(c.Service, c.Operation)
		used[a] = true
		if !slices.Contains(actions, a) {
			t.Errorf("scanners call %s, which ReadActions lacks", a)
		}
	}
	for _, a := range actions {
		if !used[a] {
			t.Errorf("ReadActions lists %s, which no scanner called", a)
		}
		if !strings.Contains(a, ":Describe") && !strings.Contains(a, ":List") && !strings.Contains(a, ":Get") {
			t.Errorf("%s is not a read action", a)
		}
	}
}

// The runner scans at most Concurrency services of a unit at once.
func TestServiceConcurrencyIsBounded(t *testing.T) {
	oneCall := []string{"vpc", "subnet", "route_table", "internet_gateway", "nat_gateway", "vpc_endpoint",
		"vpc_peering", "customer_gateway", "virtual_private_gateway", "vpn_connection", "elastic_ip"}
	const latency = 30 * time.Millisecond
	for _, tc := range []struct{ concurrency, wantMax int }{{2, 2}, {0, DefaultConcurrency}} {
		sim := awssim.New(testEstate(), awssim.Options{Latency: awssim.Fixed(latency)})
		r := testRunner()
		r.Concurrency = tc.concurrency
		scanWith(t, r, sim, testRegion, oneCall...)
		calls := sim.Calls()
		peak := 0
		for _, c := range calls {
			inFlight := 0
			for _, d := range calls {
				if !d.Time.After(c.Time) && d.Time.Add(latency).After(c.Time) {
					inFlight++
				}
			}
			peak = max(peak, inFlight)
		}
		if len(calls) != len(oneCall) || peak > tc.wantMax || peak < min(tc.wantMax, 2) {
			t.Errorf("concurrency %d: %d calls, peak %d in flight; want at most %d", tc.concurrency, len(calls), peak, tc.wantMax)
		}
	}
}
