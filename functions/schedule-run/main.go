// Command schedule-run is EventBridge Scheduler's target: it starts the
// task of the schedule named in its input ({workspaceId, scheduleId,
// scheduledTime}) through the same path as the tasks API, as the
// schedule's owner.
package main

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications/sqsqueue"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

func main() {
	env := lambdaenv.MustLoad("schedule-run")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	st.SetAuditRetention(env.AuditRetention())
	svc := tasks.New(st, blob.New(env.AWS, env.Get(lambdaenv.ResultsBucket), blob.Options{SSE: true}),
		orchestrator.NewStepFunctions(sfn.NewFromConfig(env.AWS), env.Get(lambdaenv.StateMachineARN)))
	runner := &tasks.ScheduleRunner{Tasks: svc, Store: st, ConsoleURL: env.Get(lambdaenv.SPAOrigin),
		Publisher: sqsqueue.NewPublisher(env.AWS, env.Get(lambdaenv.NotifyQueueURL), st, env.Log)}
	env.Start(func(ctx context.Context, in tasks.ScheduledRun) (*domain.Task, error) {
		t, err := runner.RunScheduled(ctx, in)
		if errors.Is(err, tasks.ErrSkipped) {
			return nil, nil // recorded and published; a retry would skip again
		}
		return t, err
	})
}
