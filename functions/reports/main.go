// Command reports serves the report routes behind API Gateway.
package main

import (
	"os"

	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/reports"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

func main() {
	env := lambdaenv.MustLoad("reports")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	st.SetAuditRetention(env.AuditRetention())
	b := reports.NewBuilder(st, blob.New(env.AWS, env.Get(lambdaenv.ResultsBucket), blob.Options{SSE: true}),
		blob.New(env.AWS, env.Get(lambdaenv.ReportsBucket), blob.Options{SSE: true}), os.TempDir())
	env.ServeAPI(lambdaenv.API{Auditor: audit.New(st), Rights: rights.New(st, rights.Bound)}, reports.NewService(b, st).Routes())
}
