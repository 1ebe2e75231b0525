package awssim

import (
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// CloudTrail: DescribeTrails answers the region's own trails and, unless
// IncludeShadowTrails is false, the account's multi-region trails of other
// regions (their shadows here). ListTags takes at most 20 ARNs of trails
// of the call's region.
func init() {
	handle("CloudTrail", "DescribeTrails", func(r *Request, in *cloudtrail.DescribeTrailsInput) (*cloudtrail.DescribeTrailsOutput, error) {
		trails := slices.Clone(r.Region.Trails)
		if in.IncludeShadowTrails == nil || *in.IncludeShadowTrails {
			for _, rn := range slices.Sorted(maps.Keys(r.Account.Regions)) {
				if rn == r.RegionName {
					continue
				}
				for _, t := range r.Account.Regions[rn].Trails {
					if aws.ToBool(t.IsMultiRegionTrail) {
						trails = append(trails, t)
					}
				}
			}
		}
		if len(in.TrailNameList) > 0 {
			trails = slices.DeleteFunc(trails, func(t cttypes.Trail) bool {
				return !slices.Contains(in.TrailNameList, aws.ToString(t.Name)) && !slices.Contains(in.TrailNameList, aws.ToString(t.TrailARN))
			})
		}
		return &cloudtrail.DescribeTrailsOutput{TrailList: trails}, nil
	})
	handle("CloudTrail", "ListTags", func(r *Request, in *cloudtrail.ListTagsInput) (*cloudtrail.ListTagsOutput, error) {
		if len(in.ResourceIdList) == 0 || len(in.ResourceIdList) > 20 {
			return nil, invalidParameter(r.Service, "ResourceIdList", len(in.ResourceIdList))
		}
		var sets []cttypes.ResourceTag
		for _, arn := range in.ResourceIdList {
			if !slices.ContainsFunc(r.Region.Trails, func(t cttypes.Trail) bool { return aws.ToString(t.TrailARN) == arn }) {
				return nil, APIError(400, "CloudTrailARNInvalidException", "%s is not a valid trail ARN in %s.", arn, r.RegionName)
			}
			sets = append(sets, cttypes.ResourceTag{ResourceId: aws.String(arn), TagsList: tagList(r.Region.TagsByARN[arn],
				func(k, v *string) cttypes.Tag { return cttypes.Tag{Key: k, Value: v} })})
		}
		items, next, err := page(r, sets, in.NextToken, 0)
		return &cloudtrail.ListTagsOutput{ResourceTagList: items, NextToken: next}, err
	})
}
