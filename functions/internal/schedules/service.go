package schedules

import (
	"context"
	"log/slog"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

// Store is what the schedule routes need of the table (*store.Store).
type Store interface {
	CreateSchedule(ctx context.Context, c *domain.Schedule) error
	GetSchedule(ctx context.Context, ws, id string) (*domain.Schedule, error)
	UpdateSchedule(ctx context.Context, c *domain.Schedule) error
	PutSchedule(ctx context.Context, c *domain.Schedule, after int) error
	DeleteSchedule(ctx context.Context, ws, id string) error
	ListSchedules(ctx context.Context, ws string, f store.ScheduleFilter, p store.Page) (store.Listed[domain.Schedule], error)
	GetChannel(ctx context.Context, ws, id string) (*domain.Channel, error)
}

// Remote is where schedules fire in AWS: EventBridge Scheduler
// (NewScheduler). Put creates or replaces a schedule; Delete removes it
// and succeeds when it is already gone.
type Remote interface {
	Put(ctx context.Context, s *domain.Schedule) error
	Delete(ctx context.Context, ws, id string) error
}

// Runner runs one run of a schedule and answers the task it started
// (tasks.ScheduleRunner). A skipped run is an error wrapping
// tasks.ErrSkipped; a schedule disabled or deleted meanwhile is (nil, nil).
type Runner interface {
	Run(ctx context.Context, ws, scheduleID string, at time.Time) (*domain.Task, error)
}

// Checker validates the task a schedule will run, as the caller, the way
// POST /api/tasks/create does (*tasks.Service).
type Checker interface {
	Check(ctx context.Context, p *httpapi.Principal, req tasks.CreateRequest) (tasks.CreateRequest, error)
}

// Deps are the service's dependencies.
type Deps struct {
	Store  Store
	Tasks  Checker
	Runner Runner
	// Remote is EventBridge Scheduler in AWS; nil in local mode, where
	// Local fires schedules from the table.
	Remote Remote
	// Now is the clock (tests); nil means time.Now.
	Now func() time.Time
	Log *slog.Logger
}

// Service serves the schedule routes.
type Service struct {
	d Deps
}

// New builds the service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Remote == nil {
		d.Remote = noRemote{}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Service{d: d}
}

func (s *Service) now() time.Time { return s.d.Now().UTC() }

// noRemote is local mode: the table is the only copy.
type noRemote struct{}

func (noRemote) Put(context.Context, *domain.Schedule) error  { return nil }
func (noRemote) Delete(context.Context, string, string) error { return nil }
