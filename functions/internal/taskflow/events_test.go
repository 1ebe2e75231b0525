package taskflow

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
)

// memTasks is the table as the report step and task events use it: one
// task, its units, its logs. Methods the tests do not reach panic through
// the nil Store.
type memTasks struct {
	Store
	mu          sync.Mutex
	task        domain.Task
	units       []domain.UnitState
	logs        []domain.TaskLog
	reportError string
}

func (m *memTasks) GetTask(context.Context, string, string) (*domain.Task, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.task
	t.ReportError = m.reportError
	return &t, nil
}

func (m *memTasks) Units(context.Context, string, string) ([]domain.UnitState, error) {
	return m.units, nil
}

func (m *memTasks) EndTask(_ context.Context, _, _ string, status domain.TaskStatus, reason string, _ time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.task.Status.Final() {
		return false, nil
	}
	m.task.Status, m.task.Error = status, reason
	return true, nil
}

func (m *memTasks) AddLogs(_ context.Context, _ string, logs ...domain.TaskLog) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.logs = append(m.logs, logs...)
	return nil
}

func (m *memTasks) SetTaskReportError(_ context.Context, _, _, reason string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reportError = reason
	return nil
}

// failingReporter fails every build and remembers the keys it was given.
type failingReporter struct{ keys []string }

func (r *failingReporter) BuildOnce(_ context.Context, _, _, key string) (*domain.Report, error) {
	r.keys = append(r.keys, key)
	return nil, errors.New("render table 7: template part missing")
}

func TestReportFailureLeavesTheScanStatusAndARetryableError(t *testing.T) {
	for _, tc := range []struct {
		name  string
		units []domain.UnitState
		want  domain.TaskStatus
	}{
		{"every unit done", []domain.UnitState{{Status: "done"}, {Status: "done"}}, domain.TaskCompleted},
		{"a unit failed", []domain.UnitState{{Status: "done"}, {Status: "failed"}}, domain.TaskPartiallyCompleted},
		{"a service failed", []domain.UnitState{{Status: "done", Failed: []string{"rds"}}}, domain.TaskPartiallyCompleted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &memTasks{task: domain.Task{ID: "t1", Status: domain.TaskRunning, UnitsDone: 1, ExecutionARN: "arn:exec:t1"}, units: tc.units}
			rep := &failingReporter{}
			f := &Flow{Store: st, Reporter: rep, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
			ctx := context.Background()
			in := workflow.Input{TaskID: "t1", WorkspaceID: "ws"}
			_, err := f.ReportBuild(ctx, in)
			if err == nil || !strings.Contains(err.Error(), "template part missing") {
				t.Fatalf("ReportBuild error %v, want the builder's", err)
			}
			if len(rep.keys) != 1 || rep.keys[0] != "arn:exec:t1" {
				t.Errorf("build keys %v, want the execution's ARN (one report per execution)", rep.keys)
			}
			// What the state machine sends once its retries are spent.
			cause := `{"errorMessage":"` + err.Error() + `","errorType":"errorString"}`
			if _, err := f.TaskEvent(ctx, workflow.TaskEvent{TaskID: "t1", WorkspaceID: "ws", Event: workflow.EventReportFailed, Error: "errorString", Cause: cause}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.TaskEvent(ctx, workflow.TaskEvent{TaskID: "t1", WorkspaceID: "ws", Event: workflow.EventFinished}); err != nil {
				t.Fatal(err)
			}
			got, _ := st.GetTask(ctx, "ws", "t1")
			if got.Status != tc.want {
				t.Errorf("status %s, want %s: a report failure must not undo the scan", got.Status, tc.want)
			}
			if !strings.Contains(got.ReportError, "template part missing") || !strings.Contains(got.ReportError, "rebuild") {
				t.Errorf("reportError %q, want the cause and what to do", got.ReportError)
			}
			var logged bool
			for _, l := range st.logs {
				if l.Level == domain.LogError && l.Message == got.ReportError && l.Details == cause {
					logged = true
				}
			}
			if !logged {
				t.Errorf("logs %+v: want an error line with the report error and the cause in its details", st.logs)
			}
		})
	}
}

func TestReportFailureCauseIsBounded(t *testing.T) {
	long := strings.Repeat("=", 10_000)
	got := reportFailure(workflow.TaskEvent{Error: "errorString", Cause: long})
	if n := len([]rune(got)); n > reportFailureLimit+200 {
		t.Errorf("report error of %d characters from a 10,000-character cause, want at most about %d", n, reportFailureLimit)
	}
	if got := reportFailure(workflow.TaskEvent{Error: "States.Timeout"}); !strings.Contains(got, "States.Timeout") {
		t.Errorf("report error %q without a cause, want the error name", got)
	}
}

func TestNoUnitCompletedBuildsNothingAndFails(t *testing.T) {
	st := &memTasks{task: domain.Task{ID: "t1", Status: domain.TaskRunning}, units: []domain.UnitState{{Status: "failed"}}}
	rep := &failingReporter{}
	f := &Flow{Store: st, Reporter: rep, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ctx := context.Background()
	if r, err := f.ReportBuild(ctx, workflow.Input{TaskID: "t1", WorkspaceID: "ws"}); r != nil || err != nil {
		t.Fatalf("ReportBuild = %v, %v; want nothing to build", r, err)
	}
	if len(rep.keys) != 0 {
		t.Errorf("the builder ran for a task with no completed unit")
	}
	if _, err := f.TaskEvent(ctx, workflow.TaskEvent{TaskID: "t1", WorkspaceID: "ws", Event: workflow.EventFinished}); err != nil {
		t.Fatal(err)
	}
	if st.task.Status != domain.TaskFailed || st.task.Error != "no unit completed" {
		t.Errorf("task %s (%s), want failed: no unit completed", st.task.Status, st.task.Error)
	}
}
