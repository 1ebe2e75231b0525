// Command scan-plan is the scan-task workflow's scan-plan function.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
)

func main() { lambdaapi.ServeWorkflow(workflow.FunctionScanPlan) }
