package awssim

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func init() { generateRegional(10, "network", genNetwork) }

// ec2Name returns a Name tag list, or none for an empty name.
func ec2Name(name string) []ec2types.Tag {
	if name == "" {
		return nil
	}
	return []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String(name)}, {Key: aws.String("Environment"), Value: aws.String("production")}}
}

// genNetwork builds a region's network: a default VPC and a few named
// ones, each with public and private subnets over three zones, route
// tables, an internet gateway, a NAT gateway, security groups with rules
// and endpoints; plus peering, a customer gateway, a virtual private
// gateway and a VPN connection.
func genNetwork(g *Gen, a *Account, r *Region) {
	nVPC := 1 + g.Count(2)
	for i := range nVPC {
		genVPC(g, a, r, i)
	}
	for i := range g.Count(1) {
		if len(r.Vpcs) < 3 {
			break
		}
		req, acc := r.Vpcs[1+i%(len(r.Vpcs)-1)], r.Vpcs[1+(i+1)%(len(r.Vpcs)-1)]
		r.VpcPeerings = append(r.VpcPeerings, ec2types.VpcPeeringConnection{
			VpcPeeringConnectionId: aws.String(g.ID("pcx")),
			RequesterVpcInfo:       &ec2types.VpcPeeringConnectionVpcInfo{VpcId: req.VpcId, OwnerId: aws.String(a.ID), Region: aws.String(r.Name), CidrBlock: req.CidrBlock},
			AccepterVpcInfo:        &ec2types.VpcPeeringConnectionVpcInfo{VpcId: acc.VpcId, OwnerId: aws.String(a.ID), Region: aws.String(r.Name), CidrBlock: acc.CidrBlock},
			Status:                 &ec2types.VpcPeeringConnectionStateReason{Code: ec2types.VpcPeeringConnectionStateReasonCodeActive},
			Tags:                   ec2Name(g.Name("peering", i)),
		})
	}
	for i := range g.Count(1) {
		cgw := ec2types.CustomerGateway{
			CustomerGatewayId: aws.String(g.ID("cgw")), IpAddress: aws.String(g.PublicIP()),
			BgpAsn: aws.String("65000"), State: aws.String("available"), Type: aws.String("ipsec.1"),
			Tags: ec2Name(g.Name("office-cgw", i)),
		}
		vgw := ec2types.VpnGateway{
			VpnGatewayId: aws.String(g.ID("vgw")), State: ec2types.VpnStateAvailable, Type: ec2types.GatewayTypeIpsec1,
			AmazonSideAsn: aws.Int64(64512), Tags: ec2Name(g.Name("vgw", i)),
		}
		if len(r.Vpcs) > 1 {
			vgw.VpcAttachments = []ec2types.VpcAttachment{{VpcId: r.Vpcs[1].VpcId, State: ec2types.AttachmentStatusAttached}}
		}
		vpn := ec2types.VpnConnection{
			VpnConnectionId: aws.String(g.ID("vpn")), CustomerGatewayId: cgw.CustomerGatewayId, VpnGatewayId: vgw.VpnGatewayId,
			State: ec2types.VpnStateAvailable, Type: ec2types.GatewayTypeIpsec1, Tags: ec2Name(g.Name("vpn", i)),
			Options: &ec2types.VpnConnectionOptions{StaticRoutesOnly: aws.Bool(true)},
		}
		for j := range 1 + g.Intn(3) {
			vpn.Routes = append(vpn.Routes, ec2types.VpnStaticRoute{
				DestinationCidrBlock: aws.String(fmt.Sprintf("192.168.%d.0/24", 10*i+j)), State: ec2types.VpnStateAvailable,
			})
		}
		r.CustomerGateways = append(r.CustomerGateways, cgw)
		r.VpnGateways = append(r.VpnGateways, vgw)
		r.VpnConnections = append(r.VpnConnections, vpn)
	}
}

// genVPC builds VPC number i; VPC 0 is the region's default VPC (no Name
// tag, 172.31.0.0/16, no NAT or endpoints), as in a real account.
func genVPC(g *Gen, a *Account, r *Region, i int) {
	isDefault := i == 0
	prefix, name := fmt.Sprintf("10.%d", i%256), g.Name("vpc", i)
	if isDefault {
		prefix, name = "172.31", ""
	}
	vpcID := aws.String(g.ID("vpc"))
	r.Vpcs = append(r.Vpcs, ec2types.Vpc{
		VpcId: vpcID, CidrBlock: aws.String(prefix + ".0.0/16"), IsDefault: aws.Bool(isDefault),
		State: ec2types.VpcStateAvailable, OwnerId: aws.String(a.ID), InstanceTenancy: ec2types.TenancyDefault,
		DhcpOptionsId: aws.String(g.ID("dopt")), Tags: ec2Name(name),
		CidrBlockAssociationSet: []ec2types.VpcCidrBlockAssociation{{
			AssociationId: aws.String(g.ID("vpc-cidr-assoc")), CidrBlock: aws.String(prefix + ".0.0/16"),
			CidrBlockState: &ec2types.VpcCidrBlockState{State: ec2types.VpcCidrBlockStateCodeAssociated},
		}},
	})
	label := name
	if isDefault {
		label = "default"
	}
	igw := ec2types.InternetGateway{
		InternetGatewayId: aws.String(g.ID("igw")), OwnerId: aws.String(a.ID),
		Attachments: []ec2types.InternetGatewayAttachment{{VpcId: vpcID, State: ec2types.AttachmentStatus("available")}},
		Tags:        ec2Name(label + "-igw"),
	}
	r.InternetGateways = append(r.InternetGateways, igw)

	var public, private []*string
	for j := range min(250, 2*g.Around(2)) {
		isPublic := j%2 == 0
		kind := "private"
		if isPublic {
			kind = "public"
		}
		id := aws.String(g.ID("subnet"))
		az := fmt.Sprintf("%s%c", r.Name, 'a'+j/2%3)
		r.Subnets = append(r.Subnets, ec2types.Subnet{
			SubnetId: id, VpcId: vpcID, CidrBlock: aws.String(fmt.Sprintf("%s.%d.0/24", prefix, j)),
			AvailabilityZone: aws.String(az), AvailabilityZoneId: aws.String(fmt.Sprintf("use1-az%d", 1+j/2%3)),
			MapPublicIpOnLaunch: aws.Bool(isPublic), State: ec2types.SubnetStateAvailable, OwnerId: aws.String(a.ID),
			AvailableIpAddressCount: aws.Int32(int32(200 + g.Intn(50))),
			SubnetArn:               aws.String(g.ARN("ec2", "subnet/"+*id)),
			Tags:                    ec2Name(fmt.Sprintf("%s-%s-%c", label, kind, 'a'+j/2%3)),
		})
		if isPublic {
			public = append(public, id)
		} else {
			private = append(private, id)
		}
	}

	local := ec2types.Route{DestinationCidrBlock: aws.String(prefix + ".0.0/16"), GatewayId: aws.String("local"), State: ec2types.RouteStateActive}
	r.RouteTables = append(r.RouteTables, routeTable(g, a, vpcID, label+"-main", nil, true, local))
	r.RouteTables = append(r.RouteTables, routeTable(g, a, vpcID, label+"-public", public, false, local,
		ec2types.Route{DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: igw.InternetGatewayId, State: ec2types.RouteStateActive}))
	if isDefault {
		genSecurityGroups(g, a, r, vpcID, 0)
		return
	}

	// One NAT gateway per zone, as highly available VPCs have.
	var natID *string
	for k := range min(3, len(public)) {
		id := aws.String(g.ID("nat"))
		if natID == nil {
			natID = id
		}
		r.NatGateways = append(r.NatGateways, ec2types.NatGateway{
			NatGatewayId: id, VpcId: vpcID, SubnetId: public[k], State: ec2types.NatGatewayStateAvailable,
			ConnectivityType: ec2types.ConnectivityTypePublic, CreateTime: aws.Time(g.Time()),
			Tags: ec2Name(fmt.Sprintf("%s-nat-%c", label, 'a'+k)),
			NatGatewayAddresses: []ec2types.NatGatewayAddress{{
				AllocationId: aws.String(g.ID("eipalloc")), NetworkInterfaceId: aws.String(g.ID("eni")),
				PrivateIp: aws.String(g.IP(prefix)), PublicIp: aws.String(g.PublicIP()), IsPrimary: aws.Bool(true),
				Status: ec2types.NatGatewayAddressStatusSucceeded,
			}},
		})
	}
	r.RouteTables = append(r.RouteTables, routeTable(g, a, vpcID, label+"-private", private, false, local,
		ec2types.Route{DestinationCidrBlock: aws.String("0.0.0.0/0"), NatGatewayId: natID, State: ec2types.RouteStateActive}))
	genSecurityGroups(g, a, r, vpcID, g.Around(6))

	r.VpcEndpoints = append(r.VpcEndpoints, ec2types.VpcEndpoint{
		VpcEndpointId: aws.String(g.ID("vpce")), VpcId: vpcID, VpcEndpointType: ec2types.VpcEndpointTypeGateway,
		ServiceName: aws.String("com.amazonaws." + r.Name + ".s3"), State: ec2types.StateAvailable,
		RouteTableIds: []string{*r.RouteTables[len(r.RouteTables)-1].RouteTableId}, OwnerId: aws.String(a.ID),
		Tags: ec2Name(label + "-s3"),
	})
	for k := range g.Around(1) {
		svc := Pick(g, []string{"ssm", "ssmmessages", "ec2messages", "secretsmanager", "ecr.api", "logs", "sts"})
		r.VpcEndpoints = append(r.VpcEndpoints, ec2types.VpcEndpoint{
			VpcEndpointId: aws.String(g.ID("vpce")), VpcId: vpcID, VpcEndpointType: ec2types.VpcEndpointTypeInterface,
			ServiceName: aws.String("com.amazonaws." + r.Name + "." + svc), State: ec2types.StateAvailable,
			SubnetIds: []string{*private[k%len(private)]}, PrivateDnsEnabled: aws.Bool(true), OwnerId: aws.String(a.ID),
			Tags: ec2Name(fmt.Sprintf("%s-%s", label, svc)),
		})
	}
}

func routeTable(g *Gen, a *Account, vpcID *string, name string, subnets []*string, main bool, routes ...ec2types.Route) ec2types.RouteTable {
	id := aws.String(g.ID("rtb"))
	rt := ec2types.RouteTable{RouteTableId: id, VpcId: vpcID, OwnerId: aws.String(a.ID), Routes: routes, Tags: ec2Name(name)}
	if main {
		rt.Associations = append(rt.Associations, ec2types.RouteTableAssociation{
			Main: aws.Bool(true), RouteTableId: id, RouteTableAssociationId: aws.String(g.ID("rtbassoc")),
			AssociationState: &ec2types.RouteTableAssociationState{State: ec2types.RouteTableAssociationStateCodeAssociated},
		})
	}
	for _, s := range subnets {
		rt.Associations = append(rt.Associations, ec2types.RouteTableAssociation{
			Main: aws.Bool(false), RouteTableId: id, SubnetId: s, RouteTableAssociationId: aws.String(g.ID("rtbassoc")),
			AssociationState: &ec2types.RouteTableAssociationState{State: ec2types.RouteTableAssociationStateCodeAssociated},
		})
	}
	return rt
}

// ingressPatterns are the inbound rules real accounts are made of.
var ingressPatterns = []struct {
	proto    string
	from, to int32
	source   string // a CIDR, "::/0", "pl" (prefix list) or "sg" (another group)
}{
	{"tcp", 443, 443, "0.0.0.0/0"},
	{"tcp", 80, 80, "0.0.0.0/0"},
	{"tcp", 22, 22, "10.0.0.0/8"},
	{"tcp", 5432, 5432, "sg"},
	{"tcp", 3306, 3306, "sg"},
	{"tcp", 8080, 8090, "sg"},
	{"udp", 53, 53, "::/0"},
	{"icmp", -1, -1, "10.0.0.0/8"},
	{"-1", -1, -1, "sg"},
	{"tcp", 443, 443, "pl"},
	{"tcp", 1024, 65535, "172.16.0.0/12"},
}

// genSecurityGroups adds the VPC's default group and n more, each with
// inbound rules and the usual allow-all outbound rule.
func genSecurityGroups(g *Gen, a *Account, r *Region, vpcID *string, n int) {
	first := len(r.SecurityGroups)
	for i := range n + 1 {
		name, desc := g.Name("sg", i), "Managed by Terraform"
		if i == 0 {
			name, desc = "default", "default VPC security group"
		}
		r.SecurityGroups = append(r.SecurityGroups, ec2types.SecurityGroup{
			GroupId: aws.String(g.ID("sg")), GroupName: aws.String(name), Description: aws.String(desc),
			VpcId: vpcID, OwnerId: aws.String(a.ID), Tags: ec2Name(name),
		})
	}
	groups := r.SecurityGroups[first:]
	for i, sg := range groups {
		rules := 1 + g.Intn(4)
		if i == 0 {
			rules = 1 // the default group allows its own members
		}
		for k := range rules {
			p := ingressPatterns[(i+k*3+g.Intn(2))%len(ingressPatterns)]
			if i == 0 {
				p = ingressPatterns[8]
			}
			rule := ec2types.SecurityGroupRule{
				SecurityGroupRuleId: aws.String(g.ID("sgr")), GroupId: sg.GroupId, GroupOwnerId: aws.String(a.ID),
				IsEgress: aws.Bool(false), IpProtocol: aws.String(p.proto), FromPort: aws.Int32(p.from), ToPort: aws.Int32(p.to),
				Description: aws.String("inbound " + p.proto),
			}
			switch p.source {
			case "sg":
				ref := groups[g.Intn(len(groups))]
				if i == 0 {
					ref = sg
				}
				rule.ReferencedGroupInfo = &ec2types.ReferencedSecurityGroup{GroupId: ref.GroupId, UserId: aws.String(a.ID), VpcId: vpcID}
			case "pl":
				rule.PrefixListId = aws.String(g.ID("pl"))
			case "::/0":
				rule.CidrIpv6 = aws.String(p.source)
			default:
				rule.CidrIpv4 = aws.String(p.source)
			}
			r.SecurityGroupRules = append(r.SecurityGroupRules, rule)
		}
		r.SecurityGroupRules = append(r.SecurityGroupRules, ec2types.SecurityGroupRule{
			SecurityGroupRuleId: aws.String(g.ID("sgr")), GroupId: sg.GroupId, GroupOwnerId: aws.String(a.ID),
			IsEgress: aws.Bool(true), IpProtocol: aws.String("-1"), FromPort: aws.Int32(-1), ToPort: aws.Int32(-1),
			CidrIpv4: aws.String("0.0.0.0/0"),
		})
	}
}
