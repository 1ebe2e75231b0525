// Command schedule-run is EventBridge Scheduler's target: it starts the
// task a schedule describes through the same path as the tasks API.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
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
	env.Start(func(ctx context.Context, in tasks.ScheduledRun) (*domain.Task, error) {
		return svc.RunScheduled(ctx, st, in)
	})
}
