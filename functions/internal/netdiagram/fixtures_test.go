package netdiagram

import (
	"fmt"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

const (
	testAccount = "111122223333"
	testRegion  = "eu-west-1"
)

// rec makes a record of the test account and region.
func rec(service, id, name string, net *inventory.Net, cols map[string]string) inventory.Record {
	return inventory.Record{Service: service, ID: id, Name: name, AccountID: testAccount, Region: testRegion,
		Columns: cols, Net: net}
}

func routes(pairs ...string) []inventory.Route {
	var out []inventory.Route
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, inventory.Route{Destination: pairs[i], Target: pairs[i+1]})
	}
	return out
}

// demoEstate is two VPCs in two AZs with public and private subnets, an
// internet gateway, a NAT gateway, endpoints, a peering between them and
// one to another account, a VPN to a customer gateway through a virtual
// private gateway and one through a transit gateway both VPCs route to,
// and an ALB, EC2 instances, an RDS instance, an ElastiCache cluster and an
// EKS cluster.
func demoEstate() []inventory.Record {
	const prod, shared = "vpc-0a11", "vpc-0b22"
	sub := func(id, name, vpc, az, cidr string) inventory.Record {
		return rec("subnet", id, name, &inventory.Net{VPC: vpc, AZ: az, CIDR: cidr}, map[string]string{"AZ": az, "CIDR": cidr})
	}
	return []inventory.Record{
		rec("vpc", prod, "prod", &inventory.Net{CIDR: "10.0.0.0/16"}, map[string]string{"CIDR": "10.0.0.0/16"}),
		rec("vpc", shared, "shared-services", &inventory.Net{CIDR: "10.1.0.0/16"}, map[string]string{"CIDR": "10.1.0.0/16"}),
		sub("subnet-pa", "public-a", prod, "eu-west-1a", "10.0.0.0/24"),
		sub("subnet-pb", "public-b", prod, "eu-west-1b", "10.0.1.0/24"),
		sub("subnet-aa", "app-a", prod, "eu-west-1a", "10.0.10.0/24"),
		sub("subnet-ab", "app-b", prod, "eu-west-1b", "10.0.11.0/24"),
		sub("subnet-da", "data-a", prod, "eu-west-1a", "10.0.20.0/24"),
		sub("subnet-db", "data-b", prod, "eu-west-1b", "10.0.21.0/24"),
		sub("subnet-sa", "shared-a", shared, "eu-west-1a", "10.1.0.0/24"),
		sub("subnet-sb", "shared-b", shared, "eu-west-1b", "10.1.1.0/24"),
		rec("route_table", "rtb-prodmain", "prod-private", &inventory.Net{VPC: prod, Main: true,
			Routes: routes("0.0.0.0/0", "nat-0a", "10.1.0.0/16", "pcx-0a", "10.20.0.0/16", "tgw-0hub")}, nil),
		rec("route_table", "rtb-prodpub", "prod-public", &inventory.Net{VPC: prod, Subnets: []string{"subnet-pa", "subnet-pb"},
			Routes: routes("0.0.0.0/0", "igw-0a")}, nil),
		rec("route_table", "rtb-shared", "shared-main", &inventory.Net{VPC: shared, Main: true,
			Routes: routes("10.0.0.0/16", "pcx-0a", "10.20.0.0/16", "tgw-0hub", "192.168.0.0/16", "vgw-0a")}, nil),
		rec("internet_gateway", "igw-0a", "prod-igw", &inventory.Net{VPC: prod, Peers: []string{prod}}, nil),
		rec("nat_gateway", "nat-0a", "prod-nat-a", &inventory.Net{VPC: prod, Subnets: []string{"subnet-pa"}}, nil),
		rec("virtual_private_gateway", "vgw-0a", "shared-vgw", &inventory.Net{VPC: shared, Peers: []string{shared}}, nil),
		rec("vpc_endpoint", "vpce-s3", "", &inventory.Net{VPC: prod},
			map[string]string{"Service Name": "com.amazonaws.eu-west-1.s3", "Type": "Gateway"}),
		rec("vpc_endpoint", "vpce-ddb", "", &inventory.Net{VPC: prod},
			map[string]string{"Service Name": "com.amazonaws.eu-west-1.dynamodb", "Type": "Gateway"}),
		rec("vpc_endpoint", "vpce-ecr", "", &inventory.Net{VPC: prod, Subnets: []string{"subnet-aa", "subnet-ab"}},
			map[string]string{"Service Name": "com.amazonaws.eu-west-1.ecr.api", "Type": "Interface"}),
		rec("vpc_endpoint", "vpce-ssm", "", &inventory.Net{VPC: shared},
			map[string]string{"Service Name": "com.amazonaws.eu-west-1.ssm", "Type": "Interface"}),
		rec("vpc_peering", "pcx-0a", "prod-to-shared", &inventory.Net{Peers: []string{prod, shared}}, nil),
		rec("vpc_peering", "pcx-0b", "", &inventory.Net{Peers: []string{prod, "vpc-0remote"},
			Remote: "vpc-0remote (444455556666, us-east-1)"}, nil),
		rec("customer_gateway", "cgw-0office", "office", nil, map[string]string{"IP Address": "203.0.113.10"}),
		rec("customer_gateway", "cgw-0dc", "datacentre", nil, map[string]string{"IP Address": "198.51.100.7"}),
		rec("vpn_connection", "vpn-0office", "office-vpn", &inventory.Net{Peers: []string{"cgw-0office", "vgw-0a"}}, nil),
		rec("vpn_connection", "vpn-0dc", "", &inventory.Net{Peers: []string{"cgw-0dc", "tgw-0hub"}}, nil),
		rec("elb", "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/1", "web",
			&inventory.Net{VPC: prod, Subnets: []string{"subnet-pa", "subnet-pb"}},
			map[string]string{"Type": "application", "Scheme": "internet-facing"}),
		rec("ec2", "i-web1", "web-1", &inventory.Net{VPC: prod, Subnets: []string{"subnet-aa"}, AZ: "eu-west-1a"}, nil),
		rec("ec2", "i-web2", "web-2", &inventory.Net{VPC: prod, Subnets: []string{"subnet-ab"}, AZ: "eu-west-1b"}, nil),
		rec("ec2", "i-b1", "batch-1", &inventory.Net{VPC: prod, Subnets: []string{"subnet-aa"}}, nil),
		rec("ec2", "i-b2", "batch-2", &inventory.Net{VPC: prod, Subnets: []string{"subnet-aa"}}, nil),
		rec("ec2", "i-b3", "batch-3", &inventory.Net{VPC: prod, Subnets: []string{"subnet-aa"}}, nil),
		rec("ec2", "i-tools", "tools", &inventory.Net{VPC: shared, Subnets: []string{"subnet-sa"}}, nil),
		rec("rds", "orders-db", "orders-db", &inventory.Net{VPC: prod, Subnets: []string{"subnet-da", "subnet-db"}, AZ: "eu-west-1b"}, nil),
		rec("elasticache", "sessions", "sessions", &inventory.Net{VPC: prod, Subnets: []string{"subnet-da", "subnet-db"}}, nil),
		rec("eks", "platform", "platform", &inventory.Net{VPC: prod, Subnets: []string{"subnet-aa", "subnet-ab"}}, nil),
		rec("s3", "a-bucket", "a-bucket", nil, nil), // not drawn
	}
}

// generated is an estate of n subnets in VPCs of at most perVPC subnets
// over three AZs: a quarter public, each VPC with an internet gateway, a
// NAT gateway, two endpoints, workloads in every subnet (a few one by one,
// more as counts), a route to a shared transit gateway, a peering to the
// next VPC; the first VPC peers with another account and has a VPN.
func generated(n, perVPC int) []inventory.Record { return generatedAZs(n, perVPC, 3) }

// generatedAZs is generated with the subnets spread over azs zones.
func generatedAZs(n, perVPC, azs int) []inventory.Record {
	var out []inventory.Record
	vpcs := (n + perVPC - 1) / perVPC
	for v := range vpcs {
		count := min(perVPC, n-v*perVPC)
		out = append(out, generatedVPC(v, count, vpcs, azs)...)
	}
	out = append(out,
		rec("customer_gateway", "cgw-g1", "hq", nil, map[string]string{"IP Address": "203.0.113.1"}),
		rec("vpn_connection", "vpn-g1", "hq-vpn", &inventory.Net{Peers: []string{"cgw-g1", "tgw-g"}}, nil),
		rec("virtual_private_gateway", "vgw-g0", "", &inventory.Net{VPC: "vpc-g0"}, nil),
		rec("customer_gateway", "cgw-g2", "branch", nil, map[string]string{"IP Address": "203.0.113.2"}),
		rec("vpn_connection", "vpn-g2", "branch-vpn", &inventory.Net{Peers: []string{"cgw-g2", "vgw-g0"}}, nil),
		rec("vpc_peering", "pcx-gx", "", &inventory.Net{Peers: []string{"vpc-g0", "vpc-elsewhere"},
			Remote: "vpc-elsewhere (999988887777, eu-central-1)"}, nil),
	)
	return out
}

func generatedVPC(v, count, vpcs, azs int) []inventory.Record {
	id := fmt.Sprintf("vpc-g%d", v)
	pub, main := fmt.Sprintf("rtb-g%dpub", v), fmt.Sprintf("rtb-g%dmain", v)
	out := []inventory.Record{
		rec("vpc", id, fmt.Sprintf("workload-%02d", v), &inventory.Net{CIDR: fmt.Sprintf("10.%d.0.0/16", v)}, nil),
		rec("internet_gateway", "igw-g"+fmt.Sprint(v), "", &inventory.Net{VPC: id}, nil),
		rec("route_table", main, "", &inventory.Net{VPC: id, Main: true,
			Routes: routes("0.0.0.0/0", fmt.Sprintf("nat-g%d", v), "10.200.0.0/16", "tgw-g")}, nil),
		rec("vpc_endpoint", fmt.Sprintf("vpce-g%ds3", v), "", &inventory.Net{VPC: id},
			map[string]string{"Service Name": "com.amazonaws.eu-west-1.s3", "Type": "Gateway"}),
		rec("vpc_endpoint", fmt.Sprintf("vpce-g%dssm", v), "", &inventory.Net{VPC: id},
			map[string]string{"Service Name": "com.amazonaws.eu-west-1.ssm", "Type": "Interface"}),
	}
	if v+1 < vpcs {
		out = append(out, rec("vpc_peering", fmt.Sprintf("pcx-g%d", v), "", &inventory.Net{Peers: []string{id, fmt.Sprintf("vpc-g%d", v+1)}}, nil))
	}
	var public []string
	subnet := func(i int) string { return fmt.Sprintf("subnet-g%d-%03d", v, i) }
	for i := range count {
		az := "eu-west-1" + string(rune('a'+i%azs))
		out = append(out, rec("subnet", subnet(i), fmt.Sprintf("subnet-%d-%03d", v, i),
			&inventory.Net{VPC: id, AZ: az, CIDR: fmt.Sprintf("10.%d.%d.0/24", v, i)}, nil))
		if i%4 == 0 {
			public = append(public, subnet(i))
		}
		for k := range i % 6 {
			out = append(out, rec("ec2", fmt.Sprintf("i-g%d-%03d-%d", v, i, k), fmt.Sprintf("app-%d-%d", i, k),
				&inventory.Net{VPC: id, Subnets: []string{subnet(i)}}, nil))
		}
		if i%5 == 1 && i+1 < count {
			out = append(out, rec("elb", fmt.Sprintf("lb-g%d-%d", v, i), fmt.Sprintf("lb-%d", i),
				&inventory.Net{VPC: id, Subnets: []string{subnet(i), subnet(i + 1)}}, map[string]string{"Type": "network"}))
		}
	}
	out = append(out,
		rec("route_table", pub, "", &inventory.Net{VPC: id, Subnets: public, Routes: routes("0.0.0.0/0", "igw-g"+fmt.Sprint(v))}, nil),
		rec("nat_gateway", fmt.Sprintf("nat-g%d", v), "", &inventory.Net{VPC: id, Subnets: []string{subnet(0)}}, nil),
		rec("rds", fmt.Sprintf("db-g%d", v), "", &inventory.Net{VPC: id, Subnets: []string{subnet(count - 1), subnet(0)}}, nil),
		rec("elasticache", fmt.Sprintf("cache-g%d", v), "", &inventory.Net{VPC: id, Subnets: []string{subnet(count / 2)}}, nil),
		rec("eks", fmt.Sprintf("eks-g%d", v), "", &inventory.Net{VPC: id, Subnets: []string{subnet(0), subnet(count - 1)}}, nil),
	)
	return out
}

// wideEstate is VPCs over four AZs with three subnets in each: on a
// portrait page the AZs wrap to two bands and a VPC is twice as tall as on
// a landscape one.
func wideEstate(vpcs int) []inventory.Record {
	var out []inventory.Record
	for v := range vpcs {
		id := fmt.Sprintf("vpc-w%d", v)
		out = append(out, rec("vpc", id, "", &inventory.Net{CIDR: fmt.Sprintf("10.%d.0.0/16", v)}, nil))
		for i := range 12 {
			sub := fmt.Sprintf("subnet-w%d-%02d", v, i)
			az := "eu-west-1" + string(rune('a'+i%4))
			out = append(out,
				rec("subnet", sub, "", &inventory.Net{VPC: id, AZ: az, CIDR: fmt.Sprintf("10.%d.%d.0/24", v, i)}, nil),
				rec("ec2", "i-"+sub, "", &inventory.Net{VPC: id, Subnets: []string{sub}}, nil))
		}
	}
	return out
}
