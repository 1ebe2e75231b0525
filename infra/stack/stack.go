package stack

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
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
	table   awsdynamodb.Table
	buckets map[string]awss3.IBucket // by the contract's bucket names
	key     awskms.Key
	pool    awscognito.UserPool
	// machineArn and executionsArn: the scan task state machine, and its
	// task executions (not a distributed Map's children).
	machineArn, executionsArn string
	scannerRole               string // the contract's scanner role name
	jobsArn                   string // the jobs function, which the exporting functions invoke
	// The Scheduler group's schedules and the role they run as.
	schedulesArn, schedulerRoleArn string
	notifyQueueArn                 string   // notification deliveries
	mailIdentityArn                string   // the SES identity of MailFrom; "" without one
	apiFunctionArns                []string // the API functions, where approved calls replay
	scanUnitArn                    string   // scan-unit, which credential validation asks for a dry run
}

// stackName is lower-cased into the results bucket's name (with the
// account and region it must fit S3's 63 characters).
var stackName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,26}$`)

// New builds the whole product as one stack, from the contract the
// product's code prints and the stack's own deployment tables.
func New(scope constructs.Construct, id string, props Props) (awscdk.Stack, error) {
	s := props.Settings
	if !stackName.MatchString(id) {
		return nil, fmt.Errorf("stack name %q: want a letter then up to 26 letters, digits or hyphens", id)
	}
	c, err := ReadContract(s.ContractFile)
	if err != nil {
		return nil, err
	}
	if err := checkDeployment(c, functions); err != nil {
		return nil, fmt.Errorf("contract %s and the stack's functions: %w", s.ContractFile, err)
	}
	defFile := c.Workflow.DefinitionFile
	if !filepath.IsAbs(defFile) {
		defFile = filepath.Join(s.Root, defFile)
	}
	def, derr := readDefinition(defFile, c.Workflow)
	maxConcurrency := s.MaxConcurrency
	if maxConcurrency == 0 {
		maxConcurrency = c.Workflow.DefaultMaxConcurrency
	}
	unitsPrefix, perr := c.prefix(bucketResults, "tasks/")
	uploadsPrefix, uerr := c.prefix(bucketResults, "uploads/")
	templatesPrefix, terr := c.prefix(bucketResults, "templates/")
	exportsPrefix, eerr := c.prefix(bucketResults, "exports/")
	if err := errors.Join(derr, checkConcurrency(maxConcurrency), perr, uerr, terr, eerr); err != nil {
		return nil, err
	}
	stack := awscdk.NewStack(scope, jsii.String(id), &props.StackProps)

	table := newTable(stack)
	key := newSecretsKey(stack)
	b := newBuckets(stack, id, agedPrefixes{results: unitsPrefix, uploads: uploadsPrefix, templates: templatesPrefix, exports: exportsPrefix}, c.Retention)
	ids := newIdentity(stack)
	sched := newSchedules(stack, id)
	notify := newNotifyQueue(stack)
	api := newRestAPI(stack)
	dist := newDistribution(stack, b, api, resultsBucketOrigin(id))
	spaOrigin := "https://" + *dist.DistributionDomainName()
	// The role scan units (and credential validation) run as is the
	// principal the target accounts' role template trusts.
	principal := newPlatformPrincipal(stack)
	// Built from the machine's name, not a reference to it: the machine's
	// definition names the workflow functions, so a reference from their
	// environment back to it would be a cycle.
	arns := newWorkflowArns(stack, id)

	// The API functions are named, so the admin function is told them
	// (and may invoke them) without a reference that would be a cycle.
	apiNames := map[string]string{}
	var apiArns []string
	for _, fn := range c.ofKind(kindAPI) {
		apiNames[fn] = namedFunction(id, fn)
		apiArns = append(apiArns, *awscdk.Stack_Of(stack).FormatArn(&awscdk.ArnComponents{Service: jsii.String("lambda"), Resource: jsii.String("function"),
			ResourceName: jsii.String(namedFunction(id, fn)), ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME}))
	}
	apiJSON, err := json.Marshal(apiNames)
	if err != nil {
		return nil, err
	}

	values := envValues{
		envAPIFunctions:   jsii.String(string(apiJSON)),
		envTable:          table.TableName(),
		envResultsBucket:  b.results.BucketName(),
		envReportsBucket:  b.reports.BucketName(),
		envKey:            key.KeyArn(),
		envUserPool:       ids.pool.UserPoolId(),
		envUserPoolClient: ids.client.UserPoolClientId(),
		envStateMachine:   jsii.String(arns.machineArn),
		envPrincipal:      principal.RoleArn(),
		envSPAOrigin:      jsii.String(spaOrigin),
		envLogLevel:       jsii.String(s.LogLevel),
		envAuditRetention: jsii.String(strconv.Itoa(s.AuditRetentionDays)),
		envTasksPerUser:   limit(s.TasksPerUser),
		envTasksPerWS:     limit(s.TasksPerWorkspace),
		envUnitsPerTask:   limit(s.UnitsPerTask),
		envJobsFunction:   jsii.String(namedFunction(id, "jobs")),
		envScanUnit:       jsii.String(namedFunction(id, "scan-unit")),
		envNotifyQueue:    notify.queue.QueueUrl(),
		envScheduleGroup:  jsii.String(sched.groupName),
		envSchedulerRole:  sched.role.RoleArn(),
		// Named, so the tasks function is told its target without waiting
		// on the function itself.
		envScheduleTarget: awscdk.Stack_Of(stack).FormatArn(&awscdk.ArnComponents{Service: jsii.String("lambda"), Resource: jsii.String("function"),
			ResourceName: jsii.String(namedFunction(id, "schedule-run")), ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME}),
		envMailFrom: jsii.String(s.MailFrom),
	}
	lambdas, err := newLambdas(stack, id, s.LambdaDir, c, principal, values)
	if err != nil {
		return nil, fmt.Errorf("contract %s: %w", s.ContractFile, err)
	}
	wf := newWorkflow(stack, arns, def, c.Workflow, maxConcurrency, lambdas, b.results, unitsPrefix)
	res := &resources{
		table: table, buckets: map[string]awss3.IBucket{bucketResults: b.results, bucketReports: b.reports},
		key: key, pool: ids.pool, machineArn: arns.machineArn, executionsArn: arns.runArns, scannerRole: c.ScannerRole,
		jobsArn:      *lambdas["jobs"].fn.FunctionArn(),
		schedulesArn: sched.schedulesArn, schedulerRoleArn: *sched.role.RoleArn(),
		notifyQueueArn: *notify.queue.QueueArn(), mailIdentityArn: mailIdentityArn(stack, s.MailFrom),
		apiFunctionArns: apiArns,
		// Named, so the credentials function is told it without a cycle
		// through the shared platform principal's policy.
		scanUnitArn: *awscdk.Stack_Of(stack).FormatArn(&awscdk.ArnComponents{Service: jsii.String("lambda"), Resource: jsii.String("function"),
			ResourceName: jsii.String(namedFunction(id, "scan-unit")), ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME}),
	}
	for _, f := range functions {
		role := lambdas[f.name].role // shared by scan-unit and credentials: both grants land on it
		accept(role, true, append(f.access.grant(role, res), xrayAccepted)...)
	}
	sched.allowRun(lambdas["schedule-run"])
	notify.feed(lambdas["notifier"])
	notify.sweep(stack, lambdas["notifier"])
	choreRules(stack, lambdas["jobs"])
	dlq := newStatusRule(stack, wf, lambdas["task-events"])

	// The console PUTs network diagrams straight to the results bucket.
	b.results.AddCorsRule(&awss3.CorsRule{
		AllowedMethods: &[]awss3.HttpMethods{awss3.HttpMethods_PUT},
		AllowedOrigins: jsii.Strings(spaOrigin),
		AllowedHeaders: jsii.Strings("content-type", "content-md5", "x-amz-*"),
		ExposedHeaders: jsii.Strings("ETag"),
		MaxAge:         jsii.Number(3000),
	})
	addRoutes(stack, api, c, lambdas)
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
		{"PlatformPrincipalArn", *principal.RoleArn(), "the principal the scanner role template trusts"},
		{"StatusEventsDeadLetterQueue", *dlq.QueueUrl(), "status events task-events could not take"},
		{"NotificationDeadLetterQueue", *notify.dlq.QueueUrl(), "notification messages the notifier failed five times (the deliveries stay pending in the table)"},
	} {
		awscdk.NewCfnOutput(stack, jsii.String(o.id), &awscdk.CfnOutputProps{Value: jsii.String(o.value), Description: jsii.String(o.desc)})
	}
	return stack, nil
}
