package scanner

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("eks", scanEKS) }

// scanEKS lists cluster names, then describes each (concurrently, within
// the session's bound), keeping the listing order.
func scanEKS(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := eks.NewFromConfig(s.cfg)
	var names []string
	p := eks.NewListClustersPaginator(client, &eks.ListClustersInput{MaxResults: aws.Int32(100)})
	if err := eachPage(ctx, "list EKS clusters", p.HasMorePages, p.NextPage, func(out *eks.ListClustersOutput) {
		names = append(names, out.Clusters...)
	}); err != nil {
		return nil, err
	}
	recs := make([]inventory.Record, len(names))
	idx := make(map[string]int, len(names))
	for i, n := range names {
		idx[n] = i
	}
	var mu sync.Mutex
	err := forEach(ctx, s, names, func(ctx context.Context, name string) error {
		out, err := client.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: aws.String(name)})
		if err != nil {
			return fail(err, "describe EKS cluster "+name)
		}
		c := out.Cluster
		var net inventory.Net
		if c.ResourcesVpcConfig != nil {
			net = inventory.Net{VPC: aws.ToString(c.ResourcesVpcConfig.VpcId), Subnets: c.ResourcesVpcConfig.SubnetIds}
		}
		rec := s.record(aws.ToString(c.Arn), aws.ToString(c.Arn), name, c.Tags, columns{
			"Cluster Name": name, "Version": aws.ToString(c.Version), "Status": string(c.Status),
			"Endpoint": aws.ToString(c.Endpoint), "VPC ID": net.VPC,
		})
		rec.Net = placed(net)
		mu.Lock()
		recs[idx[name]] = rec
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return recs, nil
}
