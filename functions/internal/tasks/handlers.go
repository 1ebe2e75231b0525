package tasks

import (
	"context"
	"net/http"

	"github.com/cloudcensus/cloudcensus/functions/internal/audit"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/visibility"
)

// Handlers binds the task, upload and worker routes.
func (s *Service) Handlers() httpapi.Handlers {
	return httpapi.Handlers{
		"GET /api/tasks":            s.list,
		"POST /api/tasks/create":    s.create,
		"GET /api/tasks/detail":     s.detail,
		"POST /api/tasks/delete":    s.delete,
		"GET /api/tasks/logs":       s.logs,
		"POST /api/tasks/cancel":    s.cancel,
		"GET /api/tasks/export":     s.export,
		"POST /api/uploads/diagram": s.uploadDiagram,
		"GET /api/workers":          s.workers,
		"GET /api/workers/stats":    s.workerStats,
		"POST /api/workers/purge":   s.purge,
	}
}

// IDBody names a task.
type IDBody struct {
	ID string `json:"id"`
}

// Detail is a task with its units and their coverage.
type Detail struct {
	domain.Task
	Units []domain.UnitState `json:"units"`
}

func (s *Service) list(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	page, err := httpapi.ParsePage(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.TaskFilter{Status: domain.TaskStatus(q.Get("status")), CreatedBy: q.Get("created_by")}
	if f.Status != "" && !f.Status.Valid() {
		return domain.Invalid("status", "must be pending, running, completed, partially_completed, failed or cancelled")
	}
	if f.CreatedBy != "" && !domain.ValidID(f.CreatedBy) {
		return domain.Invalid("created_by", "not a user id")
	}
	if f.From, f.To, err = httpapi.ParseTimeRange(r); err != nil {
		return err
	}
	if f.Visible, err = visibility.Of(r.Context(), p, s.store); err != nil {
		return err
	}
	l, err := s.store.ListTasks(r.Context(), p.WorkspaceID, f, store.Page{Number: page.Page, Size: page.PageSize, Cursor: page.Cursor})
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, httpapi.NewList(l.Items, page, l.Total, l.Next))
}

// visible reads a task the caller may see, or answers 404.
func (s *Service) visible(ctx context.Context, p *httpapi.Principal, id string) (*domain.Task, error) {
	if !domain.ValidID(id) {
		return nil, domain.Invalid("id", "not a task id")
	}
	t, err := s.store.GetTask(ctx, p.WorkspaceID, id)
	if err != nil {
		return nil, err
	}
	return t, visibility.Require(ctx, p, s.store, t.CreatedBy, t.CredentialIDs, "task")
}

func (s *Service) detail(w http.ResponseWriter, r *http.Request) error {
	t, err := s.visible(r.Context(), httpapi.PrincipalFrom(r.Context()), r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	units, err := s.store.Units(r.Context(), t.WorkspaceID, t.ID)
	if err != nil {
		return err
	}
	if units == nil {
		units = []domain.UnitState{}
	}
	return httpapi.JSON(w, http.StatusOK, Detail{Task: *t, Units: units})
}

func (s *Service) logs(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	page, err := httpapi.ParsePage(r)
	if err != nil {
		return err
	}
	t, err := s.visible(r.Context(), p, r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	level := domain.LogLevel(r.URL.Query().Get("level"))
	if level != "" && !level.Valid() {
		return domain.Invalid("level", "must be info, warning or error")
	}
	l, err := s.store.ListLogs(r.Context(), p.WorkspaceID, t.ID, level, store.Page{Number: page.Page, Size: page.PageSize, Cursor: page.Cursor})
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, httpapi.NewList(l.Items, page, l.Total, l.Next))
}

func (s *Service) cancel(w http.ResponseWriter, r *http.Request) error {
	var b IDBody
	ev := audit.Event{Action: "tasks.cancel", ResourceType: "task"}
	if err := httpapi.Decode(r, &b); err != nil {
		return s.audit.Record(r, ev, err)
	}
	ev.ResourceID = b.ID
	t, err := s.cancelTask(r.Context(), httpapi.PrincipalFrom(r.Context()), b.ID)
	if err == nil {
		ev.After = map[string]any{"status": t.Status}
	}
	if err := s.audit.Record(r, ev, err); err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, t)
}

func (s *Service) cancelTask(ctx context.Context, p *httpapi.Principal, id string) (*domain.Task, error) {
	t, err := s.visible(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if t.Status.Final() {
		return nil, domain.Conflict("the task has already ended (" + string(t.Status) + ")")
	}
	if err := s.stop(ctx, t, "cancelled by "+p.Username); err != nil {
		return nil, err
	}
	return s.store.GetTask(ctx, t.WorkspaceID, t.ID)
}

// stop stops a task's execution and marks it cancelled. The status is set
// here, not left to the status-change event, so the caller sees it at once.
func (s *Service) stop(ctx context.Context, t *domain.Task, cause string) error {
	if t.ExecutionARN != "" {
		if err := s.orch.Stop(ctx, t.ExecutionARN, cause); err != nil {
			return err
		}
	}
	if _, err := s.store.EndTask(ctx, t.WorkspaceID, t.ID, domain.TaskCancelled, cause, s.now()); err != nil {
		return err
	}
	return s.store.AddLogs(ctx, t.WorkspaceID, domain.TaskLog{TaskID: t.ID, Level: domain.LogWarning, Message: "task " + cause, Timestamp: s.now()})
}

func (s *Service) delete(w http.ResponseWriter, r *http.Request) error {
	var b IDBody
	ev := audit.Event{Action: "tasks.delete", ResourceType: "task"}
	if err := httpapi.Decode(r, &b); err != nil {
		return s.audit.Record(r, ev, err)
	}
	ev.ResourceID = b.ID
	t, err := s.visible(r.Context(), httpapi.PrincipalFrom(r.Context()), b.ID)
	if err == nil && !t.Status.Final() {
		err = domain.Conflict("the task is " + string(t.Status) + ": cancel it first")
	}
	if err == nil {
		ev.Before = t
		err = s.blobs.DeletePrefix(r.Context(), "tasks/"+t.ID+"/")
	}
	if err == nil {
		err = s.store.DeleteTask(r.Context(), t)
	}
	if err := s.audit.Record(r, ev, err); err != nil {
		return err
	}
	return httpapi.NoContent(w)
}

// readResults streams a task's unit results one at a time.
func (s *Service) readResults(ctx context.Context, taskID string, fn func(*inventory.Result) error) error {
	keys, err := s.blobs.List(ctx, inventory.ResultPrefix(taskID))
	if err != nil {
		return err
	}
	for _, k := range keys {
		rc, err := s.blobs.Get(ctx, k)
		if err != nil {
			return err
		}
		res, err := inventory.Decode(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if err := fn(res); err != nil {
			return err
		}
	}
	return nil
}
