// Command tasks serves the task, upload and worker routes behind API
// Gateway.
package main

import (
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

func main() {
	env := lambdaenv.MustLoad("tasks")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	st.SetAuditRetention(env.AuditRetention())
	results := blob.New(env.AWS, env.Get(lambdaenv.ResultsBucket), blob.Options{SSE: true})
	orch := orchestrator.NewStepFunctions(sfn.NewFromConfig(env.AWS), env.Get(lambdaenv.StateMachineARN))
	env.ServeAPI(audit.New(st), tasks.New(st, results, orch).Routes())
}
