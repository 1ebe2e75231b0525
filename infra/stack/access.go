package stack

import (
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"
)

// access is what one function may call. It is data so that the grants of
// every function read as one table (functions.go) and a test can hold
// each to its purpose; grant turns it into statements on the role.
type access struct {
	table   tableAccess
	objects []objects // under prefixes of the contract's objectKeys
	// probesResults: it asks whether an object of the results bucket exists
	// (HeadObject on an upload). S3 answers 404 for a missing key only to a
	// caller that may list the bucket, 403 otherwise.
	probesResults bool
	secrets       secretsUse
	assumeScanner bool // sts:AssumeRole into the target accounts' scanner roles
	executions    []string
	userPool      []string // cognito-idp actions on the user pool
	// startsJobs: it invokes the jobs function (asynchronously) to run the
	// exports and rebuilds its routes start.
	startsJobs bool
	// managesSchedules: it creates, updates and deletes the Scheduler
	// schedules of the stack's group, handing them the Scheduler role.
	managesSchedules bool
	// publishes: it queues notification deliveries.
	publishes bool
	// mails: it sends e-mail through SES from the configured identity.
	mails bool
	// replaysCalls: it replays approved calls through the API functions
	// that serve their routes (a synchronous invoke of each).
	replaysCalls bool
	// dryRuns: it asks the scan-unit function for a credential's dry run
	// of the scan's read actions (a synchronous invoke).
	dryRuns bool
}

type tableAccess int

const (
	tableNone tableAccess = iota
	tableRead
	tableReadWrite       // plus PutItem, UpdateItem, BatchWriteItem
	tableReadWriteDelete // plus DeleteItem
)

// objects is access to the objects under one key prefix of a bucket, both
// named as the contract's objectKeys name them (checkDeployment refuses a
// prefix the key layout does not have).
type objects struct {
	bucket, prefix            string
	read, write, delete, list bool
}

// The buckets as the contract names them, and the variable that tells a
// function each one's name.
const (
	bucketResults = "results"
	bucketReports = "reports"
)

var bucketVars = map[string]string{bucketResults: envResultsBucket, bucketReports: envReportsBucket}

// needs are the environment variables a function must receive to hold
// this access: no grant on a resource the function is not told about.
func (a access) needs() []string {
	var out []string
	add := func(v string) {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	if a.table != tableNone {
		add(envTable)
	}
	for _, o := range a.objects {
		add(bucketVars[o.bucket])
	}
	if a.probesResults {
		add(envResultsBucket)
	}
	if a.secrets != secretsNone {
		add(envKey)
	}
	if a.assumeScanner {
		add(envPrincipal) // the principal the scanner roles trust
	}
	if len(a.executions) > 0 {
		add(envStateMachine)
	}
	if len(a.userPool) > 0 {
		add(envUserPool)
	}
	if a.startsJobs {
		add(envJobsFunction)
	}
	if a.managesSchedules {
		add(envScheduleGroup)
		add(envSchedulerRole)
		add(envScheduleTarget)
	}
	if a.publishes {
		add(envNotifyQueue)
	}
	if a.mails {
		add(envMailFrom)
	}
	if a.replaysCalls {
		add(envAPIFunctions)
	}
	if a.dryRuns {
		add(envScanUnit)
	}
	return out
}

type secretsUse int

const (
	secretsNone     secretsUse = iota
	secretsOpen                // decrypt data keys
	secretsSeal                // generate data keys
	secretsSealOpen            // both
)

// SecretContextKeys are the encryption context keys every stored secret
// is sealed with (the secrets package's envelope encryption); a role may
// use the key only when a request carries exactly these keys.
var SecretContextKeys = []string{"workspace", "credential"}

var (
	executionsStart = []string{"states:StartExecution"}
	// Tasks start, list (the workers) and stop (cancel, purge) executions.
	executionsRun = []string{"states:StartExecution", "states:ListExecutions", "states:StopExecution"}

	// Sign-in, refresh, sign-out and password change are the pool's public
	// calls (the user's own tokens); registration creates the user as an
	// administrator, and removes it again if the table write fails. The
	// workspace a token carries is a pool group: sign-in and a switch move
	// the person between groups, making a workspace's group on first use.
	authPoolActions = []string{"cognito-idp:AdminInitiateAuth", "cognito-idp:AdminRespondToAuthChallenge",
		"cognito-idp:AdminGetUser", "cognito-idp:AdminCreateUser", "cognito-idp:AdminSetUserPassword",
		"cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminRemoveUserFromGroup", "cognito-idp:CreateGroup", "cognito-idp:AdminDeleteUser"}
	userAdminPoolActions = []string{"cognito-idp:AdminGetUser", "cognito-idp:AdminCreateUser", "cognito-idp:AdminSetUserPassword",
		"cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminRemoveUserFromGroup", "cognito-idp:CreateGroup",
		"cognito-idp:AdminEnableUser", "cognito-idp:AdminDisableUser", "cognito-idp:AdminDeleteUser"}
)

// grant writes a function's access into its role, as statements naming
// exact actions and the narrowest resources AWS accepts for them. It
// answers the wildcards it had to grant, each with the reason, for cdk-nag.
func (a access) grant(role awsiam.Role, r *resources) []accepted {
	var wild []accepted
	add := func(actions, resources []string, conditions map[string]any, why string) {
		st := &awsiam.PolicyStatementProps{Actions: jsii.Strings(actions...), Resources: jsii.Strings(resources...)}
		if conditions != nil {
			st.Conditions = &conditions
		}
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(st))
		wild = append(wild, wildcardsOf(role, why, resources...)...)
	}
	table := *r.table.TableArn()
	indexes := []string{table}
	for _, ix := range tableIndexes {
		indexes = append(indexes, table+"/index/"+ix)
	}
	if a.table >= tableRead {
		add([]string{"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"}, indexes, nil, "")
	}
	if a.table >= tableReadWrite {
		write := []string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"}
		if a.table >= tableReadWriteDelete {
			write = append(write, "dynamodb:DeleteItem")
		}
		add(write, []string{table}, nil, "")
	}
	objectsWhy := func(bucket string, o objects) string {
		return "Objects under the " + o.prefix + " prefix of the " + bucket + " bucket, which this function " + o.verbs() +
			": their keys are made at run time (task, upload and report ids, template hashes), so the prefix is the narrowest name."
	}
	for _, o := range a.objects {
		b := r.buckets[o.bucket]
		if acts := o.actions(); len(acts) > 0 {
			add(acts, []string{*b.ArnForObjects(jsii.String(o.prefix + "*"))}, nil, objectsWhy(o.bucket, o))
		}
		if o.list {
			add([]string{"s3:ListBucket"}, []string{*b.BucketArn()},
				map[string]any{"StringLike": map[string]any{"s3:prefix": o.prefix + "*"}}, "")
		}
	}
	if a.probesResults {
		add([]string{"s3:ListBucket"}, []string{*r.buckets[bucketResults].BucketArn()}, nil, "")
	}
	if a.secrets != secretsNone {
		var actions []string
		if a.secrets == secretsOpen || a.secrets == secretsSealOpen {
			actions = append(actions, "kms:Decrypt")
		}
		if a.secrets == secretsSeal || a.secrets == secretsSealOpen {
			actions = append(actions, "kms:GenerateDataKey")
		}
		add(actions, []string{*r.key.KeyArn()}, secretContextCondition(), "")
	}
	if a.assumeScanner {
		add([]string{"sts:AssumeRole"}, []string{ScannerRoleArnPattern(r.scannerRole)}, nil,
			"Scanner roles live in the target accounts users add at run time, so the account is a wildcard; the role name prefix "+
				r.scannerRole+" narrows it, and each role's trust policy admits only the platform principal with the credential's ExternalId.")
	}
	if len(a.executions) > 0 {
		var machineActions, executionActions []string
		for _, act := range a.executions {
			switch act {
			case "states:StartExecution", "states:ListExecutions":
				machineActions = append(machineActions, act)
			default:
				executionActions = append(executionActions, act)
			}
		}
		if len(machineActions) > 0 {
			add(machineActions, []string{r.machineArn}, nil, "")
		}
		if len(executionActions) > 0 {
			add(executionActions, []string{r.executionsArn}, nil,
				"Executions of the scan task state machine only (a task's own execution, not a distributed Map's children): execution names are the task ids, made per run.")
		}
	}
	if len(a.userPool) > 0 {
		add(a.userPool, []string{*r.pool.UserPoolArn()}, nil, "")
	}
	if a.startsJobs {
		add([]string{"lambda:InvokeFunction"}, []string{r.jobsArn}, nil, "")
	}
	if a.managesSchedules {
		add([]string{"scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule"},
			[]string{r.schedulesArn}, nil,
			"Schedules of the stack's own Scheduler group only: each is named by the id of a schedule users save at run time.")
		add([]string{"iam:PassRole"}, []string{r.schedulerRoleArn},
			map[string]any{"StringEquals": map[string]any{"iam:PassedToService": "scheduler.amazonaws.com"}}, "")
	}
	if a.publishes {
		add([]string{"sqs:SendMessage"}, []string{r.notifyQueueArn}, nil, "")
	}
	if a.replaysCalls {
		add([]string{"lambda:InvokeFunction"}, r.apiFunctionArns, nil, "")
	}
	if a.dryRuns {
		add([]string{"lambda:InvokeFunction"}, []string{r.scanUnitArn}, nil, "")
	}
	if a.mails && r.mailIdentityArn != "" {
		add([]string{"ses:SendEmail", "ses:SendRawEmail"}, []string{r.mailIdentityArn}, nil, "")
	}
	return wild
}

// objectOps are the object operations an objects grant may hold.
var objectOps = []struct {
	granted      func(objects) bool
	action, verb string
}{
	{func(o objects) bool { return o.read }, "s3:GetObject", "reads"},
	{func(o objects) bool { return o.write }, "s3:PutObject", "writes"},
	{func(o objects) bool { return o.delete }, "s3:DeleteObject", "deletes"},
}

// actions are the S3 actions the grant holds on the objects.
func (o objects) actions() []string {
	var out []string
	for _, op := range objectOps {
		if op.granted(o) {
			out = append(out, op.action)
		}
	}
	return out
}

// verbs says what the grant is for, in a suppression's reason.
func (o objects) verbs() string {
	var out []string
	for _, op := range objectOps {
		if op.granted(o) {
			out = append(out, op.verb)
		}
	}
	if len(out) < 2 {
		return strings.Join(out, "")
	}
	return strings.Join(out[:len(out)-1], ", ") + " and " + out[len(out)-1]
}

// secretContextCondition admits a KMS request only when its encryption
// context has both secret keys and no other: Null false requires each key,
// ForAllValues refuses any key beyond them.
func secretContextCondition() map[string]any {
	null := map[string]any{}
	for _, k := range SecretContextKeys {
		null["kms:EncryptionContext:"+k] = "false"
	}
	return map[string]any{
		"ForAllValues:StringEquals": map[string]any{"kms:EncryptionContextKeys": SecretContextKeys},
		"Null":                      null,
	}
}

// ScannerRoleArnPattern is every scanner role in any account: the target
// accounts are the users' to add, so the account cannot be named here; the
// role name is what narrows it, and the role's trust policy names the scan
// principal.
func ScannerRoleArnPattern(role string) string {
	return "arn:" + *awscdk.Aws_PARTITION() + ":iam::*:role/" + role + "*"
}
