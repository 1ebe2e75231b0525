package schedules_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/schedules"
)

// fakeScheduler records the calls; exists and missing shape its answers.
type fakeScheduler struct {
	creates []*scheduler.CreateScheduleInput
	updates []*scheduler.UpdateScheduleInput
	deletes []*scheduler.DeleteScheduleInput
	exists  bool // CreateSchedule answers ConflictException
	missing bool // DeleteSchedule answers ResourceNotFoundException
	err     error
}

func (f *fakeScheduler) CreateSchedule(_ context.Context, in *scheduler.CreateScheduleInput, _ ...func(*scheduler.Options)) (*scheduler.CreateScheduleOutput, error) {
	f.creates = append(f.creates, in)
	if f.exists {
		return nil, &types.ConflictException{Message: aws.String("exists")}
	}
	return &scheduler.CreateScheduleOutput{}, f.err
}

func (f *fakeScheduler) UpdateSchedule(_ context.Context, in *scheduler.UpdateScheduleInput, _ ...func(*scheduler.Options)) (*scheduler.UpdateScheduleOutput, error) {
	f.updates = append(f.updates, in)
	return &scheduler.UpdateScheduleOutput{}, f.err
}

func (f *fakeScheduler) DeleteSchedule(_ context.Context, in *scheduler.DeleteScheduleInput, _ ...func(*scheduler.Options)) (*scheduler.DeleteScheduleOutput, error) {
	f.deletes = append(f.deletes, in)
	if f.missing {
		return nil, &types.ResourceNotFoundException{Message: aws.String("gone")}
	}
	return &scheduler.DeleteScheduleOutput{}, f.err
}

const (
	group  = "cloudcensus-schedules"
	target = "arn:aws:lambda:eu-west-1:123456789012:function:cloudcensus-schedule-run"
	role   = "arn:aws:iam::123456789012:role/cloudcensus-scheduler"
)

func TestSchedulerPut(t *testing.T) {
	ctx := context.Background()
	sc := &domain.Schedule{ID: "01JSCHEDULE000000000000000", WorkspaceID: "01JWORKSPACE0000000000000A", Name: "Nightly",
		Expression: "cron(0 2 * * ? *)", Timezone: "Europe/London", Enabled: true}
	f := &fakeScheduler{}
	if err := schedules.NewScheduler(f, group, target, role).Put(ctx, sc); err != nil {
		t.Fatal(err)
	}
	if len(f.creates) != 1 || len(f.updates) != 0 {
		t.Fatalf("calls: %d creates %d updates", len(f.creates), len(f.updates))
	}
	in := f.creates[0]
	if aws.ToString(in.Name) != sc.ID || aws.ToString(in.GroupName) != group || aws.ToString(in.ScheduleExpression) != sc.Expression ||
		aws.ToString(in.ScheduleExpressionTimezone) != "Europe/London" || in.State != types.ScheduleStateEnabled ||
		in.FlexibleTimeWindow == nil || in.FlexibleTimeWindow.Mode != types.FlexibleTimeWindowModeOff {
		t.Fatalf("create input %+v", in)
	}
	if aws.ToString(in.Target.Arn) != target || aws.ToString(in.Target.RoleArn) != role {
		t.Fatalf("target %+v", in.Target)
	}
	var input map[string]string
	if err := json.Unmarshal([]byte(aws.ToString(in.Target.Input)), &input); err != nil {
		t.Fatal(err)
	}
	if len(input) != 3 || input["workspaceId"] != sc.WorkspaceID || input["scheduleId"] != sc.ID || input["scheduledTime"] != "<aws.scheduler.scheduled-time>" {
		t.Fatalf("target input %v", input)
	}

	// An existing schedule is replaced; a disabled one is DISABLED.
	sc.Enabled, sc.Expression = false, "rate(1 hour)"
	f = &fakeScheduler{exists: true}
	if err := schedules.NewScheduler(f, group, target, role).Put(ctx, sc); err != nil {
		t.Fatal(err)
	}
	if len(f.updates) != 1 || f.updates[0].State != types.ScheduleStateDisabled || aws.ToString(f.updates[0].ScheduleExpression) != "rate(1 hour)" ||
		aws.ToString(f.updates[0].Name) != sc.ID || aws.ToString(f.updates[0].GroupName) != group ||
		f.updates[0].FlexibleTimeWindow.Mode != types.FlexibleTimeWindowModeOff || aws.ToString(f.updates[0].Target.Input) != aws.ToString(in.Target.Input) {
		t.Fatalf("update input %+v", f.updates)
	}

	f = &fakeScheduler{err: errors.New("AccessDenied")}
	if err := schedules.NewScheduler(f, group, target, role).Put(ctx, sc); err == nil {
		t.Fatal("a refused create succeeded")
	}
}

func TestSchedulerDelete(t *testing.T) {
	ctx := context.Background()
	f := &fakeScheduler{missing: true}
	s := schedules.NewScheduler(f, group, target, role)
	if err := s.Delete(ctx, "ws", "01JSCHEDULE000000000000000"); err != nil {
		t.Fatalf("deleting a missing schedule: %v", err)
	}
	if len(f.deletes) != 1 || aws.ToString(f.deletes[0].Name) != "01JSCHEDULE000000000000000" || aws.ToString(f.deletes[0].GroupName) != group {
		t.Fatalf("delete input %+v", f.deletes)
	}
	f = &fakeScheduler{err: errors.New("throttled")}
	if err := schedules.NewScheduler(f, group, target, role).Delete(ctx, "ws", "x"); err == nil {
		t.Fatal("a failed delete succeeded")
	}
}
