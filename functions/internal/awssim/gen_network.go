package awssim

import (
	"fmt"
	"strings"

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

// genNetwork builds a region's network as accounts lay it out: the default
// VPC, and at least two named VPCs, each with public and private subnets
// over two or three zones, an internet gateway, a NAT gateway per zone, a
// public route table to the internet gateway and a private one per zone to
// its NAT gateway, an S3 gateway endpoint and interface endpoints. The
// named VPCs are peered with each other and one with a VPC of another
// account (routes through the pcx- peerings); a virtual private gateway is
// attached to a VPC with a VPN connection to the office's customer gateway
// (routes to the office through the vgw-). Every id a resource names is a
// resource of the region, and each subnet is public (its route table has a
// route to an igw-) or private.
func genNetwork(g *Gen, a *Account, r *Region) {
	nNamed := g.Count(2)
	if nNamed > 0 {
		nNamed = max(2, nNamed) // room for a peering
	}
	genVPC(g, a, r, 0)
	var named []vpcNet
	for i := range nNamed {
		named = append(named, genVPC(g, a, r, i+1))
	}
	genPeerings(g, a, r, named)
	genVPN(g, r, named)
}

// vpcNet is what the region-wide generators need to know of a named VPC.
type vpcNet struct {
	id, cidr *string
	private  []int // its private route tables, by index in Region.RouteTables
}

// addRoute adds a route to the VPC's private route tables.
func (v vpcNet) addRoute(r *Region, route ec2types.Route) {
	for _, k := range v.private {
		r.RouteTables[k].Routes = append(r.RouteTables[k].Routes, route)
	}
}

// genPeerings peers the named VPCs pairwise (each pair once, as EC2
// allows one active peering per pair) and the first one with a VPC of
// another account, and routes each side's private subnets to the other
// side through the peering.
func genPeerings(g *Gen, a *Account, r *Region, named []vpcNet) {
	if len(named) == 0 {
		return
	}
	var pairs [][2]int
	for j := 1; j < len(named); j++ {
		for i := range j {
			pairs = append(pairs, [2]int{i, j})
		}
	}
	for k, p := range pairs[:min(len(pairs), g.Count(1))] {
		req, acc := named[p[0]], named[p[1]]
		pcx := aws.String(g.ID("pcx"))
		r.VpcPeerings = append(r.VpcPeerings, ec2types.VpcPeeringConnection{
			VpcPeeringConnectionId: pcx,
			RequesterVpcInfo:       &ec2types.VpcPeeringConnectionVpcInfo{VpcId: req.id, OwnerId: aws.String(a.ID), Region: aws.String(r.Name), CidrBlock: req.cidr},
			AccepterVpcInfo:        &ec2types.VpcPeeringConnectionVpcInfo{VpcId: acc.id, OwnerId: aws.String(a.ID), Region: aws.String(r.Name), CidrBlock: acc.cidr},
			Status:                 &ec2types.VpcPeeringConnectionStateReason{Code: ec2types.VpcPeeringConnectionStateReasonCodeActive, Message: aws.String("Active")},
			Tags:                   ec2Name(g.Name("peering", k)),
		})
		req.addRoute(r, ec2types.Route{DestinationCidrBlock: acc.cidr, VpcPeeringConnectionId: pcx, State: ec2types.RouteStateActive, Origin: ec2types.RouteOriginCreateRoute})
		acc.addRoute(r, ec2types.Route{DestinationCidrBlock: req.cidr, VpcPeeringConnectionId: pcx, State: ec2types.RouteStateActive, Origin: ec2types.RouteOriginCreateRoute})
	}

	// The organisation's shared-services account requested a peering with
	// the first VPC, from this region or another one.
	owner := fmt.Sprintf("%012d", 100000000000+g.rng.Uint64()%900000000000)
	if owner == a.ID {
		owner = "999999999999"
	}
	remote := &ec2types.VpcPeeringConnectionVpcInfo{
		VpcId: aws.String(g.ID("vpc")), OwnerId: aws.String(owner), CidrBlock: aws.String("172.16.0.0/16"),
		Region: aws.String(Pick(g, []string{r.Name, "us-east-1", "eu-central-1"})),
	}
	local, pcx := named[0], aws.String(g.ID("pcx"))
	r.VpcPeerings = append(r.VpcPeerings, ec2types.VpcPeeringConnection{
		VpcPeeringConnectionId: pcx, RequesterVpcInfo: remote,
		AccepterVpcInfo: &ec2types.VpcPeeringConnectionVpcInfo{VpcId: local.id, OwnerId: aws.String(a.ID), Region: aws.String(r.Name), CidrBlock: local.cidr},
		Status:          &ec2types.VpcPeeringConnectionStateReason{Code: ec2types.VpcPeeringConnectionStateReasonCodeActive, Message: aws.String("Active")},
		Tags:            ec2Name("shared-services-peering"),
	})
	local.addRoute(r, ec2types.Route{DestinationCidrBlock: remote.CidrBlock, VpcPeeringConnectionId: pcx, State: ec2types.RouteStateActive, Origin: ec2types.RouteOriginCreateRoute})
}

// genVPN adds the office's site-to-site VPNs: a customer gateway, a virtual
// private gateway attached to a named VPC (EC2 attaches one per VPC; the
// ones beyond the named VPCs stay detached) and a VPN connection between
// them with static routes, which the VPC's private route tables send to
// the virtual private gateway.
func genVPN(g *Gen, r *Region, named []vpcNet) {
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
		if i < len(named) {
			vgw.VpcAttachments = []ec2types.VpcAttachment{{VpcId: named[i].id, State: ec2types.AttachmentStatusAttached}}
		}
		vpn := ec2types.VpnConnection{
			VpnConnectionId: aws.String(g.ID("vpn")), CustomerGatewayId: cgw.CustomerGatewayId, VpnGatewayId: vgw.VpnGatewayId,
			State: ec2types.VpnStateAvailable, Type: ec2types.GatewayTypeIpsec1, Tags: ec2Name(g.Name("vpn", i)),
			Options: &ec2types.VpnConnectionOptions{StaticRoutesOnly: aws.Bool(true)},
		}
		for j := range 1 + g.Intn(3) {
			office := aws.String(fmt.Sprintf("192.168.%d.0/24", (10*i+j)%256))
			vpn.Routes = append(vpn.Routes, ec2types.VpnStaticRoute{DestinationCidrBlock: office, State: ec2types.VpnStateAvailable})
			if i < len(named) {
				named[i].addRoute(r, ec2types.Route{DestinationCidrBlock: office, GatewayId: vgw.VpnGatewayId, State: ec2types.RouteStateActive, Origin: ec2types.RouteOriginEnableVgwRoutePropagation})
			}
		}
		if i < len(named) {
			for _, k := range named[i].private {
				r.RouteTables[k].PropagatingVgws = append(r.RouteTables[k].PropagatingVgws, ec2types.PropagatingVgw{GatewayId: vgw.VpnGatewayId})
			}
		}
		r.CustomerGateways = append(r.CustomerGateways, cgw)
		r.VpnGateways = append(r.VpnGateways, vgw)
		r.VpnConnections = append(r.VpnConnections, vpn)
	}
}

// zones are the availability zones subnets are spread over.
const zones = 3

// azName is the region's zone k: "eu-west-1a".
func azName(region string, k int) string { return fmt.Sprintf("%s%c", region, 'a'+k%zones) }

// azID is the account-independent id of zone k: "euw1-az1" for eu-west-1
// (ap-southeast-1: "apse1-az1").
func azID(region string, k int) string {
	parts := strings.Split(region, "-")
	code := parts[0]
	for _, p := range parts[1 : len(parts)-1] {
		for _, dir := range []string{"north", "south", "east", "west", "central"} {
			if rest, ok := strings.CutPrefix(p, dir); ok {
				code += dir[:1]
				p = rest
			}
		}
	}
	return fmt.Sprintf("%s%s-az%d", code, parts[len(parts)-1], 1+k%zones)
}

// genVPC builds VPC number i and returns what the peerings and VPNs need.
// VPC 0 is the region's default VPC, as AWS creates it: 172.31.0.0/16, a
// public /20 per zone, an internet gateway and a main route table to it,
// no Name tags, no NAT or endpoints. The named VPCs have a public and a
// private subnet per zone.
func genVPC(g *Gen, a *Account, r *Region, i int) vpcNet {
	isDefault := i == 0
	prefix, name := fmt.Sprintf("10.%d", i%256), g.Name("vpc", i)
	if isDefault {
		prefix, name = "172.31", ""
	}
	vpcID := aws.String(g.ID("vpc"))
	cidr := aws.String(prefix + ".0.0/16")
	r.Vpcs = append(r.Vpcs, ec2types.Vpc{
		VpcId: vpcID, CidrBlock: cidr, IsDefault: aws.Bool(isDefault),
		State: ec2types.VpcStateAvailable, OwnerId: aws.String(a.ID), InstanceTenancy: ec2types.TenancyDefault,
		DhcpOptionsId: aws.String(g.ID("dopt")), Tags: ec2Name(name),
		CidrBlockAssociationSet: []ec2types.VpcCidrBlockAssociation{{
			AssociationId: aws.String(g.ID("vpc-cidr-assoc")), CidrBlock: cidr,
			CidrBlockState: &ec2types.VpcCidrBlockState{State: ec2types.VpcCidrBlockStateCodeAssociated},
		}},
	})
	igwName := name + "-igw"
	if isDefault {
		igwName = "" // the default VPC's resources have no Name tags
	}
	igw := ec2types.InternetGateway{
		InternetGatewayId: aws.String(g.ID("igw")), OwnerId: aws.String(a.ID),
		Attachments: []ec2types.InternetGatewayAttachment{{VpcId: vpcID, State: ec2types.AttachmentStatus("available")}},
		Tags:        ec2Name(igwName),
	}
	r.InternetGateways = append(r.InternetGateways, igw)
	local := ec2types.Route{DestinationCidrBlock: cidr, GatewayId: aws.String("local"), State: ec2types.RouteStateActive, Origin: ec2types.RouteOriginCreateRouteTable}
	toIGW := ec2types.Route{DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: igw.InternetGatewayId, State: ec2types.RouteStateActive, Origin: ec2types.RouteOriginCreateRoute}

	subnet := func(k int, block, label string, public bool) *string {
		id := aws.String(g.ID("subnet"))
		r.Subnets = append(r.Subnets, ec2types.Subnet{
			SubnetId: id, VpcId: vpcID, CidrBlock: aws.String(block),
			AvailabilityZone: aws.String(azName(r.Name, k)), AvailabilityZoneId: aws.String(azID(r.Name, k)),
			MapPublicIpOnLaunch: aws.Bool(public), DefaultForAz: aws.Bool(isDefault), State: ec2types.SubnetStateAvailable,
			OwnerId: aws.String(a.ID), AvailableIpAddressCount: aws.Int32(int32(200 + g.Intn(50))),
			SubnetArn: aws.String(g.ARN("ec2", "subnet/"+*id)), Tags: ec2Name(label),
		})
		return id
	}
	if isDefault {
		for k := range zones {
			subnet(k, fmt.Sprintf("172.31.%d.0/20", 16*k), "", true)
		}
		r.RouteTables = append(r.RouteTables, routeTable(g, a, vpcID, "", nil, true, local, toIGW))
		genSecurityGroups(g, a, r, vpcID, 0)
		return vpcNet{id: vpcID, cidr: cidr}
	}

	// A public and a private subnet per zone, over two or three zones.
	nZones := 2 + g.Intn(zones-1)
	var public []*string
	private := make([][]*string, nZones) // by zone
	for j := range 2 * nZones {
		k, isPublic := j/2, j%2 == 0
		kind := "private"
		if isPublic {
			kind = "public"
		}
		id := subnet(k, fmt.Sprintf("%s.%d.0/24", prefix, j), fmt.Sprintf("%s-%s-%c", name, kind, 'a'+k), isPublic)
		if isPublic {
			public = append(public, id)
		} else {
			private[k] = append(private[k], id)
		}
	}

	r.RouteTables = append(r.RouteTables,
		routeTable(g, a, vpcID, name+"-main", nil, true, local),
		routeTable(g, a, vpcID, name+"-public", public, false, local, toIGW))

	// A NAT gateway per zone, in the zone's public subnet, as highly
	// available VPCs have; each zone's private subnets go out through it,
	// and reach S3 through the gateway endpoint.
	s3 := aws.String(g.ID("vpce"))
	s3List := aws.String(g.ID("pl"))
	net := vpcNet{id: vpcID, cidr: cidr}
	var privateTables, allPrivate []string
	for k := range nZones {
		nat := aws.String(g.ID("nat"))
		r.NatGateways = append(r.NatGateways, ec2types.NatGateway{
			NatGatewayId: nat, VpcId: vpcID, SubnetId: public[k], State: ec2types.NatGatewayStateAvailable,
			ConnectivityType: ec2types.ConnectivityTypePublic, CreateTime: aws.Time(g.Time()),
			Tags: ec2Name(fmt.Sprintf("%s-nat-%c", name, 'a'+k)),
			NatGatewayAddresses: []ec2types.NatGatewayAddress{{
				AllocationId: aws.String(g.ID("eipalloc")), NetworkInterfaceId: aws.String(g.ID("eni")),
				PrivateIp: aws.String(g.IP(prefix)), PublicIp: aws.String(g.PublicIP()), IsPrimary: aws.Bool(true),
				Status: ec2types.NatGatewayAddressStatusSucceeded,
			}},
		})
		rt := routeTable(g, a, vpcID, fmt.Sprintf("%s-private-%c", name, 'a'+k), private[k], false, local,
			ec2types.Route{DestinationCidrBlock: aws.String("0.0.0.0/0"), NatGatewayId: nat, State: ec2types.RouteStateActive, Origin: ec2types.RouteOriginCreateRoute},
			ec2types.Route{DestinationPrefixListId: s3List, GatewayId: s3, State: ec2types.RouteStateActive, Origin: ec2types.RouteOriginCreateRoute})
		net.private = append(net.private, len(r.RouteTables))
		privateTables = append(privateTables, aws.ToString(rt.RouteTableId))
		r.RouteTables = append(r.RouteTables, rt)
		for _, id := range private[k] {
			allPrivate = append(allPrivate, *id)
		}
	}
	genSecurityGroups(g, a, r, vpcID, g.Around(6))

	r.VpcEndpoints = append(r.VpcEndpoints, ec2types.VpcEndpoint{
		VpcEndpointId: s3, VpcId: vpcID, VpcEndpointType: ec2types.VpcEndpointTypeGateway,
		ServiceName: aws.String("com.amazonaws." + r.Name + ".s3"), State: ec2types.StateAvailable,
		RouteTableIds: privateTables, OwnerId: aws.String(a.ID), Tags: ec2Name(name + "-s3"),
	})
	for range g.Around(1) {
		svc := Pick(g, []string{"ssm", "ssmmessages", "ec2messages", "secretsmanager", "ecr.api", "logs", "sts"})
		r.VpcEndpoints = append(r.VpcEndpoints, ec2types.VpcEndpoint{
			VpcEndpointId: aws.String(g.ID("vpce")), VpcId: vpcID, VpcEndpointType: ec2types.VpcEndpointTypeInterface,
			ServiceName: aws.String("com.amazonaws." + r.Name + "." + svc), State: ec2types.StateAvailable,
			SubnetIds: allPrivate, PrivateDnsEnabled: aws.Bool(true), OwnerId: aws.String(a.ID),
			Tags: ec2Name(fmt.Sprintf("%s-%s", name, svc)),
		})
	}
	return net
}

// routeTable builds a route table; main makes it the VPC's main one,
// which the subnets without an explicit association use.
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
