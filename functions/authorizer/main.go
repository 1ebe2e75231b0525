// Command authorizer is API Gateway's token authorizer: it verifies the
// Cognito access token and answers the policy of the caller's role.
package main

import "github.com/cloudcensus/cloudcensus/functions/internal/lambdaapi"

func main() { lambdaapi.ServeAuthorizer() }
