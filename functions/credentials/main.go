// Command credentials serves the credential, base role, role template and
// assignment routes behind API Gateway.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/apideps"
	"github.com/cloudcensus/cloudcensus/functions/internal/awsclient"
	"github.com/cloudcensus/cloudcensus/functions/internal/blob"
	"github.com/cloudcensus/cloudcensus/functions/internal/credentials"
	"github.com/cloudcensus/cloudcensus/functions/internal/keys"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/probe"
	"github.com/cloudcensus/cloudcensus/functions/internal/secrets"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

func main() {
	env := lambdaenv.MustLoad("credentials")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	st.SetAuditRetention(env.AuditRetention())
	box := secrets.New(keys.NewKMS(env.AWS, env.Get(lambdaenv.KMSKeyID)))
	resolver := awsclient.New(awsclient.Options{Base: env.AWS, BaseRoles: st, Secrets: box,
		PrincipalARN: env.Get(lambdaenv.PlatformPrincipalARN)})
	svc := credentials.New(credentials.Deps{Store: st, Secrets: box, AWS: resolver, Usage: st, Region: env.AWS.Region,
		Templates: blob.New(env.AWS, env.Get(lambdaenv.ResultsBucket), blob.Options{SSE: true}),
		Probe:     probe.NewLambda(env.AWS, env.Get(lambdaenv.ScanUnitFunction))})
	env.ServeAPI(apideps.For(st), svc.Routes())
}
