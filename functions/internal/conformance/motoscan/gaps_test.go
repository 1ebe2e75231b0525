package motoscan

import "github.com/cloudcensus/cloudcensus/functions/internal/spec"

// gaps are the differences this test found between moto 5.2.1 and AWS's
// documented answers. Each skips its comparison (or a missing record, or a
// failed detail call) and must still occur: when moto is fixed, the test
// fails until the gap is removed. A scanner is never changed to suit moto.
//
// got is what the scanner reads from moto instead, so that a gap that
// changes shape shows too.
func gaps() []*gap {
	cloudFrontSummary := "moto's ListDistributions summary (DistributionSummary) leaves out Aliases, Origins and DefaultCacheBehavior, which AWS's CloudFront API reference lists in it"
	return []*gap{
		// Network.
		{service: "security_group", record: "default group's self rule", column: "*", instead: "default",
			reason: "moto makes a VPC's default security group without the inbound rule AWS gives it (all traffic from the group itself, VPC user guide: default security groups); the scan shows the group's row of dashes instead"},
		{service: "nat_gateway", record: "conf-nat", column: "Private IP",
			reason: "moto ignores CreateNatGateway's PrivateIpAddress and gives the gateway an address outside its subnet"},
		{service: "vpc_endpoint", record: "conf-s3-endpoint", column: "Type", got: "-",
			reason: "moto leaves VpcEndpointType out of an endpoint created without one; AWS's default is Gateway (CreateVpcEndpoint) and DescribeVpcEndpoints says so"},
		{service: "vpn_connection", record: "conf-vpn-static", column: "Routes", got: "Dynamic (BGP)",
			reason: "moto's DescribeVpnConnections leaves out Options (StaticRoutesOnly), so a static connection reads as BGP; moto also lacks CreateVpnConnectionRoute, so the connection has no route to show"},
		// Compute.
		{service: "ec2", record: "conf-bare", column: "Security Groups", got: "-",
			reason: "moto gives an instance launched into a subnet without SecurityGroupIds no group; AWS gives it the VPC's default security group (RunInstances)"},
		{service: "ec2", record: "conf-bare", column: "EBS Type", got: "gp2",
			reason: "moto ignores the image's block device mapping: its root volume is gp2, not the AMI's volume type (RunInstances: the AMI's mapping applies)"},
		{service: "ec2", record: "conf-bare", column: "EBS Size", got: "8 GiB",
			reason: "moto ignores the image's block device mapping: its root volume is 8 GiB, not the AMI's size"},
		{service: "elb", record: "conf-nlb", column: "Scheme", got: "-",
			reason: "moto leaves Scheme out of a load balancer created without one; AWS's default is internet-facing (CreateLoadBalancer)"},
		{service: "target_group", record: "conf-ssh-tg", column: "Registered Instances", got: "*:2222 (healthy)",
			reason: "moto reports healthy the target of a group no load balancer uses; AWS reports unused (DescribeTargetHealth, TargetHealth.State)"},
		{service: "eks", record: "conf-eks", column: "VPC ID", got: "-",
			reason: "moto's DescribeCluster leaves out resourcesVpcConfig.vpcId, which AWS derives from the subnets"},
		// Databases.
		{service: "rds", column: "Performance Insights Enabled", got: "-",
			reason: "moto's DescribeDBInstances leaves out PerformanceInsightsEnabled"},
		// Storage.
		{service: "s3_event_notification", record: "EventBridge", column: "*",
			reason: "moto's GetBucketNotificationConfiguration leaves out EventBridgeConfiguration, which PutBucketNotificationConfiguration accepted"},
		// Edge.
		{service: "cloudfront", record: "conf-cdn", column: "CNAME", got: "-", reason: cloudFrontSummary},
		{service: "cloudfront", record: "conf-cdn", column: "Origin Domain Name", got: "-", reason: cloudFrontSummary},
		{service: "cloudfront", record: "conf-cdn", column: "Origin Protocol Policy", got: "-", reason: cloudFrontSummary},
		{service: "cloudfront", record: "conf-cdn", column: "Viewer Protocol Policy", got: "-", reason: cloudFrontSummary},
		{service: "cloudfront", record: "conf-cdn", column: "Allowed HTTP Methods", got: "-", reason: cloudFrontSummary},
		{service: "cloudfront", record: "conf-cdn", column: "Cached HTTP Methods", got: "-", reason: cloudFrontSummary},
		{service: "waf", unit: spec.GlobalUnit, record: "conf-cf-acl", column: "Associated Resources", call: "cloudfront:ListDistributionsByWebACLId",
			got:    "not readable: * on cloudfront:ListDistributionsByWebACLId",
			reason: "moto does not implement cloudfront:ListDistributionsByWebACLId (404): the scanner lists the web ACL and marks the cell not readable (partial), as it would for AWS"},
		{service: "waf", record: "conf-regional-acl", column: "Associated Resources", call: "wafv2:ListResourcesForWebACL",
			got:    "not readable: * on wafv2:ListResourcesForWebACL",
			reason: "moto does not implement wafv2:ListResourcesForWebACL (500 NotImplementedError): the scanner lists the web ACL and marks the cell not readable (partial)"},
	}
}
