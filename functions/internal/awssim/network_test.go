package awssim

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// Generated estates, small to large, and the demo's, are one coherent
// network each: every id a resource names exists where it should, and
// every subnet is public or private by its route table.
func TestNetworkIsCoherent(t *testing.T) {
	regions := []string{"eu-west-1", "ap-southeast-1"}
	for _, tc := range []struct {
		name   string
		estate *Estate
	}{
		{"scale 0.2", Generate(7, Size{Accounts: 1, Regions: regions, Scale: 0.2})},
		{"scale 1", Generate(42, Size{Accounts: 2, Regions: regions, Scale: 1})},
		{"scale 4", Generate(3, Size{Accounts: 1, Regions: regions, Scale: 4})},
		{"demo", Demo().Estate()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, a := range tc.estate.Accounts {
				for name, r := range a.Regions {
					for _, problem := range networkProblems(a, r) {
						t.Errorf("%s %s: %s", a.Name, name, problem)
					}
				}
			}
		})
	}
}

// The demo shows a whole network in every region: two named VPCs with
// public and private subnets, gateways of every kind, a peering between
// them and one with another account, a VPN, and workloads on both sides.
func TestDemoNetwork(t *testing.T) {
	for _, a := range Demo().Estate().Accounts {
		for _, name := range DemoRegions() {
			r := a.Region(name)
			n := networkOf(r)
			named := namedVPCs(r)
			publicInstances, privateInstances := 0, 0
			for _, in := range r.Instances {
				if n.public[aws.ToString(in.SubnetId)] {
					publicInstances++
				} else {
					privateInstances++
				}
			}
			internalPeering, remotePeering := 0, 0
			for _, p := range r.VpcPeerings {
				if aws.ToString(p.RequesterVpcInfo.OwnerId) == a.ID && aws.ToString(p.AccepterVpcInfo.OwnerId) == a.ID {
					internalPeering++
				} else {
					remotePeering++
				}
			}
			alb := slices.ContainsFunc(r.LoadBalancers, func(lb elbtypes.LoadBalancer) bool {
				return lb.Type == elbtypes.LoadBalancerTypeEnumApplication && lb.Scheme == elbtypes.LoadBalancerSchemeEnumInternetFacing
			})
			gatewayEndpoint := slices.ContainsFunc(r.VpcEndpoints, func(e ec2types.VpcEndpoint) bool { return e.VpcEndpointType == ec2types.VpcEndpointTypeGateway })
			interfaceEndpoint := slices.ContainsFunc(r.VpcEndpoints, func(e ec2types.VpcEndpoint) bool { return e.VpcEndpointType == ec2types.VpcEndpointTypeInterface })
			for what, ok := range map[string]bool{
				"two named VPCs":                    len(named) >= 2,
				"public and private subnets":        len(n.public) > 0 && len(n.public) < len(r.Subnets),
				"NAT gateways":                      len(r.NatGateways) > 0,
				"a peering between its VPCs":        internalPeering > 0,
				"a peering with another account":    remotePeering > 0,
				"an attached VPN gateway":           len(r.VpnGateways) > 0 && len(r.VpnGateways[0].VpcAttachments) > 0,
				"a VPN connection":                  len(r.VpnConnections) > 0 && len(r.CustomerGateways) > 0,
				"S3 gateway and interface endpoint": gatewayEndpoint && interfaceEndpoint,
				"public and private instances":      publicInstances > 0 && privateInstances > 0,
				"an internet-facing ALB":            alb,
				"RDS, ElastiCache and EKS":          len(r.DBInstances) > 0 && len(r.CacheClusters) > 0 && len(r.EKSClusters) > 0,
			} {
				if !ok {
					t.Errorf("%s %s lacks %s", a.Name, name, what)
				}
			}
		}
	}
}

// network indexes a region's network resources by id.
type network struct {
	vpcs     map[string]ec2types.Vpc
	subnets  map[string]ec2types.Subnet
	public   map[string]bool // subnet ids whose route table has 0.0.0.0/0 to an internet gateway
	igwVPCs  map[string][]string
	vgwVPCs  map[string][]string
	nats     map[string]ec2types.NatGateway
	pcxVPCs  map[string][]string
	vpce     map[string]ec2types.VpcEndpoint
	problems []string
}

func (n *network) fail(format string, args ...any) {
	n.problems = append(n.problems, fmt.Sprintf(format, args...))
}

func networkOf(r *Region) *network {
	n := &network{
		vpcs: map[string]ec2types.Vpc{}, subnets: map[string]ec2types.Subnet{}, public: map[string]bool{},
		igwVPCs: map[string][]string{}, vgwVPCs: map[string][]string{}, nats: map[string]ec2types.NatGateway{},
		pcxVPCs: map[string][]string{}, vpce: map[string]ec2types.VpcEndpoint{},
	}
	for _, v := range r.Vpcs {
		n.vpcs[aws.ToString(v.VpcId)] = v
	}
	for _, s := range r.Subnets {
		n.subnets[aws.ToString(s.SubnetId)] = s
	}
	for _, g := range r.InternetGateways {
		for _, at := range g.Attachments {
			n.igwVPCs[aws.ToString(g.InternetGatewayId)] = append(n.igwVPCs[aws.ToString(g.InternetGatewayId)], aws.ToString(at.VpcId))
		}
	}
	for _, g := range r.VpnGateways {
		n.vgwVPCs[aws.ToString(g.VpnGatewayId)] = nil
		for _, at := range g.VpcAttachments {
			n.vgwVPCs[aws.ToString(g.VpnGatewayId)] = append(n.vgwVPCs[aws.ToString(g.VpnGatewayId)], aws.ToString(at.VpcId))
		}
	}
	for _, g := range r.NatGateways {
		n.nats[aws.ToString(g.NatGatewayId)] = g
	}
	for _, p := range r.VpcPeerings {
		n.pcxVPCs[aws.ToString(p.VpcPeeringConnectionId)] = []string{aws.ToString(p.RequesterVpcInfo.VpcId), aws.ToString(p.AccepterVpcInfo.VpcId)}
	}
	for _, e := range r.VpcEndpoints {
		n.vpce[aws.ToString(e.VpcEndpointId)] = e
	}

	// Each subnet's route table: its explicit one, else its VPC's main one.
	main, explicit := map[string]ec2types.RouteTable{}, map[string]ec2types.RouteTable{}
	for _, rt := range r.RouteTables {
		vpc, id := aws.ToString(rt.VpcId), aws.ToString(rt.RouteTableId)
		if _, ok := n.vpcs[vpc]; !ok {
			n.fail("route table %s is in unknown VPC %s", id, vpc)
		}
		for _, as := range rt.Associations {
			if aws.ToBool(as.Main) {
				if _, dup := main[vpc]; dup {
					n.fail("VPC %s has two main route tables", vpc)
				}
				main[vpc] = rt
			}
			if sn := aws.ToString(as.SubnetId); sn != "" {
				if aws.ToString(n.subnets[sn].VpcId) != vpc {
					n.fail("route table %s is associated with subnet %s of another VPC", id, sn)
				}
				if _, dup := explicit[sn]; dup {
					n.fail("subnet %s has two route tables", sn)
				}
				explicit[sn] = rt
			}
		}
		for _, route := range rt.Routes {
			n.checkRoute(rt, route)
		}
	}
	for id, s := range n.subnets {
		vpc := aws.ToString(s.VpcId)
		if _, ok := n.vpcs[vpc]; !ok {
			n.fail("subnet %s is in unknown VPC %s", id, vpc)
		}
		rt, ok := explicit[id]
		if !ok {
			if rt, ok = main[vpc]; !ok {
				n.fail("subnet %s has no route table: VPC %s has no main one", id, vpc)
			}
		}
		for _, route := range rt.Routes {
			if aws.ToString(route.DestinationCidrBlock) == "0.0.0.0/0" && strings.HasPrefix(aws.ToString(route.GatewayId), "igw-") {
				n.public[id] = true
			}
		}
		if n.public[id] != aws.ToBool(s.MapPublicIpOnLaunch) {
			n.fail("subnet %s: routed to the internet %v, public IPs on launch %v", id, n.public[id], aws.ToBool(s.MapPublicIpOnLaunch))
		}
	}
	return n
}

// checkRoute checks that a route's target exists and serves its VPC.
func (n *network) checkRoute(rt ec2types.RouteTable, route ec2types.Route) {
	vpc, id := aws.ToString(rt.VpcId), aws.ToString(rt.RouteTableId)
	gw, nat, pcx := aws.ToString(route.GatewayId), aws.ToString(route.NatGatewayId), aws.ToString(route.VpcPeeringConnectionId)
	switch {
	case gw == "local":
		if aws.ToString(route.DestinationCidrBlock) != aws.ToString(n.vpcs[vpc].CidrBlock) {
			n.fail("route table %s: local route to %s", id, aws.ToString(route.DestinationCidrBlock))
		}
	case strings.HasPrefix(gw, "igw-"):
		if !slices.Contains(n.igwVPCs[gw], vpc) {
			n.fail("route table %s routes to %s, not attached to %s", id, gw, vpc)
		}
	case strings.HasPrefix(gw, "vgw-"):
		if !slices.Contains(n.vgwVPCs[gw], vpc) {
			n.fail("route table %s routes to %s, not attached to %s", id, gw, vpc)
		}
	case strings.HasPrefix(gw, "vpce-"):
		e, ok := n.vpce[gw]
		if !ok || aws.ToString(e.VpcId) != vpc || !slices.Contains(e.RouteTableIds, id) || route.DestinationPrefixListId == nil {
			n.fail("route table %s routes to endpoint %s, which does not list it", id, gw)
		}
	case nat != "":
		g, ok := n.nats[nat]
		if !ok || aws.ToString(g.VpcId) != vpc {
			n.fail("route table %s routes to NAT gateway %s outside its VPC", id, nat)
		}
	case pcx != "":
		if !slices.Contains(n.pcxVPCs[pcx], vpc) {
			n.fail("route table %s routes to peering %s, which does not join %s", id, pcx, vpc)
		}
	default:
		n.fail("route table %s has a route without a known target: %+v", id, route)
	}
}

// networkProblems lists what does not fit in a region's network and the
// placement of its workloads.
func networkProblems(a *Account, r *Region) []string {
	n := networkOf(r)
	inVPC := func(what, vpc string, subnets ...string) {
		if _, ok := n.vpcs[vpc]; !ok {
			n.fail("%s is in unknown VPC %q", what, vpc)
		}
		if len(subnets) == 0 {
			n.fail("%s is in no subnet", what)
		}
		for _, s := range subnets {
			if got := aws.ToString(n.subnets[s].VpcId); got != vpc {
				n.fail("%s: subnet %s is in VPC %q, not %s", what, s, got, vpc)
			}
		}
	}
	private := func(what string, subnets ...string) {
		for _, s := range subnets {
			if n.public[s] {
				n.fail("%s is in public subnet %s", what, s)
			}
		}
	}
	attached := map[string]int{}
	for gw, vpcs := range n.vgwVPCs {
		for _, v := range vpcs {
			if attached[v]++; attached[v] > 1 {
				n.fail("VPC %s has two virtual private gateways (%s)", v, gw)
			}
		}
	}
	for gw, vpcs := range n.igwVPCs {
		for _, v := range vpcs {
			if _, ok := n.vpcs[v]; !ok {
				n.fail("internet gateway %s is attached to unknown VPC %s", gw, v)
			}
		}
	}
	for _, g := range r.NatGateways {
		inVPC("NAT gateway "+aws.ToString(g.NatGatewayId), aws.ToString(g.VpcId), aws.ToString(g.SubnetId))
		if !n.public[aws.ToString(g.SubnetId)] {
			n.fail("NAT gateway %s is in private subnet %s", aws.ToString(g.NatGatewayId), aws.ToString(g.SubnetId))
		}
	}
	for _, e := range r.VpcEndpoints {
		if e.VpcEndpointType == ec2types.VpcEndpointTypeInterface {
			inVPC("endpoint "+aws.ToString(e.VpcEndpointId), aws.ToString(e.VpcId), e.SubnetIds...)
		}
	}
	for _, p := range r.VpcPeerings {
		for _, side := range []*ec2types.VpcPeeringConnectionVpcInfo{p.RequesterVpcInfo, p.AccepterVpcInfo} {
			if _, ok := n.vpcs[aws.ToString(side.VpcId)]; aws.ToString(side.OwnerId) == a.ID && aws.ToString(side.Region) == r.Name && !ok {
				n.fail("peering %s joins unknown VPC %s", aws.ToString(p.VpcPeeringConnectionId), aws.ToString(side.VpcId))
			}
		}
	}
	cgws := map[string]bool{}
	for _, c := range r.CustomerGateways {
		cgws[aws.ToString(c.CustomerGatewayId)] = true
	}
	for _, v := range r.VpnConnections {
		if _, ok := n.vgwVPCs[aws.ToString(v.VpnGatewayId)]; !ok || !cgws[aws.ToString(v.CustomerGatewayId)] {
			n.fail("VPN connection %s joins unknown gateways", aws.ToString(v.VpnConnectionId))
		}
	}
	for _, in := range r.Instances {
		what := "instance " + aws.ToString(in.InstanceId)
		inVPC(what, aws.ToString(in.VpcId), aws.ToString(in.SubnetId))
		if aws.ToString(in.Placement.AvailabilityZone) != aws.ToString(n.subnets[aws.ToString(in.SubnetId)].AvailabilityZone) {
			n.fail("%s is in another zone than its subnet", what)
		}
		if in.PublicIpAddress != nil && !n.public[aws.ToString(in.SubnetId)] {
			n.fail("%s has a public IP in a private subnet", what)
		}
	}
	for _, lb := range r.LoadBalancers {
		what := "load balancer " + aws.ToString(lb.LoadBalancerName)
		var subnets []string
		for _, z := range lb.AvailabilityZones {
			subnets = append(subnets, aws.ToString(z.SubnetId))
			if n.public[aws.ToString(z.SubnetId)] != (lb.Scheme == elbtypes.LoadBalancerSchemeEnumInternetFacing) {
				n.fail("%s (%s) is in subnet %s", what, lb.Scheme, aws.ToString(z.SubnetId))
			}
		}
		inVPC(what, aws.ToString(lb.VpcId), subnets...)
	}
	for _, db := range r.DBInstances {
		what := "DB instance " + aws.ToString(db.DBInstanceIdentifier)
		var subnets, zones []string
		for _, s := range db.DBSubnetGroup.Subnets {
			subnets = append(subnets, aws.ToString(s.SubnetIdentifier))
			zones = append(zones, aws.ToString(n.subnets[aws.ToString(s.SubnetIdentifier)].AvailabilityZone))
		}
		inVPC(what, aws.ToString(db.DBSubnetGroup.VpcId), subnets...)
		private(what, subnets...)
		if !slices.Contains(zones, aws.ToString(db.AvailabilityZone)) {
			n.fail("%s is in zone %s, outside its subnets", what, aws.ToString(db.AvailabilityZone))
		}
	}
	groups := map[string]ectypes.CacheSubnetGroup{}
	for _, g := range r.CacheSubnetGroups {
		groups[aws.ToString(g.CacheSubnetGroupName)] = g
	}
	for _, c := range r.CacheClusters {
		what := "cache cluster " + aws.ToString(c.CacheClusterId)
		g, ok := groups[aws.ToString(c.CacheSubnetGroupName)]
		if !ok {
			n.fail("%s names unknown subnet group %s", what, aws.ToString(c.CacheSubnetGroupName))
			continue
		}
		var subnets []string
		for _, s := range g.Subnets {
			subnets = append(subnets, aws.ToString(s.SubnetIdentifier))
		}
		inVPC(what, aws.ToString(g.VpcId), subnets...)
		private(what, subnets...)
	}
	for _, c := range r.EKSClusters {
		inVPC("EKS cluster "+aws.ToString(c.Name), aws.ToString(c.ResourcesVpcConfig.VpcId), c.ResourcesVpcConfig.SubnetIds...)
	}
	return n.problems
}

func TestAZID(t *testing.T) {
	for region, want := range map[string]string{"us-east-1": "use1-az1", "eu-west-1": "euw1-az1", "ap-southeast-1": "apse1-az1", "eu-central-2": "euc2-az1", "ap-northeast-3": "apne3-az1"} {
		if got := azID(region, 0); got != want {
			t.Errorf("azID(%s) = %s, want %s", region, got, want)
		}
	}
}

// The checks above catch a broken network: each change below breaks one
// relation.
func TestNetworkProblemsAreFound(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(r *Region)
	}{
		{"route to a missing NAT gateway", func(r *Region) {
			for i, rt := range r.RouteTables {
				for k, route := range rt.Routes {
					if route.NatGatewayId != nil {
						r.RouteTables[i].Routes[k].NatGatewayId = aws.String("nat-0missing")
						return
					}
				}
			}
		}},
		{"subnet in a missing VPC", func(r *Region) { r.Subnets[0].VpcId = aws.String("vpc-0missing") }},
		{"public IPs in a private subnet", func(r *Region) {
			for i, s := range r.Subnets {
				if !aws.ToBool(s.MapPublicIpOnLaunch) {
					r.Subnets[i].MapPublicIpOnLaunch = aws.Bool(true)
					return
				}
			}
		}},
		{"instance in another VPC's subnet", func(r *Region) { r.Instances[0].SubnetId = r.Subnets[0].SubnetId }},
		{"cache cluster without its subnet group", func(r *Region) { r.CacheSubnetGroups = r.CacheSubnetGroups[1:] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := Generate(42, Size{Accounts: 1, Regions: []string{"eu-west-1"}, Scale: 1})
			a := e.Accounts[0]
			tc.spoil(a.Region("eu-west-1"))
			if len(networkProblems(a, a.Region("eu-west-1"))) == 0 {
				t.Fatal("no problem found")
			}
		})
	}
}
