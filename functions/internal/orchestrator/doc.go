// Package orchestrator starts, stops and watches scan-task executions: the
// Step Functions state machine of statemachines/scan-task.asl.json.
//
// StepFunctions is the implementation for AWS (the sfn SDK client). The
// localsfn subpackage runs the same definition on one machine with
// aws-local-stepfunctions behind a small Node server
// (functions/local/tools/sfn-runner.cjs) that speaks the Step Functions
// API, so its Local is StepFunctions pointed at that server: one Go code
// path in both worlds. The runner resolves each Lambda Task state by
// calling back into the local process, where the handlers registered with
// Local.Register run unchanged, and reports each execution status change
// the way EventBridge does in AWS (Local.OnStatusChange; ParseStatusChange
// decodes the AWS event for the task-events Lambda). The local runner is a
// package of its own so that no Lambda links it.
//
// The workflow's data contract lives in the workflow subpackage, so the
// Lambdas need not import this package (and the SDK). This package must not
// import the store, the HTTP API or any domain package: the tasks code
// defines the interface it needs and wires an implementation.
//
// # Larger tasks: the distributed Map
//
// An inline Map keeps every iteration in the parent execution's history
// (25,000 events, about 10 per unit) and runs at most 40 at a time, and the
// plan's unit list travels in the 256 KB payload. When a plan has more than
// workflow.InlineUnitLimit units, scan-plan writes them as a JSON array to
// the results bucket and answers Plan.UnitsFile instead of Plan.Units; the
// PickMapMode Choice then runs ScanUnitsAtScale, a distributed Map
// (ProcessorConfig DISTRIBUTED, STANDARD child executions) whose ItemReader
// reads the file with s3:getObject (InputType JSON). Each child execution
// has its own history, so the parent stays small whatever the task's size;
// MaxConcurrency may go up to 10,000 there. ToleratedFailurePercentage (5)
// lets the Map finish when a few child executions fail outside the
// iterator's Catch (for instance when recording a unit failure itself
// failed after its retries): task-events must then count units that were
// neither done nor failed as failed. The CDK role needs s3:GetObject on the
// results bucket and states:StartExecution/DescribeExecution/StopExecution
// on the state machine's own executions for the distributed mode.
//
// Locally the runner rewrites a distributed Map into a Task state that
// reads the file through Local's Buckets followed by the same Map inline,
// so both branches of the definition run in the tests. Locally any failed
// iteration fails the Map (there is no tolerated failure threshold).
//
// # MaxConcurrency as a substitution
//
// DefinitionSubstitutions replace ${...} inside the definition's text, and
// the definition must stay JSON (and valid for asl-validator) before
// substitution, so a placeholder can only sit inside a string. The
// Configure state turns "${MaxConcurrency}" into a number with
// States.StringToJson and the Maps read it with MaxConcurrencyPath, which
// works the same in AWS and in aws-local-stepfunctions.
package orchestrator
