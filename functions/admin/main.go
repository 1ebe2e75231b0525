// Command admin serves the roles, invites, audit, approvals, security
// alert and workspace routes behind API Gateway.
package main

import (
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/admin"
	"github.com/cloudcensus/cloudcensus/functions/internal/apideps"
	"github.com/cloudcensus/cloudcensus/functions/internal/approvals"
	"github.com/cloudcensus/cloudcensus/functions/internal/approvals/lambdaexec"
	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/jobs"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/monitor"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/workspaces"
)

func main() {
	env := lambdaenv.MustLoad("admin")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	st.SetAuditRetention(env.AuditRetention())
	// An approved call replays through the function that serves its route,
	// found in the contract's route table.
	routes, err := env.Routes()
	env.Must(err)
	exec, err := lambdaexec.New(env.AWS, env.Get(lambdaenv.APIFunctions))
	env.Must(err)
	approve := approvals.New(approvals.Deps{Store: st, Auditor: audit.New(st), Executor: exec}).WithRoutes(routes)
	// No role cache to drop here: the authorizer is another function, and
	// ages its cache out.
	env.ServeAPI(apideps.For(st), slices.Concat(
		admin.New(st, nil).WithJobs(jobs.New(st, jobs.NewLambdaDispatcher(env.AWS, env.Get(lambdaenv.JobsFunction)), nil)).Routes(),
		approve.Routes(), monitor.NewService(st).Routes(), workspaces.New(st).Routes()))
}
