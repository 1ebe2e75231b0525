package awssim

import (
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// The EC2 Describe calls of the network services. Like EC2, they return
// every match when MaxResults is unset and page when it is set; id lists
// select.
func init() {
	handle("EC2", "DescribeVpcs", func(r *Request, in *ec2.DescribeVpcsInput) (*ec2.DescribeVpcsOutput, error) {
		items, next, err := describe(r, r.Region.Vpcs, in.VpcIds, func(v ec2types.Vpc) *string { return v.VpcId }, in.NextToken, in.MaxResults)
		return &ec2.DescribeVpcsOutput{Vpcs: items, NextToken: next}, err
	})
	handle("EC2", "DescribeSubnets", func(r *Request, in *ec2.DescribeSubnetsInput) (*ec2.DescribeSubnetsOutput, error) {
		items, next, err := describe(r, r.Region.Subnets, in.SubnetIds, func(v ec2types.Subnet) *string { return v.SubnetId }, in.NextToken, in.MaxResults)
		return &ec2.DescribeSubnetsOutput{Subnets: items, NextToken: next}, err
	})
	handle("EC2", "DescribeRouteTables", func(r *Request, in *ec2.DescribeRouteTablesInput) (*ec2.DescribeRouteTablesOutput, error) {
		items, next, err := describe(r, r.Region.RouteTables, in.RouteTableIds, func(v ec2types.RouteTable) *string { return v.RouteTableId }, in.NextToken, in.MaxResults)
		return &ec2.DescribeRouteTablesOutput{RouteTables: items, NextToken: next}, err
	})
	handle("EC2", "DescribeInternetGateways", func(r *Request, in *ec2.DescribeInternetGatewaysInput) (*ec2.DescribeInternetGatewaysOutput, error) {
		items, next, err := describe(r, r.Region.InternetGateways, in.InternetGatewayIds, func(v ec2types.InternetGateway) *string { return v.InternetGatewayId }, in.NextToken, in.MaxResults)
		return &ec2.DescribeInternetGatewaysOutput{InternetGateways: items, NextToken: next}, err
	})
	handle("EC2", "DescribeNatGateways", func(r *Request, in *ec2.DescribeNatGatewaysInput) (*ec2.DescribeNatGatewaysOutput, error) {
		items, next, err := describe(r, r.Region.NatGateways, in.NatGatewayIds, func(v ec2types.NatGateway) *string { return v.NatGatewayId }, in.NextToken, in.MaxResults)
		return &ec2.DescribeNatGatewaysOutput{NatGateways: items, NextToken: next}, err
	})
	handle("EC2", "DescribeSecurityGroups", func(r *Request, in *ec2.DescribeSecurityGroupsInput) (*ec2.DescribeSecurityGroupsOutput, error) {
		items, next, err := describe(r, r.Region.SecurityGroups, in.GroupIds, func(v ec2types.SecurityGroup) *string { return v.GroupId }, in.NextToken, in.MaxResults)
		return &ec2.DescribeSecurityGroupsOutput{SecurityGroups: items, NextToken: next}, err
	})
	handle("EC2", "DescribeSecurityGroupRules", func(r *Request, in *ec2.DescribeSecurityGroupRulesInput) (*ec2.DescribeSecurityGroupRulesOutput, error) {
		items, next, err := describe(r, r.Region.SecurityGroupRules, in.SecurityGroupRuleIds, func(v ec2types.SecurityGroupRule) *string { return v.SecurityGroupRuleId }, in.NextToken, in.MaxResults)
		return &ec2.DescribeSecurityGroupRulesOutput{SecurityGroupRules: items, NextToken: next}, err
	})
	handle("EC2", "DescribeVpcEndpoints", func(r *Request, in *ec2.DescribeVpcEndpointsInput) (*ec2.DescribeVpcEndpointsOutput, error) {
		items, next, err := describe(r, r.Region.VpcEndpoints, in.VpcEndpointIds, func(v ec2types.VpcEndpoint) *string { return v.VpcEndpointId }, in.NextToken, in.MaxResults)
		return &ec2.DescribeVpcEndpointsOutput{VpcEndpoints: items, NextToken: next}, err
	})
	handle("EC2", "DescribeVpcPeeringConnections", func(r *Request, in *ec2.DescribeVpcPeeringConnectionsInput) (*ec2.DescribeVpcPeeringConnectionsOutput, error) {
		items, next, err := describe(r, r.Region.VpcPeerings, in.VpcPeeringConnectionIds, func(v ec2types.VpcPeeringConnection) *string { return v.VpcPeeringConnectionId }, in.NextToken, in.MaxResults)
		return &ec2.DescribeVpcPeeringConnectionsOutput{VpcPeeringConnections: items, NextToken: next}, err
	})
	// Customer gateways, virtual private gateways and VPN connections are
	// not paginated in EC2's API: one call returns them all.
	handle("EC2", "DescribeCustomerGateways", func(r *Request, in *ec2.DescribeCustomerGatewaysInput) (*ec2.DescribeCustomerGatewaysOutput, error) {
		return &ec2.DescribeCustomerGatewaysOutput{CustomerGateways: selected(r.Region.CustomerGateways, in.CustomerGatewayIds, func(v ec2types.CustomerGateway) *string { return v.CustomerGatewayId })}, nil
	})
	handle("EC2", "DescribeVpnGateways", func(r *Request, in *ec2.DescribeVpnGatewaysInput) (*ec2.DescribeVpnGatewaysOutput, error) {
		return &ec2.DescribeVpnGatewaysOutput{VpnGateways: selected(r.Region.VpnGateways, in.VpnGatewayIds, func(v ec2types.VpnGateway) *string { return v.VpnGatewayId })}, nil
	})
	handle("EC2", "DescribeVpnConnections", func(r *Request, in *ec2.DescribeVpnConnectionsInput) (*ec2.DescribeVpnConnectionsOutput, error) {
		return &ec2.DescribeVpnConnectionsOutput{VpnConnections: selected(r.Region.VpnConnections, in.VpnConnectionIds, func(v ec2types.VpnConnection) *string { return v.VpnConnectionId })}, nil
	})
}

// describe is an EC2 Describe call: select by ids, then page. Without
// MaxResults, EC2 answers every match at once.
func describe[T any](r *Request, items []T, ids []string, id func(T) *string, token *string, maxResults *int32) ([]T, *string, error) {
	return page(r, selected(items, ids, id), token, limitOf(maxResults, 0))
}
