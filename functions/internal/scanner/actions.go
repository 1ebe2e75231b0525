package scanner

// iamPrefix maps an SDK service ID to its IAM action prefix.
var iamPrefix = map[string]string{
	"EC2":                       "ec2",
	"Elastic Load Balancing v2": "elasticloadbalancing",
	"Auto Scaling":              "autoscaling",
	"EKS":                       "eks",
	"Lambda":                    "lambda",
	"RDS":                       "rds",
	"ElastiCache":               "elasticache",
	"S3":                        "s3",
	"CloudFront":                "cloudfront",
	"Route 53":                  "route53",
	"ACM":                       "acm",
	"WAFV2":                     "wafv2",
	"SNS":                       "sns",
	"CloudWatch Logs":           "logs",
	"EventBridge":               "events",
	"CloudTrail":                "cloudtrail",
	"Config Service":            "config",
	"STS":                       "sts",
}

// iamActionNames lists the operations whose IAM action is not named after
// the operation.
var iamActionNames = map[string]string{
	"S3/ListBuckets":                        "s3:ListAllMyBuckets",
	"S3/GetBucketNotificationConfiguration": "s3:GetBucketNotification",
	"Lambda/ListFunctions":                  "lambda:ListFunctions",
}

// iamAction returns the IAM action that authorizes an SDK operation, e.g.
// ("EC2", "DescribeVpcs") -> "ec2:DescribeVpcs".
func iamAction(serviceID, operation string) string {
	if a, ok := iamActionNames[serviceID+"/"+operation]; ok {
		return a
	}
	prefix, ok := iamPrefix[serviceID]
	if !ok {
		prefix = serviceID
	}
	return prefix + ":" + operation
}
