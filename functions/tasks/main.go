// Command tasks serves the task, schedule, upload and worker routes
// behind API Gateway.
package main

import (
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/apideps"

	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/jobs"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications/sqsqueue"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/schedules"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

func main() {
	env := lambdaenv.MustLoad("tasks")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	st.SetAuditRetention(env.AuditRetention())
	results := blob.New(env.AWS, env.Get(lambdaenv.ResultsBucket), blob.Options{SSE: true})
	orch := orchestrator.NewStepFunctions(sfn.NewFromConfig(env.AWS), env.Get(lambdaenv.StateMachineARN))
	svc := tasks.New(st, results, orch).WithJobs(jobs.New(st, jobs.NewLambdaDispatcher(env.AWS, env.Get(lambdaenv.JobsFunction)), nil))
	svc.SetLimits(limits(env))
	sched := schedules.New(schedules.Deps{Store: st, Tasks: svc, Log: env.Log,
		Runner: &tasks.ScheduleRunner{Tasks: svc, Store: st, ConsoleURL: env.Get(lambdaenv.SPAOrigin),
			Publisher: sqsqueue.NewPublisher(env.AWS, env.Get(lambdaenv.NotifyQueueURL), st, env.Log)},
		Remote: schedules.NewScheduler(scheduler.NewFromConfig(env.AWS), env.Get(lambdaenv.ScheduleGroup),
			env.Get(lambdaenv.ScheduleTargetARN), env.Get(lambdaenv.SchedulerRoleARN))})
	env.ServeAPI(apideps.For(st), slices.Concat(svc.Routes(), sched.Routes()))
}

// limits reads the bounds on work from the environment, the defaults
// where unset.
func limits(env *lambdaenv.Env) tasks.Limits {
	l := tasks.DefaultLimits
	var err error
	l.TasksPerUser, err = env.Count(lambdaenv.TasksPerUser, l.TasksPerUser)
	env.Must(err)
	l.TasksPerWorkspace, err = env.Count(lambdaenv.TasksPerWorkspace, l.TasksPerWorkspace)
	env.Must(err)
	l.UnitsPerTask, err = env.Count(lambdaenv.UnitsPerTask, l.UnitsPerTask)
	env.Must(err)
	return l
}
