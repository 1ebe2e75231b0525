package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("vpc_endpoint", scanVPCEndpoints) }

func scanVPCEndpoints(ctx context.Context, s *session) ([]inventory.Record, error) {
	var recs []inventory.Record
	p := ec2.NewDescribeVpcEndpointsPaginator(ec2.NewFromConfig(s.cfg), &ec2.DescribeVpcEndpointsInput{MaxResults: aws.Int32(ec2PageSize)})
	err := eachPage(ctx, "list VPC endpoints", p.HasMorePages, p.NextPage, func(out *ec2.DescribeVpcEndpointsOutput) {
		for _, v := range out.VpcEndpoints {
			id, tags := aws.ToString(v.VpcEndpointId), ec2Tags(v.Tags)
			rec := s.record(id, s.arn("ec2", "vpc-endpoint/"+id), tags["Name"], tags, columns{
				"Name": tags["Name"], "ID": id, "VPC": aws.ToString(v.VpcId),
				"Service Name": aws.ToString(v.ServiceName), "Type": string(v.VpcEndpointType),
			})
			// Interface (and Gateway Load Balancer) endpoints sit in
			// subnets; a gateway endpoint has none: the route tables
			// that use it name it as a route target instead.
			rec.Net = placed(inventory.Net{VPC: aws.ToString(v.VpcId), Subnets: v.SubnetIds})
			recs = append(recs, rec)
		}
	})
	return recs, err
}
