package schedules

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

func (s *Service) list(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	q := r.URL.Query()
	var f store.ScheduleFilter
	switch q.Get("enabled") {
	case "":
	case "true", "false":
		on := q.Get("enabled") == "true"
		f.Enabled = &on
	default:
		return domain.Invalid("enabled", "must be true or false")
	}
	if f.CreatedBy = q.Get("created_by"); f.CreatedBy != "" && !domain.ValidID(f.CreatedBy) {
		return domain.Invalid("created_by", "not a user id")
	}
	others := false
	if !p.Can(authz.ScopeAll) { // only one's own
		others = f.CreatedBy != "" && f.CreatedBy != p.UserID
		f.CreatedBy = p.UserID
	}
	now := s.now()
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.Schedule], error) {
		if others {
			return domain.Listed[domain.Schedule]{}, nil
		}
		l, err := s.d.Store.ListSchedules(ctx, p.WorkspaceID, f, page)
		for i := range l.Items {
			withNextRuns(&l.Items[i], now)
		}
		return l, err
	})
}

// visible reads a schedule the caller may see and change: its own, or
// any with scope:all. Any other answers 404.
func (s *Service) visible(ctx context.Context, p *httpapi.Principal, id string) (*domain.Schedule, error) {
	if !domain.ValidID(id) {
		return nil, domain.Invalid("id", "not a schedule id")
	}
	sc, err := s.d.Store.GetSchedule(ctx, p.WorkspaceID, id)
	if err != nil {
		return nil, err
	}
	if !p.Can(authz.ScopeAll) && sc.CreatedBy != p.UserID {
		return nil, domain.NotFound("schedule")
	}
	return sc, nil
}

func (s *Service) detail(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.visible(r.Context(), httpapi.PrincipalFrom(r.Context()), r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, withNextRuns(sc, s.now()))
}

// Create, update and delete keep the table and Scheduler in step: the
// table is written first, then Scheduler; when Scheduler refuses, the
// table write is undone (conditionally, so a later edit is never
// overwritten) and the call fails, leaving neither half.

func (s *Service) create(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	var b CreateBody
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	sc := &domain.Schedule{ID: domain.NewID(), WorkspaceID: p.WorkspaceID, CreatedBy: p.UserID, CreatedByName: p.Username}
	if err := s.apply(ctx, p, b, sc); err != nil {
		return err
	}
	if err := s.d.Store.CreateSchedule(ctx, sc); err != nil {
		return err
	}
	if err := s.d.Remote.Put(ctx, sc); err != nil {
		undo := s.d.Store.DeleteSchedule(context.WithoutCancel(ctx), sc.WorkspaceID, sc.ID)
		return s.remoteFailed("create", sc.ID, err, undo)
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID, ev.After = sc.ID, sc
	return httpapi.JSON(w, http.StatusCreated, withNextRuns(sc, s.now()))
}

func (s *Service) update(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	var b UpdateBody
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = b.ID
	if b.Version < 1 {
		return domain.Invalid("version", "is required: send the version you read")
	}
	sc, err := s.visible(ctx, p, b.ID)
	if err != nil {
		return err
	}
	before := *sc
	ev.Before = &before
	if err := s.apply(ctx, p, b.CreateBody, sc); err != nil {
		return err
	}
	sc.Version = b.Version
	if err := s.d.Store.UpdateSchedule(ctx, sc); err != nil {
		return err
	}
	if err := s.d.Remote.Put(ctx, sc); err != nil {
		undo := s.d.Store.PutSchedule(context.WithoutCancel(ctx), &before, sc.Version)
		return s.remoteFailed("update", sc.ID, err, undo)
	}
	ev.After = sc
	return httpapi.JSON(w, http.StatusOK, withNextRuns(sc, s.now()))
}

func (s *Service) delete(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	sc, err := s.visible(ctx, p, id)
	if err != nil {
		return err
	}
	ev.Before = sc
	if err := s.d.Store.DeleteSchedule(ctx, sc.WorkspaceID, sc.ID); err != nil {
		return err
	}
	if err := s.d.Remote.Delete(ctx, sc.WorkspaceID, sc.ID); err != nil {
		undo := s.d.Store.PutSchedule(context.WithoutCancel(ctx), sc, 0)
		return s.remoteFailed("delete", sc.ID, err, undo)
	}
	return httpapi.NoContent(w)
}

// remoteFailed answers a Scheduler failure; a failed undo is logged, as
// it leaves the two halves apart until the schedule is saved again.
func (s *Service) remoteFailed(op, id string, err, undo error) error {
	if undo != nil {
		s.d.Log.Error("schedule: undo after a Scheduler failure failed", "op", op, "schedule", id, "error", errors.Join(err, undo).Error())
	}
	return domain.Unavailable("EventBridge Scheduler did not take the change; nothing was changed: try again", err)
}

func (s *Service) run(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	sc, err := s.visible(ctx, p, id)
	if err != nil {
		return err
	}
	if !sc.Enabled {
		return domain.Conflict("the schedule is disabled: enable it to run it")
	}
	t, err := s.d.Runner.Run(ctx, sc.WorkspaceID, sc.ID, s.now().Truncate(time.Second))
	if t != nil {
		ev.After = t
	}
	if err != nil {
		return err
	}
	if t == nil { // deleted or disabled meanwhile
		return domain.NotFound("schedule")
	}
	return httpapi.JSON(w, http.StatusCreated, t)
}
