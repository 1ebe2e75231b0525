package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("eks", scanEKS) }

// scanEKS lists cluster names, then describes each (concurrently, within
// the session's bound), keeping the listing order. A cluster that cannot
// be described is still listed, by name, its other columns saying why
// (partial).
func scanEKS(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := eks.NewFromConfig(s.cfg)
	var names []string
	p := eks.NewListClustersPaginator(client, &eks.ListClustersInput{MaxResults: aws.Int32(100)})
	if err := eachPage(ctx, "list EKS clusters", p.HasMorePages, p.NextPage, func(out *eks.ListClustersOutput) {
		names = append(names, out.Clusters...)
	}); err != nil {
		return nil, err
	}
	clusters, err := detailEach(ctx, s, names, func(ctx context.Context, name string) (*ekstypes.Cluster, error) {
		out, err := client.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: aws.String(name)})
		if err != nil {
			return nil, fail(err, "describe EKS cluster "+name)
		}
		return out.Cluster, nil
	})
	if err != nil {
		return nil, err
	}
	recs := make([]inventory.Record, len(names))
	for i, name := range names {
		c := clusters[i].val
		if lost := clusters[i].lost; lost != "" || c == nil {
			arn := s.arn("eks", "cluster/"+name)
			recs[i] = s.record(arn, arn, name, nil, columns{
				"Cluster Name": name, "Version": lost, "Status": lost, "Endpoint": lost, "VPC ID": lost,
			})
			continue
		}
		var net inventory.Net
		if c.ResourcesVpcConfig != nil {
			net = inventory.Net{VPC: aws.ToString(c.ResourcesVpcConfig.VpcId), Subnets: c.ResourcesVpcConfig.SubnetIds}
		}
		rec := s.record(aws.ToString(c.Arn), aws.ToString(c.Arn), name, c.Tags, columns{
			"Cluster Name": name, "Version": aws.ToString(c.Version), "Status": string(c.Status),
			"Endpoint": aws.ToString(c.Endpoint), "VPC ID": net.VPC,
		})
		rec.Net = placed(net)
		recs[i] = rec
	}
	return recs, nil
}
