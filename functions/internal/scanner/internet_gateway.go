package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("internet_gateway", scanInternetGateways) }

// scanInternetGateways: the spec shows only the Name, so a gateway without
// a Name tag shows its id rather than a dash.
func scanInternetGateways(ctx context.Context, s *session) ([]inventory.Record, error) {
	var recs []inventory.Record
	p := ec2.NewDescribeInternetGatewaysPaginator(ec2.NewFromConfig(s.cfg), &ec2.DescribeInternetGatewaysInput{MaxResults: aws.Int32(ec2PageSize)})
	err := eachPage(ctx, "list internet gateways", p.HasMorePages, p.NextPage, func(out *ec2.DescribeInternetGatewaysOutput) {
		for _, v := range out.InternetGateways {
			id, tags := aws.ToString(v.InternetGatewayId), ec2Tags(v.Tags)
			var vpcs []string
			for _, a := range v.Attachments {
				// An internet gateway's attachment says "available" once
				// attached; "attached" is accepted too.
				if a.State == ec2types.AttachmentStatus("available") || a.State == ec2types.AttachmentStatusAttached {
					vpcs = append(vpcs, aws.ToString(a.VpcId))
				}
			}
			rec := s.record(id, s.arn("ec2", "internet-gateway/"+id), tags["Name"], tags, columns{
				"Name": nameTag(tags, id),
			})
			rec.Net = gatewayNet(vpcs)
			recs = append(recs, rec)
		}
	})
	return recs, err
}

// gatewayNet is the Net of a gateway attached to VPCs (internet and
// virtual private gateways): the VPCs are its peers, the first its VPC.
// A detached gateway has none.
func gatewayNet(vpcs []string) *inventory.Net {
	vpcs = ids(vpcs...)
	if len(vpcs) == 0 {
		return nil
	}
	return placed(inventory.Net{VPC: vpcs[0], Peers: vpcs})
}
