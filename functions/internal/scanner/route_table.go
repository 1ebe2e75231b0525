package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() { register("route_table", scanRouteTables) }

func scanRouteTables(ctx context.Context, s *session) ([]inventory.Record, error) {
	var recs []inventory.Record
	p := ec2.NewDescribeRouteTablesPaginator(ec2.NewFromConfig(s.cfg), &ec2.DescribeRouteTablesInput{MaxResults: aws.Int32(ec2RouteTablePage)})
	err := eachPage(ctx, "list route tables", p.HasMorePages, p.NextPage, func(out *ec2.DescribeRouteTablesOutput) {
		for _, v := range out.RouteTables {
			id, tags := aws.ToString(v.RouteTableId), ec2Tags(v.Tags)
			rec := s.record(id, s.arn("ec2", "route-table/"+id), tags["Name"], tags, columns{
				"Name": tags["Name"], "ID": id, "Subnet Associations": associations(v.Associations),
			})
			rec.Net = routeTableNet(v)
			recs = append(recs, rec)
		}
	})
	return recs, err
}

// associations lists the explicitly associated subnets (and gateways), with
// "Main" first when the table is its VPC's main route table: the subnets
// without an explicit association use it.
func associations(as []ec2types.RouteTableAssociation) string {
	var out []string
	for _, a := range as {
		if a.AssociationState != nil && a.AssociationState.State != ec2types.RouteTableAssociationStateCodeAssociated {
			continue
		}
		switch {
		case aws.ToBool(a.Main):
			out = append([]string{"Main"}, out...)
		case a.SubnetId != nil:
			out = append(out, *a.SubnetId)
		case a.GatewayId != nil:
			out = append(out, *a.GatewayId)
		}
	}
	return list(out)
}

// routeTableNet: the VPC, the explicitly associated subnets, whether it is
// the VPC's main table, and the routes that leave the VPC.
func routeTableNet(v ec2types.RouteTable) *inventory.Net {
	net := inventory.Net{VPC: aws.ToString(v.VpcId)}
	for _, a := range v.Associations {
		if a.AssociationState != nil && a.AssociationState.State != ec2types.RouteTableAssociationStateCodeAssociated {
			continue
		}
		if aws.ToBool(a.Main) {
			net.Main = true
		}
		if a.SubnetId != nil {
			net.Subnets = append(net.Subnets, *a.SubnetId)
		}
	}
	for _, r := range v.Routes {
		// A blackhole route is skipped: its target (a deleted NAT
		// gateway, peering or interface) no longer exists and the route
		// carries no traffic, so drawing it would connect the subnets to
		// nothing, or make them look public when they are not.
		if r.State == ec2types.RouteStateBlackhole {
			continue
		}
		target, dest := routeTarget(r), firstOf(aws.ToString(r.DestinationCidrBlock), aws.ToString(r.DestinationIpv6CidrBlock), aws.ToString(r.DestinationPrefixListId))
		if target == "" || target == "local" {
			continue // the VPC's own range, or a route without a target to draw
		}
		net.Routes = append(net.Routes, inventory.Route{Destination: dest, Target: target})
	}
	return placed(net)
}

// routeTarget is where a route sends its traffic, the first target EC2
// names: an internet or virtual private gateway or a gateway endpoint
// (GatewayId: igw-, vgw-, vpce-; "local" is the VPC itself), a NAT or
// transit gateway, a peering, a network interface (an instance's route
// names both; the interface comes first), an instance, an egress-only
// internet gateway, a local or carrier gateway, or a Cloud WAN core
// network (its ARN).
func routeTarget(r ec2types.Route) string {
	return firstOf(
		aws.ToString(r.GatewayId), aws.ToString(r.NatGatewayId), aws.ToString(r.TransitGatewayId),
		aws.ToString(r.VpcPeeringConnectionId), aws.ToString(r.NetworkInterfaceId), aws.ToString(r.InstanceId),
		aws.ToString(r.EgressOnlyInternetGatewayId), aws.ToString(r.LocalGatewayId), aws.ToString(r.CarrierGatewayId),
		aws.ToString(r.CoreNetworkArn),
	)
}
