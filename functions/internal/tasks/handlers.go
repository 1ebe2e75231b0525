package tasks

import (
	"context"
	"net/http"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/visibility"
)

// Detail is a task with its units and their coverage.
type Detail struct {
	domain.Task
	Units []UnitView `json:"units"`
	// Outcome names what the scan did not cover, where, why and the fix.
	Outcome *Outcome `json:"outcome"`
}

func (s *Service) list(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	q := r.URL.Query()
	f := store.TaskFilter{Status: domain.TaskStatus(q.Get("status")), CreatedBy: q.Get("created_by")}
	if f.Status != "" && !f.Status.Valid() {
		return domain.Invalid("status", "must be pending, running, completed, partially_completed, failed or cancelled")
	}
	if f.CreatedBy != "" && !domain.ValidID(f.CreatedBy) {
		return domain.Invalid("created_by", "not a user id")
	}
	var err error
	if f.From, f.To, err = httpapi.ParseTimeRange(r); err != nil {
		return err
	}
	if f.Visible, err = visibility.Of(r.Context(), p, s.store); err != nil {
		return err
	}
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.Task], error) {
		l, err := s.store.ListTasks(r.Context(), p.WorkspaceID, f, page)
		for i := range l.Items {
			l.Items[i].NoteRetention(s.now())
		}
		return l, err
	})
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

// owned reads a task the caller may change: one it can see and either
// created or, with scope:all, administers. A task it can see but not
// change is a 403 that says why; one it cannot see, a 404.
func (s *Service) owned(ctx context.Context, p *httpapi.Principal, id string) (*domain.Task, error) {
	t, err := s.visible(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !visibility.Owns(p, t.CreatedBy) {
		return nil, &domain.Error{Kind: domain.KindForbidden, Msg: "only the task's creator or an admin may cancel or delete it"}
	}
	return t, nil
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
	t.NoteRetention(s.now())
	outcome, views := explain(t, units)
	return httpapi.JSON(w, http.StatusOK, Detail{Task: *t, Units: views, Outcome: outcome})
}

func (s *Service) logs(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	t, err := s.visible(r.Context(), p, r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	level := domain.LogLevel(r.URL.Query().Get("level"))
	if level != "" && !level.Valid() {
		return domain.Invalid("level", "must be info, warning or error")
	}
	all := p.Can(authz.ScopeAll)
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.TaskLog], error) {
		l, err := s.store.ListLogs(r.Context(), p.WorkspaceID, t.ID, level, page)
		if !all { // the internal chain is for admins; the message is the classified reason
			for i := range l.Items {
				l.Items[i].Details = ""
			}
		}
		return l, err
	})
}

func (s *Service) cancel(w http.ResponseWriter, r *http.Request) error {
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	t, err := s.cancelTask(r.Context(), httpapi.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	ev.After = map[string]any{"status": t.Status}
	return httpapi.JSON(w, http.StatusOK, t)
}

func (s *Service) cancelTask(ctx context.Context, p *httpapi.Principal, id string) (*domain.Task, error) {
	t, err := s.owned(ctx, p, id)
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
	return s.store.AddLogs(ctx, t.WorkspaceID, domain.TaskLog{TaskID: t.ID, Level: domain.LogWarning, Message: "Task " + cause, Timestamp: s.now()})
}

func (s *Service) delete(w http.ResponseWriter, r *http.Request) error {
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	t, err := s.owned(r.Context(), httpapi.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	if !t.Status.Final() {
		return domain.Conflict("the task is " + string(t.Status) + ": cancel it first")
	}
	ev.Before = t
	// Rows first, then objects: a unit still finishing writes its result
	// either before the objects go (and goes with them) or after the row
	// is gone (and removes it itself, taskflow.dropIfDeleted).
	if err := s.store.DeleteTask(r.Context(), t); err != nil {
		return err
	}
	if err := s.blobs.DeletePrefix(r.Context(), layout.TaskPrefix(t.ID)); err != nil {
		return err
	}
	return httpapi.NoContent(w)
}
