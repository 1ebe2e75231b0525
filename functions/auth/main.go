// Command auth serves the sign-in routes, health and the API description
// behind API Gateway.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/routes"
)

func main() { lambdaapi.Serve(routes.FnAuth) }
