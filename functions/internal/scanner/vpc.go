package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("vpc", scanVPCs) }

// scanVPCs: one row per VPC; CIDR lists every associated IPv4 block.
func scanVPCs(ctx context.Context, s *session) ([]inventory.Record, error) {
	var recs []inventory.Record
	p := ec2.NewDescribeVpcsPaginator(ec2.NewFromConfig(s.cfg), &ec2.DescribeVpcsInput{MaxResults: aws.Int32(ec2PageSize)})
	err := eachPage(ctx, "list VPCs", p.HasMorePages, p.NextPage, func(out *ec2.DescribeVpcsOutput) {
		for _, v := range out.Vpcs {
			id, tags := aws.ToString(v.VpcId), ec2Tags(v.Tags)
			cidrs := []string{aws.ToString(v.CidrBlock)}
			for _, a := range v.CidrBlockAssociationSet {
				if c := aws.ToString(a.CidrBlock); c != cidrs[0] {
					cidrs = append(cidrs, c)
				}
			}
			rec := s.record(id, s.arn("ec2", "vpc/"+id), tags["Name"], tags, columns{
				"Region": s.region, "Name": tags["Name"], "ID": id, "CIDR": list(cidrs),
			})
			rec.Net = placed(inventory.Net{VPC: id, CIDR: aws.ToString(v.CidrBlock)})
			recs = append(recs, rec)
		}
	})
	return recs, err
}
