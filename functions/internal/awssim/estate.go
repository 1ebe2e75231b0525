package awssim

import (
	"time"

	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
)

// Estate is everything the simulated AWS knows. Resources are kept in the
// SDK's own output types, so handlers answer with them directly. An Estate
// is read-only once generated: handlers never change it.
type Estate struct {
	Seed     uint64
	Accounts []*Account
	// Org is the organization the accounts belong to; nil: none.
	Org *Organization
}

// Account returns the account with the given id, or nil.
func (e *Estate) Account(id string) *Account {
	for _, a := range e.Accounts {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// Account is one AWS account: its regional resources, its global ones and
// the roles a scanner may assume into it.
type Account struct {
	ID      string
	Name    string
	Regions map[string]*Region
	Global  Global
	Roles   []Role
	// OptedIn are the opt-in regions (spec.IsOptIn) the account enabled;
	// the others are not enabled, as in a new account: every call there
	// answers as AWS does to credentials it does not know, and
	// ec2:DescribeRegions says not-opted-in. Generate enables the opt-in
	// regions the estate has resources in.
	OptedIn []string
}

// Region returns the account's resources in a region; an empty region when
// the account has nothing there (AWS answers empty lists, not errors).
func (a *Account) Region(name string) *Region {
	if r, ok := a.Regions[name]; ok {
		return r
	}
	return &Region{Name: name}
}

// Role is an IAM role that trusts any principal presenting ExternalID.
type Role struct {
	Name       string
	ExternalID string // empty: no ExternalId condition
}

// Region holds an account's resources in one region, grouped as the
// column spec's families.
type Region struct {
	Name string

	// Network (EC2).
	Vpcs               []ec2types.Vpc
	Subnets            []ec2types.Subnet
	RouteTables        []ec2types.RouteTable
	InternetGateways   []ec2types.InternetGateway
	NatGateways        []ec2types.NatGateway
	SecurityGroups     []ec2types.SecurityGroup
	SecurityGroupRules []ec2types.SecurityGroupRule
	VpcEndpoints       []ec2types.VpcEndpoint
	VpcPeerings        []ec2types.VpcPeeringConnection
	CustomerGateways   []ec2types.CustomerGateway
	VpnGateways        []ec2types.VpnGateway
	VpnConnections     []ec2types.VpnConnection

	// Compute.
	Instances              []ec2types.Instance
	Volumes                []ec2types.Volume
	Addresses              []ec2types.Address
	LaunchTemplates        []ec2types.LaunchTemplate
	LaunchTemplateVersions []ec2types.LaunchTemplateVersion
	AutoScalingGroups      []astypes.AutoScalingGroup
	LaunchConfigurations   []astypes.LaunchConfiguration
	ScalingPolicies        []astypes.ScalingPolicy
	LoadBalancers          []elbtypes.LoadBalancer
	TargetGroups           []elbtypes.TargetGroup
	TargetHealth           map[string][]elbtypes.TargetHealthDescription // by target group ARN
	ELBTags                map[string][]elbtypes.Tag                     // by load balancer or target group ARN
	EKSClusters            []ekstypes.Cluster
	Functions              []lambdatypes.FunctionConfiguration

	// Database.
	DBInstances       []rdstypes.DBInstance
	CacheClusters     []ectypes.CacheCluster
	CacheSubnetGroups []ectypes.CacheSubnetGroup // CacheClusters name theirs
	CacheTags         map[string][]ectypes.Tag   // by cache cluster ARN

	// Edge: the region's ACM certificates (those of load balancers and
	// API stages; us-east-1 also serves Global.Certificates) and WAFv2 web
	// ACLs of REGIONAL scope.
	Certificates []acmtypes.CertificateDetail
	WebACLs      []WebACL

	// Management.
	Topics               []Topic
	LogGroups            []logstypes.LogGroup
	EventBuses           []ebtypes.EventBus
	EventRules           []ebtypes.Rule // EventBusName says which bus
	Trails               []cttypes.Trail
	ConfigRecorders      []cfgtypes.ConfigurationRecorder
	ConfigRecorderStatus []cfgtypes.ConfigurationRecorderStatus
	DeliveryChannels     []cfgtypes.DeliveryChannel
	RetentionConfigs     []cfgtypes.RetentionConfiguration

	// TagsByARN holds the tags of resources whose SDK type carries none
	// (log groups, EventBridge rules, trails, certificates, web ACLs), by
	// ARN.
	TagsByARN map[string]map[string]string
}

// Topic is an SNS topic with what its detail calls return.
type Topic struct {
	ARN           string
	Attributes    map[string]string // GetTopicAttributes, e.g. "DisplayName"
	Subscriptions []snstypes.Subscription
	Tags          []snstypes.Tag
}

// Global holds an account's global resources: the ones the global unit
// scans once per account, through us-east-1.
type Global struct {
	Buckets       []Bucket
	Distributions []cftypes.DistributionSummary
	HostedZones   []HostedZone
	Certificates  []acmtypes.CertificateDetail // ACM in us-east-1 (CloudFront's certificates), beside us-east-1's regional ones
	WebACLs       []WebACL                     // WAFv2, CLOUDFRONT scope

	// TagsByARN holds the tags of resources whose SDK type carries none
	// (distributions, certificates, web ACLs), by ARN.
	TagsByARN map[string]map[string]string
}

// Bucket is an S3 bucket with its region and notification configuration.
type Bucket struct {
	Name                 string
	Region               string
	Created              time.Time
	TopicConfigurations  []s3types.TopicConfiguration
	QueueConfigurations  []s3types.QueueConfiguration
	LambdaConfigurations []s3types.LambdaFunctionConfiguration
	EventBridgeEnabled   bool
	Tags                 []s3types.Tag
}

// HostedZone is a Route 53 zone with its record sets.
type HostedZone struct {
	Zone    r53types.HostedZone
	Records []r53types.ResourceRecordSet
	Tags    []r53types.Tag
}

// WebACL is a WAFv2 web ACL with the resources it protects.
type WebACL struct {
	ACL       waftypes.WebACL
	LockToken string
	// Resources are the ARNs of the associated resources: none for a
	// CLOUDFRONT one (distributions name their web ACL), load balancers,
	// API Gateway stages, ... for a REGIONAL one.
	Resources []string
}
