package store

import (
	"context"
	"errors"
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
//	unit   PK WS#<ws>#TASK#<id>#UNIT   SK UNIT#<credential>#<account>#<region>
//	active PK WS#<ws>#ACTIVE           SK WS | USER#<user>   (pending and running tasks, for the limits)
//	log    PK WS#<ws>#TASK#<id>#LOG    SK LOG#<ulid>
//	idempotency marker UNIQUE#idem#<ws>#<user>#<key> -> "<ws>/<task id>"
//
// A unit is keyed by its credential as well as its account: two
// credentials never share a unit row or a result object, even if they
// reached one account (which task creation refuses anyway).
//
// The task row keeps its idempotency key (idemKey), so deleting the task
// deletes the marker with it and frees the key.
//
// The active counters move in the transactions that create a task and end
// it (EndTask is conditional on the task not having ended), so they count
// each task once; creation is refused past a limit without reading the
// status index.
//
// Unit counters move only through transactions that also flip the unit's
// own status, so a unit delivered twice (a retry) counts once. Status
// changes are conditional on the current status rather than the version,
// because counters change concurrently while a task runs.
type taskItem struct {
	Meta
	domain.Task
	IdemKey string `dynamo:"idemKey,omitempty"`
	// Counted: the task is on the active counters (tasks created before
	// the counters existed are not, and ending them drops nothing).
	Counted bool `dynamo:"activeCounted,omitempty"`
}

func taskPK(ws string) string     { return "WS#" + ws + "#TASK" }
func taskSK(id string) string     { return "TASK#" + id }
func unitPK(ws, id string) string { return "WS#" + ws + "#TASK#" + id + "#UNIT" }
func logPK(ws, id string) string  { return "WS#" + ws + "#TASK#" + id + "#LOG" }
func unitSK(credential, account, region string) string {
	return "UNIT#" + credential + "#" + account + "#" + region
}
func statusPK(ws string, s domain.TaskStatus) string { return "WS#" + ws + "#TASKSTATUS#" + string(s) }

func newTaskItem(t *domain.Task) *taskItem {
	return &taskItem{Meta: Meta{PK: taskPK(t.WorkspaceID), SK: taskSK(t.ID), Type: "task",
		GSI1PK: "WS#" + t.WorkspaceID + "#TASKBY#" + t.CreatedBy, GSI1SK: taskSK(t.ID),
		GSI2PK: statusPK(t.WorkspaceID, t.Status), GSI2SK: taskSK(t.ID)}, Task: *t}
}

func idemKey(ws, user, key string) string { return ws + "#" + user + "#" + key }

// CreateTask stores a new task without limits (CreateTaskWithin).
func (s *Store) CreateTask(ctx context.Context, t *domain.Task, idempotencyKey string) (existed bool, err error) {
	return s.CreateTaskWithin(ctx, t, idempotencyKey, ActiveLimits{}, "")
}

// CreateTaskWithin stores a new task. With an idempotency key, a second
// create with the same key by the same user returns the first task and
// existed. Past a limit of lim (zero: no limit) it answers a Throttled
// error naming the limit, and stores nothing. With upload, the task
// claims that upload (RecordUpload) in the same transaction: only its
// uploader may, and only once (400 on projectMetadata.networkDiagramKey).
func (s *Store) CreateTaskWithin(ctx context.Context, t *domain.Task, idempotencyKey string, lim ActiveLimits, upload string) (existed bool, err error) {
	for attempt := 0; ; attempt++ {
		existed, err = s.createTask(ctx, t, idempotencyKey, lim, upload)
		if !errors.Is(err, errStaleMarker) || attempt > 0 {
			return existed, err
		}
	}
}

// errStaleMarker: an idempotency marker whose task no longer exists (a
// task deleted before deletion freed its key); it is removed and the
// create tried again.
var errStaleMarker = errors.New("stale idempotency marker")

// ActiveLimits bounds the pending and running tasks of a workspace and of
// one user; zero is no limit.
type ActiveLimits struct {
	PerWorkspace, PerUser int
}

func activePK(ws string) string { return "WS#" + ws + "#ACTIVE" }

const activeWS = "WS"

func activeUser(user string) string { return "USER#" + user }

type activeItem struct {
	PK, SK string
	Active int `dynamo:"active"`
}

func (s *Store) createTask(ctx context.Context, t *domain.Task, idempotencyKey string, lim ActiveLimits, upload string) (bool, error) {
	it := newTaskItem(t)
	now, st := s.now(), it.Stamped()
	st.CreatedAt, st.UpdatedAt, st.Version = now, now, 1
	it.Counted = !t.Status.Final()
	tx := s.db.WriteTx().Put(s.table.Put(it).If("attribute_not_exists(PK)"))
	var idem string
	if idempotencyKey != "" {
		idem = idemKey(t.WorkspaceID, t.CreatedBy, idempotencyKey)
		it.IdemKey = idem
		tx.Put(s.table.Put(marker{PK: markerKey("idem", idem), SK: "UNIQUE", Owner: owner(t.WorkspaceID, t.ID)}).If("attribute_not_exists(PK)"))
	}
	if upload != "" {
		tx.Update(s.claimUpload(t.WorkspaceID, upload, t.ID, t.CreatedBy))
	}
	if it.Counted {
		tx.Update(activeBump(s.table.Update("PK", activePK(t.WorkspaceID)).Range("SK", activeWS), 1, lim.PerWorkspace))
		tx.Update(activeBump(s.table.Update("PK", activePK(t.WorkspaceID)).Range("SK", activeUser(t.CreatedBy)), 1, lim.PerUser))
	}
	err := tx.Run(ctx)
	if err == nil {
		*t = it.Task
		t.Progress = t.ComputeProgress()
		return false, nil
	}
	if !dynamo.IsCondCheckFailed(err) {
		return false, fmt.Errorf("create task: %w", err)
	}
	// Which condition failed: a replayed key first, then the upload, then
	// the limits.
	if idem != "" {
		var m marker
		gerr := s.get(ctx, markerKey("idem", idem), "UNIQUE", "task", &m)
		switch {
		case gerr == nil:
			ws, id, _ := cutOwner(m.Owner)
			prev, perr := s.GetTask(ctx, ws, id)
			if domain.Is(perr, domain.KindNotFound) {
				if derr := s.table.Delete("PK", markerKey("idem", idem)).Range("SK", "UNIQUE").If("$ = ?", "owner", m.Owner).Run(ctx); derr != nil && !dynamo.IsCondCheckFailed(derr) {
					return false, fmt.Errorf("free idempotency key: %w", derr)
				}
				return false, errStaleMarker
			}
			if perr != nil {
				return false, perr
			}
			*t = *prev
			return true, nil
		case !domain.Is(gerr, domain.KindNotFound):
			return false, gerr
		}
	}
	if upload != "" {
		if rerr := s.uploadRefusal(ctx, t.WorkspaceID, upload, t.CreatedBy); rerr != nil {
			return false, rerr
		}
	}
	var user activeItem
	if gerr := s.table.Get("PK", activePK(t.WorkspaceID)).Range("SK", dynamo.Equal, activeUser(t.CreatedBy)).One(ctx, &user); gerr == nil && lim.PerUser > 0 && user.Active >= lim.PerUser {
		return false, domain.Throttled(fmt.Sprintf("you already have %d tasks pending or running (the limit per user is %d): wait for one to end or cancel one", user.Active, lim.PerUser))
	}
	if lim.PerWorkspace > 0 {
		return false, domain.Throttled(fmt.Sprintf("the workspace has %d tasks pending or running, its limit per workspace: wait for one to end or cancel one", lim.PerWorkspace))
	}
	return false, domain.Conflict("the task could not be created: try again")
}

// activeBump adds n to an active counter, conditional on it staying under
// limit when it grows (a limit of zero is none).
func activeBump(u *dynamo.Update, n, limit int) *dynamo.Update {
	u = u.Add("active", n)
	if n > 0 && limit > 0 {
		u = u.If("attribute_not_exists(active) OR active < ?", limit)
	}
	return u
}

// ActiveTasks reads the pending-and-running counters of a workspace and
// of one of its users.
func (s *Store) ActiveTasks(ctx context.Context, ws, user string) (workspace, mine int, err error) {
	var items []activeItem
	if err := s.table.Get("PK", activePK(ws)).All(ctx, &items); err != nil {
		return 0, 0, fmt.Errorf("read active tasks: %w", err)
	}
	for _, it := range items {
		switch it.SK {
		case activeWS:
			workspace = it.Active
		case activeUser(user):
			mine = it.Active
		}
	}
	return workspace, mine, nil
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

// Visibility is who may see which tasks: those created by OwnerID, and
// those every credential of which is in CredentialIDs (a power user's
// managed credentials), which the filter says as "one of CredentialIDs
// and none of Unmanaged".
type Visibility struct {
	OwnerID       string
	CredentialIDs []string
	Unmanaged     []string
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

// visibilityFilter keeps rows created by the owner, or made with managed
// credentials only.
func visibilityFilter(v *Visibility) filter {
	args := []any{"createdBy", v.OwnerID}
	if len(v.CredentialIDs) == 0 {
		return filter{"$ = ?", args}
	}
	var anyOf, noneOf []string
	for _, c := range v.CredentialIDs {
		anyOf = append(anyOf, "contains($, ?)")
		args = append(args, "credentialIds", c)
	}
	for _, c := range v.Unmanaged {
		noneOf = append(noneOf, "NOT contains($, ?)")
		args = append(args, "credentialIds", c)
	}
	managed := "(" + strings.Join(anyOf, " OR ") + ")"
	if len(noneOf) > 0 {
		managed += " AND " + strings.Join(noneOf, " AND ")
	}
	return filter{"($ = ? OR (" + managed + "))", args}
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
		items = append(items, &unitItem{Meta: Meta{PK: unitPK(ws, id), SK: unitSK(u.CredentialID, u.AccountID, u.Region), Type: "unit"}, UnitState: u})
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
func (s *Store) UnitStarted(ctx context.Context, ws, id, credential, account, region string, at time.Time) error {
	err := s.table.Update("PK", unitPK(ws, id)).Range("SK", unitSK(credential, account, region)).
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
	upd := s.table.Update("PK", unitPK(ws, id)).Range("SK", unitSK(u.CredentialID, u.AccountID, u.Region)).
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
	task := s.table.Update("PK", taskPK(ws)).Range("SK", taskSK(id)).Add(counter, 1).Set("updatedAt", at).If("attribute_exists(PK)")
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
// The task's active counters drop in the same transaction.
func (s *Store) EndTask(ctx context.Context, ws, id string, status domain.TaskStatus, reason string, at time.Time) (ended bool, err error) {
	var cur taskItem
	if err := s.get(ctx, taskPK(ws), taskSK(id), "task", &cur); domain.Is(err, domain.KindNotFound) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if cur.Status.Final() {
		return false, nil
	}
	upd := s.table.Update("PK", taskPK(ws)).Range("SK", taskSK(id)).
		Set("status", status).Set("GSI2PK", statusPK(ws, status)).Set("completedAt", at).Set("updatedAt", at).
		If("$ IN (?, ?)", "status", domain.TaskPending, domain.TaskRunning)
	if reason != "" {
		upd = upd.Set("error", reason)
	}
	tx := s.db.WriteTx().Update(upd)
	if cur.Counted {
		tx.Update(s.activeDrop(ws, activeWS)).Update(s.activeDrop(ws, activeUser(cur.CreatedBy)))
	}
	err = tx.Run(ctx)
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

// activeDrop takes one task off an active counter.
func (s *Store) activeDrop(ws, sk string) *dynamo.Update {
	return s.table.Update("PK", activePK(ws)).Range("SK", sk).Add("active", -1)
}

// DeleteTask removes a task with its units, logs and idempotency marker:
// the key is free again, and a new create with it makes a new task.
func (s *Store) DeleteTask(ctx context.Context, t *domain.Task) error {
	for _, pk := range []string{unitPK(t.WorkspaceID, t.ID), logPK(t.WorkspaceID, t.ID)} {
		if err := s.deletePartition(ctx, pk); err != nil {
			return err
		}
	}
	var cur taskItem
	if err := s.get(ctx, taskPK(t.WorkspaceID), taskSK(t.ID), "task", &cur); domain.Is(err, domain.KindNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	tx := s.db.WriteTx().Delete(s.table.Delete("PK", taskPK(t.WorkspaceID)).Range("SK", taskSK(t.ID)))
	if cur.IdemKey != "" {
		tx.Delete(s.table.Delete("PK", markerKey("idem", cur.IdemKey)).Range("SK", "UNIQUE"))
	}
	if err := tx.Run(ctx); err != nil {
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

// SetTaskMembers records the organization accounts a task's plan found.
func (s *Store) SetTaskMembers(ctx context.Context, ws, id string, members []domain.OrgAccount) error {
	if len(members) == 0 {
		return nil
	}
	err := s.table.Update("PK", taskPK(ws)).Range("SK", taskSK(id)).Set("members", members).If("attribute_exists(PK)").Run(ctx)
	if err != nil {
		return fmt.Errorf("record the organization accounts of %s: %w", id, err)
	}
	return nil
}
