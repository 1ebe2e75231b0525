package routes

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

var taskRoutes = []httpapi.Route{
	{Method: "GET", Path: "/api/tasks", Perm: authz.TasksRead, Function: FnTasks, Summary: "List scan tasks, newest first",
		Query: withPage(httpapi.Param{Name: "status"}, httpapi.Param{Name: "created_by"}, httpapi.Param{Name: "from", Desc: "RFC 3339"}, httpapi.Param{Name: "to", Desc: "RFC 3339"}),
		Reply: httpapi.List[domain.Task]{}},
	{Method: "POST", Path: "/api/tasks/create", Perm: authz.TasksCreate, Function: FnTasks, Summary: "Create a scan task and start it (honours Idempotency-Key)",
		Body: tasks.CreateRequest{}, Reply: domain.Task{}, Status: 201},
	{Method: "GET", Path: "/api/tasks/detail", Perm: authz.TasksRead, Function: FnTasks, Summary: "A task with its units and their coverage", Query: idParam, Reply: tasks.Detail{}},
	{Method: "POST", Path: "/api/tasks/delete", Perm: authz.TasksDelete, Function: FnTasks, Summary: "Delete an ended task with its logs and results", Body: tasks.IDBody{}, Status: 204},
	{Method: "GET", Path: "/api/tasks/logs", Perm: authz.TasksRead, Function: FnTasks, Summary: "A task's log, oldest first",
		Query: withPage(httpapi.Param{Name: "id", Required: true}, httpapi.Param{Name: "level"}), Reply: httpapi.List[domain.TaskLog]{}},
	{Method: "POST", Path: "/api/tasks/cancel", Perm: authz.TasksCancel, Function: FnTasks, Summary: "Stop a running task", Body: tasks.IDBody{}, Reply: domain.Task{}},
	{Method: "GET", Path: "/api/tasks/export", Perm: authz.TasksExport, Function: FnTasks, Summary: "The task's inventory as JSON or CSV",
		Query: []httpapi.Param{{Name: "id", Required: true}, {Name: "format", Desc: "json (default) or csv"}}},
	{Method: "POST", Path: "/api/uploads/diagram", Perm: authz.UploadsCreate, Function: FnTasks, Summary: "A presigned PUT for the network diagram (PNG or JPEG, at most 10 MB)",
		Body: tasks.UploadRequest{}, Reply: tasks.Upload{}},
}
