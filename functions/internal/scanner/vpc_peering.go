package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("vpc_peering", scanVPCPeerings)
}

// scanVPCPeerings skips connections that no longer exist (deleted, failed,
// rejected, expired), which EC2 keeps listing for a while.
func scanVPCPeerings(ctx context.Context, s *session) ([]inventory.Record, error) {
	var recs []inventory.Record
	p := ec2.NewDescribeVpcPeeringConnectionsPaginator(ec2.NewFromConfig(s.cfg), &ec2.DescribeVpcPeeringConnectionsInput{MaxResults: aws.Int32(ec2PageSize)})
	err := eachPage(ctx, "list VPC peering connections", p.HasMorePages, p.NextPage, func(out *ec2.DescribeVpcPeeringConnectionsOutput) {
		for _, v := range out.VpcPeeringConnections {
			if v.Status != nil && gonePeering[v.Status.Code] {
				continue
			}
			id, tags := aws.ToString(v.VpcPeeringConnectionId), ec2Tags(v.Tags)
			rec := s.record(id, s.arn("ec2", "vpc-peering-connection/"+id), tags["Name"], tags, columns{
				"Name": tags["Name"], "Peering Connection ID": id,
				"Requester VPC": s.peerVPC(v.RequesterVpcInfo), "Accepter VPC": s.peerVPC(v.AccepterVpcInfo),
			})
			rec.Net = s.peeringNet(v)
			recs = append(recs, rec)
		}
	})
	return recs, err
}

var gonePeering = map[ec2types.VpcPeeringConnectionStateReasonCode]bool{
	ec2types.VpcPeeringConnectionStateReasonCodeDeleted:  true,
	ec2types.VpcPeeringConnectionStateReasonCodeFailed:   true,
	ec2types.VpcPeeringConnectionStateReasonCodeRejected: true,
	ec2types.VpcPeeringConnectionStateReasonCodeExpired:  true,
}

// peerVPC formats one side of a peering: the VPC and its CIDR, plus the
// owner account and region when they are not the scanned ones.
func (s *session) peerVPC(v *ec2types.VpcPeeringConnectionVpcInfo) string {
	if v == nil {
		return "-"
	}
	details := []string{aws.ToString(v.CidrBlock)}
	if o := aws.ToString(v.OwnerId); o != "" && o != s.account {
		details = append(details, "account "+o)
	}
	if r := aws.ToString(v.Region); r != "" && r != s.cfg.Region {
		details = append(details, r)
	}
	return withDetail(aws.ToString(v.VpcId), list(details))
}

// peeringNet joins the requester and accepter VPCs. Remote names the side
// that lives in another account or region, which the unit's own records
// do not show: "vpc-123 (111122223333, us-east-1)".
func (s *session) peeringNet(v ec2types.VpcPeeringConnection) *inventory.Net {
	var peers []string
	remote := ""
	for _, side := range []*ec2types.VpcPeeringConnectionVpcInfo{v.RequesterVpcInfo, v.AccepterVpcInfo} {
		if side == nil {
			continue
		}
		id := aws.ToString(side.VpcId)
		peers = append(peers, id)
		owner, region := firstOf(aws.ToString(side.OwnerId), s.account), firstOf(aws.ToString(side.Region), s.cfg.Region)
		if remote == "" && id != "" && (owner != s.account || region != s.cfg.Region) {
			remote = id + " (" + owner + ", " + region + ")"
		}
	}
	return placed(inventory.Net{Peers: peers, Remote: remote})
}
