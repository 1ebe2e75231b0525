// Package schedexpr parses, validates and evaluates Amazon EventBridge
// Scheduler schedule expressions — rate(...), cron(...) and at(...) — the
// way Scheduler does. The API uses it to refuse what Scheduler would refuse
// and to show a schedule's next runs; the local scheduler uses it to fire
// schedules, so both agree with AWS and with each other.
//
// The rules come from the EventBridge Scheduler User Guide, "Schedule types
// in EventBridge Scheduler"
// (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html),
// the Scheduler API reference for ScheduleExpression, and the EventBridge
// cron reference
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html),
// which Scheduler's guide repeats. Where the documentation is silent the
// package refuses rather than guesses: whatever Parse accepts, Scheduler
// should accept too. Each such choice is marked "not documented" beside the
// code that makes it.
//
// Expressions are evaluated in the schedule's IANA time zone with
// Scheduler's daylight-saving rules (dst.go). The package imports the
// standard library only — it embeds the time zone database so that every
// binary evaluates zones alike — and nothing of this module, so the API,
// the local scheduler and the Scheduler-backed path share it freely.
package schedexpr
