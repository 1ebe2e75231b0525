package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Task rows:
//
//	task   PK WS#<ws>#TASK             SK TASK#<id>
//	       GSI1 WS#<ws>#TASKBY#<creator> / TASK#<id>     (a user's own tasks)
//	       GSI2 WS#<ws>#TASKSTATUS#<status> / TASK#<id>  (status filter; running tasks for workers and recovery)
//	unit   PK WS#<ws>#TASK#<id>#UNIT   SK UNIT#<account>#<region>
//	log    PK WS#<ws>#TASK#<id>#LOG    SK LOG#<ulid>
//	idempotency marker UNIQUE#idem#<ws>#<user>#<key> -> "<ws>/<task id>"
//
// Unit counters move only through transactions that also flip the unit's
// own status, so a unit delivered twice (a retry) counts once. Status
// changes are conditional on the current status rather than the version,
// because counters change concurrently while a task runs.
type taskItem struct {
	Meta
	domain.Task
}

func taskPK(ws string) string     { return "WS#" + ws + "#TASK" }
func taskSK(id string) string     { return "TASK#" + id }
func unitPK(ws, id string) string { return "WS#" + ws + "#TASK#" + id + "#UNIT" }
func logPK(ws, id string) string  { return "WS#" + ws + "#TASK#" + id + "#LOG" }
func unitSK(account, region string) string {
	return "UNIT#" + account + "#" + region
}
func statusPK(ws string, s domain.TaskStatus) string { return "WS#" + ws + "#TASKSTATUS#" + string(s) }

func newTaskItem(t *domain.Task) *taskItem {
	return &taskItem{Meta: Meta{PK: taskPK(t.WorkspaceID), SK: taskSK(t.ID), Type: "task",
		GSI1PK: "WS#" + t.WorkspaceID + "#TASKBY#" + t.CreatedBy, GSI1SK: taskSK(t.ID),
		GSI2PK: statusPK(t.WorkspaceID, t.Status), GSI2SK: taskSK(t.ID)}, Task: *t}
}

func idemKey(ws, user, key string) string { return ws + "#" + user + "#" + key }

// CreateTask stores a new task. With an idempotency key, a second create
// with the same key by the same user returns the first task and existed.
func (s *Store) CreateTask(ctx context.Context, t *domain.Task, idempotencyKey string) (existed bool, err error) {
	var uniques []Unique
	if idempotencyKey != "" {
		uniques = append(uniques, Unique{"idem", idemKey(t.WorkspaceID, t.CreatedBy, idempotencyKey)})
	}
	it := newTaskItem(t)
	err = s.create(ctx, it, owner(t.WorkspaceID, t.ID), uniques...)
	if domain.Is(err, domain.KindConflict) && idempotencyKey != "" {
		var m marker
		if gerr := s.get(ctx, markerKey("idem", idemKey(t.WorkspaceID, t.CreatedBy, idempotencyKey)), "UNIQUE", "task", &m); gerr != nil {
			return false, gerr
		}
		ws, id, _ := cutOwner(m.Owner)
		prev, gerr := s.GetTask(ctx, ws, id)
		if gerr != nil {
			return false, gerr
		}
		*t = *prev
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("create task: %w", err)
	}
	*t = it.Task
	return false, nil
}

// GetTask reads a task.
func (s *Store) GetTask(ctx context.Context, ws, id string) (*domain.Task, error) {
	var it taskItem
	if err := s.get(ctx, taskPK(ws), taskSK(id), "task", &it); err != nil {
		return nil, err
	}
	t := it.Task
	t.Progress = t.ComputeProgress()
	return &t, nil
}

// TaskFilter narrows a task list.
type TaskFilter struct {
	Status    domain.TaskStatus
	CreatedBy string
	From, To  time.Time
	// Visible, when set, limits the list to tasks created by OwnerID or
	// using one of CredentialIDs (a power user's "own and managed").
	Visible *Visibility
}

// Visibility is who may see which tasks.
type Visibility struct {
	OwnerID       string
	CredentialIDs []string
}

// ListTasks lists tasks newest first.
func (s *Store) ListTasks(ctx context.Context, ws string, f TaskFilter, p Page) (Listed[domain.Task], error) {
	q := query{pk: taskPK(ws), newest: true}
	switch {
	case f.CreatedBy != "":
		q = query{index: GSI1, pk: "WS#" + ws + "#TASKBY#" + f.CreatedBy, newest: true}
	case f.Status != "":
		q = query{index: GSI2, pk: statusPK(ws, f.Status), newest: true}
	}
	q.skFrom, q.skTo = "TASK#", "TASK#~"
	if !f.From.IsZero() {
		q.skFrom = "TASK#" + domain.IDPrefixAt(f.From)
	}
	if !f.To.IsZero() {
		q.skTo = "TASK#" + domain.IDPrefixAt(f.To.Add(time.Millisecond))
	}
	if f.Status != "" && q.index != GSI2 {
		q.filters = append(q.filters, filter{"$ = ?", []any{"status", f.Status}})
	}
	if f.Visible != nil {
		q.filters = append(q.filters, visibilityFilter(f.Visible))
	}
	l, err := list[taskItem](ctx, s, q, p)
	if err != nil {
		return Listed[domain.Task]{}, fmt.Errorf("list tasks: %w", err)
	}
	return mapListed(l, func(it taskItem) domain.Task {
		t := it.Task
		t.Progress = t.ComputeProgress()
		return t
	}), nil
}

// visibilityFilter keeps rows created by the owner or made with one of
// the credentials.
func visibilityFilter(v *Visibility) filter {
	expr := []string{"$ = ?"}
	args := []any{"createdBy", v.OwnerID}
	for _, c := range v.CredentialIDs {
		expr = append(expr, "contains($, ?)")
		args = append(args, "credentialIds", c)
	}
	return filter{"(" + strings.Join(expr, " OR ") + ")", args}
}

// RunningTasks lists every task of a workspace that is pending or running.
func (s *Store) RunningTasks(ctx context.Context, ws string) ([]domain.Task, error) {
	var out []domain.Task
	for _, st := range []domain.TaskStatus{domain.TaskPending, domain.TaskRunning} {
		items, err := all[taskItem](ctx, s, query{index: GSI2, pk: statusPK(ws, st)})
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			t := it.Task
			t.Progress = t.ComputeProgress()
			out = append(out, t)
		}
	}
	return out, nil
}

// StartTask records the execution and the planned units and marks the
// task running, if it is still pending.
func (s *Store) StartTask(ctx context.Context, ws, id, executionARN string, at time.Time) error {
	err := s.table.Update("PK", taskPK(ws)).Range("SK", taskSK(id)).
		Set("status", domain.TaskRunning).Set("GSI2PK", statusPK(ws, domain.TaskRunning)).
		Set("executionArn", executionARN).Set("startedAt", at).Set("updatedAt", at).
		If("$ = ?", "status", domain.TaskPending).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return domain.Conflict("the task is no longer pending")
	}
	if err != nil {
		return fmt.Errorf("start task %s: %w", id, err)
	}
	return nil
}

// SetUnits writes a task's planned units (pending) and their count, once:
// a replayed plan finds the units there and changes nothing.
func (s *Store) SetUnits(ctx context.Context, ws, id string, units []domain.UnitState) error {
	err := s.table.Update("PK", taskPK(ws)).Range("SK", taskSK(id)).Set("unitsTotal", len(units)).
		If("attribute_exists(PK) AND (attribute_not_exists(unitsTotal) OR unitsTotal = ?)", 0).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("count units of %s: %w", id, err)
	}
	items := make([]any, 0, len(units))
	for _, u := range units {
		u.TaskID, u.Status = id, "pending"
		items = append(items, &unitItem{Meta: Meta{PK: unitPK(ws, id), SK: unitSK(u.AccountID, u.Region), Type: "unit"}, UnitState: u})
	}
	for start := 0; start < len(items); start += 25 {
		end := min(start+25, len(items))
		if _, err := s.table.Batch().Write().Put(items[start:end]...).Run(ctx); err != nil {
			return fmt.Errorf("write units of %s: %w", id, err)
		}
	}
	return nil
}

type unitItem struct {
	Meta
	domain.UnitState
}

// UnitStarted marks a unit running (a retried unit may start again).
func (s *Store) UnitStarted(ctx context.Context, ws, id, account, region string, at time.Time) error {
	err := s.table.Update("PK", unitPK(ws, id)).Range("SK", unitSK(account, region)).
		Set("status", "running").Set("startedAt", at).If("$ IN (?, ?)", "status", "pending", "running").Run(ctx)
	if err != nil && !dynamo.IsCondCheckFailed(err) {
		return fmt.Errorf("start unit %s/%s: %w", account, region, err)
	}
	return nil
}

// FinishUnit records a unit's outcome and counts it on the task, exactly
// once: a second delivery finds the unit ended and changes nothing
// (counted reports false).
func (s *Store) FinishUnit(ctx context.Context, ws, id string, u domain.UnitState, at time.Time) (counted bool, err error) {
	counter := "unitsDone"
	if u.Status == "failed" {
		counter = "unitsFailed"
	} else {
		u.Status = "done"
	}
	upd := s.table.Update("PK", unitPK(ws, id)).Range("SK", unitSK(u.AccountID, u.Region)).
		Set("status", u.Status).Set("resources", u.Resources).Set("calls", u.Calls).Set("throttles", u.Throttles).
		Set("durationMs", u.DurationMS).Set("endedAt", at).
		If("attribute_exists(PK) AND NOT ($ IN (?, ?))", "status", "done", "failed")
	if u.Error != "" {
		upd = upd.Set("error", u.Error)
	}
	if len(u.Statuses) > 0 {
		upd = upd.Set("statuses", u.Statuses)
	}
	if len(u.Failed) > 0 {
		upd = upd.Set("servicesFailed", u.Failed)
	}
	if len(u.Coverage) > 0 {
		upd = upd.Set("coverage", u.Coverage)
	}
	task := s.table.Update("PK", taskPK(ws)).Range("SK", taskSK(id)).Add(counter, 1).Set("updatedAt", at)
	err = s.db.WriteTx().Update(upd).Update(task).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("finish unit %s/%s: %w", u.AccountID, u.Region, err)
	}
	return true, nil
}

// Units lists a task's units.
func (s *Store) Units(ctx context.Context, ws, id string) ([]domain.UnitState, error) {
	items, err := all[unitItem](ctx, s, query{pk: unitPK(ws, id), skPrefix: "UNIT#"})
	if err != nil {
		return nil, err
	}
	out := make([]domain.UnitState, 0, len(items))
	for _, it := range items {
		out = append(out, it.UnitState)
	}
	return out, nil
}

// EndTask settles a task's final status if it has not ended yet; ended
// reports whether this call did it.
func (s *Store) EndTask(ctx context.Context, ws, id string, status domain.TaskStatus, reason string, at time.Time) (ended bool, err error) {
	upd := s.table.Update("PK", taskPK(ws)).Range("SK", taskSK(id)).
		Set("status", status).Set("GSI2PK", statusPK(ws, status)).Set("completedAt", at).Set("updatedAt", at).
		If("$ IN (?, ?)", "status", domain.TaskPending, domain.TaskRunning)
	if reason != "" {
		upd = upd.Set("error", reason)
	}
	err = upd.Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("end task %s: %w", id, err)
	}
	return true, nil
}

// SetTaskReport links a task to its report and clears the error of an
// earlier build that failed.
func (s *Store) SetTaskReport(ctx context.Context, ws, id, reportID string) error {
	if err := s.table.Update("PK", taskPK(ws)).Range("SK", taskSK(id)).Set("reportId", reportID).Remove("reportError").
		If("attribute_exists(PK)").Run(ctx); err != nil {
		return fmt.Errorf("link report of %s: %w", id, err)
	}
	return nil
}

// SetTaskReportError records why the task's report could not be built;
// the task keeps the status its units earned and a rebuild can clear it.
func (s *Store) SetTaskReportError(ctx context.Context, ws, id, reason string) error {
	if err := s.table.Update("PK", taskPK(ws)).Range("SK", taskSK(id)).Set("reportError", reason).
		If("attribute_exists(PK)").Run(ctx); err != nil {
		return fmt.Errorf("record report error of %s: %w", id, err)
	}
	return nil
}

// DeleteTask removes a task with its units, logs and idempotency marker.
func (s *Store) DeleteTask(ctx context.Context, t *domain.Task) error {
	for _, pk := range []string{unitPK(t.WorkspaceID, t.ID), logPK(t.WorkspaceID, t.ID)} {
		if err := s.deletePartition(ctx, pk); err != nil {
			return err
		}
	}
	if err := s.table.Delete("PK", taskPK(t.WorkspaceID)).Range("SK", taskSK(t.ID)).Run(ctx); err != nil {
		return fmt.Errorf("delete task %s: %w", t.ID, err)
	}
	return nil
}

// deletePartition removes every row of a partition, 25 at a time.
func (s *Store) deletePartition(ctx context.Context, pk string) error {
	var keys []dynamo.Keyed
	it := s.table.Get("PK", pk).Project("PK", "SK").Iter()
	var row struct{ PK, SK string }
	for it.Next(ctx, &row) {
		keys = append(keys, dynamo.Keys{row.PK, row.SK})
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("read %s: %w", pk, err)
	}
	for start := 0; start < len(keys); start += 25 {
		end := min(start+25, len(keys))
		if _, err := s.table.Batch("PK", "SK").Write().Delete(keys[start:end]...).Run(ctx); err != nil {
			return fmt.Errorf("delete %s: %w", pk, err)
		}
	}
	return nil
}

type logItem struct {
	Meta
	domain.TaskLog
}

// AddLogs appends lines to a task's log.
func (s *Store) AddLogs(ctx context.Context, ws string, logs ...domain.TaskLog) error {
	items := make([]any, 0, len(logs))
	for _, l := range logs {
		if l.ID == "" {
			l.ID = domain.NewID()
		}
		items = append(items, &logItem{Meta: Meta{PK: logPK(ws, l.TaskID), SK: "LOG#" + l.ID, Type: "log"}, TaskLog: l})
	}
	for start := 0; start < len(items); start += 25 {
		end := min(start+25, len(items))
		if _, err := s.table.Batch().Write().Put(items[start:end]...).Run(ctx); err != nil {
			return fmt.Errorf("write task logs: %w", err)
		}
	}
	return nil
}

// ListLogs lists a task's log, oldest first, optionally of one level.
func (s *Store) ListLogs(ctx context.Context, ws, taskID string, level domain.LogLevel, p Page) (Listed[domain.TaskLog], error) {
	q := query{pk: logPK(ws, taskID), skPrefix: "LOG#"}
	if level != "" {
		q.filters = append(q.filters, filter{"$ = ?", []any{"level", level}})
	}
	l, err := list[logItem](ctx, s, q, p)
	if err != nil {
		return Listed[domain.TaskLog]{}, fmt.Errorf("list logs: %w", err)
	}
	return mapListed(l, func(it logItem) domain.TaskLog { return it.TaskLog }), nil
}

// CredentialInUse reports whether a running task or an enabled schedule
// uses a credential, and names it.
func (s *Store) CredentialInUse(ctx context.Context, ws, credentialID string) (bool, string, error) {
	running, err := s.RunningTasks(ctx, ws)
	if err != nil {
		return false, "", err
	}
	for _, t := range running {
		for _, c := range t.CredentialIDs {
			if c == credentialID {
				return true, "task " + t.Name + " (" + t.ID + ") is running with it", nil
			}
		}
	}
	return false, "", nil
}
