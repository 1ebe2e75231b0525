package tasks

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
)

// ScheduledRun is what an EventBridge Scheduler schedule sends the
// schedule-run function, and what the local scheduler and "run now" hand
// the same path: which schedule, and the run's time. Everything else (the
// task, its owner) is read from the table when the run happens, so an
// edit or a change to the owner's rights applies to the next run.
// ScheduledTime is the schedule's <aws.scheduler.scheduled-time>, so a
// retried delivery of the same run creates one task.
type ScheduledRun struct {
	WorkspaceID   string `json:"workspaceId"`
	ScheduleID    string `json:"scheduleId"`
	ScheduledTime string `json:"scheduledTime"`
}

// ScheduleStore is what a scheduled run reads and records (*store.Store).
type ScheduleStore interface {
	GetSchedule(ctx context.Context, ws, id string) (*domain.Schedule, error)
	RecordScheduleRun(ctx context.Context, ws, id string, run domain.ScheduleRun) error
	GetUser(ctx context.Context, ws, id string) (*domain.User, error)
	GetRole(ctx context.Context, ws string, role domain.Role) (*domain.RolePermissions, error)
}

// Publisher hands events to the notification channels.
type Publisher interface {
	Publish(ctx context.Context, ev event.Event) error
}

// ErrSkipped marks a run that started nothing because its owner or one of
// its credentials can no longer be used; the error's message says why.
// It is recorded and published, and not worth retrying.
var ErrSkipped = errors.New("scheduled run skipped")

// Skip codes, as schedule.skipped events carry them.
const (
	SkipOwnerGone       = "owner_gone"
	SkipOwnerInactive   = "owner_inactive"
	SkipOwnerForbidden  = "owner_forbidden"
	SkipCredential      = "credential_unavailable"
	SkipInvalid         = "invalid"
	SkipLimit           = "limit"
	scheduleTimeFormat  = time.RFC3339
	scheduleEventPrefix = "schedule."
)

// ScheduleRunner runs schedules: the schedule-run Lambda's handler, the
// local scheduler's Runner and "run now" are this one path.
type ScheduleRunner struct {
	Tasks *Service
	Store ScheduleStore
	// Publisher receives schedule.skipped events; nil publishes nothing.
	Publisher Publisher
	// ConsoleURL is the console's base URL, for the event's link.
	ConsoleURL string
}

// Run runs schedule id of workspace ws for its run at at (the local
// scheduler's and "run now"'s entry).
func (r *ScheduleRunner) Run(ctx context.Context, ws, id string, at time.Time) (*domain.Task, error) {
	return r.RunScheduled(ctx, ScheduledRun{WorkspaceID: ws, ScheduleID: id, ScheduledTime: at.UTC().Format(scheduleTimeFormat)})
}

// RunScheduled creates and starts a schedule's task through the same path
// as POST /api/tasks/create, as the schedule's owner with the permissions
// and credentials the owner has now. A schedule disabled or deleted since
// it fired starts nothing and answers (nil, nil). An owner that is gone,
// inactive or lost tasks:create, or a credential it may no longer use (or
// that is disabled or deleted), skips the run: lastRun says why, a
// schedule.skipped event is published, and the error wraps ErrSkipped.
// The (schedule, scheduled time) pair is the idempotency key: a retried
// delivery answers the task the first one made.
func (r *ScheduleRunner) RunScheduled(ctx context.Context, in ScheduledRun) (*domain.Task, error) {
	if in.WorkspaceID == "" || in.ScheduleID == "" || in.ScheduledTime == "" {
		return nil, fmt.Errorf("scheduled run: workspaceId, scheduleId and scheduledTime are required")
	}
	due, err := time.Parse(time.RFC3339, in.ScheduledTime)
	if err != nil {
		return nil, fmt.Errorf("scheduled run %s: scheduledTime %q: %w", in.ScheduleID, in.ScheduledTime, err)
	}
	due = due.UTC()
	sc, err := r.Store.GetSchedule(ctx, in.WorkspaceID, in.ScheduleID)
	if domain.Is(err, domain.KindNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("scheduled run %s: %w", in.ScheduleID, err)
	}
	if !sc.Enabled {
		return nil, nil
	}
	p, code, reason, err := r.owner(ctx, sc)
	if err != nil {
		return nil, fmt.Errorf("scheduled run %s: %w", sc.ID, err)
	}
	if code != "" {
		return nil, r.skip(ctx, sc, due, code, reason)
	}
	req := CreateRequest{Name: sc.Name + " (" + due.Format(scheduleTimeFormat) + ")", CredentialIDs: sc.CredentialIDs,
		Regions: sc.Regions, Services: sc.Services, ProjectMetadata: sc.ProjectMetadata, TemplateID: sc.TemplateID,
		Exclusions: sc.Exclusions}
	t, _, err := r.Tasks.createTask(ctx, p, req, "schedule:"+sc.ID+":"+due.Format(scheduleTimeFormat), sc.ID)
	if t == nil && err != nil {
		if code := skipCode(err); code != "" {
			return nil, r.skip(ctx, sc, due, code, skipReason(err))
		}
		return nil, fmt.Errorf("scheduled run %s: %w", sc.ID, err)
	}
	run := domain.ScheduleRun{TaskID: t.ID, Status: domain.ScheduleRunStarted, Time: due}
	if err != nil { // made, but its scan could not start: the task says failed
		run.Status, run.Reason = domain.ScheduleRunFailed, "the scan could not start"
	}
	if rerr := r.Store.RecordScheduleRun(ctx, sc.WorkspaceID, sc.ID, run); rerr != nil && !domain.Is(rerr, domain.KindNotFound) {
		return t, errors.Join(err, fmt.Errorf("record run of schedule %s: %w", sc.ID, rerr))
	}
	if err != nil {
		return t, fmt.Errorf("scheduled run %s: %w", sc.ID, err)
	}
	return t, nil
}

// owner is the schedule's owner as a principal with its current rights,
// or the skip code and reason that say why it cannot run the schedule.
func (r *ScheduleRunner) owner(ctx context.Context, sc *domain.Schedule) (*httpapi.Principal, string, string, error) {
	u, err := r.Store.GetUser(ctx, sc.WorkspaceID, sc.CreatedBy)
	if domain.Is(err, domain.KindNotFound) {
		return nil, SkipOwnerGone, "the schedule's owner no longer exists", nil
	}
	if err != nil {
		return nil, "", "", fmt.Errorf("owner: %w", err)
	}
	if u.Status != domain.UserActive {
		return nil, SkipOwnerInactive, fmt.Sprintf("the schedule's owner %s is %s", u.Username, u.Status), nil
	}
	p, err := rights.PrincipalOf(ctx, r.Store, u)
	if err != nil {
		return nil, "", "", fmt.Errorf("owner's roles: %w", err)
	}
	if !p.Can(authz.TasksCreate) {
		return nil, SkipOwnerForbidden, fmt.Sprintf("the schedule's owner %s may no longer create tasks", u.Username), nil
	}
	return p, "", "", nil
}

// skipCode classifies a refusal of the task: what a person must fix
// (a credential, the request, a limit) skips the run; anything else is
// a failure worth a retry.
func skipCode(err error) string {
	var de *domain.Error
	if !errors.As(err, &de) {
		return ""
	}
	switch {
	case de.Kind == domain.KindInvalid && de.Field == "credentialIds":
		return SkipCredential
	case de.Kind == domain.KindInvalid, de.Kind == domain.KindForbidden, de.Kind == domain.KindNotFound:
		return SkipInvalid
	case de.Kind == domain.KindThrottled, de.Kind == domain.KindConflict:
		return SkipLimit
	}
	return ""
}

func skipReason(err error) string {
	var de *domain.Error
	if errors.As(err, &de) {
		if de.Field != "" {
			return de.Field + ": " + de.Msg
		}
		return de.Msg
	}
	return err.Error()
}

// skip records and publishes a skipped run; its event id is the run's,
// so a retried delivery publishes the same event.
func (r *ScheduleRunner) skip(ctx context.Context, sc *domain.Schedule, due time.Time, code, reason string) error {
	ctx = context.WithoutCancel(ctx)
	run := domain.ScheduleRun{Status: domain.ScheduleRunSkipped, Time: due, Reason: reason}
	var errs []error
	if err := r.Store.RecordScheduleRun(ctx, sc.WorkspaceID, sc.ID, run); err != nil && !domain.Is(err, domain.KindNotFound) {
		errs = append(errs, fmt.Errorf("record skipped run of schedule %s: %w", sc.ID, err))
	}
	if r.Publisher != nil {
		stamp := due.Format(scheduleTimeFormat)
		ev := event.Event{ID: scheduleEventPrefix + sc.ID + "." + stamp, Type: event.ScheduleSkipped, WorkspaceID: sc.WorkspaceID,
			Time: r.Tasks.now(), Owner: sc.CreatedBy,
			Schedule: &event.ScheduleSkip{ScheduleID: sc.ID, Name: sc.Name, Reason: reason, Code: code, DueAt: due,
				URL: strings.TrimRight(r.ConsoleURL, "/") + "/schedules/" + sc.ID}}
		if err := r.Publisher.Publish(ctx, ev); err != nil {
			errs = append(errs, fmt.Errorf("publish skipped run of schedule %s: %w", sc.ID, err))
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return &domain.Error{Kind: domain.KindConflict, Msg: "the run was skipped: " + reason, Err: ErrSkipped}
}
