package stack

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambdaeventsources"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// notifyQueue carries notification deliveries to the notifier: the
// producers (task-events, report-build, schedule-run, the channel test)
// store a delivery and queue its id; the notifier sends it, and queues
// the next attempt with a delay on a retryable failure. A message the
// notifier fails five times (a bug, the table down) goes to the
// dead-letter queue; the delivery stays pending in the table.
type notifyQueue struct {
	queue, dlq awssqs.Queue
}

// notifierTimeout is the notifier's timeout; SQS hides a message six
// times as long while it is being handled, as AWS recommends.
const notifierTimeout = 60

func newNotifyQueue(scope constructs.Construct) notifyQueue {
	var q notifyQueue
	q.dlq = awssqs.NewQueue(scope, jsii.String("NotificationDeadLetters"), &awssqs.QueueProps{
		Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
		EnforceSSL:      jsii.Bool(true),
		RetentionPeriod: awscdk.Duration_Days(jsii.Number(14)),
	})
	accept(q.dlq, false, accepted{rule: "AwsSolutions-SQS3", reason: "This queue is itself the dead-letter queue of the notification queue."})
	q.queue = awssqs.NewQueue(scope, jsii.String("Notifications"), &awssqs.QueueProps{
		Encryption:        awssqs.QueueEncryption_SQS_MANAGED,
		EnforceSSL:        jsii.Bool(true),
		VisibilityTimeout: awscdk.Duration_Seconds(jsii.Number(6 * notifierTimeout)),
		RetentionPeriod:   awscdk.Duration_Days(jsii.Number(4)),
		DeadLetterQueue:   &awssqs.DeadLetterQueue{Queue: q.dlq, MaxReceiveCount: jsii.Number(5)},
	})
	return q
}

// feed makes the queue the notifier's event source, reporting failed
// messages one by one so a batch is not retried whole.
func (q notifyQueue) feed(notifier *deployed) {
	notifier.fn.AddEventSource(awslambdaeventsources.NewSqsEventSource(q.queue, &awslambdaeventsources.SqsEventSourceProps{
		BatchSize:               jsii.Number(10),
		ReportBatchItemFailures: jsii.Bool(true),
	}))
}

// sweep runs the notifier every five minutes on a scheduled event: it
// queues again the pending deliveries whose message was lost (a producer
// that died between storing and queueing).
func (q notifyQueue) sweep(scope constructs.Construct, notifier *deployed) {
	awsevents.NewRule(scope, jsii.String("NotificationSweep"), &awsevents.RuleProps{
		Description: jsii.String("CloudCensus: queue again the notification deliveries whose message was lost"),
		Schedule:    awsevents.Schedule_Rate(awscdk.Duration_Minutes(jsii.Number(5))),
		Targets: &[]awsevents.IRuleTarget{awseventstargets.NewLambdaFunction(notifier.fn, &awseventstargets.LambdaFunctionProps{
			RetryAttempts: jsii.Number(2),
		})},
	})
}

// RetentionSchedule runs the daily report retention at 03:00 UTC, the
// hour local mode uses (localapp.RetentionHour).
const RetentionSchedule = "cron(0 3 * * ? *)"

// HousekeepingSchedule runs the minute's housekeeping (approval requests
// whose step timed out expire, the security monitor ticks), as often as
// local mode does (localapp.HousekeepingEvery).
const HousekeepingSchedule = "rate(1 minute)"

// chore is a scheduled run of the jobs function with a constant input.
type chore struct {
	id, description, schedule string
	input                     map[string]any
}

// chores: the daily report retention and the minute's housekeeping.
var chores = []chore{
	{"ReportRetention", "delete the reports older than each workspace's retention", RetentionSchedule, map[string]any{"retention": true}},
	{"Housekeeping", "expire the approval requests whose step timed out, run the security monitor", HousekeepingSchedule, map[string]any{"housekeeping": true}},
}

// choreRules invokes the jobs function on each chore's schedule.
func choreRules(scope constructs.Construct, jobs *deployed) {
	for _, c := range chores {
		awsevents.NewRule(scope, jsii.String(c.id), &awsevents.RuleProps{
			Description: jsii.String("CloudCensus: " + c.description),
			Schedule:    awsevents.Schedule_Expression(jsii.String(c.schedule)),
			Targets: &[]awsevents.IRuleTarget{awseventstargets.NewLambdaFunction(jobs.fn, &awseventstargets.LambdaFunctionProps{
				Event:         awsevents.RuleTargetInput_FromObject(c.input),
				RetryAttempts: jsii.Number(2),
			})},
		})
	}
}

// mailIdentityArn is the SES identity MailFrom sends as: its domain.
func mailIdentityArn(scope constructs.Construct, mailFrom string) string {
	if mailFrom == "" {
		return ""
	}
	domain := mailFrom[strings.LastIndex(mailFrom, "@")+1:]
	return *awscdk.Stack_Of(scope).FormatArn(&awscdk.ArnComponents{Service: jsii.String("ses"), Resource: jsii.String("identity"),
		ResourceName: jsii.String(domain)})
}
