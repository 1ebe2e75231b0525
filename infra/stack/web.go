package stack

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3deployment"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// spaRewrite serves index.html for the console's client-side routes (a
// path whose last segment has no dot), so a reload of /tasks works. It is
// a viewer function on the console's behavior only: error-page rewrites
// would also turn the API's 403 and 404 answers into HTML.
const spaRewrite = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`

// contentSecurityPolicy lets the console load only its own code and talk
// only to its own origin and to the results bucket, where the API's
// presigned URLs send network diagram uploads (report downloads are
// navigations, which connect-src does not govern). Cloudscape sets inline
// styles, hence style-src 'unsafe-inline'.
func contentSecurityPolicy(storage string) string {
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data: blob: " + storage,
		"font-src 'self' data:",
		"connect-src 'self' " + storage,
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}

// newDistribution serves the console from its bucket (origin access
// control) and the API under /api/*, so the console calls its own origin.
func newDistribution(scope constructs.Construct, b buckets, api awsapigateway.RestApi, storageOrigin string) awscloudfront.Distribution {
	headers := awscloudfront.NewResponseHeadersPolicy(scope, jsii.String("SecurityHeaders"), &awscloudfront.ResponseHeadersPolicyProps{
		Comment: jsii.String("CloudCensus console and API security headers"),
		SecurityHeadersBehavior: &awscloudfront.ResponseSecurityHeadersBehavior{
			ContentSecurityPolicy: &awscloudfront.ResponseHeadersContentSecurityPolicy{
				ContentSecurityPolicy: jsii.String(contentSecurityPolicy(storageOrigin)), Override: jsii.Bool(true),
			},
			ContentTypeOptions: &awscloudfront.ResponseHeadersContentTypeOptions{Override: jsii.Bool(true)},
			FrameOptions: &awscloudfront.ResponseHeadersFrameOptions{
				FrameOption: awscloudfront.HeadersFrameOption_DENY, Override: jsii.Bool(true),
			},
			ReferrerPolicy: &awscloudfront.ResponseHeadersReferrerPolicy{
				ReferrerPolicy: awscloudfront.HeadersReferrerPolicy_STRICT_ORIGIN_WHEN_CROSS_ORIGIN, Override: jsii.Bool(true),
			},
			StrictTransportSecurity: &awscloudfront.ResponseHeadersStrictTransportSecurity{
				AccessControlMaxAge: awscdk.Duration_Days(jsii.Number(730)), IncludeSubdomains: jsii.Bool(true), Override: jsii.Bool(true),
			},
		},
		CustomHeadersBehavior: &awscloudfront.ResponseCustomHeadersBehavior{CustomHeaders: &[]*awscloudfront.ResponseCustomHeader{{
			Header: jsii.String("Permissions-Policy"), Value: jsii.String("camera=(), microphone=(), geolocation=(), payment=()"), Override: jsii.Bool(true),
		}}},
	})
	rewrite := awscloudfront.NewFunction(scope, jsii.String("ConsoleRoutes"), &awscloudfront.FunctionProps{
		Comment: jsii.String("CloudCensus console: client-side routes serve index.html"),
		Runtime: awscloudfront.FunctionRuntime_JS_2_0(),
		Code:    awscloudfront.FunctionCode_FromInline(jsii.String(spaRewrite)),
	})
	apiOrigin := awscloudfrontorigins.NewHttpOrigin(jsii.String(apiDomain(api)), &awscloudfrontorigins.HttpOriginProps{
		OriginPath:         jsii.String("/" + StageName),
		ProtocolPolicy:     awscloudfront.OriginProtocolPolicy_HTTPS_ONLY,
		OriginSslProtocols: &[]awscloudfront.OriginSslPolicy{awscloudfront.OriginSslPolicy_TLS_V1_2},
	})
	dist := awscloudfront.NewDistribution(scope, jsii.String("Console"), &awscloudfront.DistributionProps{
		Comment:           jsii.String("CloudCensus console and API"),
		DefaultRootObject: jsii.String("index.html"),
		HttpVersion:       awscloudfront.HttpVersion_HTTP2_AND_3,
		PriceClass:        awscloudfront.PriceClass_PRICE_CLASS_100,
		EnableLogging:     jsii.Bool(true),
		LogBucket:         b.logs,
		LogFilePrefix:     jsii.String("cloudfront/"),
		DefaultBehavior: &awscloudfront.BehaviorOptions{
			Origin:                awscloudfrontorigins.S3BucketOrigin_WithOriginAccessControl(b.spa, nil),
			ViewerProtocolPolicy:  awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
			CachePolicy:           awscloudfront.CachePolicy_CACHING_OPTIMIZED(),
			ResponseHeadersPolicy: headers,
			Compress:              jsii.Bool(true),
			FunctionAssociations: &[]*awscloudfront.FunctionAssociation{{
				Function: rewrite, EventType: awscloudfront.FunctionEventType_VIEWER_REQUEST,
			}},
		},
		AdditionalBehaviors: &map[string]*awscloudfront.BehaviorOptions{
			"/api/*": {
				Origin:                apiOrigin,
				ViewerProtocolPolicy:  awscloudfront.ViewerProtocolPolicy_HTTPS_ONLY,
				AllowedMethods:        awscloudfront.AllowedMethods_ALLOW_ALL(),
				CachePolicy:           awscloudfront.CachePolicy_CACHING_DISABLED(),
				OriginRequestPolicy:   awscloudfront.OriginRequestPolicy_ALL_VIEWER_EXCEPT_HOST_HEADER(),
				ResponseHeadersPolicy: headers,
				Compress:              jsii.Bool(true),
			},
		},
	})
	accept(dist, false,
		accepted{rule: "AwsSolutions-CFR1", reason: "The console serves its users wherever they work; no country is excluded by default."},
		accepted{rule: "AwsSolutions-CFR2", reason: "No WAF by default (a web ACL costs per month and per request): the console is static files and every API route but sign-in and health needs a token; attach a web ACL where policy asks for one."},
		accepted{rule: "AwsSolutions-CFR4", reason: "Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose security policy CloudFront fixes; add a domain and an ACM certificate to set TLSv1.2_2021."},
	)
	return dist
}

// RuntimeConfig is /config.json, which the console loads before anything
// else: where the API is and which user pool it signs in to.
type RuntimeConfig struct {
	APIURL, Region, UserPoolID, UserPoolClientID *string
}

// json is the file's content. The values are deploy-time tokens the
// deployment fills in; none needs escaping (ids, a region, a URL). The
// text is written in a fixed order, so an unchanged configuration keeps
// its asset hash and is not redeployed.
func (c RuntimeConfig) json() string {
	fields := []struct{ key, value string }{
		{"apiUrl", *c.APIURL}, {"region", *c.Region}, {"userPoolId", *c.UserPoolID}, {"userPoolClientId", *c.UserPoolClientID},
	}
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = fmt.Sprintf("%q: \"%s\"", f.key, f.value)
	}
	return "{\n  " + strings.Join(parts, ",\n  ") + "\n}\n"
}

// deployConsole uploads the built console and writes config.json. Hashed
// assets go first and are cached for a year (and kept after a release, so
// an open tab can still load them); index.html and config.json follow,
// uncached, and are invalidated on the distribution.
func deployConsole(scope constructs.Construct, webDir string, spa awss3.Bucket, dist awscloudfront.Distribution, cfg RuntimeConfig) error {
	if _, err := os.Stat(filepath.Join(webDir, "index.html")); err != nil {
		return fmt.Errorf("console not built (run the web build): %w", err)
	}
	logs := awslogs.NewLogGroup(scope, jsii.String("ConsoleDeploymentLogs"), &awslogs.LogGroupProps{
		Retention:     LogRetention,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	// A role of our own instead of CDK's default, which carries the AWS
	// managed AWSLambdaBasicExecutionRole policy: logs go to one group.
	role := awsiam.NewRole(scope, jsii.String("ConsoleDeploymentRole"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("CloudCensus: copies the console into its bucket at deploy time"),
	})
	logs.GrantWrite(role)
	entry := []*string{jsii.String("index.html"), jsii.String("config.json")}
	assets := awss3deployment.NewBucketDeployment(scope, jsii.String("ConsoleAssets"), &awss3deployment.BucketDeploymentProps{
		DestinationBucket: spa,
		Sources:           &[]awss3deployment.ISource{awss3deployment.Source_Asset(jsii.String(webDir), nil)},
		Exclude:           &entry,
		Prune:             jsii.Bool(false),
		CacheControl: &[]awss3deployment.CacheControl{
			awss3deployment.CacheControl_FromString(jsii.String("public, max-age=31536000, immutable")),
		},
		LogGroup: logs,
		Role:     role,
	})
	main := awss3deployment.NewBucketDeployment(scope, jsii.String("ConsoleEntry"), &awss3deployment.BucketDeploymentProps{
		DestinationBucket: spa,
		Sources: &[]awss3deployment.ISource{
			awss3deployment.Source_Asset(jsii.String(webDir), nil),
			awss3deployment.Source_Data(jsii.String("config.json"), jsii.String(cfg.json()), nil),
		},
		Exclude:           jsii.Strings("*"),
		Include:           &entry,
		Prune:             jsii.Bool(false),
		CacheControl:      &[]awss3deployment.CacheControl{awss3deployment.CacheControl_NoCache()},
		Distribution:      dist,
		DistributionPaths: jsii.Strings("/index.html", "/config.json"),
		LogGroup:          logs,
		Role:              role,
	})
	main.Node().AddDependency(assets)
	accept(role, true,
		accepted{rule: "AwsSolutions-IAM5", reason: "CDK's BucketDeployment grants these itself: read of the CDK assets bucket (the console's zip) and read-write-delete of the console bucket, with s3 action groups it chooses.",
			appliesTo: []string{"Action::s3:GetBucket*", "Action::s3:GetObject*", "Action::s3:List*", "Action::s3:Abort*", "Action::s3:DeleteObject*",
				"Resource::" + nagName(scope, *spa.ArnForObjects(jsii.String("*"))),
				`/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-<AWS::AccountId>-<AWS::Region>\/\*$/`}},
		accepted{rule: "AwsSolutions-IAM5", reason: "CDK's BucketDeployment invalidates index.html and config.json with cloudfront:CreateInvalidation and GetInvalidation on any distribution; it names none.",
			appliesTo: []string{"Resource::*"}},
	)
	// The handler is CDK's, shared by both deployments, a child of the stack.
	for _, c := range *awscdk.Stack_Of(scope).Node().Children() {
		if strings.HasPrefix(*c.Node().Id(), "Custom::CDKBucketDeployment") {
			accept(c, true, accepted{rule: "AwsSolutions-L1", reason: "CDK's BucketDeployment handler: aws-cdk-lib chooses its Python runtime and moves it with CDK upgrades; the stack cannot set it."})
		}
	}
	return nil
}
