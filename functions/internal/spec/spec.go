// Package spec holds the column specification of every service CloudCensus
// documents: which resource type it yields, which columns in which order,
// whether the report lays it out as a horizontal table (one row per
// resource) or a vertical one (attribute / value, one table per resource),
// its family and whether it is scanned per region or once per account.
//
// It is the seed's SERVICE_CONFIG as data, in one place. The scanners fill
// it, the report lays it out, the console shows it: none of them keeps a
// list of services of its own. It imports nothing of the project.
package spec

import (
	"fmt"
	"slices"
	"strings"
)

// Layout says how the report draws a service's table.
type Layout string

const (
	// Horizontal: a header row of columns, one row per resource.
	Horizontal Layout = "horizontal"
	// Vertical: an attribute / value table per resource.
	Vertical Layout = "vertical"
)

// Family groups services into the report's chapters.
type Family string

const (
	Network    Family = "network"
	Compute    Family = "compute"
	Database   Family = "database"
	Storage    Family = "storage"
	Edge       Family = "edge"
	Management Family = "management"
)

// Families in the order the report presents them.
var Families = []Family{Network, Compute, Database, Storage, Edge, Management}

// Scope says where a service is scanned.
type Scope string

const (
	// Regional services are scanned in every selected region.
	Regional Scope = "regional"
	// Global services are scanned once per account, whatever the regions.
	Global Scope = "global"
	// RegionalAndGlobal services have a part in each: scanned in every
	// selected region and once per account in the global unit. WAF is one:
	// its REGIONAL web ACLs (load balancers, API Gateway stages, ...) live
	// in their region, its CLOUDFRONT ones are global.
	RegionalAndGlobal Scope = "regional_and_global"
)

// In reports whether a service of this scope is scanned in units of unit
// scope (Regional or Global).
func (s Scope) In(unit Scope) bool {
	return s == unit || s == RegionalAndGlobal
}

// Service is one entry of the column spec.
type Service struct {
	Key          string   `json:"key"`          // e.g. "vpc"
	Title        string   `json:"title"`        // heading in the report, e.g. "VPC"
	ResourceType string   `json:"resourceType"` // e.g. "VPC"
	Columns      []string `json:"columns"`      // in report order
	Layout       Layout   `json:"layout"`
	Family       Family   `json:"family"`
	Scope        Scope    `json:"scope"`
	// Actions are the IAM actions its scanner calls: the read-only policy
	// of the scanner role is their union (ReadActions), and a denied one
	// names what a role lacks. The scanner's tests hold every call to it.
	Actions []string `json:"actions"`
}

// services is SERVICE_CONFIG of the seed, in report order (grouped by family).
var services = []Service{
	// Network
	{"vpc", "VPC", "VPC", []string{"Region", "Name", "ID", "CIDR"}, Horizontal, Network, Regional,
		[]string{"ec2:DescribeVpcs"}},
	{"subnet", "Subnets", "Subnet", []string{"Name", "ID", "AZ", "CIDR"}, Horizontal, Network, Regional,
		[]string{"ec2:DescribeSubnets"}},
	{"route_table", "Route Tables", "Route Table", []string{"Name", "ID", "Subnet Associations"}, Horizontal, Network, Regional,
		[]string{"ec2:DescribeRouteTables"}},
	{"internet_gateway", "Internet Gateways", "Internet Gateway", []string{"Name"}, Vertical, Network, Regional,
		[]string{"ec2:DescribeInternetGateways"}},
	{"nat_gateway", "NAT Gateways", "NAT Gateway", []string{"Name", "ID", "Public IP", "Private IP"}, Horizontal, Network, Regional,
		[]string{"ec2:DescribeNatGateways"}},
	{"security_group", "Security Groups", "Security Group", []string{"Name", "ID", "Protocol", "Port range", "Source"}, Horizontal, Network, Regional,
		[]string{"ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules"}},
	{"vpc_endpoint", "VPC Endpoints", "Endpoint", []string{"Name", "ID", "VPC", "Service Name", "Type"}, Horizontal, Network, Regional,
		[]string{"ec2:DescribeVpcEndpoints"}},
	{"vpc_peering", "VPC Peering Connections", "VPC Peering", []string{"Name", "Peering Connection ID", "Requester VPC", "Accepter VPC"}, Horizontal, Network, Regional,
		[]string{"ec2:DescribeVpcPeeringConnections"}},
	{"customer_gateway", "Customer Gateways", "Customer Gateway", []string{"Name", "Customer Gateway ID", "IP Address"}, Horizontal, Network, Regional,
		[]string{"ec2:DescribeCustomerGateways"}},
	{"virtual_private_gateway", "Virtual Private Gateways", "Virtual Private Gateway", []string{"Name", "Virtual Private Gateway ID", "VPC"}, Horizontal, Network, Regional,
		[]string{"ec2:DescribeVpnGateways"}},
	{"vpn_connection", "VPN Connections", "VPN Connection", []string{"Name", "VPN ID", "Routes"}, Horizontal, Network, Regional,
		[]string{"ec2:DescribeVpnConnections"}},
	// Compute
	{"ec2", "EC2 Instances", "Instance", []string{"Name", "Instance ID", "Instance Type", "AZ", "AMI",
		"Public IP", "Public DNS", "Private IP", "VPC ID", "Subnet ID",
		"Key", "Security Groups", "EBS Type", "EBS Size", "Encryption",
		"Other Requirement"}, Vertical, Compute, Regional,
		[]string{"ec2:DescribeInstances", "ec2:DescribeVolumes"}},
	{"elastic_ip", "Elastic IPs", "Elastic IP", []string{"Name"}, Vertical, Compute, Regional,
		[]string{"ec2:DescribeAddresses"}},
	{"autoscaling", "Auto Scaling Groups", "Auto Scaling Group", []string{"Name", "Launch Template", "AMI", "Instance type",
		"Key", "Target Groups", "Desired", "Min", "Max", "Scaling Policy"}, Vertical, Compute, Regional,
		[]string{"autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribePolicies", "autoscaling:DescribeLaunchConfigurations", "ec2:DescribeLaunchTemplateVersions"}},
	{"elb", "Load Balancers", "Load Balancer", []string{"Name", "Type", "DNS", "Scheme", "VPC",
		"Availability Zones", "Subnet", "Security Groups"}, Vertical, Compute, Regional,
		[]string{"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTags"}},
	{"target_group", "Target Groups", "Target Group", []string{"Load Balancer", "TG Name", "Port", "Protocol",
		"Registered Instances", "Health Check Path"}, Vertical, Compute, Regional,
		[]string{"elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeTags"}},
	{"eks", "EKS Clusters", "Cluster", []string{"Cluster Name", "Version", "Status", "Endpoint", "VPC ID"}, Vertical, Compute, Regional,
		[]string{"eks:ListClusters", "eks:DescribeCluster"}},
	{"lambda", "Lambda Functions", "Function", []string{"Function Name", "Runtime", "Memory (MB)", "Timeout (s)", "Last Modified"}, Horizontal, Compute, Regional,
		[]string{"lambda:ListFunctions"}},
	// Database
	{"rds", "RDS Instances", "DB Instance", []string{"Region", "Endpoint", "DB instance ID", "DB name",
		"Master Username", "Port", "DB Engine", "DB Version",
		"Instance Type", "Storage type", "Storage", "Multi-AZ",
		"Security Group", "Deletion Protection",
		"Performance Insights Enabled", "CloudWatch Logs"}, Vertical, Database, Regional,
		[]string{"rds:DescribeDBInstances"}},
	{"elasticache", "ElastiCache Clusters", "Cache Cluster", []string{"Cluster ID", "Engine", "Engine Version", "Node Type",
		"Num Nodes", "Status"}, Vertical, Database, Regional,
		[]string{"elasticache:DescribeCacheClusters", "elasticache:DescribeCacheSubnetGroups", "elasticache:ListTagsForResource"}},
	// Storage
	{"s3", "S3 Buckets", "Bucket", []string{"Bucket Name"}, Vertical, Storage, Global,
		[]string{"s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketTagging"}},
	{"s3_event_notification", "S3 Event Notifications", "S3 event notification", []string{"Bucket", "Name", "Event Type",
		"Destination type", "Destination"}, Vertical, Storage, Global,
		[]string{"s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketNotification"}},
	// Edge
	{"cloudfront", "CloudFront Distributions", "Distribution", []string{"CloudFront ID", "Domain Name", "CNAME",
		"Origin Domain Name", "Origin Protocol Policy",
		"Viewer Protocol Policy", "Allowed HTTP Methods",
		"Cached HTTP Methods"}, Vertical, Edge, Global,
		[]string{"cloudfront:ListDistributions", "cloudfront:ListTagsForResource"}},
	{"route53", "Route 53 Hosted Zones", "Hosted Zone", []string{"Zone ID", "Name", "Type", "Record Count"}, Horizontal, Edge, Global,
		[]string{"route53:ListHostedZones", "route53:ListTagsForResources"}},
	// ACM is regional: a certificate lives in one region and serves the
	// load balancers and API stages there. CloudFront takes its
	// certificates from us-east-1 only, so a task that scans CloudFront
	// also scans ACM in us-east-1 when its regions leave it out (the plan,
	// taskflow.Units, adds that unit); the records carry us-east-1 and the
	// report groups them there.
	{"acm", "ACM Certificates", "Certificate", []string{"Domain name"}, Vertical, Edge, Regional,
		[]string{"acm:ListCertificates", "acm:ListTagsForCertificate"}},
	// WAF: REGIONAL web ACLs in every selected region, with the resources
	// wafv2:ListResourcesForWebACL names for each regional resource type;
	// CLOUDFRONT ones once per account in the global unit (us-east-1),
	// with the distributions cloudfront:ListDistributionsByWebACLId
	// names. The Scope column says which.
	{"waf", "WAF Web ACLs", "Web ACL", []string{"WebACL Name", "Scope", "Rules Count", "Associated Resources"}, Horizontal, Edge, RegionalAndGlobal,
		[]string{"wafv2:ListWebACLs", "wafv2:GetWebACL", "wafv2:ListTagsForResource", "wafv2:ListResourcesForWebACL", "cloudfront:ListDistributionsByWebACLId"}},
	// Management
	{"sns", "SNS Topics", "Topic", []string{"Topic Name", "Topic Display Name", "Subscription Protocol",
		"Subscription Endpoint"}, Horizontal, Management, Regional,
		[]string{"sns:ListTopics", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:ListTagsForResource"}},
	{"cloudwatch", "CloudWatch Log Groups", "Log Group", []string{"Log Group Name", "Retention Days", "Stored Bytes", "KMS Encryption"}, Horizontal, Management, Regional,
		[]string{"logs:DescribeLogGroups", "logs:ListTagsForResource"}},
	{"eventbridge", "EventBridge Rules", "Rule", []string{"Name", "Description", "Event Bus", "State"}, Horizontal, Management, Regional,
		[]string{"events:ListEventBuses", "events:ListRules", "events:ListTagsForResource"}},
	{"cloudtrail", "CloudTrail Trails", "Trail", []string{"Name", "Multi-Region Trail", "Log File Validation", "KMS Encryption"}, Horizontal, Management, Regional,
		[]string{"cloudtrail:DescribeTrails", "cloudtrail:ListTags"}},
	{"config", "AWS Config", "Config", []string{"Name", "Regional Resources", "Global Resources", "Retention period"}, Horizontal, Management, Regional,
		[]string{"config:DescribeConfigurationRecorders", "config:DescribeRetentionConfigurations"}},
}

var byKey = func() map[string]int {
	m := make(map[string]int, len(services))
	for i, s := range services {
		m[s.Key] = i
	}
	return m
}()

// All returns every service in report order. The slice is a copy.
func All() []Service {
	out := make([]Service, len(services))
	for i, s := range services {
		s.Columns = slices.Clone(s.Columns)
		s.Actions = slices.Clone(s.Actions)
		out[i] = s
	}
	return out
}

// Keys returns every service key in report order.
func Keys() []string {
	keys := make([]string, len(services))
	for i, s := range services {
		keys[i] = s.Key
	}
	return keys
}

// Lookup returns the service with the given key.
func Lookup(key string) (Service, bool) {
	i, ok := byKey[key]
	if !ok {
		return Service{}, false
	}
	s := services[i]
	s.Columns = slices.Clone(s.Columns)
	return s, true
}

// Order returns the position of a service in report order, or -1.
func Order(key string) int {
	if i, ok := byKey[key]; ok {
		return i
	}
	return -1
}

// ByScope returns the keys of the services scanned in units of one scope
// (Regional or Global), in report order: a RegionalAndGlobal service is
// in both.
func ByScope(scope Scope) []string {
	var keys []string
	for _, s := range services {
		if s.Scope.In(scope) {
			keys = append(keys, s.Key)
		}
	}
	return keys
}

// ParseKeys turns a comma-separated list of service keys into keys, in
// report order and without duplicates. An empty list means every service.
func ParseKeys(list string) ([]string, error) {
	if strings.TrimSpace(list) == "" {
		return Keys(), nil
	}
	want := map[string]bool{}
	for _, k := range strings.Split(list, ",") {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		if _, ok := byKey[k]; !ok {
			return nil, fmt.Errorf("unknown service %q", k)
		}
		want[k] = true
	}
	var keys []string
	for _, s := range services {
		if want[s.Key] {
			keys = append(keys, s.Key)
		}
	}
	return keys, nil
}

// unitActions are the IAM actions a unit calls itself, before any
// service: ec2:DescribeRegions (in GlobalRegion), which says whether the
// account has enabled the unit's region when it is an opt-in one.
var unitActions = []string{"ec2:DescribeRegions"}

// ReadActions returns every IAM action the scanners and the units call
// (e.g. "ec2:DescribeVpcs"), sorted and without duplicates: the read-only
// policy a scanner role needs, and what the role template grants.
func ReadActions() []string {
	all := slices.Clone(unitActions)
	for _, s := range services {
		all = append(all, s.Actions...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}
