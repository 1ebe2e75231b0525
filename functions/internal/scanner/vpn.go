package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// Site-to-site VPN: customer gateways, virtual private gateways and VPN
// connections. EC2 does not paginate these three: one call each.
func init() {
	register("customer_gateway", scanCustomerGateways)
	register("virtual_private_gateway", scanVPNGateways)
	register("vpn_connection", scanVPNConnections)
}

// gone reports whether a VPN resource is deleted or being deleted.
func gone(state string) bool { return state == "deleted" || state == "deleting" }

func scanCustomerGateways(ctx context.Context, s *session) ([]inventory.Record, error) {
	out, err := ec2.NewFromConfig(s.cfg).DescribeCustomerGateways(ctx, &ec2.DescribeCustomerGatewaysInput{})
	if err != nil {
		return nil, fail(err, "list customer gateways")
	}
	var recs []inventory.Record
	for _, v := range out.CustomerGateways {
		if gone(aws.ToString(v.State)) {
			continue
		}
		id, tags := aws.ToString(v.CustomerGatewayId), ec2Tags(v.Tags)
		recs = append(recs, s.record(id, s.arn("ec2", "customer-gateway/"+id), tags["Name"], tags, columns{
			"Name": tags["Name"], "Customer Gateway ID": id, "IP Address": aws.ToString(v.IpAddress),
		}))
	}
	return recs, nil
}

func scanVPNGateways(ctx context.Context, s *session) ([]inventory.Record, error) {
	out, err := ec2.NewFromConfig(s.cfg).DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{})
	if err != nil {
		return nil, fail(err, "list virtual private gateways")
	}
	var recs []inventory.Record
	for _, v := range out.VpnGateways {
		if gone(string(v.State)) {
			continue
		}
		id, tags := aws.ToString(v.VpnGatewayId), ec2Tags(v.Tags)
		var vpcs []string
		for _, a := range v.VpcAttachments {
			if a.State == ec2types.AttachmentStatusAttached {
				vpcs = append(vpcs, aws.ToString(a.VpcId))
			}
		}
		rec := s.record(id, s.arn("ec2", "vpn-gateway/"+id), tags["Name"], tags, columns{
			"Name": tags["Name"], "Virtual Private Gateway ID": id, "VPC": list(vpcs),
		})
		rec.Net = gatewayNet(vpcs)
		recs = append(recs, rec)
	}
	return recs, nil
}

// scanVPNConnections: Routes are the static routes; a connection that uses
// BGP has none and says so.
func scanVPNConnections(ctx context.Context, s *session) ([]inventory.Record, error) {
	out, err := ec2.NewFromConfig(s.cfg).DescribeVpnConnections(ctx, &ec2.DescribeVpnConnectionsInput{})
	if err != nil {
		return nil, fail(err, "list VPN connections")
	}
	var recs []inventory.Record
	for _, v := range out.VpnConnections {
		if gone(string(v.State)) {
			continue
		}
		id, tags := aws.ToString(v.VpnConnectionId), ec2Tags(v.Tags)
		var routes []string
		for _, r := range v.Routes {
			if !gone(string(r.State)) {
				routes = append(routes, aws.ToString(r.DestinationCidrBlock))
			}
		}
		shown := list(routes)
		if len(routes) == 0 && (v.Options == nil || !aws.ToBool(v.Options.StaticRoutesOnly)) {
			shown = "Dynamic (BGP)"
		}
		rec := s.record(id, s.arn("ec2", "vpn-connection/"+id), tags["Name"], tags, columns{
			"Name": tags["Name"], "VPN ID": id, "Routes": shown,
		})
		// The link: the customer gateway on-premises and the virtual
		// private gateway (or transit gateway) on the AWS side.
		rec.Net = placed(inventory.Net{Peers: []string{
			aws.ToString(v.CustomerGatewayId), firstOf(aws.ToString(v.VpnGatewayId), aws.ToString(v.TransitGatewayId)),
		}})
		recs = append(recs, rec)
	}
	return recs, nil
}
