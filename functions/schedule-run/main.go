// Command schedule-run is EventBridge Scheduler's target: it starts the
// task a schedule describes through the same path as the tasks API.
package main

import "github.com/cloudcensus/cloudcensus/functions/internal/lambdaapi"

func main() { lambdaapi.ServeScheduleRun() }
