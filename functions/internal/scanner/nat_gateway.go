package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("nat_gateway", scanNATGateways) }

// scanNATGateways skips deleted gateways, which EC2 lists for an hour.
func scanNATGateways(ctx context.Context, s *session) ([]inventory.Record, error) {
	var recs []inventory.Record
	p := ec2.NewDescribeNatGatewaysPaginator(ec2.NewFromConfig(s.cfg), &ec2.DescribeNatGatewaysInput{MaxResults: aws.Int32(ec2PageSize)})
	err := eachPage(ctx, "list NAT gateways", p.HasMorePages, p.NextPage, func(out *ec2.DescribeNatGatewaysOutput) {
		for _, v := range out.NatGateways {
			if v.State == ec2types.NatGatewayStateDeleted {
				continue
			}
			id, tags := aws.ToString(v.NatGatewayId), ec2Tags(v.Tags)
			var public, private []string
			for _, a := range v.NatGatewayAddresses {
				public, private = append(public, aws.ToString(a.PublicIp)), append(private, aws.ToString(a.PrivateIp))
			}
			rec := s.record(id, s.arn("ec2", "natgateway/"+id), tags["Name"], tags, columns{
				"Name": tags["Name"], "ID": id, "Public IP": list(public), "Private IP": list(private),
			})
			rec.Net = placed(inventory.Net{VPC: aws.ToString(v.VpcId), Subnets: []string{aws.ToString(v.SubnetId)}})
			recs = append(recs, rec)
		}
	})
	return recs, err
}
