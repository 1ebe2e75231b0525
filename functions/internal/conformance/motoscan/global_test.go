//lint:file-ignore SA1019 a distribution without a cache policy is made with the legacy cache settings (ForwardedValues, MinTTL), deprecated in favour of cache policies, which moto does not serve

package motoscan

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// trailBucket receives the trails' logs.
const trailBucket = "conf-trail-logs"

const global = spec.GlobalUnit

func (e *estate) s3Client() *s3.Client {
	return s3.NewFromConfig(awsConfig(spec.GlobalRegion), func(o *s3.Options) { o.UsePathStyle = true })
}

// buckets creates buckets in both regions; their records carry the
// bucket's own region.
func (e *estate) buckets() {
	c := e.s3Client()
	bucket := func(name, region string) {
		in := &s3.CreateBucketInput{Bucket: aws.String(name)}
		if region != "us-east-1" {
			in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(region)}
		}
		_, err := c.CreateBucket(e.ctx, in)
		e.check(err, "bucket "+name)
		e.expect("s3", global, name, name, map[string]string{"Bucket Name": name}).region = region
	}
	bucket(trailBucket, "us-east-1")
	bucket("conf-assets", "us-east-1")
	bucket("conf-media", "eu-west-1")
	_, err := c.PutBucketTagging(e.ctx, &s3.PutBucketTaggingInput{Bucket: aws.String("conf-assets"),
		Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("team"), Value: aws.String("web")}}}})
	e.check(err, "bucket tags")
}

// crossRegionPeering peers the first region's VPC with the second's: each
// region lists the connection, naming the other side's region.
func (e *estate) crossRegionPeering() {
	a, b := e.regions[regions[0]], e.regions[regions[1]]
	out, err := ec2.NewFromConfig(awsConfig(a.region)).CreateVpcPeeringConnection(e.ctx, &ec2.CreateVpcPeeringConnectionInput{
		VpcId: aws.String(a.vpc), PeerVpcId: aws.String(b.vpc), PeerRegion: aws.String(b.region)})
	e.check(err, "cross-region peering")
	pcx := aws.ToString(out.VpcPeeringConnection.VpcPeeringConnectionId)
	_, err = ec2.NewFromConfig(awsConfig(b.region)).AcceptVpcPeeringConnection(e.ctx, &ec2.AcceptVpcPeeringConnectionInput{VpcPeeringConnectionId: aws.String(pcx)})
	e.check(err, "cross-region peering acceptance")
	e.expect("vpc_peering", a.region, pcx, "cross-region peering", map[string]string{"Name": "-", "Peering Connection ID": pcx,
		"Requester VPC": withDetail(a.vpc, a.vpcCIDR), "Accepter VPC": withDetail(b.vpc, list(b.vpcCIDR, b.region))})
	e.expect("vpc_peering", b.region, pcx, "cross-region peering", map[string]string{"Name": "-", "Peering Connection ID": pcx,
		"Requester VPC": withDetail(a.vpc, list(a.vpcCIDR, a.region)), "Accepter VPC": withDetail(b.vpc, b.vpcCIDR)})
}

// global creates the global unit's services: a bucket's notifications,
// CloudFront with a CLOUDFRONT web ACL, Route 53 zones.
func (e *estate) global() {
	ctx := e.ctx
	media := e.regions["eu-west-1"] // conf-media's region: its destinations live there
	_, err := e.s3Client().PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{Bucket: aws.String("conf-media"),
		NotificationConfiguration: &s3types.NotificationConfiguration{
			TopicConfigurations: []s3types.TopicConfiguration{{Id: aws.String("to-topic"), TopicArn: aws.String(media.topicUploads),
				Events: []s3types.Event{"s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"},
				Filter: &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: []s3types.FilterRule{
					{Name: s3types.FilterRuleNamePrefix, Value: aws.String("uploads/")}, {Name: s3types.FilterRuleNameSuffix, Value: aws.String(".jpg")}}}}}},
			QueueConfigurations: []s3types.QueueConfiguration{{Id: aws.String("to-queue"), QueueArn: aws.String(media.queueUploads),
				Events: []s3types.Event{"s3:ObjectRemoved:*"}}},
			LambdaFunctionConfigurations: []s3types.LambdaFunctionConfiguration{{Id: aws.String("to-function"), LambdaFunctionArn: aws.String(media.function),
				Events: []s3types.Event{"s3:ObjectCreated:Put"}}},
			EventBridgeConfiguration: &s3types.EventBridgeConfiguration{},
		}})
	e.check(err, "bucket notifications")
	note := func(id, name, events, kind, destination string) {
		e.expect("s3_event_notification", global, "conf-media/"+id, name, map[string]string{"Bucket": "conf-media", "Name": name,
			"Event Type": events, "Destination type": kind, "Destination": destination}).region = media.region
	}
	note("sns/to-topic", "to-topic", withDetail(list("s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"), "prefix uploads/, suffix .jpg"), "SNS topic", media.topicUploads)
	note("sqs/to-queue", "to-queue", "s3:ObjectRemoved:*", "SQS queue", media.queueUploads)
	note("lambda/to-function", "to-function", "s3:ObjectCreated:Put", "Lambda function", media.function)
	note("eventbridge", "EventBridge", "All events", "EventBridge", "arn:aws:events:"+media.region+":"+e.account+":event-bus/default")

	acl := e.webACL(spec.GlobalRegion, waftypes.ScopeCloudfront, "conf-cf-acl", 2)
	// The legacy cache settings (ForwardedValues, MinTTL) are deprecated
	// in favour of cache policies, which moto does not serve; they are
	// still what a distribution without a policy is made with.
	legacy := &cftypes.ForwardedValues{QueryString: aws.Bool(false), Cookies: &cftypes.CookiePreference{Forward: cftypes.ItemSelectionNone}}
	aliases := []string{"cdn.conformance.example.com", "static.conformance.example.com"}
	dist, err := cloudfront.NewFromConfig(awsConfig(spec.GlobalRegion)).CreateDistribution(ctx, &cloudfront.CreateDistributionInput{
		DistributionConfig: &cftypes.DistributionConfig{CallerReference: aws.String("conf-cdn"), Comment: aws.String("conformance"), Enabled: aws.Bool(true),
			WebACLId: acl.ARN,
			Aliases:  &cftypes.Aliases{Quantity: aws.Int32(2), Items: aliases},
			Origins: &cftypes.Origins{Quantity: aws.Int32(2), Items: []cftypes.Origin{
				{Id: aws.String("assets"), DomainName: aws.String("conf-assets.s3.amazonaws.com"), S3OriginConfig: &cftypes.S3OriginConfig{OriginAccessIdentity: aws.String("")}},
				{Id: aws.String("api"), DomainName: aws.String("api.conformance.example.com"),
					CustomOriginConfig: &cftypes.CustomOriginConfig{HTTPPort: aws.Int32(80), HTTPSPort: aws.Int32(443), OriginProtocolPolicy: cftypes.OriginProtocolPolicyHttpsOnly}},
			}},
			DefaultCacheBehavior: &cftypes.DefaultCacheBehavior{TargetOriginId: aws.String("assets"), ViewerProtocolPolicy: cftypes.ViewerProtocolPolicyRedirectToHttps,
				AllowedMethods: &cftypes.AllowedMethods{Quantity: aws.Int32(3), Items: []cftypes.Method{cftypes.MethodGet, cftypes.MethodHead, cftypes.MethodOptions},
					CachedMethods: &cftypes.CachedMethods{Quantity: aws.Int32(2), Items: []cftypes.Method{cftypes.MethodGet, cftypes.MethodHead}}},
				ForwardedValues: legacy, MinTTL: aws.Int64(0),
				TrustedSigners: &cftypes.TrustedSigners{Enabled: aws.Bool(false), Quantity: aws.Int32(0)}},
		}})
	e.check(err, "distribution")
	id := aws.ToString(dist.Distribution.Id)
	e.expect("cloudfront", global, id, "conf-cdn", map[string]string{"CloudFront ID": id, "Domain Name": aws.ToString(dist.Distribution.DomainName),
		"CNAME": anyOrder(aliases...), "Origin Domain Name": list("conf-assets.s3.amazonaws.com", "api.conformance.example.com"),
		"Origin Protocol Policy": list("match-viewer (S3 origin)", "https-only"), "Viewer Protocol Policy": "redirect-to-https",
		"Allowed HTTP Methods": anyOrder("GET", "HEAD", "OPTIONS"), "Cached HTTP Methods": anyOrder("GET", "HEAD")})
	e.expect("waf", global, aws.ToString(acl.Id), "conf-cf-acl", map[string]string{"WebACL Name": "conf-cf-acl", "Scope": "CLOUDFRONT", "Rules Count": "2",
		"Associated Resources": withDetail(id, aliases[0])})

	r53 := route53.NewFromConfig(awsConfig(spec.GlobalRegion))
	public, err := r53.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: aws.String("conformance.example.com"), CallerReference: aws.String("conf-public")})
	e.check(err, "public zone")
	_, err = r53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: public.HostedZone.Id, ChangeBatch: &r53types.ChangeBatch{
		Changes: []r53types.Change{{Action: r53types.ChangeActionCreate, ResourceRecordSet: &r53types.ResourceRecordSet{Name: aws.String("www.conformance.example.com"),
			Type: r53types.RRTypeA, TTL: aws.Int64(60), ResourceRecords: []r53types.ResourceRecord{{Value: aws.String("192.0.2.10")}}}}}}})
	e.check(err, "record set")
	zone := strings.TrimPrefix(aws.ToString(public.HostedZone.Id), "/hostedzone/")
	// AWS makes a zone's SOA and NS records: 2, plus the A record.
	e.expect("route53", global, zone, "conformance.example.com", map[string]string{"Zone ID": zone, "Name": "conformance.example.com", "Type": "Public", "Record Count": "3"})
	private, err := r53.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{Name: aws.String("internal.conformance"), CallerReference: aws.String("conf-private"),
		HostedZoneConfig: &r53types.HostedZoneConfig{PrivateZone: true, Comment: aws.String("conformance")},
		VPC:              &r53types.VPC{VPCId: aws.String(media.vpc), VPCRegion: r53types.VPCRegion(media.region)}})
	e.check(err, "private zone")
	zone = strings.TrimPrefix(aws.ToString(private.HostedZone.Id), "/hostedzone/")
	e.expect("route53", global, zone, "internal.conformance", map[string]string{"Zone ID": zone, "Name": "internal.conformance", "Type": "Private", "Record Count": "2"})
}

// lambdaModified is how the scanner prints a function's LastModified,
// from the value CreateFunction answered: AWS writes it as
// 2006-01-02T15:04:05.000+0000 (the Lambda API reference's
// YYYY-MM-DDThh:mm:ss.sTZD); the test reads any ISO 8601 form, so that a
// server writing another one shows as a difference in the scan.
func lambdaModified(t *testing.T, v string) string {
	t.Helper()
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", time.RFC3339Nano} {
		if tm, err := time.Parse(layout, v); err == nil {
			return minuteUTC(tm)
		}
	}
	t.Fatalf("CreateFunction answered LastModified %q, not a time", v)
	return ""
}
