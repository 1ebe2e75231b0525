package awssim

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
)

// EKS lists cluster names (100 per page by default) and describes one
// cluster per call.
func init() {
	handle("EKS", "ListClusters", func(r *Request, in *eks.ListClustersInput) (*eks.ListClustersOutput, error) {
		names := make([]string, len(r.Region.EKSClusters))
		for i, c := range r.Region.EKSClusters {
			names[i] = aws.ToString(c.Name)
		}
		items, next, err := page(r, names, in.NextToken, limitOf(in.MaxResults, 100))
		return &eks.ListClustersOutput{Clusters: items, NextToken: next}, err
	})
	handle("EKS", "DescribeCluster", func(r *Request, in *eks.DescribeClusterInput) (*eks.DescribeClusterOutput, error) {
		for _, c := range r.Region.EKSClusters {
			if aws.ToString(c.Name) == aws.ToString(in.Name) {
				return &eks.DescribeClusterOutput{Cluster: &c}, nil
			}
		}
		return nil, &ekstypes.ResourceNotFoundException{Message: aws.String("No cluster found for name: " + aws.ToString(in.Name) + ".")}
	})
}
