package schedules

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// SchedulerAPI is what NewScheduler needs of the EventBridge Scheduler
// client (*scheduler.Client). IAM: scheduler:CreateSchedule,
// scheduler:UpdateSchedule and scheduler:DeleteSchedule on
// arn:aws:scheduler:<region>:<account>:schedule/<group>/*, and
// iam:PassRole on the role Scheduler assumes to invoke schedule-run.
type SchedulerAPI interface {
	CreateSchedule(ctx context.Context, in *scheduler.CreateScheduleInput, optFns ...func(*scheduler.Options)) (*scheduler.CreateScheduleOutput, error)
	UpdateSchedule(ctx context.Context, in *scheduler.UpdateScheduleInput, optFns ...func(*scheduler.Options)) (*scheduler.UpdateScheduleOutput, error)
	DeleteSchedule(ctx context.Context, in *scheduler.DeleteScheduleInput, optFns ...func(*scheduler.Options)) (*scheduler.DeleteScheduleOutput, error)
}

var _ SchedulerAPI = (*scheduler.Client)(nil)

// Scheduler keeps schedules as EventBridge Scheduler schedules in the
// stack's group: named by the schedule's id, firing the schedule-run
// function with {workspaceId, scheduleId, scheduledTime}, flexible window
// off (a run fires at its time, and a late one once).
type Scheduler struct {
	client    SchedulerAPI
	group     string
	targetArn string
	roleArn   string
}

// NewScheduler builds the Remote of AWS mode: group is the stack's
// schedule group, targetArn the schedule-run function's ARN and roleArn
// the role Scheduler assumes to invoke it (lambda:InvokeFunction on it).
func NewScheduler(client SchedulerAPI, group, targetArn, roleArn string) *Scheduler {
	return &Scheduler{client: client, group: group, targetArn: targetArn, roleArn: roleArn}
}

var _ Remote = (*Scheduler)(nil)

// scheduledTimeInput is the target input: Scheduler replaces the
// placeholder with the run's scheduled time (RFC 3339, UTC).
type scheduledTimeInput struct {
	WorkspaceID   string `json:"workspaceId"`
	ScheduleID    string `json:"scheduleId"`
	ScheduledTime string `json:"scheduledTime"`
}

// Put creates the schedule, or replaces it when it exists (a retried
// create, or an update).
func (s *Scheduler) Put(ctx context.Context, sc *domain.Schedule) error {
	input, err := json.Marshal(scheduledTimeInput{WorkspaceID: sc.WorkspaceID, ScheduleID: sc.ID, ScheduledTime: "<aws.scheduler.scheduled-time>"})
	if err != nil {
		return err
	}
	target := &types.Target{Arn: aws.String(s.targetArn), RoleArn: aws.String(s.roleArn), Input: aws.String(string(input)),
		// A run is idempotent per scheduled time, so retries are safe;
		// after an hour a run is stale.
		RetryPolicy: &types.RetryPolicy{MaximumEventAgeInSeconds: aws.Int32(3600), MaximumRetryAttempts: aws.Int32(3)}}
	state := types.ScheduleStateDisabled
	if sc.Enabled {
		state = types.ScheduleStateEnabled
	}
	window := &types.FlexibleTimeWindow{Mode: types.FlexibleTimeWindowModeOff}
	desc := aws.String(description(sc))
	_, err = s.client.CreateSchedule(ctx, &scheduler.CreateScheduleInput{Name: aws.String(sc.ID), GroupName: aws.String(s.group),
		ScheduleExpression: aws.String(sc.Expression), ScheduleExpressionTimezone: aws.String(sc.Timezone),
		FlexibleTimeWindow: window, Target: target, State: state, Description: desc})
	var conflict *types.ConflictException
	if errors.As(err, &conflict) {
		_, err = s.client.UpdateSchedule(ctx, &scheduler.UpdateScheduleInput{Name: aws.String(sc.ID), GroupName: aws.String(s.group),
			ScheduleExpression: aws.String(sc.Expression), ScheduleExpressionTimezone: aws.String(sc.Timezone),
			FlexibleTimeWindow: window, Target: target, State: state, Description: desc})
	}
	if err != nil {
		return fmt.Errorf("put Scheduler schedule %s/%s: %w", s.group, sc.ID, err)
	}
	return nil
}

// description names the schedule for whoever looks at the console; it
// holds no secret (Scheduler's limit is 512 characters).
func description(sc *domain.Schedule) string {
	d := "CloudCensus schedule " + sc.Name + " (workspace " + sc.WorkspaceID + ")"
	if r := []rune(d); len(r) > 512 {
		d = string(r[:512])
	}
	return d
}

// Delete removes the schedule; one already gone is fine.
func (s *Scheduler) Delete(ctx context.Context, _, id string) error {
	_, err := s.client.DeleteSchedule(ctx, &scheduler.DeleteScheduleInput{Name: aws.String(id), GroupName: aws.String(s.group)})
	var nf *types.ResourceNotFoundException
	if err != nil && !errors.As(err, &nf) {
		return fmt.Errorf("delete Scheduler schedule %s/%s: %w", s.group, id, err)
	}
	return nil
}
