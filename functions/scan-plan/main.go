// Command scan-plan is the scan-task workflow's first state: it expands a
// task into units.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/taskflow"
)

func main() {
	env := lambdaenv.MustLoad("scan-plan")
	flow := &taskflow.Flow{Store: store.New(env.AWS, env.Get(lambdaenv.TableName)), Logger: env.Log,
		Results: blob.New(env.AWS, env.Get(lambdaenv.ResultsBucket), blob.Options{SSE: true})}
	env.Start(flow.Plan)
}
