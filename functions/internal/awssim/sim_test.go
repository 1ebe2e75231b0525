package awssim

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

func testSim(o Options) *Sim {
	return New(Generate(7, Size{Accounts: 2, Regions: []string{"eu-west-1"}, Scale: 1}), o)
}

func code(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// noRetry makes a client send each call once, so tests see the sim's raw answers.
func noRetry(cfg aws.Config) aws.Config {
	cfg.Retryer = func() aws.Retryer { return aws.NopRetryer{} }
	return cfg
}

func TestGenerateIsDeterministic(t *testing.T) {
	size := Size{Accounts: 2, Regions: []string{"eu-west-1", "us-east-1"}, Scale: 1}
	a, b := Generate(1, size), Generate(1, size)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed and size generated different estates")
	}
	if c := Generate(2, size); reflect.DeepEqual(a.Accounts[0].Region("eu-west-1").Vpcs, c.Accounts[0].Region("eu-west-1").Vpcs) {
		t.Fatal("another seed generated the same VPCs")
	}
	if a.Accounts[0].ID == a.Accounts[1].ID || len(a.Accounts[0].ID) != 12 {
		t.Fatalf("account ids %s %s", a.Accounts[0].ID, a.Accounts[1].ID)
	}
	big := Generate(1, Size{Accounts: 1, Regions: []string{"eu-west-1"}, Scale: 10})
	if n, m := len(big.Accounts[0].Region("eu-west-1").SecurityGroupRules), len(a.Accounts[0].Region("eu-west-1").SecurityGroupRules); n < 5*m {
		t.Fatalf("scale 10 made %d rules, scale 1 %d", n, m)
	}
}

// STS: the caller's identity follows the access key, AssumeRole checks
// the ExternalId, and the assumed credentials act in the target account.
func TestSTSAssumeRole(t *testing.T) {
	sim := testSim(Options{})
	base, target := sim.Estate().Accounts[0], sim.Estate().Accounts[1]
	ctx := context.Background()
	cfg := noRetry(sim.Config(base.ID, "eu-west-1"))
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(id.Account) != base.ID {
		t.Fatalf("GetCallerIdentity = %v, %v", id, err)
	}
	roleARN := "arn:aws:iam::" + target.ID + ":role/" + target.Roles[0].Name
	for _, tc := range []struct {
		name, externalID, wantAccount, wantCode string
	}{
		{"right external id", target.Roles[0].ExternalID, target.ID, ""},
		{"wrong external id", "guess", "", "AccessDenied"},
		{"no external id", "", "", "AccessDenied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), roleARN, func(o *stscreds.AssumeRoleOptions) {
				if tc.externalID != "" {
					o.ExternalID = aws.String(tc.externalID)
				}
			})
			assumed := cfg.Copy()
			assumed.Credentials = aws.NewCredentialsCache(provider)
			id, err := sts.NewFromConfig(assumed).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			if tc.wantCode != "" {
				if code(err) != tc.wantCode {
					t.Fatalf("err = %v, want %s", err, tc.wantCode)
				}
				return
			}
			if err != nil || aws.ToString(id.Account) != tc.wantAccount {
				t.Fatalf("identity %v, %v; want account %s", id, err, tc.wantAccount)
			}
		})
	}
}

func TestUnknownKeyIsRefused(t *testing.T) {
	sim := testSim(Options{})
	cfg := noRetry(sim.Config(sim.Estate().Accounts[0].ID, "eu-west-1"))
	cfg.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: "AKIAUNKNOWN", SecretAccessKey: "x"}, nil
	})
	_, err := ec2.NewFromConfig(cfg).DescribeVpcs(context.Background(), &ec2.DescribeVpcsInput{})
	if code(err) != "AuthFailure" {
		t.Fatalf("err = %v, want AuthFailure", err)
	}
}

// With Limits, EC2's Describe bucket (100 burst, 20/s) throttles a burst
// past 100 calls with RequestLimitExceeded, as EC2 does.
func TestPublishedLimitsThrottle(t *testing.T) {
	sim := testSim(Options{Limits: true})
	client := ec2.NewFromConfig(noRetry(sim.Config(sim.Estate().Accounts[0].ID, "eu-west-1")))
	ok, throttled := 0, 0
	for range 130 {
		_, err := client.DescribeVpcs(context.Background(), &ec2.DescribeVpcsInput{})
		switch code(err) {
		case "":
			ok++
		case "RequestLimitExceeded":
			throttled++
		default:
			t.Fatal(err)
		}
	}
	if ok < 100 || ok > 105 || throttled == 0 {
		t.Fatalf("%d ok, %d throttled; want about 100 ok then throttling", ok, throttled)
	}
}

func TestFaultsLatencyAndCallLog(t *testing.T) {
	sim := testSim(Options{Latency: Fixed(20 * time.Millisecond)})
	account := sim.Estate().Accounts[0].ID
	sim.Burst5xx("EC2", "DescribeVpcs", 2)
	sim.DenyService(account, "Lambda")
	client := ec2.NewFromConfig(noRetry(sim.Config(account, "eu-west-1")))
	start := time.Now()
	var codes []string
	for range 3 {
		_, err := client.DescribeVpcs(context.Background(), &ec2.DescribeVpcsInput{})
		codes = append(codes, code(err))
	}
	if elapsed := time.Since(start); elapsed < 60*time.Millisecond {
		t.Errorf("3 calls took %v, want at least 3 x 20ms", elapsed)
	}
	if !reflect.DeepEqual(codes, []string{"Unavailable", "Unavailable", ""}) {
		t.Errorf("codes %v, want two 5xx then success", codes)
	}
	var outcomes []string
	for _, c := range sim.Calls() {
		if c.Account != account || c.Region != "eu-west-1" || c.Service != "EC2" || c.Operation != "DescribeVpcs" {
			t.Errorf("call logged as %+v", c)
		}
		outcomes = append(outcomes, c.Outcome)
	}
	if !reflect.DeepEqual(outcomes, []string{"Unavailable", "Unavailable", "ok"}) {
		t.Errorf("call log outcomes %v", outcomes)
	}
	if sim.CallCount("EC2", "") != 3 {
		t.Errorf("CallCount = %d", sim.CallCount("EC2", ""))
	}
}

func TestDemo(t *testing.T) {
	sim := Demo()
	if len(sim.Estate().Accounts) != 2 || len(DemoRegions()) != 3 {
		t.Fatalf("demo has %d accounts", len(sim.Estate().Accounts))
	}
	for _, a := range sim.Estate().Accounts {
		for _, r := range DemoRegions() {
			if len(a.Region(r).Vpcs) == 0 || len(a.Region(r).Instances) == 0 {
				t.Errorf("%s %s is empty", a.Name, r)
			}
		}
	}
}
