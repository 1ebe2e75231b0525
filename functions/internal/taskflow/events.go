package taskflow

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
)

// ReportBuild builds the task's report once every unit has run. The
// task's status settles afterwards (Finish), whether the report was built
// or not. The build is keyed by the task's execution, so Step Functions
// may retry it: a retry adds no version.
func (f *Flow) ReportBuild(ctx context.Context, in workflow.Input) (*domain.Report, error) {
	t, err := f.Store.GetTask(ctx, in.WorkspaceID, in.TaskID)
	if err != nil {
		return nil, err
	}
	if t.UnitsDone == 0 {
		return nil, nil // nothing to document; Finish settles the task failed
	}
	key := t.ExecutionARN
	if key == "" {
		key = "task:" + t.ID
	}
	rep, err := f.Reporter.BuildOnce(ctx, in.WorkspaceID, in.TaskID, key)
	if err != nil {
		return nil, fmt.Errorf("report of task %s: %w", t.ID, err)
	}
	f.log(ctx, in.WorkspaceID, domain.TaskLog{TaskID: t.ID, Level: domain.LogInfo,
		Message: fmt.Sprintf("Report %s written (version %s, %d bytes)", rep.FileName, rep.Version, rep.FileSize)})
	if err := f.changesFound(ctx, in.WorkspaceID, t, rep); err != nil {
		// The report stands; the alert is lost only if every retry of
		// the delivery store fails, and the log says so.
		f.Logger.ErrorContext(ctx, "publish changes", "task", t.ID, "error", err.Error())
	}
	return rep, nil
}

// TaskEvent handles what the workflow itself reports: a unit that failed
// past its retries, a failed plan or report, the end of the run.
func (f *Flow) TaskEvent(ctx context.Context, ev workflow.TaskEvent) (struct{}, error) {
	ws := ev.WorkspaceID
	switch ev.Event {
	case workflow.EventUnitFailed:
		if ev.Unit == nil {
			return struct{}{}, fmt.Errorf("unit_failed event of %s without a unit", ev.TaskID)
		}
		reason := failureReason(ev.Error)
		st := domain.UnitState{CredentialID: ev.Unit.CredentialID, AccountID: ev.Unit.AccountID, Region: ev.Unit.Region, Status: "failed", Error: reason}
		counted, err := f.Store.FinishUnit(ctx, ws, ev.TaskID, st, f.now())
		if err != nil {
			return struct{}{}, err
		}
		if counted {
			f.log(ctx, ws, domain.TaskLog{TaskID: ev.TaskID, Level: domain.LogError, AccountID: ev.Unit.AccountID, Region: ev.Unit.Region,
				Message: "Unit failed: " + reason, Details: ev.Error + ": " + ev.Cause})
		}
	case workflow.EventFailed:
		reason := taskFailureReason(ev.Error, ev.CauseMessage())
		if ended, err := f.Store.EndTask(ctx, ws, ev.TaskID, domain.TaskFailed, reason, f.now()); err != nil {
			return struct{}{}, err
		} else if ended {
			f.log(ctx, ws, domain.TaskLog{TaskID: ev.TaskID, Level: domain.LogError, Message: "Task failed: " + reason, Details: ev.Error + ": " + ev.Cause})
		}
		f.notifyEnded(ctx, ws, ev.TaskID)
	case workflow.EventReportFailed:
		reason := domain.Sentence(reportFailure(ev))
		if err := f.Store.SetTaskReportError(ctx, ws, ev.TaskID, reason); err != nil {
			return struct{}{}, err
		}
		f.log(ctx, ws, domain.TaskLog{TaskID: ev.TaskID, Level: domain.LogError, Message: reason, Details: ev.Cause})
	case workflow.EventFinished:
		if err := f.settle(ctx, ws, ev.TaskID, ""); err != nil {
			return struct{}{}, err
		}
		f.notifyEnded(ctx, ws, ev.TaskID)
	default:
		return struct{}{}, fmt.Errorf("unknown task event %q", ev.Event)
	}
	return struct{}{}, nil
}

// notifyEnded publishes the task's end from the workflow's own events.
// The state machine waits for this invocation, so a failure to publish is
// logged, not returned: the execution's status change publishes the same
// event again and is retried.
func (f *Flow) notifyEnded(ctx context.Context, ws, taskID string) {
	if err := f.taskEnded(ctx, ws, taskID); err != nil {
		f.Logger.ErrorContext(ctx, "publish task end", "task", taskID, "error", err.Error())
	}
}

// settle ends a running task from its units: completed when every unit
// and service succeeded, partially completed when some did not, failed
// when none did.
func (f *Flow) settle(ctx context.Context, ws, taskID, reason string) error {
	t, err := f.Store.GetTask(ctx, ws, taskID)
	if err != nil {
		return err
	}
	if t.Status.Final() {
		return nil
	}
	units, err := f.Store.Units(ctx, ws, taskID)
	if err != nil {
		return err
	}
	status := domain.TaskCompleted
	done := 0
	for _, u := range units {
		switch {
		case u.Status == "done" && len(u.Failed) == 0:
			done++
		case u.Status == "done":
			done++
			status = domain.TaskPartiallyCompleted
		default: // failed, or never ran
			status = domain.TaskPartiallyCompleted
		}
	}
	if done == 0 {
		status = domain.TaskFailed
		if reason == "" {
			reason = "no unit completed"
		}
	}
	ended, err := f.Store.EndTask(ctx, ws, taskID, status, reason, f.now())
	if err == nil && ended {
		f.log(ctx, ws, domain.TaskLog{TaskID: taskID, Level: domain.LogInfo, Message: fmt.Sprintf("Task %s: %d of %d units completed", status.Words(), done, len(units))})
	}
	return err
}

// StatusChange settles a task when its execution ends in a way the
// workflow could not report itself: aborted (cancel, purge), timed out or
// failed outside every Catch. A succeeded execution already settled.
func (f *Flow) StatusChange(ctx context.Context, ev orchestrator.Event) error {
	if !ev.Status.Closed() {
		return nil
	}
	var in workflow.Input
	if err := decodeInput(ev.Input, &in); err != nil || in.TaskID == "" {
		return fmt.Errorf("status change of %s: no task in the input: %v", ev.ARN, err)
	}
	var status domain.TaskStatus
	reason := ev.Error
	if ev.Cause != "" {
		reason += ": " + workflow.CauseMessage(ev.Cause)
	}
	switch ev.Status {
	case orchestrator.StatusSucceeded:
		if err := f.settle(ctx, in.WorkspaceID, in.TaskID, ""); err != nil {
			return err
		}
		return f.taskEnded(ctx, in.WorkspaceID, in.TaskID)
	case orchestrator.StatusAborted:
		status, reason = domain.TaskCancelled, "the execution was stopped"
	case orchestrator.StatusTimedOut:
		status, reason = domain.TaskFailed, "the execution timed out"
	default:
		status = domain.TaskFailed
	}
	ended, err := f.Store.EndTask(ctx, in.WorkspaceID, in.TaskID, status, reason, f.now())
	if err != nil {
		return err
	}
	if ended {
		f.log(ctx, in.WorkspaceID, domain.TaskLog{TaskID: in.TaskID, Level: domain.LogWarning, Message: "Task " + status.Words() + ": " + reason})
	}
	// EventBridge delivers status changes at least once and retries a
	// failed invocation (then its dead-letter queue): this is the path
	// that does not lose the message.
	return f.taskEnded(ctx, in.WorkspaceID, in.TaskID)
}

// HandleEvent is the task-events function's entry: both things it
// receives, the workflow's own events (invoked by the state machine) and
// EventBridge's execution status changes, which arrive even when the
// execution was aborted or timed out.
func (f *Flow) HandleEvent(ctx context.Context, raw json.RawMessage) error {
	var env struct {
		DetailType string          `json:"detail-type"`
		Detail     json.RawMessage `json:"detail"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("task-events: %w", err)
	}
	if env.DetailType == orchestrator.StatusChangeDetailType {
		ev, err := orchestrator.ParseStatusChange(env.Detail)
		if err != nil {
			return err
		}
		return f.StatusChange(ctx, ev)
	}
	var ev workflow.TaskEvent
	if err := json.Unmarshal(raw, &ev); err != nil {
		return fmt.Errorf("task-events: %w", err)
	}
	_, err := f.TaskEvent(ctx, ev)
	return err
}

// reportFailureLimit bounds the cause a report error repeats: the task
// shows it, the log's details keep all of it.
const reportFailureLimit = 300

// reportFailure is what the task shows when its report could not be
// built: what happened, the cause's message, and what to do.
func reportFailure(ev workflow.TaskEvent) string {
	cause := ev.CauseMessage()
	if cause == "" {
		cause = ev.Error
	}
	if r := []rune(cause); len(r) > reportFailureLimit {
		cause = string(r[:reportFailureLimit]) + "…"
	}
	return "the scan completed but its report could not be built (" + cause + "): rebuild the report to try again"
}
