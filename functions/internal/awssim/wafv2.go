package awssim

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
)

// WAFv2 web ACLs of CLOUDFRONT scope, which AWS serves only from
// us-east-1; the estate has no REGIONAL ones. Lists page with NextMarker
// and Limit (1 to 100).
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
		for _, w := range r.Account.Global.WebACLs {
			if aws.ToString(w.ACL.ARN) == arn && r.RegionName == "us-east-1" {
				tags := tagList(r.Account.Global.TagsByARN[arn], func(k, v *string) waftypes.Tag { return waftypes.Tag{Key: k, Value: v} })
				tags, next, err := page(r, tags, in.NextMarker, limitOf(in.Limit, 100))
				return &wafv2.ListTagsForResourceOutput{
					TagInfoForResource: &waftypes.TagInfoForResource{ResourceARN: in.ResourceARN, TagList: tags}, NextMarker: next,
				}, err
			}
		}
		return nil, APIError(400, "WAFNonexistentItemException", "AWS WAF couldn't perform the operation because your resource doesn't exist.")
	})
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
		return nil, nil
	}
	return nil, APIError(400, "WAFInvalidParameterException", "Scope must be CLOUDFRONT or REGIONAL, not %q.", scope)
}
