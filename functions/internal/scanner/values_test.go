package scanner

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// TestNetworkAndComputeValues compares columns with the estate they were
// read from, for the cases the formatting must get right.
func TestNetworkAndComputeValues(t *testing.T) {
	estate := testEstate()
	r := estate.Accounts[0].Region(testRegion)
	res := scanWith(t, testRunner(), awssim.New(estate, awssim.Options{PageSize: 3}), testRegion)
	byID := map[string]inventory.Record{}
	for _, rec := range res.Records {
		byID[rec.ID] = rec
	}
	inst := r.Instances[0]
	var rootVol, dataVol ec2types.Volume
	for _, v := range r.Volumes {
		if len(v.Attachments) > 0 && aws.ToString(v.Attachments[0].InstanceId) == aws.ToString(inst.InstanceId) {
			if aws.ToString(v.Attachments[0].Device) == "/dev/xvda" {
				rootVol = v
			} else {
				dataVol = v
			}
		}
	}
	var ingress, referenced ec2types.SecurityGroupRule
	for _, rule := range r.SecurityGroupRules {
		if !aws.ToBool(rule.IsEgress) && rule.CidrIpv4 != nil && aws.ToInt32(rule.FromPort) > 0 && ingress.SecurityGroupRuleId == nil {
			ingress = rule
		}
		if rule.ReferencedGroupInfo != nil && referenced.SecurityGroupRuleId == nil {
			referenced = rule
		}
	}
	groupName := map[string]string{}
	for _, g := range r.SecurityGroups {
		groupName[aws.ToString(g.GroupId)] = aws.ToString(g.GroupName)
	}
	var unnamedEIP, lcGroup string
	for _, a := range r.Addresses {
		if len(a.Tags) == 0 {
			unnamedEIP = aws.ToString(a.AllocationId)
		}
	}
	for _, g := range r.AutoScalingGroups {
		if g.LaunchConfigurationName != nil {
			lcGroup = aws.ToString(g.AutoScalingGroupARN)
		}
	}
	tg := r.TargetGroups[0]
	var associated ec2types.RouteTable // the first one with an explicit subnet association
	for _, rt := range r.RouteTables {
		if associated.RouteTableId == nil && len(rt.Associations) > 0 && rt.Associations[len(rt.Associations)-1].SubnetId != nil {
			associated = rt
		}
	}

	for _, tc := range []struct {
		name, id, column, want string
		contains               bool
	}{
		{"default VPC has no name", aws.ToString(r.Vpcs[0].VpcId), "Name", "-", false},
		{"VPC CIDR", aws.ToString(r.Vpcs[1].VpcId), "CIDR", aws.ToString(r.Vpcs[1].CidrBlock), false},
		{"VPC region column", aws.ToString(r.Vpcs[1].VpcId), "Region", testRegion, false},
		{"main route table", aws.ToString(r.RouteTables[0].RouteTableId), "Subnet Associations", "Main", false},
		{"explicit associations", aws.ToString(associated.RouteTableId), "Subnet Associations", aws.ToString(associated.Associations[len(associated.Associations)-1].SubnetId), true},
		{"NAT public IP", aws.ToString(r.NatGateways[0].NatGatewayId), "Public IP", aws.ToString(r.NatGateways[0].NatGatewayAddresses[0].PublicIp), false},
		{"NAT private IP", aws.ToString(r.NatGateways[0].NatGatewayId), "Private IP", aws.ToString(r.NatGateways[0].NatGatewayAddresses[0].PrivateIp), false},
		{"rule protocol", aws.ToString(ingress.SecurityGroupRuleId), "Protocol", strings.ToUpper(aws.ToString(ingress.IpProtocol)), false},
		{"rule source CIDR", aws.ToString(ingress.SecurityGroupRuleId), "Source", aws.ToString(ingress.CidrIpv4), false},
		{"rule group id", aws.ToString(ingress.SecurityGroupRuleId), "ID", aws.ToString(ingress.GroupId), false},
		{"rule source group", aws.ToString(referenced.SecurityGroupRuleId), "Source",
			aws.ToString(referenced.ReferencedGroupInfo.GroupId) + " (" + groupName[aws.ToString(referenced.ReferencedGroupInfo.GroupId)] + ")", false},
		{"VPN static routes", aws.ToString(r.VpnConnections[0].VpnConnectionId), "Routes", aws.ToString(r.VpnConnections[0].Routes[0].DestinationCidrBlock), true},
		{"VGW attachment", aws.ToString(r.VpnGateways[0].VpnGatewayId), "VPC", aws.ToString(r.VpnGateways[0].VpcAttachments[0].VpcId), false},
		{"EBS sizes root first", aws.ToString(inst.InstanceId), "EBS Size", gib(aws.ToInt32(rootVol.Size)) + ", " + gib(aws.ToInt32(dataVol.Size)), false},
		{"EBS encryption", aws.ToString(inst.InstanceId), "Encryption", yesNoPtr(rootVol.Encrypted) + ", " + yesNoPtr(dataVol.Encrypted), false},
		{"instance groups", aws.ToString(inst.InstanceId), "Security Groups", aws.ToString(inst.SecurityGroups[0].GroupName) + " (" + aws.ToString(inst.SecurityGroups[0].GroupId) + ")", true},
		{"unnamed EIP shows its address", unnamedEIP, "Name", aws.ToString(r.Addresses[0].PublicIp), false},
		{"legacy launch configuration", lcGroup, "Launch Template", "Launch configuration " + aws.ToString(r.LaunchConfigurations[0].LaunchConfigurationName), false},
		{"registered target with health", aws.ToString(tg.TargetGroupArn), "Registered Instances", aws.ToString(r.TargetHealth[aws.ToString(tg.TargetGroupArn)][0].Target.Id), true},
		{"target group balancer name", aws.ToString(tg.TargetGroupArn), "Load Balancer", aws.ToString(r.LoadBalancers[0].LoadBalancerName), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, ok := byID[tc.id]
			if !ok {
				t.Fatalf("no record %q", tc.id)
			}
			got := rec.Columns[tc.column]
			if (tc.contains && !strings.Contains(got, tc.want)) || (!tc.contains && got != tc.want) {
				t.Fatalf("%s = %q, want %q", tc.column, got, tc.want)
			}
		})
	}
	// Egress rules are not rows: the Source column is inbound.
	for _, rule := range r.SecurityGroupRules {
		if _, ok := byID[aws.ToString(rule.SecurityGroupRuleId)]; ok == aws.ToBool(rule.IsEgress) {
			t.Fatalf("rule %s (egress %v): row present = %v", aws.ToString(rule.SecurityGroupRuleId), aws.ToBool(rule.IsEgress), ok)
		}
	}
}
