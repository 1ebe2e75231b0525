// Command report-build is the scan-task workflow's report-build function.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
)

func main() { lambdaapi.ServeWorkflow(workflow.FunctionReportBuild) }
