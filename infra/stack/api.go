package stack

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// StageName is the API's one stage; CloudFront's /api/* behavior
// forwards to it.
const StageName = "prod"

// tokenFormat is checked by API Gateway before the authorizer runs, so a
// request without a bearer token costs no invocation.
const tokenFormat = `^Bearer [-0-9A-Za-z._~+/]+=*$`

// newRestAPI is the API without its methods (addRoutes adds them): a
// regional endpoint behind CloudFront, access logs, execution logs and
// X-Ray, throttling, and error answers in the product's envelope.
func newRestAPI(scope constructs.Construct) awsapigateway.RestApi {
	access := awslogs.NewLogGroup(scope, jsii.String("ApiAccessLogs"), &awslogs.LogGroupProps{
		Retention:     LogRetention,
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	api := awsapigateway.NewRestApi(scope, jsii.String("Api"), &awsapigateway.RestApiProps{
		Description:        jsii.String("CloudCensus API (the console reaches it through CloudFront under /api)"),
		EndpointTypes:      &[]awsapigateway.EndpointType{awsapigateway.EndpointType_REGIONAL},
		CloudWatchRole:     jsii.Bool(true), // execution logs need the account's API Gateway logging role
		MinCompressionSize: awscdk.Size_Kibibytes(jsii.Number(1)),
		DeployOptions: &awsapigateway.StageOptions{
			StageName:            jsii.String(StageName),
			TracingEnabled:       jsii.Bool(true),
			LoggingLevel:         awsapigateway.MethodLoggingLevel_INFO,
			DataTraceEnabled:     jsii.Bool(false), // bodies carry credentials and tokens
			MetricsEnabled:       jsii.Bool(true),
			ThrottlingRateLimit:  jsii.Number(50),
			ThrottlingBurstLimit: jsii.Number(100),
			AccessLogDestination: awsapigateway.NewLogGroupLogDestination(access),
			AccessLogFormat: awsapigateway.AccessLogFormat_JsonWithStandardFields(&awsapigateway.JsonWithStandardFieldProps{
				Caller: jsii.Bool(false), HttpMethod: jsii.Bool(true), Ip: jsii.Bool(true), Protocol: jsii.Bool(true),
				RequestTime: jsii.Bool(true), ResourcePath: jsii.Bool(true), ResponseLength: jsii.Bool(true),
				Status: jsii.Bool(true), User: jsii.Bool(true),
			}),
		},
	})
	accept(api, false, accepted{rule: "AwsSolutions-APIG2", reason: "Every handler validates its query and body and answers field-level errors in the product's envelope; API Gateway's validator would answer in a shape of its own before them."})
	accept(api.DeploymentStage(), false, accepted{rule: "AwsSolutions-APIG3", reason: "No WAF by default (a web ACL costs per month and per request): every route but sign-in and health needs a token, the stage throttles, and the API sits behind CloudFront; attach a web ACL to the stage where policy asks for one."})
	if role := api.Node().TryFindChild(jsii.String("CloudWatchRole")); role != nil {
		accept(role, true, accepted{rule: "AwsSolutions-IAM4", reason: "API Gateway's account-wide logging role uses the AWS managed AmazonAPIGatewayPushToCloudWatchLogs policy, as API Gateway documents; it serves every API of the account, so it cannot name this API's log groups.",
			appliesTo: []string{"Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"}})
	}
	for _, g := range gatewayErrors {
		var status *string // empty: keep API Gateway's own status
		if g.status != "" {
			status = jsii.String(g.status)
		}
		api.AddGatewayResponse(jsii.String("Error"+g.code), &awsapigateway.GatewayResponseOptions{
			Type:       g.kind,
			StatusCode: status,
			ResponseHeaders: &map[string]*string{
				"Content-Type":  jsii.String("'application/json; charset=utf-8'"),
				"Cache-Control": jsii.String("'no-store'"),
			},
			Templates: &map[string]*string{"application/json": jsii.String(fmt.Sprintf(
				`{"error":{"code":"%s","message":$context.error.messageString,"details":{"requestId":"$context.requestId"}}}`, g.code))},
		})
	}
	return api
}

// gatewayErrors are the answers API Gateway gives on its own (no token, a
// denied route, throttling), in the envelope every handler uses.
var gatewayErrors = []struct {
	kind   awsapigateway.ResponseType
	status string
	code   string
}{
	{awsapigateway.ResponseType_UNAUTHORIZED(), "401", "UNAUTHENTICATED"},
	{awsapigateway.ResponseType_ACCESS_DENIED(), "403", "FORBIDDEN"},
	{awsapigateway.ResponseType_MISSING_AUTHENTICATION_TOKEN(), "404", "NOT_FOUND"}, // what API Gateway answers for an unknown route
	{awsapigateway.ResponseType_THROTTLED(), "429", "RATE_LIMITED"},
	{awsapigateway.ResponseType_REQUEST_TOO_LARGE(), "413", "PAYLOAD_TOO_LARGE"},
	{awsapigateway.ResponseType_DEFAULT_4XX(), "", "VALIDATION_ERROR"},
	{awsapigateway.ResponseType_DEFAULT_5XX(), "", "INTERNAL"},
}

// addRoutes creates one method per route of the contract, integrated with
// the Lambda the route names; every route that is not public goes through
// the token authorizer, the contract's one function of kind authorizer.
func addRoutes(scope constructs.Construct, api awsapigateway.RestApi, c *Contract, lambdas map[string]*deployed) {
	routes := c.Routes
	var authorizer awsapigateway.IAuthorizer
	for _, r := range routes {
		if !r.Public {
			authorizer = awsapigateway.NewTokenAuthorizer(scope, jsii.String("TokenAuthorizer"), &awsapigateway.TokenAuthorizerProps{
				Handler:         lambdas[c.ofKind(kindAuthorizer)[0]].fn, // Contract.check made sure there is one
				IdentitySource:  awsapigateway.IdentitySource_Header(jsii.String("Authorization")),
				ResultsCacheTtl: awscdk.Duration_Seconds(jsii.Number(float64(c.AuthorizerCacheSeconds))),
				ValidationRegex: jsii.String(tokenFormat),
			})
			break
		}
	}
	integrations := map[string]awsapigateway.Integration{}
	for _, r := range routes {
		in, ok := integrations[r.Function]
		if !ok {
			// One invoke permission per function for the whole API, not
			// one per method: a Lambda's resource policy is limited to 20 KB.
			in = awsapigateway.NewLambdaIntegration(lambdas[r.Function].fn, &awsapigateway.LambdaIntegrationOptions{
				ScopePermissionToMethod: jsii.Bool(false),
			})
			integrations[r.Function] = in
		}
		res := api.Root()
		for _, part := range strings.Split(strings.TrimPrefix(r.Path, "/"), "/") {
			if child := res.GetResource(jsii.String(part)); child != nil {
				res = child
			} else {
				res = res.AddResource(jsii.String(part), nil)
			}
		}
		opts := &awsapigateway.MethodOptions{AuthorizationType: awsapigateway.AuthorizationType_NONE}
		if !r.Public {
			opts = &awsapigateway.MethodOptions{AuthorizationType: awsapigateway.AuthorizationType_CUSTOM, Authorizer: authorizer}
		}
		m := res.AddMethod(jsii.String(r.Method), in, opts)
		if r.Public {
			accept(m, false, publicRoute("AwsSolutions-APIG4"), publicRoute("AwsSolutions-COG4"))
		} else {
			accept(m, false, accepted{rule: "AwsSolutions-COG4", reason: "The token authorizer verifies Cognito access tokens itself (JWKS signature, iss, client_id, token_use, expiry) and adds the role's per-route permissions from the table, which a Cognito authorizer cannot express."})
		}
	}
}

// apiDomain is the API's regional host, built from its id alone so that
// CloudFront (and, through SPA_ORIGIN, every function) depends on the
// RestApi resource and not on its deployment, which depends on them.
func apiDomain(api awsapigateway.RestApi) string {
	return *api.RestApiId() + ".execute-api." + *awscdk.Aws_REGION() + "." + *awscdk.Aws_URL_SUFFIX()
}

func publicRoute(rule string) accepted {
	return accepted{rule: rule, reason: "The route table marks this route public: a caller has no token yet when it signs in, refreshes, registers or checks health."}
}
