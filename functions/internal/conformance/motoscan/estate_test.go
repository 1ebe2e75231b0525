package motoscan

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cstypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
)

// estate creates the resources and records what the scan must read.
type estate struct {
	t       *testing.T
	ctx     context.Context
	account string
	wants   []*want
	regions map[string]*regional // what each region's part made, for the global part
	role    string               // an IAM role Lambda and EKS accept
}

// regional is what one region's part made that others use.
type regional struct {
	region                     string
	vpc, vpcCIDR               string
	alb                        string // ARN
	topicUploads, queueUploads string // for a bucket's notifications
	function                   string // ARN
}

func (e *estate) expect(service, unit, id, label string, cols map[string]string) *want {
	w := &want{service: service, unit: unit, id: id, label: label, cols: cols}
	e.wants = append(e.wants, w)
	return w
}

// check stops the test when moto refuses to create something.
func (e *estate) check(err error, what string) {
	e.t.Helper()
	if err != nil {
		e.t.Fatalf("create %s in moto: %v", what, err)
	}
}

func nameTag(kind ec2types.ResourceType, name string) []ec2types.TagSpecification {
	return []ec2types.TagSpecification{{ResourceType: kind, Tags: []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String(name)}}}}
}

func filter(name string, values ...string) ec2types.Filter {
	return ec2types.Filter{Name: aws.String(name), Values: values}
}

// build creates the whole estate: IAM first (global), then each region,
// then what spans regions and the global services.
func (e *estate) build() {
	e.role = "arn:aws:iam::" + e.account + ":role/conf-role"
	iamCall(e.ctx, e.t, map[string]string{"Action": "CreateRole", "RoleName": "conf-role",
		"AssumeRolePolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","eks.amazonaws.com","ec2.amazonaws.com"]},"Action":"sts:AssumeRole"}]}`})
	iamCall(e.ctx, e.t, map[string]string{"Action": "CreateInstanceProfile", "InstanceProfileName": "conf-profile"})
	iamCall(e.ctx, e.t, map[string]string{"Action": "AddRoleToInstanceProfile", "InstanceProfileName": "conf-profile", "RoleName": "conf-role"})
	e.regions = map[string]*regional{}
	e.buckets() // the trail bucket is needed by the regions
	for i, region := range regions {
		e.regions[region] = e.regional(region, i)
	}
	e.crossRegionPeering()
	e.global()
}

// regional creates one region's part: network, compute, databases and the
// regional management services. n makes its addresses distinct.
func (e *estate) regional(region string, n int) *regional {
	out := &regional{region: region}
	cfg := awsConfig(region)
	ctx := e.ctx
	ec := ec2.NewFromConfig(cfg)
	octet := 42 + 10*n // 10.42/16 in the first region, 10.52/16 in the second

	// --- Network.
	cidr := fmt.Sprintf("10.%d.0.0/16", octet)
	secondary := fmt.Sprintf("10.%d.0.0/16", octet+100)
	vpcOut, err := ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(cidr), TagSpecifications: nameTag(ec2types.ResourceTypeVpc, "conf-vpc")})
	e.check(err, "vpc")
	vpc := aws.ToString(vpcOut.Vpc.VpcId)
	out.vpc, out.vpcCIDR = vpc, cidr
	_, err = ec.AssociateVpcCidrBlock(ctx, &ec2.AssociateVpcCidrBlockInput{VpcId: aws.String(vpc), CidrBlock: aws.String(secondary)})
	e.check(err, "secondary CIDR")
	_, err = ec.ModifyVpcAttribute(ctx, &ec2.ModifyVpcAttributeInput{VpcId: aws.String(vpc), EnableDnsHostnames: &ec2types.AttributeBooleanValue{Value: aws.Bool(true)}})
	e.check(err, "DNS hostnames")
	e.expect("vpc", region, vpc, "conf-vpc", map[string]string{"Region": region, "Name": "conf-vpc", "ID": vpc, "CIDR": list(cidr, secondary)})
	e.vpcDefaults(ec, region, vpc)

	peerCIDR := fmt.Sprintf("10.%d.0.0/16", octet+1)
	peerOut, err := ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String(peerCIDR)})
	e.check(err, "peer vpc")
	peer := aws.ToString(peerOut.Vpc.VpcId)
	e.expect("vpc", region, peer, "untagged vpc", map[string]string{"Region": region, "Name": "-", "ID": peer, "CIDR": peerCIDR})
	e.vpcDefaults(ec, region, peer)

	subnet := func(name, az string, third int) string {
		c := fmt.Sprintf("10.%d.%d.0/24", octet, third)
		s, err := ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: aws.String(vpc), CidrBlock: aws.String(c), AvailabilityZone: aws.String(az),
			TagSpecifications: nameTag(ec2types.ResourceTypeSubnet, name)})
		e.check(err, "subnet "+name)
		id := aws.ToString(s.Subnet.SubnetId)
		e.expect("subnet", region, id, name, map[string]string{"Name": name, "ID": id, "AZ": az, "CIDR": c})
		return id
	}
	azA, azB := region+"a", region+"b"
	subA, subB := subnet("conf-public-a", azA, 1), subnet("conf-private-b", azB, 2)

	igwOut, err := ec.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{TagSpecifications: nameTag(ec2types.ResourceTypeInternetGateway, "conf-igw")})
	e.check(err, "internet gateway")
	igw := aws.ToString(igwOut.InternetGateway.InternetGatewayId)
	_, err = ec.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: aws.String(igw), VpcId: aws.String(vpc)})
	e.check(err, "internet gateway attachment")
	e.expect("internet_gateway", region, igw, "conf-igw", map[string]string{"Name": "conf-igw"})
	spareOut, err := ec.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{})
	e.check(err, "spare internet gateway")
	spare := aws.ToString(spareOut.InternetGateway.InternetGatewayId)
	e.expect("internet_gateway", region, spare, "untagged internet gateway", map[string]string{"Name": spare}) // no Name tag: its id

	rtOut, err := ec.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: aws.String(vpc), TagSpecifications: nameTag(ec2types.ResourceTypeRouteTable, "conf-rt")})
	e.check(err, "route table")
	rt := aws.ToString(rtOut.RouteTable.RouteTableId)
	_, err = ec.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: aws.String(rt), DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: aws.String(igw)})
	e.check(err, "route")
	for _, s := range []string{subA, subB} {
		_, err = ec.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: aws.String(rt), SubnetId: aws.String(s)})
		e.check(err, "route table association")
	}
	e.expect("route_table", region, rt, "conf-rt", map[string]string{"Name": "conf-rt", "ID": rt, "Subnet Associations": anyOrder(subA, subB)})

	natIP, err := ec.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: ec2types.DomainTypeVpc})
	e.check(err, "NAT address")
	e.expect("elastic_ip", region, aws.ToString(natIP.AllocationId), "untagged elastic IP", map[string]string{"Name": aws.ToString(natIP.PublicIp)})
	natPrivate := fmt.Sprintf("10.%d.1.200", octet)
	natOut, err := ec.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: aws.String(subA), AllocationId: natIP.AllocationId,
		PrivateIpAddress: aws.String(natPrivate), TagSpecifications: nameTag(ec2types.ResourceTypeNatgateway, "conf-nat")})
	e.check(err, "NAT gateway")
	nat := aws.ToString(natOut.NatGateway.NatGatewayId)
	e.expect("nat_gateway", region, nat, "conf-nat", map[string]string{"Name": "conf-nat", "ID": nat, "Public IP": aws.ToString(natIP.PublicIp), "Private IP": natPrivate})

	// A gateway endpoint of AWS's default type (Gateway: the request names
	// none) and an interface endpoint.
	s3Service := "com.amazonaws." + region + ".s3"
	gwOut, err := ec.CreateVpcEndpoint(ctx, &ec2.CreateVpcEndpointInput{VpcId: aws.String(vpc), ServiceName: aws.String(s3Service), RouteTableIds: []string{rt},
		TagSpecifications: nameTag(ec2types.ResourceTypeVpcEndpoint, "conf-s3-endpoint")})
	e.check(err, "gateway endpoint")
	gwEP := aws.ToString(gwOut.VpcEndpoint.VpcEndpointId)
	e.expect("vpc_endpoint", region, gwEP, "conf-s3-endpoint", map[string]string{"Name": "conf-s3-endpoint", "ID": gwEP, "VPC": vpc, "Service Name": s3Service, "Type": "Gateway"})
	ssmService := "com.amazonaws." + region + ".ssm"
	ifOut, err := ec.CreateVpcEndpoint(ctx, &ec2.CreateVpcEndpointInput{VpcId: aws.String(vpc), ServiceName: aws.String(ssmService), VpcEndpointType: ec2types.VpcEndpointTypeInterface,
		SubnetIds: []string{subB}})
	e.check(err, "interface endpoint")
	ifEP := aws.ToString(ifOut.VpcEndpoint.VpcEndpointId)
	e.expect("vpc_endpoint", region, ifEP, "untagged interface endpoint", map[string]string{"Name": "-", "ID": ifEP, "VPC": vpc, "Service Name": ssmService, "Type": "Interface"})

	pcxOut, err := ec.CreateVpcPeeringConnection(ctx, &ec2.CreateVpcPeeringConnectionInput{VpcId: aws.String(vpc), PeerVpcId: aws.String(peer),
		TagSpecifications: nameTag(ec2types.ResourceTypeVpcPeeringConnection, "conf-pcx")})
	e.check(err, "peering")
	pcx := aws.ToString(pcxOut.VpcPeeringConnection.VpcPeeringConnectionId)
	_, err = ec.AcceptVpcPeeringConnection(ctx, &ec2.AcceptVpcPeeringConnectionInput{VpcPeeringConnectionId: aws.String(pcx)})
	e.check(err, "peering acceptance")
	e.expect("vpc_peering", region, pcx, "conf-pcx", map[string]string{"Name": "conf-pcx", "Peering Connection ID": pcx,
		"Requester VPC": withDetail(vpc, cidr), "Accepter VPC": withDetail(peer, peerCIDR)})

	cgwIP := fmt.Sprintf("203.0.113.%d", 10+n)
	cgwOut, err := ec.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: ec2types.GatewayTypeIpsec1, IpAddress: aws.String(cgwIP), BgpAsn: aws.Int32(65000),
		TagSpecifications: nameTag(ec2types.ResourceTypeCustomerGateway, "conf-cgw")})
	e.check(err, "customer gateway")
	cgw := aws.ToString(cgwOut.CustomerGateway.CustomerGatewayId)
	e.expect("customer_gateway", region, cgw, "conf-cgw", map[string]string{"Name": "conf-cgw", "Customer Gateway ID": cgw, "IP Address": cgwIP})
	vgwOut, err := ec.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: ec2types.GatewayTypeIpsec1, TagSpecifications: nameTag(ec2types.ResourceTypeVpnGateway, "conf-vgw")})
	e.check(err, "virtual private gateway")
	vgw := aws.ToString(vgwOut.VpnGateway.VpnGatewayId)
	_, err = ec.AttachVpnGateway(ctx, &ec2.AttachVpnGatewayInput{VpnGatewayId: aws.String(vgw), VpcId: aws.String(vpc)})
	e.check(err, "virtual private gateway attachment")
	e.expect("virtual_private_gateway", region, vgw, "conf-vgw", map[string]string{"Name": "conf-vgw", "Virtual Private Gateway ID": vgw, "VPC": vpc})
	vpn := func(name string, static bool, routes string) {
		in := &ec2.CreateVpnConnectionInput{Type: aws.String("ipsec.1"), CustomerGatewayId: aws.String(cgw), VpnGatewayId: aws.String(vgw),
			TagSpecifications: nameTag(ec2types.ResourceTypeVpnConnection, name)}
		if static {
			in.Options = &ec2types.VpnConnectionOptionsSpecification{StaticRoutesOnly: aws.Bool(true)}
		}
		out, err := ec.CreateVpnConnection(ctx, in)
		e.check(err, "VPN connection "+name)
		id := aws.ToString(out.VpnConnection.VpnConnectionId)
		e.expect("vpn_connection", region, id, name, map[string]string{"Name": name, "VPN ID": id, "Routes": routes})
	}
	// moto does not implement CreateVpnConnectionRoute: the static
	// connection has no route, which AWS shows as none ("-").
	vpn("conf-vpn-static", true, "-")
	vpn("conf-vpn-bgp", false, "Dynamic (BGP)")

	// Security groups: one row per inbound rule; a group without any, one
	// row of dashes.
	sgWeb := e.securityGroup(ec, region, vpc, "conf-web")
	sgDB := e.securityGroup(ec, region, vpc, "conf-db")
	sgEmpty := e.securityGroup(ec, region, vpc, "conf-empty")
	e.expect("security_group", region, sgEmpty, "conf-empty", map[string]string{"Name": "conf-empty", "ID": sgEmpty, "Protocol": "-", "Port range": "-", "Source": "-"})
	pls, err := ec.DescribeManagedPrefixLists(ctx, &ec2.DescribeManagedPrefixListsInput{Filters: []ec2types.Filter{filter("prefix-list-name", s3Service)}})
	e.check(err, "S3 prefix list lookup")
	if len(pls.PrefixLists) == 0 {
		e.t.Fatalf("moto has no managed prefix list %s", s3Service)
	}
	s3PL := aws.ToString(pls.PrefixLists[0].PrefixListId)
	e.ingress(ec, region, sgWeb, "conf-web", []ec2types.IpPermission{
		{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}},
		{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(80), Ipv6Ranges: []ec2types.Ipv6Range{{CidrIpv6: aws.String("::/0")}}},
		{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(1024), ToPort: aws.Int32(65535), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}}},
		{IpProtocol: aws.String("icmp"), FromPort: aws.Int32(-1), ToPort: aws.Int32(-1), IpRanges: []ec2types.IpRange{{CidrIp: aws.String("192.0.2.0/24")}}},
	}, [][3]string{{"TCP", "443", "0.0.0.0/0"}, {"TCP", "80", "::/0"}, {"TCP", "1024-65535", "10.0.0.0/8"}, {"ICMP", "All", "192.0.2.0/24"}})
	e.ingress(ec, region, sgDB, "conf-db", []ec2types.IpPermission{
		{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(5432), ToPort: aws.Int32(5432), UserIdGroupPairs: []ec2types.UserIdGroupPair{{GroupId: aws.String(sgWeb)}}},
		{IpProtocol: aws.String("-1"), IpRanges: []ec2types.IpRange{{CidrIp: aws.String(cidr)}}},
		{IpProtocol: aws.String("udp"), FromPort: aws.Int32(53), ToPort: aws.Int32(53), PrefixListIds: []ec2types.PrefixListId{{PrefixListId: aws.String(s3PL)}}},
	}, [][3]string{{"TCP", "5432", withDetail(sgWeb, "conf-web")}, {"All", "All", cidr}, {"UDP", "53", s3PL}})

	// --- Compute.
	_, err = ec.CreateKeyPair(ctx, &ec2.CreateKeyPairInput{KeyName: aws.String("conf-key")})
	e.check(err, "key pair")
	ami := e.image(ec)
	amiID := aws.ToString(ami.ImageId)
	root := ami.BlockDeviceMappings[0]
	webOut, err := ec.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String(amiID), InstanceType: ec2types.InstanceTypeT3Small, MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		SubnetId: aws.String(subA), SecurityGroupIds: []string{sgWeb}, KeyName: aws.String("conf-key"), PrivateIpAddress: aws.String(fmt.Sprintf("10.%d.1.10", octet)),
		Monitoring: &ec2types.RunInstancesMonitoringEnabled{Enabled: aws.Bool(true)}, IamInstanceProfile: &ec2types.IamInstanceProfileSpecification{Name: aws.String("conf-profile")},
		BlockDeviceMappings: []ec2types.BlockDeviceMapping{
			{DeviceName: root.DeviceName, Ebs: &ec2types.EbsBlockDevice{VolumeSize: aws.Int32(16), VolumeType: ec2types.VolumeTypeGp3, Encrypted: aws.Bool(true)}},
			{DeviceName: aws.String("/dev/sdf"), Ebs: &ec2types.EbsBlockDevice{VolumeSize: aws.Int32(50), VolumeType: ec2types.VolumeTypeGp2}},
		},
		TagSpecifications: nameTag(ec2types.ResourceTypeInstance, "conf-web")})
	e.check(err, "instance conf-web")
	web := aws.ToString(webOut.Instances[0].InstanceId)
	webIP, err := ec.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: ec2types.DomainTypeVpc, TagSpecifications: nameTag(ec2types.ResourceTypeElasticIp, "conf-web-ip")})
	e.check(err, "elastic IP")
	_, err = ec.AssociateAddress(ctx, &ec2.AssociateAddressInput{AllocationId: webIP.AllocationId, InstanceId: aws.String(web)})
	e.check(err, "elastic IP association")
	publicIP := aws.ToString(webIP.PublicIp)
	e.expect("elastic_ip", region, aws.ToString(webIP.AllocationId), "conf-web-ip", map[string]string{"Name": withDetail("conf-web-ip", publicIP)})
	e.expect("ec2", region, web, "conf-web", map[string]string{
		"Name": "conf-web", "Instance ID": web, "Instance Type": "t3.small", "AZ": azA, "AMI": amiID,
		"Public IP": publicIP, "Public DNS": publicDNS(region, publicIP), "Private IP": fmt.Sprintf("10.%d.1.10", octet),
		"VPC ID": vpc, "Subnet ID": subA, "Key": "conf-key", "Security Groups": withDetail("conf-web", sgWeb),
		"EBS Type": "gp3, gp2", "EBS Size": "16 GiB, 50 GiB", "Encryption": "Yes, No",
		"Other Requirement": "State: running; IAM instance profile: conf-profile; Detailed monitoring: Yes",
	})
	// An instance given nothing but an image and a subnet: the VPC's
	// default group, the image's root volume, no key, no public address.
	bareOut, err := ec.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String(amiID), InstanceType: ec2types.InstanceTypeT3Micro, MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		SubnetId: aws.String(subB), TagSpecifications: nameTag(ec2types.ResourceTypeInstance, "conf-bare")})
	e.check(err, "instance conf-bare")
	bare := bareOut.Instances[0]
	e.expect("ec2", region, aws.ToString(bare.InstanceId), "conf-bare", map[string]string{
		"Name": "conf-bare", "Instance ID": aws.ToString(bare.InstanceId), "Instance Type": "t3.micro", "AZ": azB, "AMI": amiID,
		"Public IP": "-", "Public DNS": "-", "Private IP": aws.ToString(bare.PrivateIpAddress),
		"VPC ID": vpc, "Subnet ID": subB, "Key": "-", "Security Groups": withDetail("default", e.defaultGroup(ec, vpc)),
		"EBS Type": string(root.Ebs.VolumeType), "EBS Size": gib(aws.ToInt32(root.Ebs.VolumeSize)), "Encryption": yesNo(aws.ToBool(root.Ebs.Encrypted)),
		"Other Requirement": "State: running; Detailed monitoring: No",
	})

	lb := elbv2.NewFromConfig(cfg)
	albOut, err := lb.CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{Name: aws.String("conf-alb"), Subnets: []string{subA, subB}, SecurityGroups: []string{sgWeb},
		Scheme: elbtypes.LoadBalancerSchemeEnumInternal})
	e.check(err, "load balancer conf-alb")
	alb := albOut.LoadBalancers[0]
	out.alb = aws.ToString(alb.LoadBalancerArn)
	e.expect("elb", region, out.alb, "conf-alb", map[string]string{"Name": "conf-alb", "Type": "application", "DNS": aws.ToString(alb.DNSName), "Scheme": "internal",
		"VPC": vpc, "Availability Zones": anyOrder(azA, azB), "Subnet": anyOrder(subA, subB), "Security Groups": sgWeb})
	// A network load balancer of AWS's default scheme (internet-facing:
	// the request names none), without security groups.
	nlbOut, err := lb.CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{Name: aws.String("conf-nlb"), Subnets: []string{subA}, Type: elbtypes.LoadBalancerTypeEnumNetwork})
	e.check(err, "load balancer conf-nlb")
	nlb := nlbOut.LoadBalancers[0]
	e.expect("elb", region, aws.ToString(nlb.LoadBalancerArn), "conf-nlb", map[string]string{"Name": "conf-nlb", "Type": "network", "DNS": aws.ToString(nlb.DNSName),
		"Scheme": "internet-facing", "VPC": vpc, "Availability Zones": azA, "Subnet": subA, "Security Groups": "-"})

	tgOut, err := lb.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: aws.String("conf-tg"), Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(8080),
		VpcId: aws.String(vpc), HealthCheckPath: aws.String("/health")})
	e.check(err, "target group conf-tg")
	tg := aws.ToString(tgOut.TargetGroups[0].TargetGroupArn)
	_, err = lb.CreateListener(ctx, &elbv2.CreateListenerInput{LoadBalancerArn: alb.LoadBalancerArn, Protocol: elbtypes.ProtocolEnumHttp, Port: aws.Int32(80),
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(tg)}}})
	e.check(err, "listener")
	e.expect("target_group", region, tg, "conf-tg", map[string]string{"Load Balancer": "conf-alb", "TG Name": "conf-tg", "Port": "8080", "Protocol": "HTTP",
		"Registered Instances": "-", "Health Check Path": "/health"})
	// A target group no load balancer uses, with a target: AWS reports
	// the target "unused" (DescribeTargetHealth's TargetHealth.State).
	sshOut, err := lb.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: aws.String("conf-ssh-tg"), Protocol: elbtypes.ProtocolEnumTcp, Port: aws.Int32(22), VpcId: aws.String(vpc)})
	e.check(err, "target group conf-ssh-tg")
	sshTG := aws.ToString(sshOut.TargetGroups[0].TargetGroupArn)
	_, err = lb.RegisterTargets(ctx, &elbv2.RegisterTargetsInput{TargetGroupArn: aws.String(sshTG), Targets: []elbtypes.TargetDescription{{Id: aws.String(web), Port: aws.Int32(2222)}}})
	e.check(err, "target registration")
	e.expect("target_group", region, sshTG, "conf-ssh-tg", map[string]string{"Load Balancer": "-", "TG Name": "conf-ssh-tg", "Port": "22", "Protocol": "TCP",
		"Registered Instances": withDetail(web+":2222", "unused"), "Health Check Path": "-"})

	ltOut, err := ec.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("conf-lt"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String(amiID), InstanceType: ec2types.InstanceTypeT3Micro, KeyName: aws.String("conf-key")}})
	e.check(err, "launch template")
	lt := ltOut.LaunchTemplate.LaunchTemplateId
	_, err = ec.CreateLaunchTemplateVersion(ctx, &ec2.CreateLaunchTemplateVersionInput{LaunchTemplateId: lt,
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String(amiID), InstanceType: ec2types.InstanceTypeT3Large, KeyName: aws.String("conf-key")}})
	e.check(err, "launch template version")
	as := autoscaling.NewFromConfig(cfg)
	// Groups of no instance (desired 0): the instances a group launches
	// are AWS's to choose, not the test's.
	_, err = as.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{AutoScalingGroupName: aws.String("conf-asg-lt"), MinSize: aws.Int32(0), MaxSize: aws.Int32(4),
		DesiredCapacity: aws.Int32(0), VPCZoneIdentifier: aws.String(subA), TargetGroupARNs: []string{tg},
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateId: lt, Version: aws.String("$Latest")}})
	e.check(err, "auto scaling group conf-asg-lt")
	_, err = as.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{AutoScalingGroupName: aws.String("conf-asg-lt"), PolicyName: aws.String("cpu50"),
		PolicyType: aws.String("TargetTrackingScaling"), TargetTrackingConfiguration: &astypes.TargetTrackingConfiguration{TargetValue: aws.Float64(50),
			PredefinedMetricSpecification: &astypes.PredefinedMetricSpecification{PredefinedMetricType: astypes.MetricTypeASGAverageCPUUtilization}}})
	e.check(err, "scaling policy cpu50")
	_, err = as.PutScalingPolicy(ctx, &autoscaling.PutScalingPolicyInput{AutoScalingGroupName: aws.String("conf-asg-lt"), PolicyName: aws.String("step-out"),
		PolicyType: aws.String("SimpleScaling"), AdjustmentType: aws.String("ChangeInCapacity"), ScalingAdjustment: aws.Int32(1)})
	e.check(err, "scaling policy step-out")
	_, err = as.CreateLaunchConfiguration(ctx, &autoscaling.CreateLaunchConfigurationInput{LaunchConfigurationName: aws.String("conf-lc"), ImageId: aws.String(amiID),
		InstanceType: aws.String("m5.large"), KeyName: aws.String("conf-key")})
	e.check(err, "launch configuration")
	_, err = as.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{AutoScalingGroupName: aws.String("conf-asg-lc"), MinSize: aws.Int32(0), MaxSize: aws.Int32(2),
		DesiredCapacity: aws.Int32(0), VPCZoneIdentifier: aws.String(subB), LaunchConfigurationName: aws.String("conf-lc")})
	e.check(err, "auto scaling group conf-asg-lc")
	groups, err := as.DescribeAutoScalingGroups(ctx, &autoscaling.DescribeAutoScalingGroupsInput{AutoScalingGroupNames: []string{"conf-asg-lt", "conf-asg-lc"}})
	e.check(err, "auto scaling groups lookup")
	arn := map[string]string{}
	for _, g := range groups.AutoScalingGroups {
		arn[aws.ToString(g.AutoScalingGroupName)] = aws.ToString(g.AutoScalingGroupARN)
	}
	e.expect("autoscaling", region, arn["conf-asg-lt"], "conf-asg-lt", map[string]string{"Name": "conf-asg-lt", "Launch Template": withDetail("conf-lt", "version 2"),
		"AMI": amiID, "Instance type": "t3.large", "Key": "conf-key", "Target Groups": "conf-tg", "Desired": "0", "Min": "0", "Max": "4",
		"Scaling Policy": anyOrder(withDetail("cpu50", "TargetTrackingScaling"), withDetail("step-out", "SimpleScaling"))})
	e.expect("autoscaling", region, arn["conf-asg-lc"], "conf-asg-lc", map[string]string{"Name": "conf-asg-lc", "Launch Template": "Launch configuration conf-lc",
		"AMI": amiID, "Instance type": "m5.large", "Key": "conf-key", "Target Groups": "-", "Desired": "0", "Min": "0", "Max": "2", "Scaling Policy": "-"})

	cluster, err := eks.NewFromConfig(cfg).CreateCluster(ctx, &eks.CreateClusterInput{Name: aws.String("conf-eks"), RoleArn: aws.String(e.role), Version: aws.String("1.30"),
		ResourcesVpcConfig: &ekstypes.VpcConfigRequest{SubnetIds: []string{subA, subB}}})
	e.check(err, "EKS cluster")
	// The endpoint is AWS's to name: the one CreateCluster answers.
	e.expect("eks", region, aws.ToString(cluster.Cluster.Arn), "conf-eks", map[string]string{"Cluster Name": "conf-eks", "Version": "1.30", "Status": "ACTIVE",
		"Endpoint": dash(aws.ToString(cluster.Cluster.Endpoint)), "VPC ID": vpc})

	lm := lambda.NewFromConfig(cfg)
	code := &lambdatypes.FunctionCode{ZipFile: zipOf(e.t, "index.py", "def handler(event, context):\n    return 1\n")}
	fnOut, err := lm.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String("conf-fn"), Runtime: lambdatypes.RuntimePython312, Role: aws.String(e.role),
		Handler: aws.String("index.handler"), MemorySize: aws.Int32(256), Timeout: aws.Int32(30), Code: code})
	e.check(err, "function conf-fn")
	out.function = aws.ToString(fnOut.FunctionArn)
	e.expect("lambda", region, out.function, "conf-fn", map[string]string{"Function Name": "conf-fn", "Runtime": "python3.12", "Memory (MB)": "256", "Timeout (s)": "30",
		"Last Modified": lambdaModified(e.t, aws.ToString(fnOut.LastModified))})
	defOut, err := lm.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String("conf-fn-defaults"), Runtime: lambdatypes.RuntimeNodejs20x, Role: aws.String(e.role),
		Handler: aws.String("index.handler"), Code: code})
	e.check(err, "function conf-fn-defaults")
	// AWS's defaults: 128 MB, 3 s.
	e.expect("lambda", region, aws.ToString(defOut.FunctionArn), "conf-fn-defaults", map[string]string{"Function Name": "conf-fn-defaults", "Runtime": "nodejs20.x",
		"Memory (MB)": "128", "Timeout (s)": "3", "Last Modified": lambdaModified(e.t, aws.ToString(defOut.LastModified))})

	// --- Databases.
	rd := rds.NewFromConfig(cfg)
	_, err = rd.CreateDBSubnetGroup(ctx, &rds.CreateDBSubnetGroupInput{DBSubnetGroupName: aws.String("conf-dbs"), DBSubnetGroupDescription: aws.String("conformance"),
		SubnetIds: []string{subA, subB}})
	e.check(err, "DB subnet group")
	createDB := func(what string, in *rds.CreateDBInstanceInput) string {
		out, err := rd.CreateDBInstance(ctx, in)
		e.check(err, what)
		if out.DBInstance.Endpoint == nil { // AWS names it once the instance is up
			return "-"
		}
		return aws.ToString(out.DBInstance.Endpoint.Address)
	}
	pgEndpoint := createDB("DB instance conf-pg", &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("conf-pg"), DBInstanceClass: aws.String("db.t3.micro"),
		Engine: aws.String("postgres"), EngineVersion: aws.String("16.3"), MasterUsername: aws.String("census"), MasterUserPassword: aws.String("Passw0rd-conformance"),
		AllocatedStorage: aws.Int32(50), StorageType: aws.String("gp3"), MultiAZ: aws.Bool(true), VpcSecurityGroupIds: []string{sgDB}, DeletionProtection: aws.Bool(true),
		EnablePerformanceInsights: aws.Bool(true), EnableCloudwatchLogsExports: []string{"postgresql", "upgrade"}, Port: aws.Int32(5433), DBName: aws.String("census"),
		DBSubnetGroupName: aws.String("conf-dbs")})
	e.expect("rds", region, "conf-pg", "conf-pg", map[string]string{"Region": region, "Endpoint": pgEndpoint, "DB instance ID": "conf-pg", "DB name": "census",
		"Master Username": "census", "Port": "5433", "DB Engine": "postgres", "DB Version": "16.3", "Instance Type": "db.t3.micro", "Storage type": "gp3",
		"Storage": "50 GiB", "Multi-AZ": "Yes", "Security Group": sgDB, "Deletion Protection": "Yes", "Performance Insights Enabled": "Yes",
		"CloudWatch Logs": anyOrder("postgresql", "upgrade")})
	myEndpoint := createDB("DB instance conf-mysql", &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("conf-mysql"), DBInstanceClass: aws.String("db.t3.small"),
		Engine: aws.String("mysql"), EngineVersion: aws.String("8.0.35"), MasterUsername: aws.String("admin"), MasterUserPassword: aws.String("Passw0rd-conformance"),
		AllocatedStorage: aws.Int32(20), StorageType: aws.String("gp2"), VpcSecurityGroupIds: []string{sgDB}, DBSubnetGroupName: aws.String("conf-dbs")})
	e.expect("rds", region, "conf-mysql", "conf-mysql", map[string]string{"Region": region, "Endpoint": myEndpoint, "DB instance ID": "conf-mysql", "DB name": "-",
		"Master Username": "admin", "Port": "3306", "DB Engine": "mysql", "DB Version": "8.0.35", "Instance Type": "db.t3.small", "Storage type": "gp2",
		"Storage": "20 GiB", "Multi-AZ": "No", "Security Group": sgDB, "Deletion Protection": "No", "Performance Insights Enabled": "No", "CloudWatch Logs": "-"})
	_, err = rd.CreateDBCluster(ctx, &rds.CreateDBClusterInput{DBClusterIdentifier: aws.String("conf-aurora"), Engine: aws.String("aurora-postgresql"),
		EngineVersion: aws.String("15.4"), MasterUsername: aws.String("census"), MasterUserPassword: aws.String("Passw0rd-conformance"),
		DBSubnetGroupName: aws.String("conf-dbs"), VpcSecurityGroupIds: []string{sgDB}})
	e.check(err, "Aurora cluster")
	auroraEndpoint := createDB("DB instance conf-aurora-1", &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("conf-aurora-1"), DBInstanceClass: aws.String("db.r6g.large"),
		Engine: aws.String("aurora-postgresql"), DBClusterIdentifier: aws.String("conf-aurora")})
	e.expect("rds", region, "conf-aurora-1", "conf-aurora-1", map[string]string{"Region": region, "Endpoint": auroraEndpoint, "DB instance ID": "conf-aurora-1", "DB name": "-",
		"Master Username": "census", "Port": "5432", "DB Engine": "aurora-postgresql", "DB Version": "15.4", "Instance Type": "db.r6g.large", "Storage type": "aurora",
		"Storage": "Aurora cluster volume", "Multi-AZ": "No", "Security Group": sgDB, "Deletion Protection": "No", "Performance Insights Enabled": "No", "CloudWatch Logs": "-"})

	ecache := elasticache.NewFromConfig(cfg)
	cache := func(id, engine, version, node string, nodes int32) {
		_, err := ecache.CreateCacheCluster(ctx, &elasticache.CreateCacheClusterInput{CacheClusterId: aws.String(id), Engine: aws.String(engine),
			EngineVersion: aws.String(version), CacheNodeType: aws.String(node), NumCacheNodes: aws.Int32(nodes)})
		e.check(err, "cache cluster "+id)
		e.expect("elasticache", region, id, id, map[string]string{"Cluster ID": id, "Engine": engine, "Engine Version": version, "Node Type": node,
			"Num Nodes": fmt.Sprint(nodes), "Status": "available"})
	}
	cache("conf-redis", "redis", "7.1", "cache.t3.micro", 1)
	cache("conf-memcached", "memcached", "1.6.22", "cache.t3.small", 2)

	// --- Management.
	keyOut, err := kms.NewFromConfig(cfg).CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String("conformance")})
	e.check(err, "KMS key")
	key := aws.ToString(keyOut.KeyMetadata.Arn)

	sq := sqs.NewFromConfig(cfg)
	queue := func(name string) string {
		q, err := sq.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name)})
		e.check(err, "queue "+name)
		a, err := sq.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: q.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
		e.check(err, "queue ARN "+name)
		return a.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]
	}
	sn := sns.NewFromConfig(cfg)
	alerts, err := sn.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("conf-alerts"), Attributes: map[string]string{"DisplayName": "Conformance alerts"}})
	e.check(err, "topic conf-alerts")
	alertsQueue := queue("conf-alerts-q")
	for _, s := range [][2]string{{"sqs", alertsQueue}, {"lambda", out.function}} {
		sub, err := sn.Subscribe(ctx, &sns.SubscribeInput{TopicArn: alerts.TopicArn, Protocol: aws.String(s[0]), Endpoint: aws.String(s[1]), ReturnSubscriptionArn: true})
		e.check(err, "subscription "+s[0])
		e.expect("sns", region, aws.ToString(sub.SubscriptionArn), "conf-alerts "+s[0], map[string]string{"Topic Name": "conf-alerts",
			"Topic Display Name": "Conformance alerts", "Subscription Protocol": s[0], "Subscription Endpoint": s[1]})
	}
	uploads, err := sn.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("conf-uploads")})
	e.check(err, "topic conf-uploads")
	out.topicUploads, out.queueUploads = aws.ToString(uploads.TopicArn), queue("conf-uploads-q")
	e.expect("sns", region, out.topicUploads, "conf-uploads", map[string]string{"Topic Name": "conf-uploads", "Topic Display Name": "-",
		"Subscription Protocol": "-", "Subscription Endpoint": "-"})

	lg := cloudwatchlogs.NewFromConfig(cfg)
	_, err = lg.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/conf/app"), KmsKeyId: aws.String(key)})
	e.check(err, "log group /conf/app")
	_, err = lg.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/conf/app"), RetentionInDays: aws.Int32(30)})
	e.check(err, "retention")
	_, err = lg.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/conf/audit")})
	e.check(err, "log group /conf/audit")
	// Neither group has received an event: 0 bytes stored.
	e.expect("cloudwatch", region, "/conf/app", "/conf/app", map[string]string{"Log Group Name": "/conf/app", "Retention Days": "30", "Stored Bytes": "0 B", "KMS Encryption": kmsCell(key)})
	e.expect("cloudwatch", region, "/conf/audit", "/conf/audit", map[string]string{"Log Group Name": "/conf/audit", "Retention Days": "Never expire", "Stored Bytes": "0 B", "KMS Encryption": "No"})

	eb := eventbridge.NewFromConfig(cfg)
	_, err = eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("conf-nightly"), ScheduleExpression: aws.String("rate(1 day)"), Description: aws.String("nightly job")})
	e.check(err, "rule conf-nightly")
	e.expect("eventbridge", region, "default/conf-nightly", "conf-nightly", map[string]string{"Name": "conf-nightly", "Description": "nightly job", "Event Bus": "default", "State": "Enabled"})
	_, err = eb.CreateEventBus(ctx, &eventbridge.CreateEventBusInput{Name: aws.String("conf-orders")})
	e.check(err, "event bus")
	_, err = eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("conf-paid"), EventBusName: aws.String("conf-orders"), EventPattern: aws.String(`{"source":["shop"]}`),
		State: ebtypes.RuleStateDisabled})
	e.check(err, "rule conf-paid")
	e.expect("eventbridge", region, "conf-orders/conf-paid", "conf-paid", map[string]string{"Name": "conf-paid", "Description": "-", "Event Bus": "conf-orders", "State": "Disabled"})

	ct := cloudtrail.NewFromConfig(cfg)
	cs := configservice.NewFromConfig(cfg)
	if n == 0 {
		// The first region holds the account's multi-region trail (each
		// other region lists it as a shadow, which the scanner leaves
		// out) and keeps Config's history a year.
		_, err = ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("conf-org-trail"), S3BucketName: aws.String(trailBucket),
			IsMultiRegionTrail: aws.Bool(true), EnableLogFileValidation: aws.Bool(true), KmsKeyId: aws.String(key)})
		e.check(err, "trail conf-org-trail")
		e.expect("cloudtrail", region, "conf-org-trail", "conf-org-trail", map[string]string{"Name": "conf-org-trail", "Multi-Region Trail": "Yes",
			"Log File Validation": "Yes", "KMS Encryption": kmsCell(key)})
		_, err = cs.PutConfigurationRecorder(ctx, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &cstypes.ConfigurationRecorder{
			Name: aws.String("conf-recorder"), RoleARN: aws.String(e.role),
			RecordingGroup: &cstypes.RecordingGroup{AllSupported: true, IncludeGlobalResourceTypes: true}}})
		e.check(err, "configuration recorder")
		_, err = cs.PutRetentionConfiguration(ctx, &configservice.PutRetentionConfigurationInput{RetentionPeriodInDays: aws.Int32(365)})
		e.check(err, "retention configuration")
		e.expect("config", region, "conf-recorder", "conf-recorder", map[string]string{"Name": "conf-recorder", "Regional Resources": "All supported",
			"Global Resources": "Yes", "Retention period": "365 days"})
	} else {
		_, err = ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("conf-local-trail"), S3BucketName: aws.String(trailBucket)})
		e.check(err, "trail conf-local-trail")
		e.expect("cloudtrail", region, "conf-local-trail", "conf-local-trail", map[string]string{"Name": "conf-local-trail", "Multi-Region Trail": "No",
			"Log File Validation": "No", "KMS Encryption": "No"})
		_, err = cs.PutConfigurationRecorder(ctx, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &cstypes.ConfigurationRecorder{
			Name: aws.String("conf-recorder"), RoleARN: aws.String(e.role),
			RecordingGroup: &cstypes.RecordingGroup{ResourceTypes: []cstypes.ResourceType{"AWS::EC2::Instance", "AWS::IAM::Role"},
				RecordingStrategy: &cstypes.RecordingStrategy{UseOnly: cstypes.RecordingStrategyTypeInclusionByResourceTypes}}}})
		e.check(err, "configuration recorder")
		// No retention configuration: Config keeps seven years.
		e.expect("config", region, "conf-recorder", "conf-recorder", map[string]string{"Name": "conf-recorder",
			"Regional Resources": withDetail("Selected types", list("AWS::EC2::Instance", "AWS::IAM::Role")), "Global Resources": "Yes", "Retention period": "2557 days (default)"})
	}

	// --- Edge services of the region.
	domain := "www." + region + ".conformance.example.com"
	cert, err := acm.NewFromConfig(cfg).RequestCertificate(ctx, &acm.RequestCertificateInput{DomainName: aws.String(domain), SubjectAlternativeNames: []string{domain, "api." + region + ".conformance.example.com"}})
	e.check(err, "certificate")
	certARN := aws.ToString(cert.CertificateArn)
	e.expect("acm", region, certARN[strings.LastIndex(certARN, "/")+1:], domain, map[string]string{"Domain name": domain})

	acl := e.webACL(region, waftypes.ScopeRegional, "conf-regional-acl", 1)
	_, err = wafv2.NewFromConfig(cfg).AssociateWebACL(ctx, &wafv2.AssociateWebACLInput{WebACLArn: acl.ARN, ResourceArn: alb.LoadBalancerArn})
	e.check(err, "web ACL association")
	e.expect("waf", region, aws.ToString(acl.Id), "conf-regional-acl", map[string]string{"WebACL Name": "conf-regional-acl", "Scope": "REGIONAL", "Rules Count": "1",
		"Associated Resources": withDetail("conf-alb", "load balancer")})
	return out
}

// vpcDefaults expects what AWS makes with every VPC: its main route table
// and its default security group, whose one inbound rule lets the group
// reach itself.
func (e *estate) vpcDefaults(ec *ec2.Client, region, vpc string) {
	rts, err := ec.DescribeRouteTables(e.ctx, &ec2.DescribeRouteTablesInput{Filters: []ec2types.Filter{filter("vpc-id", vpc), filter("association.main", "true")}})
	e.check(err, "main route table lookup")
	if len(rts.RouteTables) != 1 {
		e.t.Fatalf("VPC %s has %d main route tables", vpc, len(rts.RouteTables))
	}
	main := aws.ToString(rts.RouteTables[0].RouteTableId)
	e.expect("route_table", region, main, "main route table of "+vpc, map[string]string{"Name": "-", "ID": main, "Subnet Associations": "Main"})
	sg := e.defaultGroup(ec, vpc)
	e.expectRule(ec, region, sg, "default", "default group's self rule", [3]string{"All", "All", withDetail(sg, "default")})
}

func (e *estate) defaultGroup(ec *ec2.Client, vpc string) string {
	groups, err := ec.DescribeSecurityGroups(e.ctx, &ec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{filter("vpc-id", vpc), filter("group-name", "default")}})
	e.check(err, "default security group lookup")
	if len(groups.SecurityGroups) != 1 {
		e.t.Fatalf("VPC %s has %d default security groups", vpc, len(groups.SecurityGroups))
	}
	return aws.ToString(groups.SecurityGroups[0].GroupId)
}

func (e *estate) securityGroup(ec *ec2.Client, region, vpc, name string) string {
	out, err := ec.CreateSecurityGroup(e.ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String(name), Description: aws.String("conformance " + name), VpcId: aws.String(vpc)})
	e.check(err, "security group "+name)
	return aws.ToString(out.GroupId)
}

// ingress authorizes rules and expects one row each: protocol, port
// range and source as the scanner spells them.
func (e *estate) ingress(ec *ec2.Client, region, group, name string, perms []ec2types.IpPermission, rows [][3]string) {
	_, err := ec.AuthorizeSecurityGroupIngress(e.ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(group), IpPermissions: perms})
	e.check(err, "rules of "+name)
	for _, r := range rows {
		e.expectRule(ec, region, group, name, "", r)
	}
}

// expectRule expects the row of one inbound rule, keyed by the rule's id
// (which AWS assigns: DescribeSecurityGroupRules names it, found here by
// its source).
func (e *estate) expectRule(ec *ec2.Client, region, group, name, label string, row [3]string) {
	rules, err := ec.DescribeSecurityGroupRules(e.ctx, &ec2.DescribeSecurityGroupRulesInput{Filters: []ec2types.Filter{filter("group-id", group)}})
	e.check(err, "security group rules lookup")
	source := row[2]
	if i := strings.Index(source, " ("); i > 0 {
		source = source[:i]
	}
	label = cmpOr(label, name+" from "+source)
	for _, r := range rules.SecurityGroupRules {
		if aws.ToBool(r.IsEgress) {
			continue
		}
		var from string
		switch {
		case r.CidrIpv4 != nil:
			from = *r.CidrIpv4
		case r.CidrIpv6 != nil:
			from = *r.CidrIpv6
		case r.PrefixListId != nil:
			from = *r.PrefixListId
		case r.ReferencedGroupInfo != nil:
			from = aws.ToString(r.ReferencedGroupInfo.GroupId)
		}
		if from == source {
			id := aws.ToString(r.SecurityGroupRuleId)
			e.expect("security_group", region, id, label, map[string]string{"Name": name, "ID": group,
				"Protocol": row[0], "Port range": row[1], "Source": row[2]})
			return
		}
	}
	if name == "default" {
		// moto makes the default group without it: the row AWS shows is
		// missing (a recorded gap), its id unknown.
		e.expect("security_group", region, "sgr-of-"+group, label, map[string]string{"Name": name, "ID": group,
			"Protocol": row[0], "Port range": row[1], "Source": row[2]})
		return
	}
	e.t.Fatalf("security group %s has no inbound rule from %s", name, source)
}

// image picks, deterministically, an Amazon image whose root is an EBS
// volume of a known size.
func (e *estate) image(ec *ec2.Client) ec2types.Image {
	out, err := ec.DescribeImages(e.ctx, &ec2.DescribeImagesInput{Owners: []string{"amazon"}, Filters: []ec2types.Filter{filter("root-device-type", "ebs")}})
	e.check(err, "image lookup")
	var ok []ec2types.Image
	for _, im := range out.Images {
		if len(im.BlockDeviceMappings) > 0 && im.BlockDeviceMappings[0].Ebs != nil && aws.ToInt32(im.BlockDeviceMappings[0].Ebs.VolumeSize) > 0 &&
			aws.ToString(im.BlockDeviceMappings[0].DeviceName) == aws.ToString(im.RootDeviceName) {
			ok = append(ok, im)
		}
	}
	if len(ok) == 0 {
		e.t.Fatal("moto has no Amazon image with an EBS root volume")
	}
	slices.SortFunc(ok, func(a, b ec2types.Image) int {
		return strings.Compare(aws.ToString(a.ImageId), aws.ToString(b.ImageId))
	})
	return ok[0]
}

// webACL creates a web ACL of rules blocking a path each.
func (e *estate) webACL(region string, scope waftypes.Scope, name string, rules int) *waftypes.WebACLSummary {
	visibility := func(metric string) *waftypes.VisibilityConfig {
		return &waftypes.VisibilityConfig{MetricName: aws.String(metric)}
	}
	var rs []waftypes.Rule
	for i := range rules {
		rule := fmt.Sprintf("block-%d", i+1)
		rs = append(rs, waftypes.Rule{Name: aws.String(rule), Priority: int32(i + 1), VisibilityConfig: visibility(rule),
			Action: &waftypes.RuleAction{Block: &waftypes.BlockAction{}},
			Statement: &waftypes.Statement{ByteMatchStatement: &waftypes.ByteMatchStatement{SearchString: []byte("/" + rule),
				FieldToMatch: &waftypes.FieldToMatch{UriPath: &waftypes.UriPath{}}, PositionalConstraint: waftypes.PositionalConstraintStartsWith,
				TextTransformations: []waftypes.TextTransformation{{Priority: 0, Type: waftypes.TextTransformationTypeNone}}}}})
	}
	out, err := wafv2.NewFromConfig(awsConfig(region)).CreateWebACL(e.ctx, &wafv2.CreateWebACLInput{Name: aws.String(name), Scope: scope,
		DefaultAction: &waftypes.DefaultAction{Allow: &waftypes.AllowAction{}}, VisibilityConfig: visibility(name), Rules: rs})
	e.check(err, "web ACL "+name)
	return out.Summary
}

// publicDNS is the public host name AWS gives an instance's public address
// in a VPC with DNS host names: ec2-<address>.compute-1.amazonaws.com in
// us-east-1, ec2-<address>.<region>.compute.amazonaws.com elsewhere.
func publicDNS(region, ip string) string {
	domain := region + ".compute.amazonaws.com"
	if region == "us-east-1" {
		domain = "compute-1.amazonaws.com"
	}
	return "ec2-" + strings.ReplaceAll(ip, ".", "-") + "." + domain
}

// zipOf is a zip holding one file: a function's code.
func zipOf(t *testing.T, name, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err == nil {
		_, err = w.Write([]byte(body))
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
