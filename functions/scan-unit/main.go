// Command scan-unit is the scan-task workflow's Map iteration: it scans
// one account and region and writes its result.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/awsclient"
	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/keys"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner"
	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
	"github.com/cloudcensus/cloudcensus/functions/internal/secrets"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/taskflow"
)

func main() {
	env := lambdaenv.MustLoad("scan-unit")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	results := blob.New(env.AWS, env.Get(lambdaenv.ResultsBucket), blob.Options{SSE: true})
	box := secrets.New(keys.NewKMS(env.AWS, env.Get(lambdaenv.KMSKeyID)))
	flow := &taskflow.Flow{Store: st, Results: results, Logger: env.Log,
		Resolver: awsclient.New(awsclient.Options{Base: env.AWS, BaseRoles: st, Secrets: box,
			PrincipalARN: env.Get(lambdaenv.PlatformPrincipalARN)}),
		// The budget is per process: one execution environment runs one
		// unit at a time, so it paces that unit's calls.
		Scanner: &scanner.Runner{Budget: budget.NewRegistry(0), Store: results, Logger: env.Log}}
	env.Start(flow.Handle)
}
