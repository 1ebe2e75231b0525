// Command task-events settles tasks on the workflow's own events and on
// EventBridge's execution status changes.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications/sqsqueue"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/taskflow"
)

func main() {
	env := lambdaenv.MustLoad("task-events")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	flow := &taskflow.Flow{Store: st, Logger: env.Log, ConsoleURL: env.Get(lambdaenv.SPAOrigin),
		Publisher: sqsqueue.NewPublisher(env.AWS, env.Get(lambdaenv.NotifyQueueURL), st, env.Log)}
	env.Start(flow.HandleEvent)
}
