package budget

import "strings"

// Limit is a token bucket's shape: a sustained rate in requests per second
// and the number of requests that may be made at once from a full bucket.
// A Rate of zero means unlimited.
type Limit struct {
	Rate  float64
	Burst int
}

// family is one throttling bucket of an AWS service: the operations whose
// names start with prefix ("" matches any) share AWS's published limit.
type family struct {
	service string // SDK service ID, as awsmiddleware.GetServiceID reports it
	prefix  string
	name    string
	limit   Limit
}

// published lists AWS's documented (or, where AWS documents none, observed
// conservative) throttling limits per account and region, most specific
// prefix first. Sources: the EC2 API request throttling page (token bucket,
// non-mutating actions: 100 burst, 20/s refill), the Route 53 and CloudFront
// quotas (5 requests/s per account), Lambda control-plane quotas (15/s),
// the SNS, CloudWatch Logs, EventBridge, ACM and CloudTrail quota pages.
var published = []family{
	{"EC2", "Describe", "EC2:Describe*", Limit{Rate: 20, Burst: 100}},
	{"EC2", "", "EC2:*", Limit{Rate: 5, Burst: 50}},
	{"Elastic Load Balancing v2", "", "ELBv2:*", Limit{Rate: 10, Burst: 20}},
	{"Auto Scaling", "", "AutoScaling:*", Limit{Rate: 10, Burst: 20}},
	{"EKS", "", "EKS:*", Limit{Rate: 10, Burst: 20}},
	{"Lambda", "", "Lambda:*", Limit{Rate: 15, Burst: 15}},
	{"RDS", "", "RDS:*", Limit{Rate: 10, Burst: 40}},
	{"ElastiCache", "", "ElastiCache:*", Limit{Rate: 10, Burst: 20}},
	{"S3", "", "S3:*", Limit{Rate: 20, Burst: 40}},
	{"CloudFront", "", "CloudFront:*", Limit{Rate: 5, Burst: 5}},
	{"Route 53", "", "Route53:*", Limit{Rate: 5, Burst: 5}},
	{"ACM", "List", "ACM:List*", Limit{Rate: 8, Burst: 8}},
	{"ACM", "", "ACM:*", Limit{Rate: 10, Burst: 10}},
	{"WAFV2", "", "WAFV2:*", Limit{Rate: 5, Burst: 5}},
	{"SNS", "", "SNS:*", Limit{Rate: 30, Burst: 30}},
	{"CloudWatch Logs", "", "Logs:*", Limit{Rate: 10, Burst: 10}},
	{"EventBridge", "", "EventBridge:*", Limit{Rate: 50, Burst: 50}},
	{"CloudTrail", "", "CloudTrail:*", Limit{Rate: 5, Burst: 5}},
	{"Config Service", "", "Config:*", Limit{Rate: 5, Burst: 5}},
	{"STS", "", "STS:*", Limit{Rate: 100, Burst: 100}},
}

// defaultLimit applies to a service the table does not know: low enough to
// be safe anywhere.
var defaultLimit = Limit{Rate: 5, Burst: 5}

// Published returns the throttling family of an operation and AWS's limit
// for it, per account and region.
func Published(service, operation string) (familyName string, l Limit) {
	for _, f := range published {
		if f.service == service && strings.HasPrefix(operation, f.prefix) {
			return f.name, f.limit
		}
	}
	return service + ":*", defaultLimit
}
