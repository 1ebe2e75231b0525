package scanner

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// A failing detail call degrades a column, not a service: every scanner
// that makes detail calls still lists every resource, the cells the call
// fills read "not readable: <code> on <action>", and the coverage is
// partial, naming the call. The unit's other services complete.
func TestDetailCallFaultsDegradeAColumn(t *testing.T) {
	estate := testEstate()
	deny := func(service, op string) awssim.Fault {
		return awssim.Fault{Kind: awssim.Deny, Service: service, Operation: op}
	}
	topics := func(_ *awssim.Account, r *awssim.Region) int { return len(r.Topics) }
	for _, tc := range []struct {
		name    string
		fault   awssim.Fault
		region  string
		service string
		call    string // the coverage's partial call
		column  string // the column that reads "not readable: ..."; "" when what is lost is no column:
		lost    string // "" the tags, "net" the network placement, "region" the bucket's region
		every   bool   // every record's column reads it, not only some
		records func(a *awssim.Account, r *awssim.Region) int
		also    []string // other services of the unit the fault makes partial
	}{
		// Edge and storage, in the global unit.
		{name: "web ACL distributions", fault: deny("CloudFront", "ListDistributionsByWebACLId"), region: spec.GlobalUnit, service: "waf",
			call: "cloudfront:ListDistributionsByWebACLId (AccessDenied)", column: "Associated Resources", every: true},
		{name: "web ACL rules", fault: deny("WAFV2", "GetWebACL"), region: spec.GlobalUnit, service: "waf",
			call: "wafv2:GetWebACL (AccessDeniedException)", column: "Rules Count", every: true},
		{name: "web ACL tags", fault: deny("WAFV2", "ListTagsForResource"), region: spec.GlobalUnit, service: "waf",
			call: "wafv2:ListTagsForResource (AccessDeniedException)"},
		{name: "distribution tags", fault: deny("CloudFront", "ListTagsForResource"), region: spec.GlobalUnit, service: "cloudfront",
			call: "cloudfront:ListTagsForResource (AccessDenied)"},
		{name: "hosted zone tags", fault: deny("Route 53", "ListTagsForResources"), region: spec.GlobalUnit, service: "route53",
			call: "route53:ListTagsForResources (AccessDenied)"},
		{name: "bucket tags", fault: deny("S3", "GetBucketTagging"), region: spec.GlobalUnit, service: "s3",
			call: "s3:GetBucketTagging (AccessDenied)"},
		{name: "bucket notifications", fault: deny("S3", "GetBucketNotificationConfiguration"), region: spec.GlobalUnit, service: "s3_event_notification",
			call: "s3:GetBucketNotification (AccessDenied)", column: "Destination", every: true,
			records: func(a *awssim.Account, _ *awssim.Region) int { return len(a.Global.Buckets) }},
		{name: "bucket locations", fault: deny("S3", "GetBucketLocation"), region: spec.GlobalUnit, service: "s3",
			call: "s3:GetBucketLocation (AccessDenied)", lost: "region", also: []string{"s3_event_notification"}},
		// The regional unit.
		{name: "regional web ACL resources", fault: deny("WAFV2", "ListResourcesForWebACL"), region: testRegion, service: "waf",
			call: "wafv2:ListResourcesForWebACL (AccessDeniedException)", column: "Associated Resources", every: true},
		{name: "certificate tags", fault: deny("ACM", "ListTagsForCertificate"), region: testRegion, service: "acm",
			call: "acm:ListTagsForCertificate (AccessDeniedException)"},
		{name: "topic subscriptions", fault: deny("SNS", "ListSubscriptionsByTopic"), region: testRegion, service: "sns",
			call: "sns:ListSubscriptionsByTopic (AuthorizationError)", column: "Subscription Endpoint", every: true, records: topics},
		{name: "topic attributes", fault: deny("SNS", "GetTopicAttributes"), region: testRegion, service: "sns",
			call: "sns:GetTopicAttributes (AuthorizationError)", column: "Topic Display Name", every: true},
		{name: "topic tags", fault: deny("SNS", "ListTagsForResource"), region: testRegion, service: "sns",
			call: "sns:ListTagsForResource (AuthorizationError)"},
		{name: "log group tags", fault: deny("CloudWatch Logs", "ListTagsForResource"), region: testRegion, service: "cloudwatch",
			call: "logs:ListTagsForResource (AccessDeniedException)"},
		{name: "rules of the buses, past the retries", fault: awssim.Fault{Kind: awssim.ServerError, Service: "EventBridge", Operation: "ListRules"},
			region: testRegion, service: "eventbridge", call: "events:ListRules (ServiceUnavailable)", column: "State", every: true,
			records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.EventBuses) }},
		{name: "rule tags", fault: deny("EventBridge", "ListTagsForResource"), region: testRegion, service: "eventbridge",
			call: "events:ListTagsForResource (AccessDeniedException)"},
		{name: "trail tags", fault: deny("CloudTrail", "ListTags"), region: testRegion, service: "cloudtrail",
			call: "cloudtrail:ListTags (AccessDeniedException)"},
		{name: "config retention", fault: deny("Config Service", "DescribeRetentionConfigurations"), region: testRegion, service: "config",
			call: "config:DescribeRetentionConfigurations (AccessDeniedException)", column: "Retention period", every: true},
		{name: "cache subnet groups", fault: deny("ElastiCache", "DescribeCacheSubnetGroups"), region: testRegion, service: "elasticache",
			call: "elasticache:DescribeCacheSubnetGroups (AccessDenied)", lost: "net"},
		{name: "cache cluster tags", fault: deny("ElastiCache", "ListTagsForResource"), region: testRegion, service: "elasticache",
			call: "elasticache:ListTagsForResource (AccessDenied)"},
		{name: "target health", fault: deny("Elastic Load Balancing v2", "DescribeTargetHealth"), region: testRegion, service: "target_group",
			call: "elasticloadbalancing:DescribeTargetHealth (AccessDenied)", column: "Registered Instances", every: true},
		{name: "load balancer and target group tags", fault: deny("Elastic Load Balancing v2", "DescribeTags"), region: testRegion, service: "elb",
			call: "elasticloadbalancing:DescribeTags (AccessDenied)", also: []string{"target_group"}},
		{name: "scaling policies", fault: deny("Auto Scaling", "DescribePolicies"), region: testRegion, service: "autoscaling",
			call: "autoscaling:DescribePolicies (AccessDenied)", column: "Scaling Policy", every: true},
		{name: "launch template versions", fault: deny("EC2", "DescribeLaunchTemplateVersions"), region: testRegion, service: "autoscaling",
			call: "ec2:DescribeLaunchTemplateVersions (UnauthorizedOperation)", column: "AMI"},
		{name: "launch configurations", fault: deny("Auto Scaling", "DescribeLaunchConfigurations"), region: testRegion, service: "autoscaling",
			call: "autoscaling:DescribeLaunchConfigurations (AccessDenied)", column: "Instance type"},
		{name: "cluster descriptions", fault: deny("EKS", "DescribeCluster"), region: testRegion, service: "eks",
			call: "eks:DescribeCluster (AccessDeniedException)", column: "Version", every: true},
		{name: "instance volumes", fault: deny("EC2", "DescribeVolumes"), region: testRegion, service: "ec2",
			call: "ec2:DescribeVolumes (UnauthorizedOperation)", column: "EBS Size", every: true},
		{name: "security group rules", fault: deny("EC2", "DescribeSecurityGroupRules"), region: testRegion, service: "security_group",
			call: "ec2:DescribeSecurityGroupRules (UnauthorizedOperation)", column: "Source", every: true,
			records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.SecurityGroups) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := awssim.New(estate, awssim.Options{})
			sim.Inject(tc.fault)
			var logs bytes.Buffer
			runner := testRunner()
			runner.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			res := scanWith(t, runner, sim, tc.region)
			a := estate.Accounts[0]
			var r *awssim.Region
			if tc.region != spec.GlobalUnit {
				r = a.Region(tc.region)
			}
			records := expectations[tc.service].records
			if tc.records != nil {
				records = tc.records
			}
			want := records(a, r)
			cov, recs := coverageOf(t, res, tc.service), recordsOf(res, tc.service)
			if cov.Status != inventory.StatusPartial || cov.Failed() || !cov.Partial() {
				t.Fatalf("status %s, want partial (%s %s)", cov.Status, cov.Error, cov.Details)
			}
			if !slices.Equal(cov.PartialCalls, []string{tc.call}) {
				t.Errorf("partial calls %v, want [%s]", cov.PartialCalls, tc.call)
			}
			if want == 0 || len(recs) != want || cov.Resources != want {
				t.Fatalf("%d records (coverage %d), want all %d listed", len(recs), cov.Resources, want)
			}
			action, code, _ := strings.Cut(strings.TrimSuffix(tc.call, ")"), " (")
			text := "not readable: " + code + " on " + action
			marked := 0
			for _, rec := range recs {
				switch {
				case tc.column != "":
				case tc.lost == "net" && rec.Net != nil:
					t.Errorf("%s: placed in %+v, though the subnet groups could not be read", rec.ID, *rec.Net)
				case tc.lost == "region" && rec.Region != spec.GlobalUnit:
					t.Errorf("%s: in %s, though its location could not be read", rec.ID, rec.Region)
				case tc.lost == "" && len(rec.Tags) != 0:
					t.Errorf("%s: tags %v, though they could not be read", rec.ID, rec.Tags)
				}
				if tc.column == "" {
					continue
				}
				if rec.Columns[tc.column] == text {
					marked++
				} else if tc.every {
					t.Errorf("%s: %s = %q, want %q", rec.ID, tc.column, rec.Columns[tc.column], text)
				}
			}
			if tc.column != "" && marked == 0 {
				t.Errorf("no record's %s reads %q", tc.column, text)
			}
			if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), action) {
				t.Errorf("no warning names %s: %s", action, logs.String())
			}
			if n := strings.Count(logs.String(), "service scanned without a detail"); n > 1+len(tc.also) {
				t.Errorf("%d warnings: one per failed call and service is enough", n)
			}
			for _, c := range res.Coverage {
				exp, ok := expectations[c.Service]
				switch {
				case c.Service == tc.service || !ok:
				case slices.Contains(tc.also, c.Service):
					if c.Status != inventory.StatusPartial {
						t.Errorf("%s shares the failed call: %s, want partial", c.Service, c.Status)
					}
				case c.Status != inventory.StatusOK || c.Resources != exp.records(a, r):
					t.Errorf("%s: %s with %d resources, want ok with %d", c.Service, c.Status, c.Resources, exp.records(a, r))
				}
			}
		})
	}
}

// A bucket whose location cannot be read is still documented, in the
// global unit's region (its own is unknown), and its notifications say
// why they are missing; no call is sent to a region guessed for it.
func TestBucketWithoutLocation(t *testing.T) {
	estate := testEstate()
	sim := awssim.New(estate, awssim.Options{})
	sim.Inject(awssim.Fault{Kind: awssim.Deny, Service: "S3", Operation: "GetBucketLocation"})
	res := scanWith(t, testRunner(), sim, spec.GlobalUnit, "s3", "s3_event_notification")
	buckets := estate.Accounts[0].Global.Buckets
	for _, svc := range []string{"s3", "s3_event_notification"} {
		recs := recordsOf(res, svc)
		if len(recs) != len(buckets) {
			t.Fatalf("%s: %d records, want one per bucket (%d)", svc, len(recs), len(buckets))
		}
		for _, rec := range recs {
			if rec.Region != spec.GlobalUnit {
				t.Errorf("%s %s in %s, want the global unit's region", svc, rec.ID, rec.Region)
			}
			if svc == "s3_event_notification" && rec.Columns["Destination"] != "not readable: AccessDenied on s3:GetBucketLocation" {
				t.Errorf("%s: destination %q", rec.ID, rec.Columns["Destination"])
			}
		}
	}
	if n := sim.CallCount("S3", "GetBucketTagging") + sim.CallCount("S3", "GetBucketNotificationConfiguration"); n != 0 {
		t.Errorf("%d calls to buckets whose region is unknown", n)
	}
}

// What still fails a whole service: a list call, and a detail call AWS
// throttles past the retries. A 5xx burst on a detail call is retried.
func TestDetailCallFaultsThatFailTheService(t *testing.T) {
	estate := testEstate()
	for _, tc := range []struct {
		name    string
		fault   awssim.Fault
		region  string
		service string
		status  inventory.Status
		retries int // at least: detail calls run concurrently, each retrying
		detail  []string
	}{
		{"web ACL list throttled past the retries", awssim.Fault{Kind: awssim.Throttle, Service: "WAFV2", Operation: "ListWebACLs"}, spec.GlobalUnit,
			"waf", inventory.StatusThrottled, 3, []string{"gave up after 4 attempts", "waf.go:"}},
		{"web ACL list denied", awssim.Fault{Kind: awssim.Deny, Service: "WAFV2", Operation: "ListWebACLs"}, testRegion,
			"waf", inventory.StatusAccessDenied, 0, []string{"wafv2:ListWebACLs", "waf.go:"}},
		{"subscriptions throttled past the retries", awssim.Fault{Kind: awssim.Throttle, Service: "SNS", Operation: "ListSubscriptionsByTopic"}, testRegion,
			"sns", inventory.StatusThrottled, 3, []string{"gave up after 4 attempts", "sns.go:"}},
		{"target health throttled past the retries", awssim.Fault{Kind: awssim.Throttle, Service: "Elastic Load Balancing v2", Operation: "DescribeTargetHealth"}, testRegion,
			"target_group", inventory.StatusThrottled, 3, []string{"elasticloadbalancing:DescribeTargetHealth", "target_group.go:"}},
		{"a 5xx burst on a detail call is retried", awssim.Fault{Kind: awssim.ServerError, Service: "WAFV2", Operation: "GetWebACL", Times: 2}, spec.GlobalUnit,
			"waf", inventory.StatusOK, 2, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := awssim.New(estate, awssim.Options{})
			sim.Inject(tc.fault)
			res := scanWith(t, testRunner(), sim, tc.region)
			cov := coverageOf(t, res, tc.service)
			if cov.Status != tc.status || cov.Retries < tc.retries || len(cov.PartialCalls) != 0 {
				t.Fatalf("got %s with %d retries (partial %v), want %s with %d or more (%s)", cov.Status, cov.Retries, cov.PartialCalls, tc.status, tc.retries, cov.Details)
			}
			for _, d := range tc.detail {
				if !strings.Contains(cov.Details, d) {
					t.Errorf("details %q do not mention %q", cov.Details, d)
				}
			}
			if tc.status != inventory.StatusOK && len(recordsOf(res, tc.service)) != 0 {
				t.Errorf("a failed service left %d records", len(recordsOf(res, tc.service)))
			}
		})
	}
}

// The unit stopping fails a detail call's service; nothing is recorded as
// partial, and read says so without calling again.
func TestUnreadableStopsOnCancellation(t *testing.T) {
	svc, _ := spec.Lookup("sns")
	s := &session{service: svc, partial: &partials{}, logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m, err := read(ctx, s, func(ctx context.Context) (string, error) { return "", ctx.Err() })
	if !errors.Is(err, context.Canceled) || m.lost != "" {
		t.Fatalf("read after cancellation: %+v, %v; want the cancellation", m, err)
	}
	if calls, _ := s.partial.list(); len(calls) != 0 {
		t.Errorf("partial calls %v after a cancellation", calls)
	}
	// An error without an AWS operation still degrades, named by the
	// service.
	n, err := read(context.Background(), s, func(context.Context) (int, error) { return 0, errors.New("page token answered twice") })
	if err != nil || n.lost != "not readable: error" || n.or(func(int) string { return "read" }) != "not readable: error" {
		t.Fatalf("read: %+v, %v", n, err)
	}
	if calls, _ := s.partial.list(); !slices.Equal(calls, []string{"sns detail call (error)"}) {
		t.Errorf("partial calls %v", calls)
	}
}
