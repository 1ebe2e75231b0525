package schedules

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Routes are the schedule routes, each with its handler. Run now needs
// schedules:update: it acts on a schedule the caller may change, and the
// task it starts runs as the schedule's owner, as a scheduled run would.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/schedules", Perm: authz.SchedulesRead, Summary: "List schedules (the caller's own; an admin every one), oldest first",
			Query: httpapi.WithPage(httpapi.Param{Name: "enabled", Desc: "true or false", Type: "boolean"}, httpapi.Param{Name: "created_by"}),
			Reply: httpapi.List[domain.Schedule]{}, Handler: s.list},
		{Method: "GET", Path: "/api/schedules/detail", Perm: authz.SchedulesRead, Summary: "A schedule with its next three runs and its last run",
			Query: httpapi.IDParam, Reply: domain.Schedule{}, Handler: s.detail},
		{Method: "POST", Path: "/api/schedules/create", Perm: authz.SchedulesCreate, Summary: "Create a schedule (EventBridge Scheduler expression, at most once every 5 minutes)",
			Body: CreateBody{}, Reply: domain.Schedule{}, Status: 201, Audit: httpapi.Audited("schedules.create", "schedule"), Handler: s.create},
		{Method: "POST", Path: "/api/schedules/update", Perm: authz.SchedulesUpdate, Summary: "Replace a schedule's settings (version must match)",
			Body: UpdateBody{}, Reply: domain.Schedule{}, Audit: httpapi.Audited("schedules.update", "schedule"), Handler: s.update},
		{Method: "POST", Path: "/api/schedules/delete", Perm: authz.SchedulesDelete, Summary: "Delete a schedule",
			Body: httpapi.IDBody{}, Status: 204, Audit: httpapi.Audited("schedules.delete", "schedule"), Handler: s.delete},
		{Method: "POST", Path: "/api/schedules/run", Perm: authz.SchedulesUpdate, Summary: "Run a schedule now, as its owner; answers the task it started",
			Body: httpapi.IDBody{}, Reply: domain.Task{}, Status: 201, Audit: httpapi.Audited("schedules.run", "schedule"), Handler: s.run},
	}
}
