package awssim

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
)

// WAFv2 web ACLs: CLOUDFRONT scope, which AWS serves only from us-east-1,
// and REGIONAL scope, each region its own. Lists page with NextMarker and
// Limit (1 to 100). ListResourcesForWebACL answers a REGIONAL web ACL's
// resources of one type (load balancers when none is named) and does not
// page; CloudFront's are ListDistributionsByWebACLId's.
func init() {
	handle("WAFV2", "ListWebACLs", func(r *Request, in *wafv2.ListWebACLsInput) (*wafv2.ListWebACLsOutput, error) {
		acls, err := webACLs(r, in.Scope)
		if err != nil {
			return nil, err
		}
		limit := limitOf(in.Limit, 100)
		if limit > 100 {
			return nil, APIError(400, "WAFInvalidParameterException", "Limit must be at most 100")
		}
		summaries := make([]waftypes.WebACLSummary, 0, len(acls))
		for _, w := range acls {
			summaries = append(summaries, waftypes.WebACLSummary{
				Name: w.ACL.Name, Id: w.ACL.Id, ARN: w.ACL.ARN, Description: w.ACL.Description, LockToken: aws.String(w.LockToken),
			})
		}
		items, next, err := page(r, summaries, in.NextMarker, limit)
		return &wafv2.ListWebACLsOutput{WebACLs: items, NextMarker: next}, err
	})
	handle("WAFV2", "GetWebACL", func(r *Request, in *wafv2.GetWebACLInput) (*wafv2.GetWebACLOutput, error) {
		acls, err := webACLs(r, in.Scope)
		if err != nil {
			return nil, err
		}
		for _, w := range acls {
			if (in.ARN != nil && aws.ToString(in.ARN) == aws.ToString(w.ACL.ARN)) ||
				(aws.ToString(in.Id) == aws.ToString(w.ACL.Id) && aws.ToString(in.Name) == aws.ToString(w.ACL.Name)) {
				acl := w.ACL
				return &wafv2.GetWebACLOutput{WebACL: &acl, LockToken: aws.String(w.LockToken)}, nil
			}
		}
		return nil, APIError(400, "WAFNonexistentItemException", "AWS WAF couldn't perform the operation because your resource doesn't exist.")
	})
	handle("WAFV2", "ListTagsForResource", func(r *Request, in *wafv2.ListTagsForResourceInput) (*wafv2.ListTagsForResourceOutput, error) {
		arn := aws.ToString(in.ResourceARN)
		byARN := r.Region.TagsByARN
		acls := r.Region.WebACLs
		if r.RegionName == "us-east-1" {
			acls = slices.Concat(r.Account.Global.WebACLs, acls)
			byARN = r.Account.Global.TagsByARN
			if _, ok := byARN[arn]; !ok {
				byARN = r.Region.TagsByARN
			}
		}
		for _, w := range acls {
			if aws.ToString(w.ACL.ARN) == arn {
				tags := tagList(byARN[arn], func(k, v *string) waftypes.Tag { return waftypes.Tag{Key: k, Value: v} })
				tags, next, err := page(r, tags, in.NextMarker, limitOf(in.Limit, 100))
				return &wafv2.ListTagsForResourceOutput{
					TagInfoForResource: &waftypes.TagInfoForResource{ResourceARN: in.ResourceARN, TagList: tags}, NextMarker: next,
				}, err
			}
		}
		return nil, APIError(400, "WAFNonexistentItemException", "AWS WAF couldn't perform the operation because your resource doesn't exist.")
	})
	handle("WAFV2", "ListResourcesForWebACL", func(r *Request, in *wafv2.ListResourcesForWebACLInput) (*wafv2.ListResourcesForWebACLOutput, error) {
		arn := aws.ToString(in.WebACLArn)
		for _, w := range r.Account.Global.WebACLs {
			if aws.ToString(w.ACL.ARN) == arn {
				return nil, APIError(400, "WAFInvalidParameterException",
					"Error reason: The ARN isn't valid. For Amazon CloudFront, use ListDistributionsByWebACLId., field: RESOURCE_ARN")
			}
		}
		kind := in.ResourceType
		if kind == "" {
			kind = waftypes.ResourceTypeApplicationLoadBalancer
		}
		if !slices.Contains(kind.Values(), kind) {
			return nil, APIError(400, "WAFInvalidParameterException", "Error reason: The resource type %q isn't valid., field: RESOURCE_TYPE", kind)
		}
		for _, w := range r.Region.WebACLs {
			if aws.ToString(w.ACL.ARN) != arn {
				continue
			}
			arns := []string{}
			for _, res := range w.Resources {
				if resourceTypeOf(res) == kind {
					arns = append(arns, res)
				}
			}
			return &wafv2.ListResourcesForWebACLOutput{ResourceArns: arns}, nil
		}
		return nil, APIError(400, "WAFNonexistentItemException", "AWS WAF couldn't perform the operation because your resource doesn't exist.")
	})
}

// resourceTypeOf is the WAF resource type of a protected resource's ARN.
func resourceTypeOf(arn string) waftypes.ResourceType {
	switch {
	case strings.Contains(arn, ":elasticloadbalancing:") && strings.Contains(arn, ":loadbalancer/app/"):
		return waftypes.ResourceTypeApplicationLoadBalancer
	case strings.HasPrefix(arn, "arn:aws:apigateway:"):
		return waftypes.ResourceTypeApiGateway
	case strings.HasPrefix(arn, "arn:aws:appsync:"):
		return waftypes.ResourceTypeAppsync
	case strings.HasPrefix(arn, "arn:aws:cognito-idp:"):
		return waftypes.ResourceTypeCognitioUserPool
	case strings.HasPrefix(arn, "arn:aws:apprunner:"):
		return waftypes.ResourceTypeAppRunnerService
	case strings.Contains(arn, ":verified-access-instance/"):
		return waftypes.ResourceTypeVerifiedAccessInstance
	}
	return ""
}

// webACLs returns the account's web ACLs of a scope in the call's region.
func webACLs(r *Request, scope waftypes.Scope) ([]WebACL, error) {
	switch {
	case scope == waftypes.ScopeCloudfront && r.RegionName != "us-east-1":
		return nil, APIError(400, "WAFInvalidParameterException",
			"The scope CLOUDFRONT is only valid in the US East (N. Virginia) Region, us-east-1.")
	case scope == waftypes.ScopeCloudfront:
		return r.Account.Global.WebACLs, nil
	case scope == waftypes.ScopeRegional:
		return r.Region.WebACLs, nil
	}
	return nil, APIError(400, "WAFInvalidParameterException", "Scope must be CLOUDFRONT or REGIONAL, not %q.", scope)
}
