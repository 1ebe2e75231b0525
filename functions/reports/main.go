// Command reports serves the report, exports, template and settings
// routes behind API Gateway.
package main

import (
	"os"
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/apideps"

	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/jobs"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/reports"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/templates"
)

func main() {
	env := lambdaenv.MustLoad("reports")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	st.SetAuditRetention(env.AuditRetention())
	results := blob.New(env.AWS, env.Get(lambdaenv.ResultsBucket), blob.Options{SSE: true})
	docs := blob.New(env.AWS, env.Get(lambdaenv.ReportsBucket), blob.Options{SSE: true})
	b := reports.NewBuilder(st, results, docs, os.TempDir())
	// The exports routes live here: they presign files in the results
	// bucket, which this function reads.
	exports := jobs.New(st, jobs.NewLambdaDispatcher(env.AWS, env.Get(lambdaenv.JobsFunction)), results)
	env.ServeAPI(apideps.For(st),
		slices.Concat(reports.NewService(b, st).WithJobs(exports).Routes(), exports.Routes(), templates.New(st, results, docs).Routes()))
}
