package scanner

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

func init() {
	register("waf", scanWAF)
}

// wafPageSize is the most WAFv2's list calls return per page.
const wafPageSize = 100

// regionalResourceTypes are the resource types a REGIONAL web ACL may
// protect, each asked of ListResourcesForWebACL on its own (it answers one
// type per call, load balancers when none is named). Amplify apps are
// left out: their web ACLs are of CLOUDFRONT scope.
var regionalResourceTypes = []waftypes.ResourceType{
	waftypes.ResourceTypeApplicationLoadBalancer, waftypes.ResourceTypeApiGateway, waftypes.ResourceTypeAppsync,
	waftypes.ResourceTypeCognitioUserPool, waftypes.ResourceTypeAppRunnerService, waftypes.ResourceTypeVerifiedAccessInstance,
}

// everywhere are the regional resource types every region has; WAF may
// refuse the others (WAFInvalidParameterException) in a region without
// their service, which then protects none of them there.
var everywhere = []waftypes.ResourceType{waftypes.ResourceTypeApplicationLoadBalancer, waftypes.ResourceTypeApiGateway}

// resourceKinds name the protected resources' types in the column.
var resourceKinds = map[waftypes.ResourceType]string{
	waftypes.ResourceTypeApplicationLoadBalancer: "load balancer",
	waftypes.ResourceTypeApiGateway:              "API Gateway stage",
	waftypes.ResourceTypeAppsync:                 "AppSync API",
	waftypes.ResourceTypeCognitioUserPool:        "Cognito user pool",
	waftypes.ResourceTypeAppRunnerService:        "App Runner service",
	waftypes.ResourceTypeVerifiedAccessInstance:  "Verified Access instance",
}

// webACLDetail is what the detail calls of one web ACL tell; each may be
// unreadable on its own.
type webACLDetail struct {
	rules     maybe[int]
	protected maybe[[]string] // "EDFDVBD6EXAMPLE (www.example.com)", "prod-web-1 (load balancer)"
	tags      maybe[map[string]string]
}

// scanWAF: one row per WAFv2 web ACL of the unit's scope: CLOUDFRONT in
// the global unit (called in us-east-1), REGIONAL in a regional unit. The
// rule count comes from GetWebACL. The associated resources of a REGIONAL
// web ACL are what ListResourcesForWebACL names for each regional resource
// type; WAF does not serve CloudFront there, so those of a CLOUDFRONT one
// are the distributions CloudFront lists for it (ListDistributionsByWebACLId
// with its ARN). A detail that cannot be read leaves the web ACL listed,
// its cell saying why (partial).
func scanWAF(ctx context.Context, s *session) ([]inventory.Record, error) {
	scope := waftypes.ScopeRegional
	if s.region == spec.GlobalUnit {
		scope = waftypes.ScopeCloudfront
	}
	client := wafv2.NewFromConfig(s.cfg)
	var acls []waftypes.WebACLSummary
	err := eachToken(ctx, "list web ACLs", func(ctx context.Context, token *string) (*string, error) {
		out, err := client.ListWebACLs(ctx, &wafv2.ListWebACLsInput{
			Scope: scope, Limit: aws.Int32(wafPageSize), NextMarker: token,
		})
		if err != nil {
			return nil, err
		}
		acls = append(acls, out.WebACLs...)
		return out.NextMarker, nil
	})
	if err != nil {
		return nil, err
	}
	details, err := detailEach(ctx, s, acls, func(ctx context.Context, a waftypes.WebACLSummary) (webACLDetail, error) {
		return describeWebACL(ctx, s, client, scope, a)
	})
	if err != nil {
		return nil, err
	}
	recs := make([]inventory.Record, 0, len(acls))
	for i, a := range acls {
		name, d := aws.ToString(a.Name), details[i].val
		recs = append(recs, s.record(aws.ToString(a.Id), aws.ToString(a.ARN), name, d.tags.val, columns{
			"WebACL Name":          name,
			"Scope":                string(scope),
			"Rules Count":          d.rules.or(strconv.Itoa),
			"Associated Resources": d.protected.or(list),
		}))
	}
	return recs, nil
}

// describeWebACL reads a web ACL's rules, the resources it protects and
// its tags.
func describeWebACL(ctx context.Context, s *session, client *wafv2.Client, scope waftypes.Scope, a waftypes.WebACLSummary) (webACLDetail, error) {
	var d webACLDetail
	var err error
	d.rules, err = read(ctx, s, func(ctx context.Context) (int, error) {
		out, err := client.GetWebACL(ctx, &wafv2.GetWebACLInput{Name: a.Name, Id: a.Id, Scope: scope})
		if err != nil {
			return 0, fail(err, "read web ACL "+aws.ToString(a.Name))
		}
		if out.WebACL == nil {
			return 0, nil
		}
		return len(out.WebACL.Rules), nil
	})
	if err != nil {
		return d, err
	}
	d.protected, err = read(ctx, s, func(ctx context.Context) ([]string, error) {
		if scope == waftypes.ScopeCloudfront {
			return protectedDistributions(ctx, cloudfront.NewFromConfig(s.cfg), a)
		}
		return protectedRegional(ctx, client, a)
	})
	if err != nil {
		return d, err
	}
	d.tags, err = read(ctx, s, func(ctx context.Context) (map[string]string, error) {
		var all []waftypes.Tag // WAF pages a resource's tags
		err := eachToken(ctx, "list tags of web ACL "+aws.ToString(a.Name), func(ctx context.Context, token *string) (*string, error) {
			out, err := client.ListTagsForResource(ctx, &wafv2.ListTagsForResourceInput{ResourceARN: a.ARN, NextMarker: token, Limit: aws.Int32(wafPageSize)})
			if err != nil {
				return nil, err
			}
			if out.TagInfoForResource != nil {
				all = append(all, out.TagInfoForResource.TagList...)
			}
			return out.NextMarker, nil
		})
		return tagsOf(all, func(t waftypes.Tag) (*string, *string) { return t.Key, t.Value }), err
	})
	return d, err
}

// protectedDistributions are the distributions a CLOUDFRONT web ACL
// protects: "EDFDVBD6EXAMPLE (www.example.com)".
func protectedDistributions(ctx context.Context, cf *cloudfront.Client, a waftypes.WebACLSummary) ([]string, error) {
	var protected []string
	err := eachToken(ctx, "list distributions of web ACL "+aws.ToString(a.Name), func(ctx context.Context, token *string) (*string, error) {
		out, err := cf.ListDistributionsByWebACLId(ctx, &cloudfront.ListDistributionsByWebACLIdInput{
			WebACLId: a.ARN, Marker: token, MaxItems: aws.Int32(cloudFrontPageSize),
		})
		if err != nil || out.DistributionList == nil {
			return nil, err
		}
		for _, dist := range out.DistributionList.Items {
			label := aws.ToString(dist.DomainName)
			if aliases := distributionAliases(dist); len(aliases) > 0 {
				label = aliases[0]
			}
			protected = append(protected, withDetail(aws.ToString(dist.Id), label))
		}
		if !aws.ToBool(out.DistributionList.IsTruncated) {
			return nil, nil
		}
		return out.DistributionList.NextMarker, nil
	})
	return protected, err
}

// protectedRegional are the resources a REGIONAL web ACL protects, type
// by type: "prod-web-1 (load balancer)", "a1b2c3d4e5/prod (API Gateway
// stage)". ListResourcesForWebACL does not page.
func protectedRegional(ctx context.Context, client *wafv2.Client, a waftypes.WebACLSummary) ([]string, error) {
	var protected []string
	for _, t := range regionalResourceTypes {
		out, err := client.ListResourcesForWebACL(ctx, &wafv2.ListResourcesForWebACLInput{WebACLArn: a.ARN, ResourceType: t})
		if errorCode(err) == "WAFInvalidParameterException" && !slices.Contains(everywhere, t) {
			continue // a type this region's WAF does not serve
		}
		if err != nil {
			return nil, fail(err, "list "+resourceKinds[t]+"s of web ACL "+aws.ToString(a.Name))
		}
		for _, arn := range out.ResourceArns {
			protected = append(protected, withDetail(protectedName(t, arn), resourceKinds[t]))
		}
	}
	return protected, nil
}

// protectedName is a protected resource's name in its ARN: a load
// balancer's name, an API stage's "<api id>/<stage>", else the resource
// part after its type ("userpool/eu-west-1_AbC" is "eu-west-1_AbC").
func protectedName(t waftypes.ResourceType, arn string) string {
	switch t {
	case waftypes.ResourceTypeApplicationLoadBalancer:
		return elbNameFromARN(arn)
	case waftypes.ResourceTypeApiGateway:
		if _, res, ok := strings.Cut(arn, "/restapis/"); ok {
			api, stage, _ := strings.Cut(res, "/stages/")
			return api + "/" + stage
		}
	}
	if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 {
		if _, name, ok := strings.Cut(parts[5], "/"); ok {
			return name
		}
		return parts[5]
	}
	return arn
}
