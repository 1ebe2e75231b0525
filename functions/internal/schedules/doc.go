// Package schedules serves the /api/schedules routes and fires schedules.
// A schedule is a scan task (the body of POST /api/tasks/create) run by
// itself on an EventBridge Scheduler expression in an IANA time zone, as
// its owner with the owner's permissions at the time of each run.
//
// Where it runs decides who fires: in AWS each schedule is a Scheduler
// schedule (scheduler.go) whose target is the schedule-run function; in
// local mode Local polls the table for due schedules. Both compute times
// with schedexpr, the same code that answers nextRuns, and both run a
// schedule through one Runner (tasks.ScheduleRunner).
//
// It must not import another domain's handlers than tasks (a run takes
// the task create path), nor the scanner or the report builder.
package schedules
