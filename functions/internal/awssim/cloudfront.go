package awssim

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
)

// CloudFront is global: every call lists the account's distributions,
// whatever region the client names. Pages carry at most 100 items, with
// IsTruncated and NextMarker as CloudFront's REST API answers them.
func init() {
	handle("CloudFront", "ListDistributions", func(r *Request, in *cloudfront.ListDistributionsInput) (*cloudfront.ListDistributionsOutput, error) {
		list, err := distributionList(r, r.Account.Global.Distributions, in.Marker, in.MaxItems)
		return &cloudfront.ListDistributionsOutput{DistributionList: list}, err
	})
	handle("CloudFront", "ListDistributionsByWebACLId", func(r *Request, in *cloudfront.ListDistributionsByWebACLIdInput) (*cloudfront.ListDistributionsByWebACLIdOutput, error) {
		id := aws.ToString(in.WebACLId)
		known := false
		for _, w := range r.Account.Global.WebACLs {
			known = known || aws.ToString(w.ACL.ARN) == id
		}
		if !known {
			return nil, APIError(400, "InvalidWebACLId", "Web ACL %s is not valid or does not exist.", id)
		}
		var matching []cftypes.DistributionSummary
		for _, d := range r.Account.Global.Distributions {
			if aws.ToString(d.WebACLId) == id {
				matching = append(matching, d)
			}
		}
		list, err := distributionList(r, matching, in.Marker, in.MaxItems)
		return &cloudfront.ListDistributionsByWebACLIdOutput{DistributionList: list}, err
	})
	handle("CloudFront", "ListTagsForResource", func(r *Request, in *cloudfront.ListTagsForResourceInput) (*cloudfront.ListTagsForResourceOutput, error) {
		arn := aws.ToString(in.Resource)
		for _, d := range r.Account.Global.Distributions {
			if aws.ToString(d.ARN) == arn {
				return &cloudfront.ListTagsForResourceOutput{Tags: &cftypes.Tags{Items: tagList(r.Account.Global.TagsByARN[arn],
					func(k, v *string) cftypes.Tag { return cftypes.Tag{Key: k, Value: v} })}}, nil
			}
		}
		return nil, APIError(404, "NoSuchResource", "The specified distribution does not exist: %s", arn)
	})
}

// distributionList pages distributions as CloudFront's list calls do.
func distributionList(r *Request, items []cftypes.DistributionSummary, marker *string, maxItems *int32) (*cftypes.DistributionList, error) {
	limit := limitOf(maxItems, 100)
	if limit > 100 {
		return nil, APIError(400, "InvalidArgument", "MaxItems must be at most 100")
	}
	page, next, err := page(r, items, marker, limit)
	if err != nil {
		return nil, err
	}
	return &cftypes.DistributionList{
		Items: page, Quantity: aws.Int32(int32(len(page))), MaxItems: aws.Int32(int32(limit)),
		Marker: aws.String(aws.ToString(marker)), IsTruncated: aws.Bool(next != nil), NextMarker: next,
	}, nil
}
