package awssim

import (
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
)

// Auto Scaling pages by NextToken, 50 records by default, 100 at most.
func init() {
	handle("Auto Scaling", "DescribeAutoScalingGroups", func(r *Request, in *autoscaling.DescribeAutoScalingGroupsInput) (*autoscaling.DescribeAutoScalingGroupsOutput, error) {
		groups := selected(r.Region.AutoScalingGroups, in.AutoScalingGroupNames, func(v astypes.AutoScalingGroup) *string { return v.AutoScalingGroupName })
		items, next, err := page(r, groups, in.NextToken, limitOf(in.MaxRecords, 50))
		return &autoscaling.DescribeAutoScalingGroupsOutput{AutoScalingGroups: items, NextToken: next}, err
	})
	handle("Auto Scaling", "DescribePolicies", func(r *Request, in *autoscaling.DescribePoliciesInput) (*autoscaling.DescribePoliciesOutput, error) {
		policies := r.Region.ScalingPolicies
		if in.AutoScalingGroupName != nil {
			policies = selected(policies, []string{*in.AutoScalingGroupName}, func(v astypes.ScalingPolicy) *string { return v.AutoScalingGroupName })
		}
		items, next, err := page(r, policies, in.NextToken, limitOf(in.MaxRecords, 50))
		return &autoscaling.DescribePoliciesOutput{ScalingPolicies: items, NextToken: next}, err
	})
	handle("Auto Scaling", "DescribeLaunchConfigurations", func(r *Request, in *autoscaling.DescribeLaunchConfigurationsInput) (*autoscaling.DescribeLaunchConfigurationsOutput, error) {
		lcs := selected(r.Region.LaunchConfigurations, in.LaunchConfigurationNames, func(v astypes.LaunchConfiguration) *string { return v.LaunchConfigurationName })
		items, next, err := page(r, lcs, in.NextToken, limitOf(in.MaxRecords, 50))
		return &autoscaling.DescribeLaunchConfigurationsOutput{LaunchConfigurations: items, NextToken: next}, err
	})
}
