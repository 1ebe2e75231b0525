// Command admin serves the roles, invites and audit routes behind API
// Gateway.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/admin"
	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/jobs"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

func main() {
	env := lambdaenv.MustLoad("admin")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	st.SetAuditRetention(env.AuditRetention())
	// No role cache to drop here: the authorizer is another function, and
	// ages its cache out.
	env.ServeAPI(lambdaenv.API{Auditor: audit.New(st), Rights: rights.New(st, rights.Bound)},
		admin.New(st, nil).WithJobs(jobs.New(st, jobs.NewLambdaDispatcher(env.AWS, env.Get(lambdaenv.JobsFunction)), nil)).Routes())
}
