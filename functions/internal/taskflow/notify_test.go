package taskflow

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
)

// endStore is one task that ends once, with its units.
type endStore struct {
	unitStore
	task  domain.Task
	units []domain.UnitState
}

func (s *endStore) GetTask(context.Context, string, string) (*domain.Task, error) {
	t := s.task
	return &t, nil
}
func (s *endStore) Units(context.Context, string, string) ([]domain.UnitState, error) {
	return s.units, nil
}
func (s *endStore) EndTask(_ context.Context, _, _ string, st domain.TaskStatus, reason string, at time.Time) (bool, error) {
	if s.task.Status.Final() {
		return false, nil
	}
	s.task.Status, s.task.Error, s.task.CompletedAt = st, reason, &at
	return true, nil
}

// statusEvent is the execution status change of task T1's execution.
func statusEvent(s orchestrator.Status) orchestrator.Event {
	return orchestrator.Event{Execution: orchestrator.Execution{ARN: "arn:x", Status: s, Input: json.RawMessage(`{"workspaceId":"W","taskId":"T1"}`)}}
}

type pubs struct {
	events []event.Event
	err    error
}

func (p *pubs) Publish(_ context.Context, ev event.Event) error {
	if p.err != nil {
		return p.err
	}
	p.events = append(p.events, ev)
	return nil
}

// A task's end is published with one id from every path that sees it
// (the workflow's finish and the execution's status change), with what a
// message needs: counts, duration, the services not covered and why (in
// words), and a link to the task.
func TestTaskEndIsPublishedWithOneID(t *testing.T) {
	started := time.Date(2026, 12, 4, 1, 0, 0, 0, time.UTC)
	st := &endStore{task: domain.Task{ID: "T1", Name: "Nightly [prod]", Status: domain.TaskRunning, CreatedBy: "U1", StartedAt: &started,
		Accounts: []string{"111111111111"}, Regions: []string{"eu-west-1", "us-east-1"},
		ProjectMetadata: domain.ProjectMetadata{ClientName: "ACME [UK] Ltd", ProjectName: "LZ"}},
		units: []domain.UnitState{
			{AccountID: "111111111111", Region: "eu-west-1", Status: "done", Resources: 40, Failed: []string{"rds"},
				Coverage: []inventory.Coverage{{Service: "rds", AccountID: "111111111111", Region: "eu-west-1", Status: inventory.StatusAccessDenied,
					Action: "rds:DescribeDBInstances", Error: "operation error RDS: RequestID 1"}}},
			{AccountID: "111111111111", Region: "us-east-1", Status: "done", Resources: 2},
		}}
	p := &pubs{}
	f := &Flow{Store: st, Publisher: p, ConsoleURL: "https://console.example/", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now: func() time.Time { return started.Add(90 * time.Second) }}
	if _, err := f.TaskEvent(context.Background(), workflow.TaskEvent{WorkspaceID: "W", TaskID: "T1", Event: workflow.EventFinished}); err != nil {
		t.Fatal(err)
	}
	if err := f.StatusChange(context.Background(), statusEvent(orchestrator.StatusSucceeded)); err != nil {
		t.Fatal(err)
	}
	if len(p.events) != 2 || p.events[0].ID != p.events[1].ID || p.events[0].ID != "task.T1" {
		t.Fatalf("events %+v: want the same event from both paths", p.events)
	}
	ev := p.events[0]
	if ev.Type != event.TaskPartiallyCompleted || ev.Owner != "U1" || ev.WorkspaceID != "W" {
		t.Fatalf("event %+v", ev)
	}
	s := ev.Task
	if s.Resources != 42 || s.Accounts != 1 || s.Regions != 2 || s.Client != "ACME [UK] Ltd" || s.URL != "https://console.example/tasks/T1" ||
		s.Duration() != 90*time.Second {
		t.Fatalf("summary %+v", s)
	}
	if len(s.NotCovered) != 1 || s.NotCovered[0].Service != "rds" || !strings.Contains(s.NotCovered[0].Reason, "Access denied") ||
		strings.Contains(s.NotCovered[0].Reason, "RequestID") {
		t.Fatalf("not covered %+v", s.NotCovered)
	}
}

// Publishing never fails the workflow's own step (the state machine waits
// on it); the status change, which EventBridge retries, returns the error.
func TestPublishFailureFailsOnlyTheRetriedPath(t *testing.T) {
	st := &endStore{task: domain.Task{ID: "T1", Status: domain.TaskRunning}, units: []domain.UnitState{{Status: "done"}}}
	f := &Flow{Store: st, Publisher: &pubs{err: errors.New("table down")}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if _, err := f.TaskEvent(context.Background(), workflow.TaskEvent{WorkspaceID: "W", TaskID: "T1", Event: workflow.EventFinished}); err != nil {
		t.Fatalf("the workflow step failed on a publish error: %v", err)
	}
	if st.task.Status != domain.TaskCompleted {
		t.Fatalf("status %s", st.task.Status)
	}
	err := f.StatusChange(context.Background(), statusEvent(orchestrator.StatusSucceeded))
	if err == nil {
		t.Fatal("the status change swallowed the publish error: EventBridge would not retry")
	}
}

// A cancelled task tells nobody: a person cancelled it.
func TestCancelledTaskPublishesNothing(t *testing.T) {
	st := &endStore{task: domain.Task{ID: "T1", Status: domain.TaskRunning}}
	p := &pubs{}
	f := &Flow{Store: st, Publisher: p, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := f.StatusChange(context.Background(), statusEvent(orchestrator.StatusAborted)); err != nil {
		t.Fatal(err)
	}
	if len(p.events) != 0 || st.task.Status != domain.TaskCancelled {
		t.Fatalf("events %+v, status %s", p.events, st.task.Status)
	}
}
