// Command task-events settles tasks on the workflow's own events and on
// EventBridge's execution status changes.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/taskflow"
)

func main() {
	env := lambdaenv.MustLoad("task-events")
	flow := &taskflow.Flow{Store: store.New(env.AWS, env.Get(lambdaenv.TableName)), Logger: env.Log}
	env.Start(flow.HandleEvent)
}
