package stack

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Props are a CloudCensus stack's inputs.
type Props struct {
	awscdk.StackProps
	Settings Settings
}

// resources are what the functions' access is granted on.
type resources struct {
	table            awsdynamodb.Table
	results, reports awss3.Bucket
	key              awskms.Key
	pool             awscognito.UserPool
	machineArn       string
	executionsArn    []string
	schedulesArn     string
	schedulerRole    awsiam.Role
}

// stackName is lower-cased into the results bucket's name (with the
// account and region it must fit S3's 63 characters).
var stackName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,26}$`)

// New builds the whole product as one stack.
func New(scope constructs.Construct, id string, props Props) (awscdk.Stack, error) {
	s := props.Settings
	if !stackName.MatchString(id) {
		return nil, fmt.Errorf("stack name %q: want a letter then up to 26 letters, digits or hyphens", id)
	}
	routes, rerr := ReadRoutes(s.RoutesFile)
	def, derr := readDefinition(s.StateMachineFile)
	if err := errors.Join(rerr, derr); err != nil {
		return nil, err
	}
	stack := awscdk.NewStack(scope, jsii.String(id), &props.StackProps)

	table := newTable(stack)
	key := newSecretsKey(stack)
	b := newBuckets(stack, id)
	ids := newIdentity(stack)
	sched := newSchedules(stack, id)
	api := newRestAPI(stack)
	dist := newDistribution(stack, b, api, resultsBucketOrigin(id))
	spaOrigin := "https://" + *dist.DistributionDomainName()

	env := map[string]*string{
		"TABLE_NAME":           table.TableName(),
		"RESULTS_BUCKET":       b.results.BucketName(),
		"REPORTS_BUCKET":       b.reports.BucketName(),
		"KMS_KEY_ID":           key.KeyArn(),
		"USER_POOL_ID":         ids.pool.UserPoolId(),
		"USER_POOL_CLIENT_ID":  ids.client.UserPoolClientId(),
		"SCANNER_ROLE_NAME":    jsii.String(ScannerRolePrefix),
		"SCHEDULER_GROUP":      jsii.String(sched.groupName),
		"SCHEDULER_ROLE_ARN":   sched.role.RoleArn(),
		"SPA_ORIGIN":           jsii.String(spaOrigin),
		"LOG_LEVEL":            jsii.String(s.LogLevel),
		"AUDIT_RETENTION_DAYS": jsii.String(strconv.Itoa(s.AuditRetentionDays)),
	}
	lambdas, err := newLambdas(stack, s.LambdaDir, env)
	if err != nil {
		return nil, err
	}
	// The role scan units (and credential validation) run as is the
	// principal the target accounts' role template trusts.
	principal := lambdas["scan-unit"].role.RoleArn()
	wf := newWorkflow(stack, id, def, s.MaxConcurrency, lambdas, b.results)
	for _, d := range lambdas {
		d.fn.AddEnvironment(jsii.String("PLATFORM_PRINCIPAL_ARN"), principal, nil)
		// Built from the machine's name, not a reference to it: the
		// machine's definition names the workflow functions, so a reference
		// from their environment back to it would be a cycle.
		d.fn.AddEnvironment(jsii.String("STATE_MACHINE_ARN"), jsii.String(wf.machineArn), nil)
	}
	res := &resources{
		table: table, results: b.results, reports: b.reports, key: key, pool: ids.pool,
		machineArn: wf.machineArn, executionsArn: wf.executionArns,
		schedulesArn: sched.schedulesArn, schedulerRole: sched.role,
	}
	for _, f := range functions {
		role := lambdas[f.name].role // shared by scan-unit and credentials: both grants land on it
		accept(role, true, append(f.access.grant(role, res), xrayAccepted)...)
	}
	sched.allowRun(lambdas["schedule-run"])
	dlq := newStatusRule(stack, wf, lambdas["task-events"])

	// The console PUTs network diagrams straight to the results bucket.
	b.results.AddCorsRule(&awss3.CorsRule{
		AllowedMethods: &[]awss3.HttpMethods{awss3.HttpMethods_PUT},
		AllowedOrigins: jsii.Strings(spaOrigin),
		AllowedHeaders: jsii.Strings("content-type", "content-md5", "x-amz-*"),
		ExposedHeaders: jsii.Strings("ETag"),
		MaxAge:         jsii.Number(3000),
	})
	addRoutes(stack, api, routes, lambdas)
	cfg := RuntimeConfig{APIURL: jsii.String(spaOrigin), Region: awscdk.Aws_REGION(),
		UserPoolID: ids.pool.UserPoolId(), UserPoolClientID: ids.client.UserPoolClientId()}
	if err := deployConsole(stack, s.WebDir, b.spa, dist, cfg); err != nil {
		return nil, err
	}

	for _, o := range []struct{ id, value, desc string }{
		{"ConsoleUrl", spaOrigin, "the console (and the API under /api)"},
		{"ApiUrl", *api.UrlForPath(jsii.String("/api")), "the API's own endpoint"},
		{"Region", *awscdk.Aws_REGION(), "the stack's region"},
		{"UserPoolId", *ids.pool.UserPoolId(), "Cognito user pool"},
		{"UserPoolClientId", *ids.client.UserPoolClientId(), "the console's app client"},
		{"TableName", *table.TableName(), "DynamoDB table"},
		{"ResultsBucketName", *b.results.BucketName(), "scan results, uploads and role templates"},
		{"ReportsBucketName", *b.reports.BucketName(), "report documents"},
		{"StateMachineArn", *wf.machine.StateMachineArn(), "scan task state machine"},
		{"PlatformPrincipalArn", *principal, "the principal the scanner role template trusts"},
		{"StatusEventsDeadLetterQueue", *dlq.QueueUrl(), "status events task-events could not take"},
	} {
		awscdk.NewCfnOutput(stack, jsii.String(o.id), &awscdk.CfnOutputProps{Value: jsii.String(o.value), Description: jsii.String(o.desc)})
	}
	return stack, nil
}
