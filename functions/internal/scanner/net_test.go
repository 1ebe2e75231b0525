package scanner

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// netScan scans the test region of the test estate's first account once
// (the sim paging by two), shared by the Net tests.
var netScan = sync.OnceValues(func() (*awssim.Estate, []inventory.Record) {
	estate := testEstate()
	account := estate.Accounts[0].ID
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res := testRunner().Scan(ctx, inventory.Unit{TaskID: "test", AccountID: account, Region: testRegion},
		awssim.New(estate, awssim.Options{PageSize: 2}).Config(account, testRegion))
	return estate, res.Records
})

// TestNetOfEveryService compares each record's Net with the estate it was
// read from, service by service; the services without a network placement
// carry none.
func TestNetOfEveryService(t *testing.T) {
	estate, recs := netScan()
	a := estate.Accounts[0]
	r := a.Region(testRegion)
	for _, tc := range []struct {
		service string
		want    func() map[string]*inventory.Net // by record id; a nil Net: none
	}{
		{"vpc", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, v := range r.Vpcs {
				out[aws.ToString(v.VpcId)] = &inventory.Net{VPC: aws.ToString(v.VpcId), CIDR: aws.ToString(v.CidrBlock)}
			}
			return out
		}},
		{"subnet", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, s := range r.Subnets {
				out[aws.ToString(s.SubnetId)] = &inventory.Net{VPC: aws.ToString(s.VpcId), AZ: aws.ToString(s.AvailabilityZone), CIDR: aws.ToString(s.CidrBlock)}
			}
			return out
		}},
		{"route_table", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, rt := range r.RouteTables {
				n := &inventory.Net{VPC: aws.ToString(rt.VpcId)}
				for _, as := range rt.Associations {
					n.Main = n.Main || aws.ToBool(as.Main)
					if as.SubnetId != nil {
						n.Subnets = append(n.Subnets, *as.SubnetId)
					}
				}
				for _, route := range rt.Routes {
					if aws.ToString(route.GatewayId) != "local" {
						n.Routes = append(n.Routes, inventory.Route{
							Destination: aws.ToString(route.DestinationCidrBlock) + aws.ToString(route.DestinationPrefixListId),
							Target:      aws.ToString(route.GatewayId) + aws.ToString(route.NatGatewayId) + aws.ToString(route.VpcPeeringConnectionId),
						})
					}
				}
				out[aws.ToString(rt.RouteTableId)] = n
			}
			return out
		}},
		{"internet_gateway", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, g := range r.InternetGateways {
				vpc := aws.ToString(g.Attachments[0].VpcId)
				out[aws.ToString(g.InternetGatewayId)] = &inventory.Net{VPC: vpc, Peers: []string{vpc}}
			}
			return out
		}},
		{"nat_gateway", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, g := range r.NatGateways {
				out[aws.ToString(g.NatGatewayId)] = &inventory.Net{VPC: aws.ToString(g.VpcId), Subnets: []string{aws.ToString(g.SubnetId)}}
			}
			return out
		}},
		{"vpc_endpoint", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, e := range r.VpcEndpoints {
				out[aws.ToString(e.VpcEndpointId)] = &inventory.Net{VPC: aws.ToString(e.VpcId), Subnets: e.SubnetIds}
			}
			return out
		}},
		{"vpc_peering", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, p := range r.VpcPeerings {
				req, acc := p.RequesterVpcInfo, p.AccepterVpcInfo
				n := &inventory.Net{Peers: []string{aws.ToString(req.VpcId), aws.ToString(acc.VpcId)}}
				if aws.ToString(req.OwnerId) != a.ID || aws.ToString(req.Region) != testRegion {
					n.Remote = aws.ToString(req.VpcId) + " (" + aws.ToString(req.OwnerId) + ", " + aws.ToString(req.Region) + ")"
				}
				out[aws.ToString(p.VpcPeeringConnectionId)] = n
			}
			return out
		}},
		{"virtual_private_gateway", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, g := range r.VpnGateways {
				out[aws.ToString(g.VpnGatewayId)] = nil // detached
				if len(g.VpcAttachments) > 0 {
					vpc := aws.ToString(g.VpcAttachments[0].VpcId)
					out[aws.ToString(g.VpnGatewayId)] = &inventory.Net{VPC: vpc, Peers: []string{vpc}}
				}
			}
			return out
		}},
		{"vpn_connection", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, v := range r.VpnConnections {
				out[aws.ToString(v.VpnConnectionId)] = &inventory.Net{Peers: []string{aws.ToString(v.CustomerGatewayId), aws.ToString(v.VpnGatewayId)}}
			}
			return out
		}},
		{"ec2", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, in := range r.Instances {
				out[aws.ToString(in.InstanceId)] = &inventory.Net{VPC: aws.ToString(in.VpcId), Subnets: []string{aws.ToString(in.SubnetId)}, AZ: aws.ToString(in.Placement.AvailabilityZone)}
			}
			return out
		}},
		{"elb", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, lb := range r.LoadBalancers {
				n := &inventory.Net{VPC: aws.ToString(lb.VpcId)}
				for _, z := range lb.AvailabilityZones {
					n.Subnets = append(n.Subnets, aws.ToString(z.SubnetId))
				}
				out[aws.ToString(lb.LoadBalancerArn)] = n
			}
			return out
		}},
		{"rds", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, db := range r.DBInstances {
				n := &inventory.Net{VPC: aws.ToString(db.DBSubnetGroup.VpcId), AZ: aws.ToString(db.AvailabilityZone)}
				for _, s := range db.DBSubnetGroup.Subnets {
					n.Subnets = append(n.Subnets, aws.ToString(s.SubnetIdentifier))
				}
				out[aws.ToString(db.DBInstanceIdentifier)] = n
			}
			return out
		}},
		{"elasticache", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, c := range r.CacheClusters {
				for _, g := range r.CacheSubnetGroups {
					if aws.ToString(g.CacheSubnetGroupName) != aws.ToString(c.CacheSubnetGroupName) {
						continue
					}
					n := &inventory.Net{VPC: aws.ToString(g.VpcId)}
					if az := aws.ToString(c.PreferredAvailabilityZone); az != "Multiple" {
						n.AZ = az
					}
					for _, s := range g.Subnets {
						n.Subnets = append(n.Subnets, aws.ToString(s.SubnetIdentifier))
					}
					out[aws.ToString(c.CacheClusterId)] = n
				}
			}
			return out
		}},
		{"eks", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, c := range r.EKSClusters {
				out[aws.ToString(c.Arn)] = &inventory.Net{VPC: aws.ToString(c.ResourcesVpcConfig.VpcId), Subnets: c.ResourcesVpcConfig.SubnetIds}
			}
			return out
		}},
		{"customer_gateway", func() map[string]*inventory.Net {
			out := map[string]*inventory.Net{}
			for _, g := range r.CustomerGateways {
				out[aws.ToString(g.CustomerGatewayId)] = nil
			}
			return out
		}},
	} {
		t.Run(tc.service, func(t *testing.T) {
			want := tc.want()
			got := recordsOf(&inventory.Result{Records: recs}, tc.service)
			if len(got) != len(want) || len(got) == 0 {
				t.Fatalf("%d records, the estate has %d", len(got), len(want))
			}
			placedSome := false
			for _, rec := range got {
				w, ok := want[rec.ID]
				if !ok {
					t.Fatalf("record %s is not in the estate", rec.ID)
				}
				if !reflect.DeepEqual(rec.Net, w) {
					t.Errorf("%s: Net %s, want %s", rec.ID, netString(rec.Net), netString(w))
				}
				placedSome = placedSome || rec.Net != nil
			}
			if !placedSome && tc.service != "customer_gateway" {
				t.Error("no record has a Net: the test proves nothing")
			}
		})
	}
	// The services without a network placement carry no Net.
	for _, rec := range recs {
		switch rec.Service {
		case "vpc", "subnet", "route_table", "internet_gateway", "nat_gateway", "vpc_endpoint", "vpc_peering",
			"virtual_private_gateway", "vpn_connection", "ec2", "elb", "rds", "elasticache", "eks":
		default:
			if rec.Net != nil {
				t.Errorf("%s %s has a Net %s", rec.Service, rec.ID, netString(rec.Net))
			}
		}
	}
}

// TestNetTellsTheNetwork checks the relations a diagram is drawn from, as
// a reader of the records finds them.
func TestNetTellsTheNetwork(t *testing.T) {
	estate, recs := netScan()
	a := estate.Accounts[0]
	r := a.Region(testRegion)
	by := map[string][]inventory.Record{}
	for _, rec := range recs {
		by[rec.Service] = append(by[rec.Service], rec)
	}
	// tableOf is the route table a subnet uses: its explicit one, else its
	// VPC's main one.
	tableOf := func(subnet, vpc string) *inventory.Net {
		var main *inventory.Net
		for _, rt := range by["route_table"] {
			if slices.Contains(rt.Net.Subnets, subnet) {
				return rt.Net
			}
			if rt.Net.Main && rt.Net.VPC == vpc {
				main = rt.Net
			}
		}
		return main
	}
	routesTo := func(n *inventory.Net, dest, prefix string) bool {
		return n != nil && slices.ContainsFunc(n.Routes, func(rt inventory.Route) bool {
			return (dest == "" || rt.Destination == dest) && strings.HasPrefix(rt.Target, prefix)
		})
	}
	var public, private ec2types.Subnet
	for _, s := range r.Subnets {
		if aws.ToBool(s.DefaultForAz) {
			continue
		}
		if aws.ToBool(s.MapPublicIpOnLaunch) && public.SubnetId == nil {
			public = s
		}
		if !aws.ToBool(s.MapPublicIpOnLaunch) && private.SubnetId == nil {
			private = s
		}
	}
	var defaultSubnet ec2types.Subnet
	for _, s := range r.Subnets {
		if aws.ToBool(s.DefaultForAz) {
			defaultSubnet = s
		}
	}
	for _, tc := range []struct {
		name string
		ok   func() bool
	}{
		{"a public subnet's route table routes 0.0.0.0/0 to an igw-", func() bool {
			return routesTo(tableOf(aws.ToString(public.SubnetId), aws.ToString(public.VpcId)), "0.0.0.0/0", "igw-")
		}},
		{"a private subnet's route table routes 0.0.0.0/0 to a nat-, not to an igw-", func() bool {
			n := tableOf(aws.ToString(private.SubnetId), aws.ToString(private.VpcId))
			return routesTo(n, "0.0.0.0/0", "nat-") && !routesTo(n, "", "igw-")
		}},
		{"a default subnet is public through its VPC's main route table", func() bool {
			n := tableOf(aws.ToString(defaultSubnet.SubnetId), aws.ToString(defaultSubnet.VpcId))
			return n != nil && n.Main && len(n.Subnets) == 0 && routesTo(n, "0.0.0.0/0", "igw-")
		}},
		{"every VPC has exactly one main route table", func() bool {
			mains := map[string]int{}
			for _, rt := range by["route_table"] {
				if rt.Net.Main {
					mains[rt.Net.VPC]++
				}
			}
			for _, v := range r.Vpcs {
				if mains[aws.ToString(v.VpcId)] != 1 {
					return false
				}
			}
			return len(mains) == len(r.Vpcs)
		}},
		{"the private route tables reach S3 through the gateway endpoint's prefix list", func() bool {
			return routesTo(tableOf(aws.ToString(private.SubnetId), aws.ToString(private.VpcId)), "", "vpce-")
		}},
		{"the peered VPCs route to each other through the pcx-", func() bool {
			for _, p := range by["vpc_peering"] {
				if p.Net.Remote != "" {
					continue
				}
				found := 0
				for _, rt := range by["route_table"] {
					if routesTo(rt.Net, "", p.ID) && slices.Contains(p.Net.Peers, rt.Net.VPC) {
						found++
					}
				}
				return found >= 2
			}
			return false
		}},
		{"a cross-account peering names its remote side", func() bool {
			for _, p := range r.VpcPeerings {
				req := p.RequesterVpcInfo
				if aws.ToString(req.OwnerId) == a.ID {
					continue
				}
				for _, rec := range by["vpc_peering"] {
					if rec.ID == aws.ToString(p.VpcPeeringConnectionId) {
						return rec.Net.Remote == aws.ToString(req.VpcId)+" ("+aws.ToString(req.OwnerId)+", "+aws.ToString(req.Region)+")" &&
							slices.Contains(rec.Net.Peers, aws.ToString(req.VpcId))
					}
				}
			}
			return false
		}},
		{"the VPN joins the customer gateway to a VGW attached to a VPC that routes to it", func() bool {
			for _, vpn := range by["vpn_connection"] {
				for _, vgw := range by["virtual_private_gateway"] {
					if vgw.Net == nil || !slices.Contains(vpn.Net.Peers, vgw.ID) {
						continue
					}
					for _, rt := range by["route_table"] {
						if rt.Net.VPC == vgw.Net.VPC && routesTo(rt.Net, "", vgw.ID) {
							return strings.HasPrefix(vpn.Net.Peers[0], "cgw-")
						}
					}
				}
			}
			return false
		}},
		{"a NAT gateway sits in a public subnet", func() bool {
			n := by["nat_gateway"][0].Net
			return routesTo(tableOf(n.Subnets[0], n.VPC), "0.0.0.0/0", "igw-")
		}},
		{"the databases and caches sit in private subnets", func() bool {
			for _, rec := range append(slices.Clone(by["rds"]), by["elasticache"]...) {
				for _, s := range rec.Net.Subnets {
					if routesTo(tableOf(s, rec.Net.VPC), "", "igw-") {
						return false
					}
				}
			}
			return len(by["rds"]) > 0 && len(by["elasticache"]) > 0
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.ok() {
				t.Fail()
			}
		})
	}
}

// TestRouteTableNet: which associations and routes a route table's Net
// keeps.
func TestRouteTableNet(t *testing.T) {
	associated := &ec2types.RouteTableAssociationState{State: ec2types.RouteTableAssociationStateCodeAssociated}
	gone := &ec2types.RouteTableAssociationState{State: ec2types.RouteTableAssociationStateCodeDisassociated}
	for _, tc := range []struct {
		name string
		in   ec2types.RouteTable
		want *inventory.Net
	}{
		{"main table, local route only", ec2types.RouteTable{VpcId: aws.String("vpc-1"),
			Associations: []ec2types.RouteTableAssociation{{Main: aws.Bool(true), AssociationState: associated}},
			Routes:       []ec2types.Route{{DestinationCidrBlock: aws.String("10.0.0.0/16"), GatewayId: aws.String("local")}}},
			&inventory.Net{VPC: "vpc-1", Main: true}},
		{"associated subnets only, gateways kept out", ec2types.RouteTable{VpcId: aws.String("vpc-1"),
			Associations: []ec2types.RouteTableAssociation{
				{SubnetId: aws.String("subnet-a"), AssociationState: associated},
				{SubnetId: aws.String("subnet-b"), AssociationState: gone},
				{SubnetId: aws.String("subnet-c")},
				{GatewayId: aws.String("igw-1"), AssociationState: associated},
			}},
			&inventory.Net{VPC: "vpc-1", Subnets: []string{"subnet-a", "subnet-c"}}},
		{"a disassociated main association is not main", ec2types.RouteTable{VpcId: aws.String("vpc-1"),
			Associations: []ec2types.RouteTableAssociation{{Main: aws.Bool(true), AssociationState: gone}}},
			&inventory.Net{VPC: "vpc-1"}},
		{"every kind of target, blackholes skipped", ec2types.RouteTable{VpcId: aws.String("vpc-1"), Routes: []ec2types.Route{
			{DestinationCidrBlock: aws.String("10.0.0.0/16"), GatewayId: aws.String("local"), State: ec2types.RouteStateActive},
			{DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: aws.String("igw-1"), State: ec2types.RouteStateActive},
			{DestinationIpv6CidrBlock: aws.String("::/0"), EgressOnlyInternetGatewayId: aws.String("eigw-1")},
			{DestinationPrefixListId: aws.String("pl-s3"), GatewayId: aws.String("vpce-1")},
			{DestinationCidrBlock: aws.String("10.1.0.0/16"), VpcPeeringConnectionId: aws.String("pcx-1")},
			{DestinationCidrBlock: aws.String("10.2.0.0/16"), TransitGatewayId: aws.String("tgw-1")},
			{DestinationCidrBlock: aws.String("10.3.0.0/16"), NatGatewayId: aws.String("nat-1"), State: ec2types.RouteStateBlackhole},
			{DestinationCidrBlock: aws.String("10.4.0.0/16"), InstanceId: aws.String("i-1"), NetworkInterfaceId: aws.String("eni-1"), InstanceOwnerId: aws.String("1")},
			{DestinationCidrBlock: aws.String("10.5.0.0/16"), CoreNetworkArn: aws.String("arn:aws:networkmanager::1:core-network/core-1")},
			{DestinationCidrBlock: aws.String("192.168.0.0/24"), GatewayId: aws.String("vgw-1"), Origin: ec2types.RouteOriginEnableVgwRoutePropagation},
			{DestinationCidrBlock: aws.String("10.6.0.0/16")}, // no target
		}}, &inventory.Net{VPC: "vpc-1", Routes: []inventory.Route{
			{Destination: "0.0.0.0/0", Target: "igw-1"},
			{Destination: "::/0", Target: "eigw-1"},
			{Destination: "pl-s3", Target: "vpce-1"},
			{Destination: "10.1.0.0/16", Target: "pcx-1"},
			{Destination: "10.2.0.0/16", Target: "tgw-1"},
			{Destination: "10.4.0.0/16", Target: "eni-1"},
			{Destination: "10.5.0.0/16", Target: "arn:aws:networkmanager::1:core-network/core-1"},
			{Destination: "192.168.0.0/24", Target: "vgw-1"},
		}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := routeTableNet(tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Net %s, want %s", netString(got), netString(tc.want))
			}
		})
	}
}

// TestPeeringNet: Remote names the side outside the scanned account or
// region, whichever side it is.
func TestPeeringNet(t *testing.T) {
	const account, region = "111111111111", "eu-west-1"
	s := &session{account: account, region: region}
	s.cfg.Region = region
	side := func(vpc, owner, region string) *ec2types.VpcPeeringConnectionVpcInfo {
		return &ec2types.VpcPeeringConnectionVpcInfo{VpcId: aws.String(vpc), OwnerId: aws.String(owner), Region: aws.String(region)}
	}
	for _, tc := range []struct {
		name     string
		req, acc *ec2types.VpcPeeringConnectionVpcInfo
		remote   string
	}{
		{"both sides here", side("vpc-a", account, region), side("vpc-b", account, region), ""},
		{"accepter in another account", side("vpc-a", account, region), side("vpc-b", "222222222222", region), "vpc-b (222222222222, eu-west-1)"},
		{"requester in another region", side("vpc-a", account, "us-east-1"), side("vpc-b", account, region), "vpc-a (111111111111, us-east-1)"},
		{"owner and region unsaid: here", &ec2types.VpcPeeringConnectionVpcInfo{VpcId: aws.String("vpc-a")}, side("vpc-b", account, region), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := s.peeringNet(ec2types.VpcPeeringConnection{RequesterVpcInfo: tc.req, AccepterVpcInfo: tc.acc})
			want := &inventory.Net{Peers: []string{"vpc-a", "vpc-b"}, Remote: tc.remote}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Net %s, want %s", netString(got), netString(want))
			}
		})
	}
}

// ElastiCache places its clusters through DescribeCacheSubnetGroups; a
// role that may not call it still lists every cluster, without a Net, the
// coverage is partial naming the call, and the log says why.
func TestElastiCacheWithoutSubnetGroups(t *testing.T) {
	estate := testEstate()
	r := estate.Accounts[0].Region(testRegion)
	for _, tc := range []struct {
		name  string
		fault *awssim.Fault
		net   bool
	}{
		{"subnet groups readable", nil, true},
		{"subnet groups denied", &awssim.Fault{Kind: awssim.Deny, Service: "ElastiCache", Operation: "DescribeCacheSubnetGroups"}, false},
		{"subnet groups failing past the retries", &awssim.Fault{Kind: awssim.ServerError, Service: "ElastiCache", Operation: "DescribeCacheSubnetGroups"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := awssim.New(estate, awssim.Options{PageSize: 2})
			if tc.fault != nil {
				sim.Inject(*tc.fault)
			}
			var logs bytes.Buffer
			runner := testRunner()
			runner.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			res := scanWith(t, runner, sim, testRegion, "elasticache")
			want := inventory.StatusOK
			if !tc.net {
				want = inventory.StatusPartial
			}
			cov := coverageOf(t, res, "elasticache")
			if cov.Status != want || cov.Resources != len(r.CacheClusters) {
				t.Fatalf("coverage %s with %d resources, want %s with %d (%s)", cov.Status, cov.Resources, want, len(r.CacheClusters), cov.Details)
			}
			if !tc.net && (len(cov.PartialCalls) != 1 || !strings.HasPrefix(cov.PartialCalls[0], "elasticache:DescribeCacheSubnetGroups (")) {
				t.Errorf("partial calls %v, want the subnet groups' alone", cov.PartialCalls)
			}
			recs := recordsOf(res, "elasticache")
			if len(recs) != len(r.CacheClusters) || len(recs) == 0 {
				t.Fatalf("%d clusters listed, want %d", len(recs), len(r.CacheClusters))
			}
			for _, rec := range recs {
				if (rec.Net != nil) != tc.net || rec.Tags["Name"] != rec.ID {
					t.Errorf("%s: Net %s, tags %v", rec.ID, netString(rec.Net), rec.Tags)
				}
				if tc.net && (rec.Net.VPC == "" || len(rec.Net.Subnets) == 0) {
					t.Errorf("%s: Net %s lacks its VPC or subnets", rec.ID, netString(rec.Net))
				}
			}
			warned := strings.Contains(logs.String(), "level=WARN") && strings.Contains(logs.String(), "elasticache:DescribeCacheSubnetGroups")
			if warned == tc.net {
				t.Errorf("warning logged %v, want %v: %s", warned, !tc.net, logs.String())
			}
			if n := sim.CallCount("ElastiCache", "DescribeCacheSubnetGroups"); tc.net && n > (len(r.CacheSubnetGroups)+1)/2 {
				t.Errorf("%d DescribeCacheSubnetGroups calls for %d groups by two: one listing per unit, not per cluster", n, len(r.CacheSubnetGroups))
			}
		})
	}
}

// netString shows a Net in test failures.
func netString(n *inventory.Net) string {
	if n == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%+v", *n)
}
