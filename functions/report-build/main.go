// Command report-build is the scan-task workflow's last state: it merges
// the unit results into the .docx report.
package main

import (
	"os"

	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications/sqsqueue"
	"github.com/cloudcensus/cloudcensus/functions/internal/reports"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/taskflow"
)

func main() {
	env := lambdaenv.MustLoad("report-build")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	b := reports.NewBuilder(st, blob.New(env.AWS, env.Get(lambdaenv.ResultsBucket), blob.Options{SSE: true}),
		blob.New(env.AWS, env.Get(lambdaenv.ReportsBucket), blob.Options{SSE: true}), os.TempDir())
	flow := &taskflow.Flow{Store: st, Reporter: b, Logger: env.Log, ConsoleURL: env.Get(lambdaenv.SPAOrigin),
		Publisher: sqsqueue.NewPublisher(env.AWS, env.Get(lambdaenv.NotifyQueueURL), st, env.Log)}
	env.Start(flow.ReportBuild)
}
