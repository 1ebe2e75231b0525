// Command users serves the user routes behind API Gateway.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/apideps"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/users"
)

func main() {
	env := lambdaenv.MustLoad("users")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	st.SetAuditRetention(env.AuditRetention())
	pool := identity.New(env.AWS, env.Get(lambdaenv.UserPoolID), env.Get(lambdaenv.UserPoolClientID))
	env.ServeAPI(apideps.For(st), users.New(st, identity.NewUsers(pool, st)).Routes())
}
