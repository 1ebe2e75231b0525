// Command scan-unit is the scan-task workflow's scan-unit function.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
)

func main() { lambdaapi.ServeWorkflow(workflow.FunctionScanUnit) }
