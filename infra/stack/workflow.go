package stack

import (
	"maps"
	"slices"
	"strconv"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsscheduler"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// workflow is the scan task's state machine and what reacts to it.
type workflow struct {
	machine awsstepfunctions.StateMachine
	workflowArns
}

// workflowArns are built from the machine's name, so that policies and
// environments naming them (its own role's among them, and the functions
// it runs) do not depend on the machine resource.
type workflowArns struct {
	name       string
	machineArn string
	// runArns are the task executions, execution:<machine>:<id>;
	// childArns a distributed Map's, execution:<machine>/<map run>:<id>.
	runArns, childArns string
}

func newWorkflowArns(scope constructs.Construct, stackName string) workflowArns {
	name := stackName + "-scan-task"
	stack := awscdk.Stack_Of(scope)
	arn := func(resource, resourceName string) string {
		return *stack.FormatArn(&awscdk.ArnComponents{
			Service: jsii.String("states"), Resource: jsii.String(resource), ResourceName: jsii.String(resourceName),
			ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME,
		})
	}
	return workflowArns{name: name, machineArn: arn("stateMachine", name),
		runArns: arn("execution", name+":*"), childArns: arn("execution", name+"/*")}
}

// newWorkflow deploys the contract's definition file as it is, with the
// ARNs of the functions the contract's workflow names and the concurrency
// bound as DefinitionSubstitutions. The text goes inline into the template
// (not to an S3 asset) so that `cdk diff` shows a change of the
// definition, and the assertions read it. A distributed Map reads its items
// under unitsPrefix of the results bucket.
func newWorkflow(scope constructs.Construct, arns workflowArns, def definition, w Workflow, maxConcurrency int, lambdas map[string]*deployed, results interface {
	ArnForObjects(*string) *string
}, unitsPrefix string) workflow {
	wf := workflow{workflowArns: arns}
	name := arns.name
	subs := map[string]*string{w.MaxConcurrency: jsii.String(strconv.Itoa(maxConcurrency))}
	var invoke []*string
	for _, key := range slices.Sorted(maps.Keys(w.FunctionArns)) {
		arn := lambdas[w.FunctionArns[key]].fn.FunctionArn()
		subs[key] = arn
		if !slices.ContainsFunc(invoke, func(a *string) bool { return *a == *arn }) {
			invoke = append(invoke, arn)
		}
	}
	role := awsiam.NewRole(scope, jsii.String("ScanTaskRole"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("states.amazonaws.com"), nil),
		Description: jsii.String("CloudCensus scan task state machine"),
	})
	role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("lambda:InvokeFunction"), Resources: &invoke,
	}))
	findings := []accepted{{rule: "AwsSolutions-IAM5", appliesTo: []string{"Resource::*"},
		reason: "Step Functions' log delivery (logs:*LogDelivery, DescribeLogGroups, DescribeResourcePolicies, PutResourcePolicy) and X-Ray tracing accept no resource-level permissions; CDK adds these for the logs and tracing settings."}}
	if def.distributed {
		// A distributed Map runs its iterations as child executions of this
		// machine and reads its items (the plan's units file) from S3.
		units := *results.ArnForObjects(jsii.String(unitsPrefix + "*"))
		executions := []string{arns.runArns, arns.childArns}
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions: jsii.Strings("states:StartExecution"), Resources: jsii.Strings(arns.machineArn),
		}))
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions: jsii.Strings("states:DescribeExecution", "states:StopExecution"), Resources: jsii.Strings(executions...),
		}))
		role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions: jsii.Strings("s3:GetObject"), Resources: jsii.Strings(units),
		}))
		findings = append(findings, wildcardsOf(role, "A distributed Map's child executions of this machine: their names are made per run.", executions...)...)
		findings = append(findings, wildcardsOf(role, "The distributed Map reads the plan's units file, tasks/<task>/units.json, whose task id is made at run time.", units)...)
	}
	accept(role, true, findings...)
	logs := awslogs.NewLogGroup(scope, jsii.String("ScanTaskLogs"), &awslogs.LogGroupProps{
		// Under /aws/vendedlogs/ so log delivery does not grow the account's
		// CloudWatch Logs resource policy. Named, so it goes with the stack:
		// a retained one would block the name on the next deployment.
		LogGroupName:  jsii.String("/aws/vendedlogs/states/" + name),
		Retention:     LogRetention,
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	wf.machine = awsstepfunctions.NewStateMachine(scope, jsii.String("ScanTask"), &awsstepfunctions.StateMachineProps{
		StateMachineName:        jsii.String(name),
		StateMachineType:        awsstepfunctions.StateMachineType_STANDARD,
		DefinitionBody:          awsstepfunctions.DefinitionBody_FromString(jsii.String(def.text)),
		DefinitionSubstitutions: &subs,
		Role:                    role,
		TracingEnabled:          jsii.Bool(true),
		Logs: &awsstepfunctions.LogOptions{
			Destination:          logs,
			Level:                awsstepfunctions.LogLevel_ALL,
			IncludeExecutionData: jsii.Bool(false), // inputs name accounts and credentials ids; the task log has the detail
		},
	})
	return wf
}

// TerminalStatuses and RUNNING are the execution status changes that reach
// task-events through EventBridge.
var executionStatuses = []string{"RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}

// newStatusRule sends the machine's execution status changes to
// task-events, retried for an hour, then kept in a queue for inspection.
func newStatusRule(scope constructs.Construct, w workflow, taskEvents *deployed) awssqs.Queue {
	dlq := awssqs.NewQueue(scope, jsii.String("StatusEventsDeadLetters"), &awssqs.QueueProps{
		Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
		EnforceSSL:      jsii.Bool(true),
		RetentionPeriod: awscdk.Duration_Days(jsii.Number(14)),
	})
	accept(dlq, false, accepted{rule: "AwsSolutions-SQS3", reason: "This queue is itself the dead-letter queue of the EventBridge rule's task-events target."})
	statuses := make([]any, len(executionStatuses))
	for i, s := range executionStatuses {
		statuses[i] = s
	}
	awsevents.NewRule(scope, jsii.String("ExecutionStatusChanges"), &awsevents.RuleProps{
		Description: jsii.String("CloudCensus: scan task execution status changes to task-events"),
		EventPattern: &awsevents.EventPattern{
			Source:     jsii.Strings("aws.states"),
			DetailType: jsii.Strings("Step Functions Execution Status Change"),
			Detail: &map[string]any{
				"stateMachineArn": []any{w.machine.StateMachineArn()},
				"status":          statuses,
			},
		},
		Targets: &[]awsevents.IRuleTarget{awseventstargets.NewLambdaFunction(taskEvents.fn, &awseventstargets.LambdaFunctionProps{
			RetryAttempts:   jsii.Number(8),
			MaxEventAge:     awscdk.Duration_Hours(jsii.Number(1)),
			DeadLetterQueue: dlq,
		})},
	})
	return dlq
}

// schedules is the Scheduler group every saved schedule lives in, and the
// role its schedules run as: allowed to invoke schedule-run, nothing else.
type schedules struct {
	group        awsscheduler.ScheduleGroup
	groupName    string
	role         awsiam.Role
	schedulesArn string
}

func newSchedules(scope constructs.Construct, stackName string) schedules {
	s := schedules{groupName: stackName}
	s.group = awsscheduler.NewScheduleGroup(scope, jsii.String("Schedules"), &awsscheduler.ScheduleGroupProps{
		ScheduleGroupName: jsii.String(s.groupName),
		// Its schedules invoke this stack's schedule-run: they go with it.
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	stack := awscdk.Stack_Of(scope)
	s.schedulesArn = *stack.FormatArn(&awscdk.ArnComponents{
		Service: jsii.String("scheduler"), Resource: jsii.String("schedule"), ResourceName: jsii.String(s.groupName + "/*"),
	})
	s.role = awsiam.NewRole(scope, jsii.String("SchedulerRole"), &awsiam.RoleProps{
		Description: jsii.String("CloudCensus schedules: invoke schedule-run"),
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("scheduler.amazonaws.com"), nil).WithConditions(&map[string]any{
			"StringEquals": map[string]any{"aws:SourceAccount": awscdk.Aws_ACCOUNT_ID()},
			"ArnLike":      map[string]any{"aws:SourceArn": s.schedulesArn},
		}),
	})
	return s
}

// allowRun lets the schedules invoke schedule-run.
func (s schedules) allowRun(run *deployed) {
	s.role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions: jsii.Strings("lambda:InvokeFunction"), Resources: &[]*string{run.fn.FunctionArn()},
	}))
}
