// Command authorizer is API Gateway's token authorizer: it verifies the
// Cognito access token and answers the policy of the caller's role over
// the route table of the contract shipped beside it.
package main

import (
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authorizer"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

func main() {
	env := lambdaenv.MustLoad("authorizer")
	st := store.New(env.AWS, env.Get(lambdaenv.TableName))
	routes, err := env.Routes()
	env.Must(err)
	v := authorizer.NewVerifier(authorizer.TokenConfig{
		Issuer:   authorizer.CognitoIssuer(env.AWS.Region, env.Get(lambdaenv.UserPoolID)),
		ClientID: env.Get(lambdaenv.UserPoolClientID)})
	env.Start(authorizer.New(v, st, routes, 30*time.Second, env.Log).Handle)
}
