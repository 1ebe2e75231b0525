package awssim

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
)

func init() { generateRegional(60, "management", genManagement) }

// genManagement builds a region's management services around what the
// other generators made: SNS topics with subscriptions, the log groups of
// its Lambda functions, RDS exports and EKS clusters, EventBridge buses
// and rules, CloudTrail trails (the account's multi-region trail lives in
// its first region) and an AWS Config recorder.
func genManagement(g *Gen, a *Account, r *Region) {
	home := slices.Sorted(maps.Keys(a.Regions))[0]
	genTopics(g, a, r)
	genLogGroups(g, a, r)
	genEventBridge(g, a, r)
	genTrails(g, a, r, r.Name == home)
	genConfig(g, a, r, r.Name == home)
}

// kmsKey returns the ARN of a customer managed KMS key of the region.
func kmsKey(g *Gen) string { return g.ARN("kms", "key/"+uuid(g)) }

func genTopics(g *Gen, a *Account, r *Region) {
	purposes := []string{"alerts", "order-events", "deployments", "billing-alarms", "security-findings", "backup-status"}
	for i := range g.Count(5) {
		name := g.Name(purposes[i%len(purposes)], i)
		if i == 2 {
			name += ".fifo" // FIFO topics are named so
		}
		arn := g.ARN("sns", name)
		t := Topic{ARN: arn, Attributes: map[string]string{
			"TopicArn": arn, "Owner": a.ID, "EffectiveDeliveryPolicy": `{"http":{"defaultHealthyRetryPolicy":{"numRetries":3}}}`,
		}}
		if i == 0 || g.Chance(0.6) {
			t.Attributes["DisplayName"] = strings.ToUpper(envOf(name)[:1]) + envOf(name)[1:] + " " + strings.ReplaceAll(purposes[i%len(purposes)], "-", " ")
		}
		n := g.Intn(4)
		switch i {
		case 0:
			n = 4 // pages when the sim pages by two
		case 1:
			n = 0 // a topic nobody subscribes to yet
		}
		for k := range n {
			t.Subscriptions = append(t.Subscriptions, subscription(g, a, r, arn, k))
		}
		if i == 0 {
			// An e-mail subscription not yet confirmed has no ARN.
			t.Subscriptions = append(t.Subscriptions, snstypes.Subscription{
				TopicArn: aws.String(arn), Protocol: aws.String("email"), Owner: aws.String(a.ID),
				Endpoint: aws.String("oncall@example.com"), SubscriptionArn: aws.String("PendingConfirmation"),
			})
		}
		t.Attributes["SubscriptionsConfirmed"] = fmt.Sprint(n)
		t.Tags = tagList(standardTags(g, name), func(k, v *string) snstypes.Tag { return snstypes.Tag{Key: k, Value: v} })
		r.Topics = append(r.Topics, t)
	}
}

// subscription returns subscription k of a topic: e-mail, SQS, Lambda or
// HTTPS, the first ones in that order.
func subscription(g *Gen, a *Account, r *Region, topic string, k int) snstypes.Subscription {
	protocol := []string{"email", "sqs", "lambda", "https"}[k%4]
	var endpoint string
	switch protocol {
	case "email":
		endpoint = Pick(g, []string{"platform-team", "finance", "security", "sre"}) + "@example.com"
	case "sqs":
		endpoint = g.ARN("sqs", Pick(g, []string{"orders", "audit", "notifications"})+"-queue")
	case "lambda":
		endpoint = g.ARN("lambda", "function:notifier")
		if len(r.Functions) > 0 {
			endpoint = aws.ToString(Pick(g, r.Functions).FunctionArn)
		}
	default:
		endpoint = "https://hooks.example.com/aws/" + randCode(g, 8, idLower)
	}
	return snstypes.Subscription{
		TopicArn: aws.String(topic), Protocol: aws.String(protocol), Endpoint: aws.String(endpoint),
		Owner: aws.String(a.ID), SubscriptionArn: aws.String(topic + ":" + uuid(g)),
	}
}

func genLogGroups(g *Gen, a *Account, r *Region) {
	var names []string
	for _, f := range r.Functions {
		names = append(names, "/aws/lambda/"+aws.ToString(f.FunctionName))
	}
	for _, db := range r.DBInstances {
		for _, log := range db.EnabledCloudwatchLogsExports {
			names = append(names, "/aws/rds/instance/"+aws.ToString(db.DBInstanceIdentifier)+"/"+log)
		}
	}
	for _, c := range r.EKSClusters {
		names = append(names, "/aws/eks/"+aws.ToString(c.Name)+"/cluster")
	}
	for i := range g.Count(3) {
		names = append(names, fmt.Sprintf("/ecs/%s", g.Name("service", i)))
	}
	names = append(names, "vpc-flow-logs", "/aws/cloudtrail/management-events")
	slices.Sort(names) // DescribeLogGroups answers in name order
	for i, name := range names {
		arn := g.ARN("logs", "log-group:"+name)
		lg := logstypes.LogGroup{
			LogGroupName: aws.String(name), LogGroupArn: aws.String(arn), Arn: aws.String(arn + ":*"),
			CreationTime:  aws.Int64(g.Time().UnixMilli()),
			StoredBytes:   aws.Int64(int64(g.Intn(1<<20)) * int64(1+g.Intn(1<<14))),
			LogGroupClass: logstypes.LogGroupClassStandard, MetricFilterCount: aws.Int32(int32(g.Intn(3))),
		}
		if i == 0 || g.Chance(0.7) {
			lg.RetentionInDays = aws.Int32(int32(Pick(g, []int{7, 14, 30, 90, 365, 3653})))
		}
		if i == 0 || g.Chance(0.3) {
			lg.KmsKeyId = aws.String(kmsKey(g))
		}
		tagByARN(&r.TagsByARN, arn, standardTags(g, name))
		r.LogGroups = append(r.LogGroups, lg)
	}
}

// scheduledRules and patternRules are the rules real accounts have.
var (
	scheduledRules = []struct{ name, schedule, description string }{
		{"nightly-backup", "cron(0 2 * * ? *)", "Starts the nightly database backup"},
		{"cleanup-temp-files", "rate(1 hour)", "Deletes expired temporary uploads"},
		{"weekly-report", "cron(0 8 ? * MON *)", "Builds the weekly cost report"},
	}
	patternRules = []struct{ name, pattern, description string }{
		{"ec2-state-change", `{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}`, "Notifies on instance state changes"},
		{"guardduty-findings", `{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"]}`, "Sends GuardDuty findings to security"},
		{"order-placed", `{"source":["com.shop.orders"],"detail-type":["OrderPlaced"]}`, "Routes new orders to fulfilment"},
	}
)

func genEventBridge(g *Gen, a *Account, r *Region) {
	buses := []string{"default"}
	for i := range g.Count(3) {
		buses = append(buses, g.Name("events", i))
	}
	for b, bus := range buses {
		busARN := g.ARN("events", "event-bus/"+bus)
		eb := ebtypes.EventBus{Name: aws.String(bus), Arn: aws.String(busARN), CreationTime: aws.Time(g.Time())}
		if b > 0 {
			eb.Description = aws.String("Domain events of " + bus)
		}
		r.EventBuses = append(r.EventBuses, eb)
		n := 1 + g.Intn(3)
		if b == 0 {
			n = g.Count(5) + 2 // the default bus carries most rules, over several pages
		}
		for k := range n {
			genRule(g, r, bus, k)
		}
	}
}

func genRule(g *Gen, r *Region, bus string, k int) {
	rule := ebtypes.Rule{EventBusName: aws.String(bus), State: ebtypes.RuleStateEnabled}
	if k%2 == 0 {
		s := scheduledRules[(k/2)%len(scheduledRules)]
		rule.Name, rule.ScheduleExpression, rule.Description = aws.String(fmt.Sprintf("%s-%d", s.name, k+1)), aws.String(s.schedule), aws.String(s.description)
	} else {
		p := patternRules[(k/2)%len(patternRules)]
		rule.Name, rule.EventPattern, rule.Description = aws.String(fmt.Sprintf("%s-%d", p.name, k+1)), aws.String(p.pattern), aws.String(p.description)
	}
	switch {
	case k > 0 && g.Chance(0.2):
		rule.State = ebtypes.RuleStateDisabled
	case k > 0 && g.Chance(0.15):
		rule.Description = nil
	}
	resource := "rule/" + aws.ToString(rule.Name)
	if bus != "default" {
		resource = "rule/" + bus + "/" + aws.ToString(rule.Name)
	}
	rule.Arn = aws.String(g.ARN("events", resource))
	tagByARN(&r.TagsByARN, aws.ToString(rule.Arn), standardTags(g, aws.ToString(rule.Name)))
	r.EventRules = append(r.EventRules, rule)
}

// genTrails builds the region's own trails; home also gets the account's
// multi-region management-events trail.
func genTrails(g *Gen, a *Account, r *Region, home bool) {
	add := func(name string, multi, validation bool, kms string) {
		t := cttypes.Trail{
			Name: aws.String(name), TrailARN: aws.String(g.ARN("cloudtrail", "trail/"+name)), HomeRegion: aws.String(r.Name),
			IsMultiRegionTrail: aws.Bool(multi), LogFileValidationEnabled: aws.Bool(validation), IncludeGlobalServiceEvents: aws.Bool(multi),
			S3BucketName: aws.String("cloudtrail-logs-" + a.ID), IsOrganizationTrail: aws.Bool(false),
			HasCustomEventSelectors: aws.Bool(!multi), HasInsightSelectors: aws.Bool(false),
		}
		if kms != "" {
			t.KmsKeyId = aws.String(kms)
		}
		tagByARN(&r.TagsByARN, aws.ToString(t.TrailARN), standardTags(g, name))
		r.Trails = append(r.Trails, t)
	}
	if home {
		add("management-events", true, true, kmsKey(g))
	}
	for i := range g.Count(1) {
		kms := ""
		if g.Chance(0.5) {
			kms = kmsKey(g)
		}
		add(g.Name("data-events", i), false, g.Chance(0.6), kms)
	}
}

// recordedTypes are the types an inclusion-based recorder usually picks.
var recordedTypes = []cfgtypes.ResourceType{
	cfgtypes.ResourceTypeInstance, cfgtypes.ResourceTypeSecurityGroup, cfgtypes.ResourceTypeBucket,
	cfgtypes.ResourceTypeDBInstance, cfgtypes.ResourceTypeFunction, cfgtypes.ResourceTypeRole,
}

// genConfig builds the region's configuration recorder: every supported
// type (global ones recorded only in home, as AWS advises), or in some
// regions a chosen list; and a retention period in most regions.
func genConfig(g *Gen, a *Account, r *Region, home bool) {
	group := &cfgtypes.RecordingGroup{
		AllSupported: true, IncludeGlobalResourceTypes: home,
		RecordingStrategy: &cfgtypes.RecordingStrategy{UseOnly: cfgtypes.RecordingStrategyTypeAllSupportedResourceTypes},
	}
	if !home && g.Chance(0.3) {
		group = &cfgtypes.RecordingGroup{
			ResourceTypes:     recordedTypes[:2+g.Intn(len(recordedTypes)-1)],
			RecordingStrategy: &cfgtypes.RecordingStrategy{UseOnly: cfgtypes.RecordingStrategyTypeInclusionByResourceTypes},
		}
	}
	r.ConfigRecorders = append(r.ConfigRecorders, cfgtypes.ConfigurationRecorder{
		Name: aws.String("default"), RecordingGroup: group,
		Arn:            aws.String(g.ARN("config", "configuration-recorder/default/"+randCode(g, 16, idLower))),
		RoleARN:        aws.String("arn:aws:iam::" + a.ID + ":role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"),
		RecordingScope: cfgtypes.RecordingScopeInternal,
	})
	if home || g.Chance(0.7) {
		r.RetentionConfigs = append(r.RetentionConfigs, cfgtypes.RetentionConfiguration{
			Name: aws.String("default"), RetentionPeriodInDays: aws.Int32(int32(Pick(g, []int{365, 730, 2557}))),
		})
	}
}
