// Command task-events is the scan-task workflow's task-events function.
package main

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
)

func main() { lambdaapi.ServeWorkflow(workflow.FunctionTaskEvents) }
