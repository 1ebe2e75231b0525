//lint:file-ignore SA1019 a distribution without a cache policy is made with the legacy cache settings (ForwardedValues, MinTTL), deprecated in favour of cache policies, which moto does not serve

package conformance

import (
	"archive/zip"
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/autoscaling"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
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
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
)

// estate is what the test created and expects to read back.
type estate struct {
	expect []expectation
	gaps   []gap
}

func (e *estate) want(service, id, column, value string) {
	e.expect = append(e.expect, expectation{service: service, id: id, column: column, want: value})
}

func (e *estate) gapFor(service, column string) (gap, bool) {
	for _, g := range e.gaps {
		if g.service == service && (g.column == column || g.column == "*") {
			return g, true
		}
	}
	return gap{}, false
}

func must[T any](t *testing.T, what string) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("create %s in moto: %v", what, err)
		}
		return v
	}
}

func tag(kind ec2types.ResourceType, name string) []ec2types.TagSpecification {
	return []ec2types.TagSpecification{{ResourceType: kind, Tags: []ec2types.Tag{{Key: aws.String("Name"), Value: aws.String(name)}}}}
}

// createEstate makes one or more resources of every service of the column
// spec that moto serves, through the SDK, and says what each column must
// read.
func createEstate(t *testing.T, ctx context.Context, region string) *estate {
	e := &estate{}
	cfg := config(region)
	ec := ec2.NewFromConfig(cfg)

	// Network.
	vpc := must[*ec2.CreateVpcOutput](t, "vpc")(ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.42.0.0/16"),
		TagSpecifications: tag(ec2types.ResourceTypeVpc, "conf-vpc")})).Vpc
	vpcID := aws.ToString(vpc.VpcId)
	e.want("vpc", vpcID, "Name", "conf-vpc")
	e.want("vpc", vpcID, "ID", vpcID)
	e.want("vpc", vpcID, "CIDR", "10.42.0.0/16")
	e.want("vpc", vpcID, "Region", region)

	sub := must[*ec2.CreateSubnetOutput](t, "subnet")(ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.VpcId, CidrBlock: aws.String("10.42.1.0/24"),
		AvailabilityZone: aws.String(region + "a"), TagSpecifications: tag(ec2types.ResourceTypeSubnet, "conf-public")})).Subnet
	subID := aws.ToString(sub.SubnetId)
	e.want("subnet", subID, "Name", "conf-public")
	e.want("subnet", subID, "ID", subID)
	e.want("subnet", subID, "AZ", region+"a")
	e.want("subnet", subID, "CIDR", "10.42.1.0/24")

	igw := must[*ec2.CreateInternetGatewayOutput](t, "igw")(ec.CreateInternetGateway(ctx, &ec2.CreateInternetGatewayInput{
		TagSpecifications: tag(ec2types.ResourceTypeInternetGateway, "conf-igw")})).InternetGateway
	must[*ec2.AttachInternetGatewayOutput](t, "igw attachment")(ec.AttachInternetGateway(ctx, &ec2.AttachInternetGatewayInput{InternetGatewayId: igw.InternetGatewayId, VpcId: vpc.VpcId}))
	e.want("internet_gateway", aws.ToString(igw.InternetGatewayId), "Name", "conf-igw")

	rt := must[*ec2.CreateRouteTableOutput](t, "route table")(ec.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{VpcId: vpc.VpcId,
		TagSpecifications: tag(ec2types.ResourceTypeRouteTable, "conf-rt")})).RouteTable
	must[*ec2.CreateRouteOutput](t, "route")(ec.CreateRoute(ctx, &ec2.CreateRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: aws.String("0.0.0.0/0"), GatewayId: igw.InternetGatewayId}))
	must[*ec2.AssociateRouteTableOutput](t, "association")(ec.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: rt.RouteTableId, SubnetId: sub.SubnetId}))
	rtID := aws.ToString(rt.RouteTableId)
	e.want("route_table", rtID, "Name", "conf-rt")
	e.want("route_table", rtID, "ID", rtID)
	e.want("route_table", rtID, "Subnet Associations", subID)

	eip := must[*ec2.AllocateAddressOutput](t, "eip")(ec.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: ec2types.DomainTypeVpc}))
	nat := must[*ec2.CreateNatGatewayOutput](t, "nat")(ec.CreateNatGateway(ctx, &ec2.CreateNatGatewayInput{SubnetId: sub.SubnetId, AllocationId: eip.AllocationId,
		TagSpecifications: tag(ec2types.ResourceTypeNatgateway, "conf-nat")})).NatGateway
	natID := aws.ToString(nat.NatGatewayId)
	e.want("nat_gateway", natID, "Name", "conf-nat")
	e.want("nat_gateway", natID, "ID", natID)
	e.want("nat_gateway", natID, "Public IP", aws.ToString(eip.PublicIp))

	vpce := must[*ec2.CreateVpcEndpointOutput](t, "endpoint")(ec.CreateVpcEndpoint(ctx, &ec2.CreateVpcEndpointInput{VpcId: vpc.VpcId,
		ServiceName: aws.String("com.amazonaws." + region + ".s3"), RouteTableIds: []string{rtID}})).VpcEndpoint
	vpceID := aws.ToString(vpce.VpcEndpointId)
	e.want("vpc_endpoint", vpceID, "ID", vpceID)
	e.want("vpc_endpoint", vpceID, "VPC", vpcID)
	e.want("vpc_endpoint", vpceID, "Service Name", "com.amazonaws."+region+".s3")

	peer := must[*ec2.CreateVpcOutput](t, "peer vpc")(ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.43.0.0/16")})).Vpc
	pcx := must[*ec2.CreateVpcPeeringConnectionOutput](t, "peering")(ec.CreateVpcPeeringConnection(ctx, &ec2.CreateVpcPeeringConnectionInput{
		VpcId: vpc.VpcId, PeerVpcId: peer.VpcId, TagSpecifications: tag(ec2types.ResourceTypeVpcPeeringConnection, "conf-pcx")})).VpcPeeringConnection
	pcxID := aws.ToString(pcx.VpcPeeringConnectionId)
	e.want("vpc_peering", pcxID, "Name", "conf-pcx")
	e.want("vpc_peering", pcxID, "Peering Connection ID", pcxID)
	e.want("vpc_peering", pcxID, "Requester VPC", vpcID+" (10.42.0.0/16)")
	e.want("vpc_peering", pcxID, "Accepter VPC", aws.ToString(peer.VpcId)+" (10.43.0.0/16)")

	cgw := must[*ec2.CreateCustomerGatewayOutput](t, "cgw")(ec.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: ec2types.GatewayTypeIpsec1,
		IpAddress: aws.String("203.0.113.10"), BgpAsn: aws.Int32(65000), TagSpecifications: tag(ec2types.ResourceTypeCustomerGateway, "conf-cgw")})).CustomerGateway
	cgwID := aws.ToString(cgw.CustomerGatewayId)
	e.want("customer_gateway", cgwID, "Name", "conf-cgw")
	e.want("customer_gateway", cgwID, "Customer Gateway ID", cgwID)
	e.want("customer_gateway", cgwID, "IP Address", "203.0.113.10")

	vgw := must[*ec2.CreateVpnGatewayOutput](t, "vgw")(ec.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: ec2types.GatewayTypeIpsec1,
		TagSpecifications: tag(ec2types.ResourceTypeVpnGateway, "conf-vgw")})).VpnGateway
	must[*ec2.AttachVpnGatewayOutput](t, "vgw attachment")(ec.AttachVpnGateway(ctx, &ec2.AttachVpnGatewayInput{VpnGatewayId: vgw.VpnGatewayId, VpcId: vpc.VpcId}))
	vgwID := aws.ToString(vgw.VpnGatewayId)
	e.want("virtual_private_gateway", vgwID, "Name", "conf-vgw")
	e.want("virtual_private_gateway", vgwID, "Virtual Private Gateway ID", vgwID)
	e.want("virtual_private_gateway", vgwID, "VPC", vpcID)

	vpn := must[*ec2.CreateVpnConnectionOutput](t, "vpn")(ec.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{Type: aws.String("ipsec.1"),
		CustomerGatewayId: cgw.CustomerGatewayId, VpnGatewayId: vgw.VpnGatewayId, TagSpecifications: tag(ec2types.ResourceTypeVpnConnection, "conf-vpn")})).VpnConnection
	vpnID := aws.ToString(vpn.VpnConnectionId)
	e.want("vpn_connection", vpnID, "Name", "conf-vpn")
	e.want("vpn_connection", vpnID, "VPN ID", vpnID)

	sg := must[*ec2.CreateSecurityGroupOutput](t, "sg")(ec.CreateSecurityGroup(ctx, &ec2.CreateSecurityGroupInput{GroupName: aws.String("conf-sg"),
		Description: aws.String("conformance"), VpcId: vpc.VpcId}))
	must[*ec2.AuthorizeSecurityGroupIngressOutput](t, "sg rule")(ec.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: sg.GroupId,
		IpPermissions: []ec2types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443),
			IpRanges: []ec2types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}}))
	e.want("security_group", "conf-sg", "ID", aws.ToString(sg.GroupId))
	e.want("security_group", "conf-sg", "Protocol", "TCP")
	e.want("security_group", "conf-sg", "Port range", "443")
	e.want("security_group", "conf-sg", "Source", "0.0.0.0/0")

	// Compute.
	images := must[*ec2.DescribeImagesOutput](t, "images")(ec.DescribeImages(ctx, &ec2.DescribeImagesInput{}))
	ami := aws.ToString(images.Images[0].ImageId)
	inst := must[*ec2.RunInstancesOutput](t, "instance")(ec.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String(ami), InstanceType: ec2types.InstanceTypeT3Micro,
		MinCount: aws.Int32(1), MaxCount: aws.Int32(1), SubnetId: sub.SubnetId, TagSpecifications: tag(ec2types.ResourceTypeInstance, "conf-web")})).Instances[0]
	instID := aws.ToString(inst.InstanceId)
	e.want("ec2", instID, "Name", "conf-web")
	e.want("ec2", instID, "Instance ID", instID)
	e.want("ec2", instID, "Instance Type", "t3.micro")
	e.want("ec2", instID, "AMI", ami)
	e.want("ec2", instID, "VPC ID", vpcID)
	e.want("ec2", instID, "Subnet ID", subID)
	e.want("ec2", instID, "Private IP", aws.ToString(inst.PrivateIpAddress))

	sub2 := must[*ec2.CreateSubnetOutput](t, "subnet b")(ec.CreateSubnet(ctx, &ec2.CreateSubnetInput{VpcId: vpc.VpcId, CidrBlock: aws.String("10.42.2.0/24"),
		AvailabilityZone: aws.String(region + "b")})).Subnet
	lb := elbv2.NewFromConfig(cfg)
	alb := must[*elbv2.CreateLoadBalancerOutput](t, "alb")(lb.CreateLoadBalancer(ctx, &elbv2.CreateLoadBalancerInput{Name: aws.String("conf-alb"),
		Subnets: []string{subID, aws.ToString(sub2.SubnetId)}})).LoadBalancers[0]
	e.want("elb", "conf-alb", "Name", "conf-alb")
	e.want("elb", "conf-alb", "DNS", aws.ToString(alb.DNSName))
	e.want("elb", "conf-alb", "VPC", vpcID)
	tg := must[*elbv2.CreateTargetGroupOutput](t, "target group")(lb.CreateTargetGroup(ctx, &elbv2.CreateTargetGroupInput{Name: aws.String("conf-tg"),
		Protocol: "HTTP", Port: aws.Int32(8080), VpcId: vpc.VpcId, HealthCheckPath: aws.String("/health")})).TargetGroups[0]
	_ = tg
	e.want("target_group", "conf-tg", "TG Name", "conf-tg")
	e.want("target_group", "conf-tg", "Port", "8080")
	e.want("target_group", "conf-tg", "Protocol", "HTTP")
	e.want("target_group", "conf-tg", "Health Check Path", "/health")

	lt := must[*ec2.CreateLaunchTemplateOutput](t, "launch template")(ec.CreateLaunchTemplate(ctx, &ec2.CreateLaunchTemplateInput{LaunchTemplateName: aws.String("conf-lt"),
		LaunchTemplateData: &ec2types.RequestLaunchTemplateData{ImageId: aws.String(ami), InstanceType: ec2types.InstanceTypeT3Micro}})).LaunchTemplate
	as := autoscaling.NewFromConfig(cfg)
	must[*autoscaling.CreateAutoScalingGroupOutput](t, "asg")(as.CreateAutoScalingGroup(ctx, &autoscaling.CreateAutoScalingGroupInput{AutoScalingGroupName: aws.String("conf-asg"),
		MinSize: aws.Int32(1), MaxSize: aws.Int32(3), DesiredCapacity: aws.Int32(2), VPCZoneIdentifier: aws.String(subID),
		LaunchTemplate: &astypes.LaunchTemplateSpecification{LaunchTemplateId: lt.LaunchTemplateId, Version: aws.String("$Latest")}}))
	e.want("autoscaling", "conf-asg", "Name", "conf-asg")
	e.want("autoscaling", "conf-asg", "Desired", "2")
	e.want("autoscaling", "conf-asg", "Min", "1")
	e.want("autoscaling", "conf-asg", "Max", "3")

	// Databases.
	rd := rds.NewFromConfig(cfg)
	must[*rds.CreateDBInstanceOutput](t, "rds")(rd.CreateDBInstance(ctx, &rds.CreateDBInstanceInput{DBInstanceIdentifier: aws.String("conf-db"),
		DBInstanceClass: aws.String("db.t3.micro"), Engine: aws.String("postgres"), MasterUsername: aws.String("census"),
		MasterUserPassword: aws.String("Passw0rd-conformance"), AllocatedStorage: aws.Int32(20), DBName: aws.String("census")}))
	e.want("rds", "conf-db", "DB instance ID", "conf-db")
	e.want("rds", "conf-db", "DB Engine", "postgres")
	e.want("rds", "conf-db", "Instance Type", "db.t3.micro")
	e.want("rds", "conf-db", "Master Username", "census")
	e.want("rds", "conf-db", "DB name", "census")
	ecache := elasticache.NewFromConfig(cfg)
	must[*elasticache.CreateCacheClusterOutput](t, "cache")(ecache.CreateCacheCluster(ctx, &elasticache.CreateCacheClusterInput{CacheClusterId: aws.String("conf-cache"),
		Engine: aws.String("redis"), CacheNodeType: aws.String("cache.t3.micro"), NumCacheNodes: aws.Int32(1)}))
	e.want("elasticache", "conf-cache", "Cluster ID", "conf-cache")
	e.want("elasticache", "conf-cache", "Engine", "redis")
	e.want("elasticache", "conf-cache", "Node Type", "cache.t3.micro")
	e.want("elasticache", "conf-cache", "Num Nodes", "1")

	// Management.
	sn := sns.NewFromConfig(cfg)
	topic := must[*sns.CreateTopicOutput](t, "topic")(sn.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("conf-alerts")}))
	must[*sns.SubscribeOutput](t, "subscription")(sn.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("email"), Endpoint: aws.String("ops@example.com")}))
	e.want("sns", "conf-alerts", "Topic Name", "conf-alerts")
	e.want("sns", "conf-alerts", "Subscription Protocol", "email")
	e.want("sns", "conf-alerts", "Subscription Endpoint", "ops@example.com")
	lg := cloudwatchlogs.NewFromConfig(cfg)
	must[*cloudwatchlogs.CreateLogGroupOutput](t, "log group")(lg.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/conf/app")}))
	must[*cloudwatchlogs.PutRetentionPolicyOutput](t, "retention")(lg.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/conf/app"), RetentionInDays: aws.Int32(30)}))
	e.want("cloudwatch", "/conf/app", "Log Group Name", "/conf/app")
	e.want("cloudwatch", "/conf/app", "Retention Days", "30")
	eb := eventbridge.NewFromConfig(cfg)
	must[*eventbridge.PutRuleOutput](t, "rule")(eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("conf-nightly"), ScheduleExpression: aws.String("rate(1 day)"),
		Description: aws.String("nightly job")}))
	e.want("eventbridge", "conf-nightly", "Name", "conf-nightly")
	e.want("eventbridge", "conf-nightly", "Description", "nightly job")
	e.want("eventbridge", "conf-nightly", "Event Bus", "default")
	ct := cloudtrail.NewFromConfig(cfg)
	s3c := s3.NewFromConfig(config("us-east-1"), func(o *s3.Options) { o.UsePathStyle = true })
	must[*s3.CreateBucketOutput](t, "trail bucket")(s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("conf-trail-logs")}))
	must[*cloudtrail.CreateTrailOutput](t, "trail")(ct.CreateTrail(ctx, &cloudtrail.CreateTrailInput{Name: aws.String("conf-trail"), S3BucketName: aws.String("conf-trail-logs"),
		EnableLogFileValidation: aws.Bool(true)}))
	e.want("cloudtrail", "conf-trail", "Name", "conf-trail")
	cs := configservice.NewFromConfig(cfg)
	must[*configservice.PutConfigurationRecorderOutput](t, "recorder")(cs.PutConfigurationRecorder(ctx, &configservice.PutConfigurationRecorderInput{
		ConfigurationRecorder: &cstypes.ConfigurationRecorder{Name: aws.String("conf-recorder"), RoleARN: aws.String("arn:aws:iam::" + motoAccount + ":role/config"),
			RecordingGroup: &cstypes.RecordingGroup{AllSupported: true, IncludeGlobalResourceTypes: true}}}))
	e.want("config", "conf-recorder", "Name", "conf-recorder")

	// Storage and edge (global).
	must[*s3.CreateBucketOutput](t, "bucket")(s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("conf-assets")}))
	must[*s3.PutBucketTaggingOutput](t, "bucket tags")(s3c.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: aws.String("conf-assets"),
		Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("Name"), Value: aws.String("conf-assets")}}}}))
	e.want("s3", "conf-assets", "Bucket Name", "conf-assets")

	r53 := route53.NewFromConfig(config("us-east-1"))
	zone := must[*route53.CreateHostedZoneOutput](t, "zone")(r53.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: aws.String("conformance.example.com"),
		CallerReference: aws.String("conf-1")})).HostedZone
	zoneID := strings.TrimPrefix(aws.ToString(zone.Id), "/hostedzone/")
	e.want("route53", "conformance.example.com", "Name", "conformance.example.com")
	e.want("route53", "conformance.example.com", "Zone ID", zoneID)
	e.want("route53", "conformance.example.com", "Type", "Public")
	e.want("route53", "conformance.example.com", "Record Count", "2") // the SOA and NS records AWS makes

	ac := acm.NewFromConfig(cfg) // ACM is read in every selected region
	must[*acm.RequestCertificateOutput](t, "certificate")(ac.RequestCertificate(ctx, &acm.RequestCertificateInput{DomainName: aws.String("www.conformance.example.com")}))
	e.want("acm", "www.conformance.example.com", "Domain name", "www.conformance.example.com")

	wf := wafv2.NewFromConfig(config("us-east-1"))
	must[*wafv2.CreateWebACLOutput](t, "web acl")(wf.CreateWebACL(ctx, &wafv2.CreateWebACLInput{Name: aws.String("conf-acl"), Scope: waftypes.ScopeCloudfront,
		DefaultAction:    &waftypes.DefaultAction{Allow: &waftypes.AllowAction{}},
		VisibilityConfig: &waftypes.VisibilityConfig{CloudWatchMetricsEnabled: false, MetricName: aws.String("conf"), SampledRequestsEnabled: false}}))
	e.want("waf", "conf-acl", "WebACL Name", "conf-acl")
	e.want("waf", "conf-acl", "Scope", "CLOUDFRONT")
	e.want("waf", "conf-acl", "Rules Count", "0")
	e.want("waf", "conf-acl", "Associated Resources", "-") // AWS: no distribution uses it
	e.gaps = append(e.gaps, gap{"waf", "Associated Resources", "moto does not implement cloudfront:ListDistributionsByWebACLId (404); the scanner marks the cell not readable, as it would for AWS"})

	cf := cloudfront.NewFromConfig(config("us-east-1"))
	// The legacy cache settings (ForwardedValues, MinTTL) are deprecated
	// in favour of cache policies, which moto does not serve; they are
	// still what a distribution without a policy is made with.
	dist := must[*cloudfront.CreateDistributionOutput](t, "distribution")(cf.CreateDistribution(ctx, &cloudfront.CreateDistributionInput{
		DistributionConfig: &cftypes.DistributionConfig{CallerReference: aws.String("conf-cf"), Comment: aws.String("conformance"), Enabled: aws.Bool(true),
			Aliases: &cftypes.Aliases{Quantity: aws.Int32(1), Items: []string{"cdn.conformance.example.com"}},
			Origins: &cftypes.Origins{Quantity: aws.Int32(1), Items: []cftypes.Origin{{Id: aws.String("assets"), DomainName: aws.String("conf-assets.s3.amazonaws.com"),
				S3OriginConfig: &cftypes.S3OriginConfig{OriginAccessIdentity: aws.String("")}}}},
			DefaultCacheBehavior: &cftypes.DefaultCacheBehavior{TargetOriginId: aws.String("assets"), ViewerProtocolPolicy: cftypes.ViewerProtocolPolicyRedirectToHttps,
				ForwardedValues: &cftypes.ForwardedValues{
					QueryString: aws.Bool(false), Cookies: &cftypes.CookiePreference{Forward: cftypes.ItemSelectionNone}},
				MinTTL: aws.Int64(0), TrustedSigners: &cftypes.TrustedSigners{Enabled: aws.Bool(false), Quantity: aws.Int32(0)}}}})).Distribution
	distID := aws.ToString(dist.Id)
	e.want("cloudfront", distID, "CloudFront ID", distID)
	e.want("cloudfront", distID, "Domain Name", aws.ToString(dist.DomainName))
	e.want("cloudfront", distID, "CNAME", "cdn.conformance.example.com")
	e.want("cloudfront", distID, "Origin Domain Name", "conf-assets.s3.amazonaws.com")
	e.want("cloudfront", distID, "Viewer Protocol Policy", "redirect-to-https")
	for _, col := range []string{"CNAME", "Origin Domain Name", "Viewer Protocol Policy"} {
		e.gaps = append(e.gaps, gap{"cloudfront", col, "moto's ListDistributions summary leaves out Aliases, Origins and DefaultCacheBehavior, which AWS's has"})
	}

	query(t, "iam", map[string]string{"Action": "CreateRole", "Version": "2010-05-08", "RoleName": "conf-role",
		"AssumeRolePolicyDocument": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com","eks.amazonaws.com"]},"Action":"sts:AssumeRole"}]}`})
	role := "arn:aws:iam::" + motoAccount + ":role/conf-role"
	lm := lambda.NewFromConfig(cfg)
	must[*lambda.CreateFunctionOutput](t, "function")(lm.CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String("conf-fn"),
		Runtime: lambdatypes.RuntimePython312, Role: aws.String(role), Handler: aws.String("index.handler"), MemorySize: aws.Int32(256), Timeout: aws.Int32(30),
		Code: &lambdatypes.FunctionCode{ZipFile: zipOf(t, "index.py", "def handler(e, c):\n    return 1\n")}}))
	e.want("lambda", "conf-fn", "Function Name", "conf-fn")
	e.want("lambda", "conf-fn", "Runtime", "python3.12")
	e.want("lambda", "conf-fn", "Memory (MB)", "256")
	e.want("lambda", "conf-fn", "Timeout (s)", "30")

	ek := eks.NewFromConfig(cfg)
	must[*eks.CreateClusterOutput](t, "cluster")(ek.CreateCluster(ctx, &eks.CreateClusterInput{Name: aws.String("conf-eks"), RoleArn: aws.String(role),
		Version: aws.String("1.30"), ResourcesVpcConfig: &ekstypes.VpcConfigRequest{SubnetIds: []string{subID, aws.ToString(sub2.SubnetId)}}}))
	e.want("eks", "conf-eks", "Cluster Name", "conf-eks")
	e.want("eks", "conf-eks", "Version", "1.30")
	e.want("eks", "conf-eks", "VPC ID", vpcID)
	e.gaps = append(e.gaps, gap{"eks", "VPC ID", "moto's DescribeCluster leaves out resourcesVpcConfig.vpcId, which AWS derives from the subnets"})

	named := must[*ec2.AllocateAddressOutput](t, "tagged eip")(ec.AllocateAddress(ctx, &ec2.AllocateAddressInput{Domain: ec2types.DomainTypeVpc,
		TagSpecifications: tag(ec2types.ResourceTypeElasticIp, "conf-eip")}))
	e.want("elastic_ip", "conf-eip", "Name", "conf-eip ("+aws.ToString(named.PublicIp)+")")

	// A bucket's notifications go to a topic of its own region.
	east := must[*sns.CreateTopicOutput](t, "us-east-1 topic")(sns.NewFromConfig(config("us-east-1")).CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("conf-uploads")}))
	must[*s3.PutBucketNotificationConfigurationOutput](t, "notification")(s3c.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{
		Bucket: aws.String("conf-assets"), NotificationConfiguration: &s3types.NotificationConfiguration{TopicConfigurations: []s3types.TopicConfiguration{{
			Id: aws.String("conf-uploads"), TopicArn: east.TopicArn, Events: []s3types.Event{s3types.EventS3ObjectCreated}}}}}))
	e.want("s3_event_notification", "conf-uploads", "Bucket", "conf-assets")
	e.want("s3_event_notification", "conf-uploads", "Name", "conf-uploads")
	e.want("s3_event_notification", "conf-uploads", "Destination", aws.ToString(east.TopicArn))
	return e
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
