package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Schedule rows:
//
//	schedule  PK WS#<ws>#SCHED   SK SCHED#<id>
//	          GSI1 WS#<ws>#SCHEDBY#<createdBy> / SCHED#<id>    (a user's own schedules)
//	          GSI2 SCHEDULEDUE / <nextRunAt>#<ws>#<id>          (only while enabled with a next run)
//
// The due index is, like DLVDUE, a partition outside any workspace: the
// local scheduler must find what is due before it knows the workspaces.
// A schedule leaves it when it is disabled or has no further run (an at()
// that fired). ClaimRun moves a schedule along it with a conditional
// write on its current due key, so of two schedulers (or one before and
// after a restart) exactly one fires each run.
type scheduleItem struct {
	Meta
	domain.Schedule
}

const scheduleDuePK = "SCHEDULEDUE"

func schedulePK(ws string) string       { return "WS#" + ws + "#SCHED" }
func scheduleSK(id string) string       { return "SCHED#" + id }
func scheduleByPK(ws, by string) string { return "WS#" + ws + "#SCHEDBY#" + by }
func scheduleDueSK(at time.Time, ws, id string) string {
	return at.UTC().Format(dueTimeFormat) + "#" + ws + "#" + id
}

// due reports whether a schedule belongs in the due index.
func scheduleDue(c *domain.Schedule) bool { return c.Enabled && !c.NextRunAt.IsZero() }

func newScheduleItem(c *domain.Schedule) *scheduleItem {
	c.NextRunAt = utcOrZero(c.NextRunAt)
	it := &scheduleItem{
		Meta: Meta{PK: schedulePK(c.WorkspaceID), SK: scheduleSK(c.ID), Type: "schedule",
			GSI1PK: scheduleByPK(c.WorkspaceID, c.CreatedBy), GSI1SK: scheduleSK(c.ID)},
		Schedule: *c,
	}
	if scheduleDue(c) {
		it.GSI2PK, it.GSI2SK = scheduleDuePK, scheduleDueSK(c.NextRunAt, c.WorkspaceID, c.ID)
	}
	return it
}

func utcOrZero(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// CreateSchedule stores a new schedule at version 1.
func (s *Store) CreateSchedule(ctx context.Context, c *domain.Schedule) error {
	it := newScheduleItem(c)
	if err := s.create(ctx, it, owner(c.WorkspaceID, c.ID)); err != nil {
		return fmt.Errorf("create schedule %s: %w", c.ID, err)
	}
	*c = it.Schedule
	return nil
}

// GetSchedule reads a schedule of a workspace.
func (s *Store) GetSchedule(ctx context.Context, ws, id string) (*domain.Schedule, error) {
	var it scheduleItem
	if err := s.get(ctx, schedulePK(ws), scheduleSK(id), "schedule", &it); err != nil {
		return nil, err
	}
	return &it.Schedule, nil
}

// UpdateSchedule writes what a user edits of c, with its anchor and next
// run, if the stored version is still c.Version. The last run is left as
// it is: runs record it concurrently.
func (s *Store) UpdateSchedule(ctx context.Context, c *domain.Schedule) error {
	read := c.Version
	it := newScheduleItem(c)
	u := s.table.Update("PK", it.PK).Range("SK", it.SK).
		Set("name", c.Name).Set("expression", c.Expression).Set("timezone", c.Timezone).
		Set("credentialIds", c.CredentialIDs).Set("regions", c.Regions).Set("projectMetadata", c.ProjectMetadata).
		Set("enabled", c.Enabled).Set("anchor", c.Anchor).
		Set("updatedAt", s.now()).Set("version", read+1)
	u = setOrRemove(u, "services", c.Services, len(c.Services) > 0)
	u = setOrRemove(u, "channelIds", c.ChannelIDs, len(c.ChannelIDs) > 0)
	u = setOrRemove(u, "nextRunAt", c.NextRunAt, !c.NextRunAt.IsZero())
	if it.GSI2PK != "" {
		u = u.Set("GSI2PK", it.GSI2PK).Set("GSI2SK", it.GSI2SK)
	} else {
		u = u.Remove("GSI2PK", "GSI2SK")
	}
	var out scheduleItem
	err := u.If("attribute_exists(PK) AND version = ?", read).Value(ctx, &out)
	if dynamo.IsCondCheckFailed(err) {
		return domain.Conflict("changed by someone else since it was read: reload and try again")
	}
	if err != nil {
		return fmt.Errorf("update schedule %s: %w", c.ID, err)
	}
	*c = out.Schedule
	return nil
}

func setOrRemove(u *dynamo.Update, name string, v any, set bool) *dynamo.Update {
	if set {
		return u.Set(name, v)
	}
	return u.Remove(name)
}

// PutSchedule writes c back whole as it was read: the undo of a create
// or an update whose Scheduler half failed. It is conditional on the
// version the failed write left (after, or 0 for "must not exist"), so
// it never overwrites a later edit.
func (s *Store) PutSchedule(ctx context.Context, c *domain.Schedule, after int) error {
	it := newScheduleItem(c)
	cond, args := "attribute_not_exists(PK)", []any{}
	if after > 0 {
		cond, args = "version = ?", []any{after}
	}
	err := s.table.Put(it).If(cond, args...).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return domain.Conflict("changed by someone else meanwhile")
	}
	if err != nil {
		return fmt.Errorf("restore schedule %s: %w", c.ID, err)
	}
	return nil
}

// DeleteSchedule removes a schedule.
func (s *Store) DeleteSchedule(ctx context.Context, ws, id string) error {
	if err := s.remove(ctx, schedulePK(ws), scheduleSK(id)); err != nil {
		if domain.Is(err, domain.KindNotFound) {
			return domain.NotFound("schedule")
		}
		return fmt.Errorf("delete schedule %s: %w", id, err)
	}
	return nil
}

// ScheduleFilter narrows a schedule list.
type ScheduleFilter struct {
	Enabled   *bool
	CreatedBy string
}

// ListSchedules lists a workspace's schedules, oldest first.
func (s *Store) ListSchedules(ctx context.Context, ws string, f ScheduleFilter, p Page) (Listed[domain.Schedule], error) {
	q := query{pk: schedulePK(ws), skPrefix: "SCHED#"}
	if f.CreatedBy != "" {
		q = query{index: GSI1, pk: scheduleByPK(ws, f.CreatedBy)}
	}
	if f.Enabled != nil {
		q.filters = append(q.filters, filter{"$ = ?", []any{"enabled", *f.Enabled}})
	}
	items, err := list[scheduleItem](ctx, s, q, p)
	if err != nil {
		return Listed[domain.Schedule]{}, fmt.Errorf("list schedules: %w", err)
	}
	return mapListed(items, func(it scheduleItem) domain.Schedule { return it.Schedule }), nil
}

// SchedulesUsingCredential returns the enabled schedules of a workspace
// that scan with a credential (a workspace has few schedules: the
// partition is read with a filter).
func (s *Store) SchedulesUsingCredential(ctx context.Context, ws, credentialID string) ([]domain.Schedule, error) {
	items, err := all[scheduleItem](ctx, s, query{pk: schedulePK(ws), skPrefix: "SCHED#", filters: []filter{
		{"$ = ?", []any{"enabled", true}}, {"contains($, ?)", []any{"credentialIds", credentialID}}}})
	if err != nil {
		return nil, fmt.Errorf("schedules using %s: %w", credentialID, err)
	}
	out := make([]domain.Schedule, 0, len(items))
	for _, it := range items {
		out = append(out, it.Schedule)
	}
	return out, nil
}

// RecordScheduleRun keeps the outcome of a schedule's latest run. It is
// not an edit: the version stays, so a form open on the schedule can
// still save. A schedule deleted meanwhile is NotFound.
func (s *Store) RecordScheduleRun(ctx context.Context, ws, id string, run domain.ScheduleRun) error {
	run.Time = run.Time.UTC()
	err := s.table.Update("PK", schedulePK(ws)).Range("SK", scheduleSK(id)).Set("lastRun", run).
		If("attribute_exists(PK)").Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return domain.NotFound("schedule")
	}
	if err != nil {
		return fmt.Errorf("record run of schedule %s: %w", id, err)
	}
	return nil
}

// DueSchedules returns the enabled schedules of every workspace whose
// next run is at now or before, earliest first. The index may lag the
// table by a moment: ClaimRun, not this list, decides what fires.
func (s *Store) DueSchedules(ctx context.Context, now time.Time) ([]domain.Schedule, error) {
	var items []scheduleItem
	err := s.table.Get("GSI2PK", scheduleDuePK).Index(GSI2).
		Range("GSI2SK", dynamo.LessOrEqual, now.UTC().Format(dueTimeFormat)+"#~").All(ctx, &items)
	if err != nil {
		return nil, fmt.Errorf("due schedules: %w", err)
	}
	out := make([]domain.Schedule, 0, len(items))
	for _, it := range items {
		out = append(out, it.Schedule)
	}
	return out, nil
}

// ClaimRun takes the run of a schedule due at due, moving its next run to
// next (zero: no further run, the schedule leaves the due index), if the
// schedule is still enabled and its next run is still due. Of any number
// of schedulers claiming the same run, exactly one gets true; a schedule
// edited, disabled or deleted since it was listed gives false. The
// version stays: a claim is not an edit.
func (s *Store) ClaimRun(ctx context.Context, ws, id string, due, next time.Time) (bool, error) {
	u := s.table.Update("PK", schedulePK(ws)).Range("SK", scheduleSK(id))
	if next.IsZero() {
		u = u.Remove("nextRunAt", "GSI2PK", "GSI2SK")
	} else {
		u = u.Set("nextRunAt", next.UTC()).Set("GSI2SK", scheduleDueSK(next, ws, id))
	}
	err := u.If("attribute_exists(PK) AND enabled = ? AND GSI2PK = ? AND GSI2SK = ?", true, scheduleDuePK, scheduleDueSK(due, ws, id)).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim run of schedule %s at %s: %w", id, due.UTC().Format(time.RFC3339), err)
	}
	return true, nil
}
