package awssim

import (
	"context"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// An account has the default regions, and the opt-in ones it has
// resources in (Generate) or was opted in to; DescribeRegions says which,
// and every call into a region it has not enabled answers as AWS does to
// unknown credentials.
func TestOptInRegions(t *testing.T) {
	sim := New(Generate(7, Size{Accounts: 1, Regions: []string{"eu-west-1", "me-south-1"}, Scale: 0.2}), Options{})
	a := sim.Estate().Accounts[0]
	ctx := context.Background()
	status := func(all bool, filters ...ec2types.Filter) map[string]string {
		t.Helper()
		out, err := ec2.NewFromConfig(noRetry(sim.Config(a.ID, "us-east-1"))).DescribeRegions(ctx,
			&ec2.DescribeRegionsInput{AllRegions: aws.Bool(all), Filters: filters})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, r := range out.Regions {
			m[aws.ToString(r.RegionName)] = aws.ToString(r.OptInStatus)
		}
		return m
	}
	all := status(true)
	if len(all) != len(spec.Regions()) || all["me-south-1"] != "opted-in" || all["af-south-1"] != "not-opted-in" || all["eu-west-1"] != "opt-in-not-required" {
		t.Fatalf("AllRegions: %v", all)
	}
	if enabled := status(false); len(enabled) != len(spec.Regions())-len(spec.OptInRegions())+1 || enabled["af-south-1"] != "" {
		t.Errorf("the enabled regions: %v", enabled)
	}
	if off := status(true, ec2types.Filter{Name: aws.String("opt-in-status"), Values: []string{"not-opted-in"}}); len(off) != len(spec.OptInRegions())-1 {
		t.Errorf("filtered on not-opted-in: %v", off)
	}

	vpcs := func(region string) string {
		_, err := ec2.NewFromConfig(noRetry(sim.Config(a.ID, region))).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
		return code(err)
	}
	if got := vpcs("af-south-1"); got != "AuthFailure" {
		t.Errorf("a call into a region not enabled answered %q, want AuthFailure", got)
	}
	if got := vpcs("me-south-1"); got != "" {
		t.Errorf("a call into an enabled opt-in region answered %q", got)
	}
	sim.EnableRegion(a.ID, "af-south-1")
	sim.DisableRegion(a.ID, "me-south-1")
	if vpcs("af-south-1") != "" || vpcs("me-south-1") != "AuthFailure" {
		t.Error("EnableRegion and DisableRegion did not turn the regions on and off")
	}
	if all := status(true); all["af-south-1"] != "opted-in" || all["me-south-1"] != "not-opted-in" {
		t.Errorf("after the switch: af-south-1 %s, me-south-1 %s", all["af-south-1"], all["me-south-1"])
	}
	if !slices.Equal(a.OptedIn, []string{"me-south-1"}) {
		t.Errorf("the simulator changed the estate: %v", a.OptedIn)
	}
}

// ACM answers each region's certificates (us-east-1 also CloudFront's);
// WAF answers each region's REGIONAL web ACLs and their resources by type.
func TestRegionalEdge(t *testing.T) {
	sim := New(Generate(7, Size{Accounts: 1, Regions: []string{"eu-west-1", "us-east-1"}, Scale: 1}), Options{})
	a := sim.Estate().Accounts[0]
	ctx := context.Background()
	for _, region := range []string{"eu-west-1", "us-east-1"} {
		r := a.Region(region)
		cfg := noRetry(sim.Config(a.ID, region))
		certs, err := acm.NewFromConfig(cfg).ListCertificates(ctx, &acm.ListCertificatesInput{})
		if err != nil {
			t.Fatal(err)
		}
		want := len(r.Certificates) - 1 // one ECDSA certificate the default filter hides
		if region == "us-east-1" {
			want += len(a.Global.Certificates) - 2 // CloudFront's, but their ECDSA and RSA-4096 ones
		}
		if len(r.Certificates) < 3 || len(certs.CertificateSummaryList) != want {
			t.Errorf("%s: %d certificates by default, want %d of %d", region, len(certs.CertificateSummaryList), want, len(r.Certificates))
		}

		client := wafv2.NewFromConfig(cfg)
		acls, err := client.ListWebACLs(ctx, &wafv2.ListWebACLsInput{Scope: waftypes.ScopeRegional})
		if err != nil || len(acls.WebACLs) != len(r.WebACLs) || len(r.WebACLs) == 0 {
			t.Fatalf("%s: %d regional web ACLs, want %d (%v)", region, len(acls.WebACLs), len(r.WebACLs), err)
		}
		first := r.WebACLs[0]
		lbs, err := client.ListResourcesForWebACL(ctx, &wafv2.ListResourcesForWebACLInput{WebACLArn: first.ACL.ARN})
		if err != nil || len(lbs.ResourceArns) == 0 {
			t.Fatalf("%s: load balancers of %s: %v, %v", region, aws.ToString(first.ACL.Name), lbs, err)
		}
		apis, err := client.ListResourcesForWebACL(ctx, &wafv2.ListResourcesForWebACLInput{WebACLArn: first.ACL.ARN, ResourceType: waftypes.ResourceTypeApiGateway})
		if err != nil || len(apis.ResourceArns) != 1 || len(lbs.ResourceArns)+len(apis.ResourceArns) > len(first.Resources) {
			t.Errorf("%s: API stages %v, %v", region, apis, err)
		}
		if region == "us-east-1" {
			_, err := client.ListResourcesForWebACL(ctx, &wafv2.ListResourcesForWebACLInput{WebACLArn: a.Global.WebACLs[0].ACL.ARN})
			if code(err) != "WAFInvalidParameterException" {
				t.Errorf("ListResourcesForWebACL of a CLOUDFRONT web ACL answered %v", err)
			}
		}
	}
}
