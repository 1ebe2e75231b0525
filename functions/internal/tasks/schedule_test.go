package tasks_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

var _ tasks.ScheduleStore = (*store.Store)(nil)

// events records what a run publishes.
type events struct {
	mu  sync.Mutex
	got []event.Event
}

func (e *events) Publish(_ context.Context, ev event.Event) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.got = append(e.got, ev)
	return nil
}

// schedule stores an enabled schedule owned by user with credentials.
func (h *harness) schedule(user string, creds ...string) *domain.Schedule {
	h.t.Helper()
	m := metadata()
	sc := &domain.Schedule{ID: domain.NewID(), WorkspaceID: ws, Name: "Nightly", Expression: "cron(0 2 * * ? *)", Timezone: "UTC",
		CredentialIDs: creds, Regions: []string{"eu-west-1"}, Enabled: true, CreatedBy: h.Users[user].ID,
		ProjectMetadata: domain.ProjectMetadata{ClientName: m["clientName"].(string), ProjectName: m["projectName"].(string),
			BDManager: m["bdManager"].(string), SolutionsArchitect: m["solutionsArchitect"].(string),
			CloudEngineer: m["cloudEngineer"].(string), CloudEngineerEmail: m["cloudEngineerEmail"].(string)},
		NextRunAt: time.Date(2026, 1, 2, 2, 0, 0, 0, time.UTC)}
	if err := h.Store.CreateSchedule(context.Background(), sc); err != nil {
		h.t.Fatal(err)
	}
	return sc
}

func TestScheduledRunStartsOneTask(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	pub := &events{}
	r := &tasks.ScheduleRunner{Tasks: h.svc, Store: h.Store, Publisher: pub}
	sc := h.schedule("u1", h.creds["u1"].ID)
	due := time.Date(2026, 1, 2, 2, 0, 0, 0, time.UTC)
	in := tasks.ScheduledRun{WorkspaceID: ws, ScheduleID: sc.ID, ScheduledTime: "2026-01-02T02:00:00Z"}
	first, err := r.RunScheduled(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := r.Run(ctx, ws, sc.ID, due)
	if err != nil || again.ID != first.ID || h.orch.startedCount(first.ID) != 1 {
		t.Fatalf("a retried delivery made another task: %+v %v", again, err)
	}
	stored, err := h.Store.GetTask(ctx, ws, first.ID)
	if err != nil || stored.ScheduleID != sc.ID || stored.CreatedBy != h.Users["u1"].ID || stored.Name != "Nightly (2026-01-02T02:00:00Z)" {
		t.Fatalf("task %+v %v", stored, err)
	}
	got, _ := h.Store.GetSchedule(ctx, ws, sc.ID)
	if got.LastRun == nil || got.LastRun.TaskID != first.ID || got.LastRun.Status != domain.ScheduleRunStarted || !got.LastRun.Time.Equal(due) {
		t.Fatalf("last run %+v", got.LastRun)
	}
	if len(pub.got) != 0 {
		t.Fatalf("published %+v", pub.got)
	}

	// Disabled or deleted: nothing happens.
	got.Enabled = false
	if err := h.Store.UpdateSchedule(ctx, got); err != nil {
		t.Fatal(err)
	}
	if task, err := r.Run(ctx, ws, sc.ID, due.Add(24*time.Hour)); task != nil || err != nil {
		t.Fatalf("a disabled schedule ran: %+v %v", task, err)
	}
	if err := h.Store.DeleteSchedule(ctx, ws, sc.ID); err != nil {
		t.Fatal(err)
	}
	if task, err := r.Run(ctx, ws, sc.ID, due.Add(48*time.Hour)); task != nil || err != nil {
		t.Fatalf("a deleted schedule ran: %+v %v", task, err)
	}
	if _, err := r.RunScheduled(ctx, tasks.ScheduledRun{WorkspaceID: ws, ScheduleID: sc.ID}); err == nil {
		t.Fatal("a run without its time was taken")
	}
}

func TestScheduledRunSkips(t *testing.T) {
	ctx := context.Background()
	due := time.Date(2026, 1, 2, 2, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, code string
		setup      func(h *harness) *domain.Schedule
	}{
		{"owner inactive", tasks.SkipOwnerInactive, func(h *harness) *domain.Schedule {
			sc := h.schedule("u1", h.creds["u1"].ID)
			before := *h.Users["u1"]
			u := before
			u.Status = domain.UserInactive
			if err := h.Store.UpdateUser(ctx, &before, &u); err != nil {
				h.t.Fatal(err)
			}
			return sc
		}},
		{"owner lost tasks:create", tasks.SkipOwnerForbidden, func(h *harness) *domain.Schedule {
			sc := h.schedule("u1", h.creds["u1"].ID)
			rp, err := h.Store.GetRole(ctx, ws, domain.RoleUser)
			if err != nil {
				h.t.Fatal(err)
			}
			rp.Permissions = slices.DeleteFunc(rp.Permissions, func(p string) bool { return p == authz.TasksCreate })
			if err := h.Store.UpdateRole(ctx, rp); err != nil {
				h.t.Fatal(err)
			}
			return sc
		}},
		{"credential no longer assigned", tasks.SkipCredential, func(h *harness) *domain.Schedule {
			sc := h.schedule("u1", h.creds["u1"].ID)
			h.assign("u1")
			return sc
		}},
		{"credential disabled", tasks.SkipCredential, func(h *harness) *domain.Schedule {
			return h.schedule("admin", h.creds["inactive"].ID)
		}},
		{"credential deleted", tasks.SkipCredential, func(h *harness) *domain.Schedule {
			sc := h.schedule("admin", h.creds["admin"].ID)
			c := h.creds["admin"]
			if err := h.Store.DeleteCredential(ctx, &c); err != nil {
				h.t.Fatal(err)
			}
			return sc
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			pub := &events{}
			r := &tasks.ScheduleRunner{Tasks: h.svc, Store: h.Store, Publisher: pub, ConsoleURL: "https://census.example.com/"}
			sc := tc.setup(h)
			task, err := r.Run(ctx, ws, sc.ID, due)
			if task != nil || !errors.Is(err, tasks.ErrSkipped) || !domain.Is(err, domain.KindConflict) {
				t.Fatalf("run: %+v %v", task, err)
			}
			got, _ := h.Store.GetSchedule(ctx, ws, sc.ID)
			if got.LastRun == nil || got.LastRun.Status != domain.ScheduleRunSkipped || got.LastRun.Reason == "" || got.LastRun.TaskID != "" {
				t.Fatalf("last run %+v", got.LastRun)
			}
			if len(pub.got) != 1 {
				t.Fatalf("published %+v", pub.got)
			}
			ev := pub.got[0]
			if ev.Type != event.ScheduleSkipped || ev.ID != "schedule."+sc.ID+".2026-01-02T02:00:00Z" || ev.Owner != sc.CreatedBy || ev.WorkspaceID != ws ||
				ev.Schedule == nil || ev.Schedule.Code != tc.code || ev.Schedule.Reason != got.LastRun.Reason || !ev.Schedule.DueAt.Equal(due) ||
				ev.Schedule.Name != "Nightly" || ev.Schedule.URL != "https://census.example.com/schedules/"+sc.ID {
				t.Fatalf("event %+v %+v", ev, ev.Schedule)
			}
			if h.orch.startedCount("") != 0 || len(h.orch.started) != 0 {
				t.Fatalf("started %v", h.orch.started)
			}
			// No publisher: still skipped and recorded.
			r.Publisher = nil
			if _, err := r.Run(ctx, ws, sc.ID, due.Add(time.Hour)); !errors.Is(err, tasks.ErrSkipped) || !strings.Contains(err.Error(), "skipped") {
				t.Fatalf("without a publisher: %v", err)
			}
		})
	}
}
