// Package workflow is the data contract of the scan-task state machine
// (statemachines/scan-task.asl.json): the names of the Lambda functions it
// calls, the DefinitionSubstitutions it expects, and the JSON each state
// hands to each function.
//
// The Lambdas (scan-plan, scan-unit, report-build, task-events), the CDK app
// and the orchestrators all read it, so it stays tiny: it imports the
// inventory types and the standard library only, never an AWS SDK, the
// store or the HTTP layer, to keep every Lambda binary small.
//
// The workflow, state by state:
//
//	Configure      Pass: turns the MaxConcurrency substitution into a number
//	Plan           scan-plan(Input) -> Plan, stored at $.plan
//	PickMapMode    Choice: a units file (Plan.UnitsFile) goes to the distributed Map
//	ScanUnits      inline Map over $.plan.units, MaxConcurrencyPath $.maxConcurrency
//	  ScanUnit           scan-unit(UnitInput); Retry on Lambda service errors
//	  RecordUnitFailure  task-events(TaskEvent{Event: unit_failed}) when ScanUnit fails
//	ScanUnitsAtScale distributed Map reading the units from the S3 JSON file
//	Report         report-build(Input)
//	Finish         task-events(TaskEvent{Event: finished})
//	RecordFailure  task-events(TaskEvent{Event: failed}) when Plan, a Map or Report fails
//	Failed         Fail with the original error and cause
//
// Execution status changes (SUCCEEDED, FAILED, TIMED_OUT, ABORTED) reach
// task-events separately, through EventBridge in AWS and a callback locally,
// so a task is settled even when the workflow itself could not say so.
package workflow
