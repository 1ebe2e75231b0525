// Command users serves the user routes behind API Gateway.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/users"
)

func main() {
	env := lambdaenv.MustLoad("users")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	st.SetAuditRetention(env.AuditRetention())
	pool := identity.New(env.AWS, env.Get(lambdaenv.UserPoolID), env.Get(lambdaenv.UserPoolClientID))
	env.ServeAPI(lambdaenv.API{Auditor: audit.New(st), Rights: rights.New(st, rights.Bound)}, users.New(st, identity.NewUsers(pool, st)).Routes())
}
