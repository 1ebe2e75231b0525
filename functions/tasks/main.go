// Command tasks serves the /api routes of the tasks domain behind API Gateway.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/routes"
)

func main() { lambdaapi.Serve(routes.FnTasks) }
