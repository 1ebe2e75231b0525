package awssim

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Elastic Load Balancing v2 pages by Marker / NextMarker, 400 at most;
// DescribeTags takes at most 20 ARNs.
func init() {
	handle("Elastic Load Balancing v2", "DescribeLoadBalancers", func(r *Request, in *elb.DescribeLoadBalancersInput) (*elb.DescribeLoadBalancersOutput, error) {
		lbs := selected(r.Region.LoadBalancers, in.LoadBalancerArns, func(v elbtypes.LoadBalancer) *string { return v.LoadBalancerArn })
		lbs = selected(lbs, in.Names, func(v elbtypes.LoadBalancer) *string { return v.LoadBalancerName })
		items, next, err := page(r, lbs, in.Marker, limitOf(in.PageSize, 400))
		return &elb.DescribeLoadBalancersOutput{LoadBalancers: items, NextMarker: next}, err
	})
	handle("Elastic Load Balancing v2", "DescribeTargetGroups", func(r *Request, in *elb.DescribeTargetGroupsInput) (*elb.DescribeTargetGroupsOutput, error) {
		tgs := selected(r.Region.TargetGroups, in.TargetGroupArns, func(v elbtypes.TargetGroup) *string { return v.TargetGroupArn })
		if lb := aws.ToString(in.LoadBalancerArn); lb != "" {
			tgs = slices.DeleteFunc(slices.Clone(tgs), func(tg elbtypes.TargetGroup) bool { return !slices.Contains(tg.LoadBalancerArns, lb) })
		}
		items, next, err := page(r, tgs, in.Marker, limitOf(in.PageSize, 400))
		return &elb.DescribeTargetGroupsOutput{TargetGroups: items, NextMarker: next}, err
	})
	handle("Elastic Load Balancing v2", "DescribeTargetHealth", func(r *Request, in *elb.DescribeTargetHealthInput) (*elb.DescribeTargetHealthOutput, error) {
		health, ok := r.Region.TargetHealth[aws.ToString(in.TargetGroupArn)]
		if !ok {
			return nil, APIError(400, "TargetGroupNotFound", "Target groups '%s' not found", aws.ToString(in.TargetGroupArn))
		}
		return &elb.DescribeTargetHealthOutput{TargetHealthDescriptions: slices.Clone(health)}, nil
	})
	handle("Elastic Load Balancing v2", "DescribeTags", func(r *Request, in *elb.DescribeTagsInput) (*elb.DescribeTagsOutput, error) {
		if len(in.ResourceArns) > 20 {
			return nil, APIError(400, "ValidationError", "Member must have length less than or equal to 20")
		}
		out := &elb.DescribeTagsOutput{}
		for _, arn := range in.ResourceArns {
			out.TagDescriptions = append(out.TagDescriptions, elbtypes.TagDescription{ResourceArn: aws.String(arn), Tags: r.Region.ELBTags[arn]})
		}
		return out, nil
	})
}
