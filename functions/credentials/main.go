// Command credentials serves the /api routes of the credentials domain behind API Gateway.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/routes"
)

func main() { lambdaapi.Serve(routes.FnCredentials) }
