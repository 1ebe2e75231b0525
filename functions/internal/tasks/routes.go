package tasks

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Routes are the task, upload and worker routes, each with its handler.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/tasks", Perm: authz.TasksRead, Summary: "List scan tasks, newest first",
			Query: httpapi.WithPage(httpapi.Param{Name: "status"}, httpapi.Param{Name: "created_by"},
				httpapi.Param{Name: "from", Desc: "RFC 3339"}, httpapi.Param{Name: "to", Desc: "RFC 3339"}),
			Reply: httpapi.List[domain.Task]{}, Handler: s.list},
		{Method: "POST", Path: "/api/tasks/create", Perm: authz.TasksCreate, Summary: "Create a scan task and start it (honours Idempotency-Key)",
			Body: CreateRequest{}, Reply: domain.Task{}, Status: 201, Audit: httpapi.Audited("tasks.create", "task"), Handler: s.create},
		{Method: "GET", Path: "/api/tasks/detail", Perm: authz.TasksRead, Summary: "A task with its units and their coverage",
			Query: httpapi.IDParam, Reply: Detail{}, Handler: s.detail},
		{Method: "GET", Path: "/api/tasks/diagrams", Perm: authz.TasksRead, Summary: "The network diagrams drawn from the task's results, as SVG",
			Query: httpapi.IDParam, Reply: Diagrams{}, Handler: s.diagrams},
		{Method: "POST", Path: "/api/tasks/delete", Perm: authz.TasksDelete, Summary: "Delete an ended task with its logs and results",
			Body: httpapi.IDBody{}, Status: 204, Audit: httpapi.Audited("tasks.delete", "task"), Handler: s.delete},
		{Method: "GET", Path: "/api/tasks/logs", Perm: authz.TasksRead, Summary: "A task's log, oldest first",
			Query: httpapi.WithPage(httpapi.Param{Name: "id", Required: true}, httpapi.Param{Name: "level"}),
			Reply: httpapi.List[domain.TaskLog]{}, Handler: s.logs},
		{Method: "POST", Path: "/api/tasks/cancel", Perm: authz.TasksCancel, Summary: "Stop a running task",
			Body: httpapi.IDBody{}, Reply: domain.Task{}, Audit: httpapi.Audited("tasks.cancel", "task"), Handler: s.cancel},
		{Method: "POST", Path: "/api/tasks/export", Perm: authz.TasksExport, Summary: "Start writing the task's inventory as JSON, CSV or an Excel workbook; the file is at /api/exports/detail",
			Body: ExportBody{}, Reply: domain.Job{}, Status: 202, Audit: httpapi.Audited("tasks.export", "task"), Handler: s.export},
		{Method: "POST", Path: "/api/uploads/diagram", Perm: authz.UploadsCreate, Summary: "A presigned PUT for the network diagram (PNG or JPEG, at most 10 MB)",
			Body: UploadRequest{}, Reply: httpapi.Upload{}, Handler: s.uploadDiagram},
		{Method: "GET", Path: "/api/workers", Perm: authz.WorkersRead, Summary: "Running executions and their units in flight",
			Reply: Workers{}, Handler: s.workers},
		{Method: "GET", Path: "/api/workers/stats", Perm: authz.WorkersRead, Summary: "Unit counts and average duration over recent tasks",
			Reply: Stats{}, Handler: s.workerStats},
		{Method: "POST", Path: "/api/workers/purge", Perm: authz.WorkersPurge, Summary: "Stop every queued and running execution; their tasks are cancelled",
			Reply: Purged{}, Audit: httpapi.Audited("workers.purge", "execution"), Handler: s.purge},
	}
}
