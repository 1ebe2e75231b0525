package scanner

import (
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

func init() {
	expectations["waf"] = expectation{
		// The global unit's CLOUDFRONT web ACLs, or a region's REGIONAL ones.
		records: func(a *awssim.Account, r *awssim.Region) int {
			if r == nil {
				return len(a.Global.WebACLs)
			}
			return len(r.WebACLs)
		},
		paged: []string{"WAFV2/ListWebACLs"},
	}
}

// CLOUDFRONT web ACLs, in the global unit: their distributions, and every
// call in us-east-1.
func TestWAFValues(t *testing.T) {
	estate := testEstate()
	sim := awssim.New(estate, awssim.Options{PageSize: 2})
	res := scanWith(t, testRunner(), sim, spec.GlobalUnit, "waf")
	recs := recordsOf(res, "waf")
	g := estate.Accounts[0].Global
	var cases []columnCase
	for _, w := range g.WebACLs {
		id := aws.ToString(w.ACL.Id)
		var protected []string
		for _, d := range g.Distributions {
			if aws.ToString(d.WebACLId) == aws.ToString(w.ACL.ARN) {
				label := aws.ToString(d.DomainName)
				if len(d.Aliases.Items) > 0 {
					label = d.Aliases.Items[0]
				}
				protected = append(protected, aws.ToString(d.Id)+" ("+label+")")
			}
		}
		cases = append(cases,
			columnCase{"scope of " + id, id, "Scope", "CLOUDFRONT"},
			columnCase{"rules of " + id, id, "Rules Count", strconv.Itoa(len(w.ACL.Rules))},
			columnCase{"distributions of " + id, id, "Associated Resources", dash(strings.Join(protected, ", "))},
		)
	}
	checkColumns(t, recs, cases)
	if len(recs) != len(g.WebACLs) {
		t.Errorf("%d web ACLs, want the %d CLOUDFRONT ones", len(recs), len(g.WebACLs))
	}
	for _, rec := range recs {
		if rec.Region != spec.GlobalUnit {
			t.Errorf("CLOUDFRONT web ACL %s recorded in %s, want the global unit", rec.ID, rec.Region)
		}
	}
	// WAFv2 pages with NextMarker: with two ACLs a page, three or more
	// take a second call.
	if n := len(g.WebACLs); n > 2 && sim.CallCount("WAFV2", "ListWebACLs") < 2 {
		t.Errorf("%d web ACLs listed in one call of two per page", n)
	}
	for _, c := range sim.Calls() {
		if c.Region != "us-east-1" {
			t.Errorf("%s %s called in %s: CLOUDFRONT scope lives in us-east-1", c.Service, c.Operation, c.Region)
		}
		if c.Operation == "ListResourcesForWebACL" {
			t.Errorf("ListResourcesForWebACL asked for a CLOUDFRONT web ACL; CloudFront's own call names them")
		}
	}
}

// REGIONAL web ACLs, in every regional unit: the resources WAF names for
// each type (load balancers by name, API stages as <api>/<stage>, user
// pools by id), the records carrying their region, every call in it.
func TestWAFRegional(t *testing.T) {
	estate := testEstate()
	a := estate.Accounts[0]
	for _, region := range testRegions {
		t.Run(region, func(t *testing.T) {
			r := a.Region(region)
			sim := awssim.New(estate, awssim.Options{PageSize: 2})
			res := scanWith(t, testRunner(), sim, region, "waf")
			recs := recordsOf(res, "waf")
			if len(recs) != len(r.WebACLs) || len(recs) == 0 {
				t.Fatalf("%d web ACLs, want %d", len(recs), len(r.WebACLs))
			}
			names := map[string]string{} // load balancer ARN -> name
			for _, lb := range r.LoadBalancers {
				names[aws.ToString(lb.LoadBalancerArn)] = aws.ToString(lb.LoadBalancerName)
			}
			var cases []columnCase
			protectsLB, protectsAPI := false, false
			for _, w := range r.WebACLs {
				id := aws.ToString(w.ACL.Id)
				var lbs, apis, pools []string
				for _, arn := range w.Resources {
					switch {
					case names[arn] != "":
						lbs = append(lbs, names[arn]+" (load balancer)")
					case strings.HasPrefix(arn, "arn:aws:apigateway:"):
						_, path, _ := strings.Cut(arn, "/restapis/")
						apis = append(apis, strings.Replace(path, "/stages/", "/", 1)+" (API Gateway stage)")
					case strings.Contains(arn, ":userpool/"):
						pools = append(pools, arn[strings.LastIndex(arn, "/")+1:]+" (Cognito user pool)")
					default:
						t.Fatalf("the estate protects %s, which the test does not know", arn)
					}
				}
				protectsLB, protectsAPI = protectsLB || len(lbs) > 0, protectsAPI || len(apis) > 0
				want := strings.Join(append(append(lbs, apis...), pools...), ", ")
				cases = append(cases,
					columnCase{"scope of " + id, id, "Scope", "REGIONAL"},
					columnCase{"rules of " + id, id, "Rules Count", strconv.Itoa(len(w.ACL.Rules))},
					columnCase{"resources of " + id, id, "Associated Resources", dash(want)},
				)
			}
			if !protectsLB || !protectsAPI {
				t.Fatal("the test estate protects no load balancer or no API stage: the test proves little")
			}
			checkColumns(t, recs, cases)
			for _, rec := range recs {
				if rec.Region != region || !strings.Contains(rec.ARN, ":"+region+":") || rec.Tags["Name"] != rec.Name {
					t.Errorf("record %s: region %s, ARN %s, tags %v", rec.ID, rec.Region, rec.ARN, rec.Tags)
				}
			}
			for _, c := range sim.Calls() {
				if c.Region != region || c.Service != "WAFV2" {
					t.Errorf("%s %s called in %s", c.Service, c.Operation, c.Region)
				}
			}
			if n, want := sim.CallCount("WAFV2", "ListResourcesForWebACL"), len(r.WebACLs)*len(regionalResourceTypes); n != want {
				t.Errorf("%d ListResourcesForWebACL calls, want one per web ACL and resource type (%d)", n, want)
			}
		})
	}
}

func TestProtectedName(t *testing.T) {
	for _, tc := range []struct{ kind, arn, want string }{
		{"APPLICATION_LOAD_BALANCER", "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/prod-web/50dc6c495c0c9188", "prod-web"},
		{"API_GATEWAY", "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod", "a1b2c3d4e5/prod"},
		{"APPSYNC", "arn:aws:appsync:eu-west-1:111122223333:apis/abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz"},
		{"COGNITO_USER_POOL", "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_AbCdEfGhI", "eu-west-1_AbCdEfGhI"},
		{"APP_RUNNER_SERVICE", "arn:aws:apprunner:eu-west-1:111122223333:service/api/8fe1e10304f84fd2b0df550fe98a71fa", "api/8fe1e10304f84fd2b0df550fe98a71fa"},
		{"VERIFIED_ACCESS_INSTANCE", "arn:aws:ec2:eu-west-1:111122223333:verified-access-instance/vai-0ce000c0b7643abea", "vai-0ce000c0b7643abea"},
	} {
		if got := protectedName(waftypes.ResourceType(tc.kind), tc.arn); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.kind, tc.arn, got, tc.want)
		}
	}
}
