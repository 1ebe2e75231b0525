// Command auth serves sign-in and the caller's own account, health and
// the API description behind API Gateway.
package main

import (
	"slices"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/apideps"
	"github.com/cloudcensus/cloudcensus/functions/internal/permcheck"

	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/auth"
	"github.com/cloudcensus/cloudcensus/functions/internal/authorizer"
	"github.com/cloudcensus/cloudcensus/functions/internal/identity"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications/sqsqueue"
	"github.com/cloudcensus/cloudcensus/functions/internal/notify"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/system"
)

func main() {
	env := lambdaenv.MustLoad("auth")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	st.SetAuditRetention(env.AuditRetention())
	poolID, clientID := env.Get(lambdaenv.UserPoolID), env.Get(lambdaenv.UserPoolClientID)
	pool := identity.New(env.AWS, poolID, clientID)
	// Sign-in hands a token out only when the authorizer would accept it.
	v := authorizer.NewVerifier(authorizer.TokenConfig{Issuer: authorizer.CognitoIssuer(env.AWS.Region, poolID), ClientID: clientID})
	resolver := authorizer.New(v, st, nil, 30*time.Second, env.Log)
	sys := system.New()
	doc, err := env.File(lambdaenv.OpenAPIFile)
	env.Must(err)
	sys.SetDocument(doc)
	sys.Ready(map[string]system.Checker{"dynamodb": st})
	al := audit.New(st)
	svc := auth.New(pool, st, resolver, identity.NewUsers(pool, st), al, notify.Log{L: env.Log,
		Pub: sqsqueue.NewPublisher(env.AWS, env.Get(lambdaenv.NotifyQueueURL), st, env.Log)})
	env.ServeAPI(apideps.For(st), slices.Concat(sys.Routes(), svc.Routes(), permcheck.New(st).Routes()))
}
