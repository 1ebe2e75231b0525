package scanner

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
)

func init() {
	for key, exp := range map[string]expectation{
		"ec2":          {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.Instances) }, paged: []string{"EC2/DescribeInstances", "EC2/DescribeVolumes"}},
		"elastic_ip":   {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.Addresses) }},
		"autoscaling":  {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.AutoScalingGroups) }, paged: []string{"Auto Scaling/DescribeAutoScalingGroups"}},
		"elb":          {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.LoadBalancers) }, paged: []string{"Elastic Load Balancing v2/DescribeLoadBalancers"}},
		"target_group": {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.TargetGroups) }, paged: []string{"Elastic Load Balancing v2/DescribeTargetGroups"}},
		"eks":          {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.EKSClusters) }, paged: []string{"EKS/ListClusters"}},
		"lambda":       {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.Functions) }, paged: []string{"Lambda/ListFunctions"}},
	} {
		expectations[key] = exp
	}
}
