package stack

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// tableIndexes are the store's two overloaded global secondary indexes,
// keyed <name>PK / <name>SK.
var tableIndexes = []string{"GSI1", "GSI2"}

// TTLAttribute holds an item's expiry in epoch seconds.
const TTLAttribute = "expiresAt"

// newTable is the single table of the store: every item's keys start with
// its workspace, lists use Query on the key or an index, never Scan.
func newTable(scope constructs.Construct) awsdynamodb.Table {
	str := func(name string) *awsdynamodb.Attribute {
		return &awsdynamodb.Attribute{Name: jsii.String(name), Type: awsdynamodb.AttributeType_STRING}
	}
	t := awsdynamodb.NewTable(scope, jsii.String("Table"), &awsdynamodb.TableProps{
		PartitionKey:        str("PK"),
		SortKey:             str("SK"),
		BillingMode:         awsdynamodb.BillingMode_PAY_PER_REQUEST,
		TimeToLiveAttribute: jsii.String(TTLAttribute),
		PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: jsii.Bool(true),
		},
		DeletionProtection: jsii.Bool(true),
		RemovalPolicy:      awscdk.RemovalPolicy_RETAIN,
	})
	for _, ix := range tableIndexes {
		t.AddGlobalSecondaryIndex(&awsdynamodb.GlobalSecondaryIndexProps{
			IndexName:      jsii.String(ix),
			PartitionKey:   str(ix + "PK"),
			SortKey:        str(ix + "SK"),
			ProjectionType: awsdynamodb.ProjectionType_ALL,
		})
	}
	return t
}

// newSecretsKey protects the data keys of stored secrets (access keys,
// the base key). Rotation keeps old ciphertexts readable.
func newSecretsKey(scope constructs.Construct) awskms.Key {
	return awskms.NewKey(scope, jsii.String("SecretsKey"), &awskms.KeyProps{
		Description:       jsii.String("CloudCensus: envelope encryption of stored credentials"),
		EnableKeyRotation: jsii.Bool(true),
		RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
		PendingWindow:     awscdk.Duration_Days(jsii.Number(30)),
	})
}

// buckets are the stack's object stores.
type buckets struct {
	logs, results, reports, spa awss3.Bucket
}

// prefixes of the results bucket that age out.
type agedPrefixes struct {
	results, uploads, templates, exports string
}

// newBuckets makes every bucket private, encrypted, TLS 1.2 only, and logs
// access to the log bucket. What the buckets hold ages out as the
// contract's retention says: unit results, uploads and templates expire;
// a deleted or replaced document is recoverable as a noncurrent version
// only for deletedReportsDays, then gone.
func newBuckets(scope constructs.Construct, stackName string, p agedPrefixes, keep Retention) buckets {
	var b buckets
	b.logs = awss3.NewBucket(scope, jsii.String("AccessLogs"), &awss3.BucketProps{
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		EnforceSSL:        jsii.Bool(true),
		MinimumTLSVersion: jsii.Number(1.2),
		// CloudFront standard logs are delivered with an ACL, so the log
		// bucket keeps ACLs enabled and owns what it receives.
		ObjectOwnership: awss3.ObjectOwnership_BUCKET_OWNER_PREFERRED,
		LifecycleRules: &[]*awss3.LifecycleRule{{
			Id:         jsii.String("expire-access-logs"),
			Expiration: awscdk.Duration_Days(jsii.Number(365)),
		}},
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	private := func(id, logPrefix string, props awss3.BucketProps) awss3.Bucket {
		props.BlockPublicAccess = awss3.BlockPublicAccess_BLOCK_ALL()
		props.Encryption = awss3.BucketEncryption_S3_MANAGED
		props.EnforceSSL = jsii.Bool(true)
		props.MinimumTLSVersion = jsii.Number(1.2)
		props.ObjectOwnership = awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED
		props.ServerAccessLogsBucket = b.logs
		props.ServerAccessLogsPrefix = jsii.String("s3/" + logPrefix + "/")
		props.RemovalPolicy = awscdk.RemovalPolicy_RETAIN
		return awss3.NewBucket(scope, jsii.String(id), &props)
	}
	abortUploads := &awss3.LifecycleRule{
		Id:                                  jsii.String("abort-incomplete-uploads"),
		AbortIncompleteMultipartUploadAfter: awscdk.Duration_Days(jsii.Number(1)),
	}
	b.results = private("Results", "results", awss3.BucketProps{
		// Named, not generated: the browser uploads network diagrams here
		// with presigned PUTs, so the console's Content-Security-Policy and
		// this bucket's CORS rule name each other's origin; a name built
		// from the stack, account and region breaks that cycle.
		BucketName: resultsBucketName(stackName),
		LifecycleRules: &[]*awss3.LifecycleRule{abortUploads, {
			Id:          jsii.String("age-scan-results"),
			Prefix:      jsii.String(p.results),
			Transitions: resultsTransitions(keep.ResultsDays),
			Expiration:  days(keep.ResultsDays),
		}, {
			Id:         jsii.String("expire-uploads"),
			Prefix:     jsii.String(p.uploads),
			Expiration: days(keep.UploadsDays),
		}, {
			Id:         jsii.String("expire-role-templates"),
			Prefix:     jsii.String(p.templates),
			Expiration: days(keep.TemplatesDays),
		}, {
			Id:         jsii.String("expire-exports"),
			Prefix:     jsii.String(p.exports),
			Expiration: days(keep.ExportsDays),
		}},
	})
	b.reports = private("Reports", "reports", awss3.BucketProps{
		Versioned: jsii.Bool(true),
		LifecycleRules: &[]*awss3.LifecycleRule{abortUploads, {
			Id:                          jsii.String("expire-replaced-versions"),
			NoncurrentVersionExpiration: days(keep.DeletedReportsDays),
			// Once its versions are gone a deleted document's marker goes too.
			ExpiredObjectDeleteMarker: jsii.Bool(true),
		}},
	})
	b.spa = private("ConsoleBucket", "console", awss3.BucketProps{
		LifecycleRules: &[]*awss3.LifecycleRule{abortUploads},
	})
	return b
}

func days(n int) awscdk.Duration { return awscdk.Duration_Days(jsii.Number(n)) }

// resultsTransitions moves results to Infrequent Access after 30 days
// when they are kept long enough for it to pay (S3 bills IA for at least
// 30 days).
func resultsTransitions(keep int) *[]*awss3.Transition {
	if keep <= 60 {
		return nil
	}
	return &[]*awss3.Transition{{
		StorageClass:    awss3.StorageClass_INFREQUENT_ACCESS(),
		TransitionAfter: days(30),
	}}
}

// resultsBucketName is <stack>-results-<account>-<region>, lower case.
func resultsBucketName(stackName string) *string {
	return jsii.String(strings.ToLower(stackName) + "-results-" + *awscdk.Aws_ACCOUNT_ID() + "-" + *awscdk.Aws_REGION())
}

// resultsBucketOrigin is the virtual-hosted origin the SDK presigns the
// diagram uploads for.
func resultsBucketOrigin(stackName string) string {
	return "https://" + *resultsBucketName(stackName) + ".s3." + *awscdk.Aws_REGION() + "." + *awscdk.Aws_URL_SUFFIX()
}
