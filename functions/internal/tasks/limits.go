package tasks

import (
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// Limits bound the work one caller can start: pending and running tasks
// per user and per workspace (past them, 429 RATE_LIMITED naming the
// limit) and units per task (past it, 400 on regions). Zero is no limit.
// The tasks function reads them from its environment (lambdaenv's
// TASKS_PER_USER, TASKS_PER_WORKSPACE, UNITS_PER_TASK).
type Limits struct {
	TasksPerUser      int
	TasksPerWorkspace int
	UnitsPerTask      int
}

// DefaultLimits are the limits when the environment sets none.
var DefaultLimits = Limits{TasksPerUser: 5, TasksPerWorkspace: 20, UnitsPerTask: 2000}

// SetLimits replaces the service's limits.
func (s *Service) SetLimits(l Limits) { s.limits = l }

// plannedUnits is how many units the plan will make (taskflow.Units):
// per account, one per region when a regional service is chosen, plus the
// global unit when a global one is.
func plannedUnits(accounts, regions int, services []string) int {
	regional, global := len(services) == 0, len(services) == 0
	for _, k := range services {
		regional = regional || slices.Contains(spec.ByScope(spec.Regional), k)
		global = global || slices.Contains(spec.ByScope(spec.Global), k)
	}
	per := 0
	if regional {
		per += regions
	}
	if global {
		per++
	}
	return accounts * per
}
