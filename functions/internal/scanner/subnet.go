package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("subnet", scanSubnets) }

func scanSubnets(ctx context.Context, s *session) ([]inventory.Record, error) {
	var recs []inventory.Record
	p := ec2.NewDescribeSubnetsPaginator(ec2.NewFromConfig(s.cfg), &ec2.DescribeSubnetsInput{MaxResults: aws.Int32(ec2PageSize)})
	err := eachPage(ctx, "list subnets", p.HasMorePages, p.NextPage, func(out *ec2.DescribeSubnetsOutput) {
		for _, v := range out.Subnets {
			id, tags := aws.ToString(v.SubnetId), ec2Tags(v.Tags)
			arn := aws.ToString(v.SubnetArn)
			if arn == "" {
				arn = s.arn("ec2", "subnet/"+id)
			}
			rec := s.record(id, arn, tags["Name"], tags, columns{
				"Name": tags["Name"], "ID": id, "AZ": aws.ToString(v.AvailabilityZone), "CIDR": aws.ToString(v.CidrBlock),
			})
			rec.Net = placed(inventory.Net{VPC: aws.ToString(v.VpcId), AZ: aws.ToString(v.AvailabilityZone), CIDR: aws.ToString(v.CidrBlock)})
			recs = append(recs, rec)
		}
	})
	return recs, err
}
