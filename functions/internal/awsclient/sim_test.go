package awsclient

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// The simulated AWS: the platform is a user of an account outside the
// estate; each estate account has the scanner role with its ExternalId.
func newSimEnv(t *testing.T) (*env, *awssim.Sim, *awssim.Account) {
	t.Helper()
	sim := awssim.New(awssim.Generate(7, awssim.Size{Accounts: 2, Regions: []string{"eu-west-1"}, Scale: 0.2}), awssim.Options{})
	e := newEnv(t)
	e.r = New(Options{Base: sim.Config(platformAccount, "us-east-1"), BaseRoles: e.bases, Secrets: e.box, Retryer: noRetry,
		Demo: sim.Config})
	return e, sim, sim.Estate().Accounts[0]
}

func simRole(a *awssim.Account) (arn, externalID string) {
	return "arn:aws:iam::" + a.ID + ":role/" + a.Roles[0].Name, a.Roles[0].ExternalID
}

func TestValidateAgainstTheSimulator(t *testing.T) {
	for _, tc := range []struct {
		name   string
		setup  func(t *testing.T, e *env, sim *awssim.Sim, a *awssim.Account) (*domain.Credential, string)
		reason domain.ValidationReason
		arn    string
	}{
		{"assume role", func(t *testing.T, e *env, sim *awssim.Sim, a *awssim.Account) (*domain.Credential, string) {
			return roleCredential(simRole(a)), ""
		}, "", "assumed-role/CloudCensusScanner/CloudCensus-validate-"},
		{"ExternalId mismatch", func(t *testing.T, e *env, sim *awssim.Sim, a *awssim.Account) (*domain.Credential, string) {
			arn, _ := simRole(a)
			return roleCredential(arn, "cc-not-the-one"), ""
		}, domain.ReasonExternalIDMismatch, ""},
		{"AccessDenied for the base principal", func(t *testing.T, e *env, sim *awssim.Sim, a *awssim.Account) (*domain.Credential, string) {
			sim.DenyService(platformAccount, "STS")
			return roleCredential(simRole(a)), ""
		}, domain.ReasonAccessDenied, ""},
		{"access key", func(t *testing.T, e *env, sim *awssim.Sim, a *awssim.Account) (*domain.Credential, string) {
			k := sim.Credentials(a.ID)
			return e.keyCredential(t, k.AccessKeyID, k.SecretAccessKey, a.ID), ""
		}, "", "arn:aws:iam::" + "%s" + ":user/cloudcensus-scanner"},
		{"unknown access key", func(t *testing.T, e *env, sim *awssim.Sim, a *awssim.Account) (*domain.Credential, string) {
			return e.keyCredential(t, "AKIANOTKNOWNBYTHESIM", targetSecret, a.ID), ""
		}, domain.ReasonInvalidKey, ""},
		{"region not enabled", func(t *testing.T, e *env, sim *awssim.Sim, a *awssim.Account) (*domain.Credential, string) {
			sim.DisableRegion(a.ID, "ap-east-1")
			k := sim.Credentials(a.ID)
			return e.keyCredential(t, k.AccessKeyID, k.SecretAccessKey, a.ID), "ap-east-1"
		}, domain.ReasonRegionDisabled, ""},
		{"demo credential", func(t *testing.T, e *env, sim *awssim.Sim, a *awssim.Account) (*domain.Credential, string) {
			c := roleCredential(simRole(a))
			c.Demo, c.ExternalID = true, "not-used-by-the-demo"
			return c, "eu-west-1"
		}, "", "arn:aws:iam::" + "%s" + ":user/cloudcensus-scanner"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, sim, a := newSimEnv(t)
			c, region := tc.setup(t, e, sim, a)
			v := e.r.Validate(context.Background(), c, region)
			if tc.reason == "" && (!v.OK || v.AccountID != a.ID) || tc.reason != "" && (v.OK || v.Reason != tc.reason) {
				t.Fatalf("validation %+v, want reason %q", v, tc.reason)
			}
			if want := strings.ReplaceAll(tc.arn, "%s", a.ID); !strings.Contains(v.ARN, want) {
				t.Fatalf("arn %q, want %q", v.ARN, want)
			}
		})
	}
}

// A task's units scan through the assumed role: the calls reach the
// target account's estate, and the role is assumed once per task.
func TestTaskConfigScansTheTargetAccount(t *testing.T) {
	ctx := context.Background()
	e, sim, a := newSimEnv(t)
	c := roleCredential(simRole(a))
	for range 2 {
		cfg, err := e.r.Config(ctx, c, "eu-west-1", ForTask("t1"))
		if err != nil {
			t.Fatal(err)
		}
		out, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Vpcs) != len(a.Regions["eu-west-1"].Vpcs) || aws.ToString(out.Vpcs[0].OwnerId) != a.ID {
			t.Fatalf("%d VPCs, want the %d of account %s", len(out.Vpcs), len(a.Regions["eu-west-1"].Vpcs), a.ID)
		}
	}
	assumes := 0
	for _, call := range sim.Calls() {
		if call.Operation == "AssumeRole" {
			assumes++
		}
	}
	if assumes != 1 {
		t.Fatalf("%d AssumeRole calls for one task, want 1", assumes)
	}
}
