package taskflow

import (
	"context"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// Publisher hands events to the notification channels: it stores one
// delivery per subscribed channel and queues them, so it returns at once
// and never waits on a receiver.
type Publisher interface {
	Publish(ctx context.Context, ev event.Event) error
}

// maxGaps bounds the services a task message lists as not covered.
const maxGaps = 50

// taskEnded publishes the event of a task that has ended. Its id is the
// task's, so every path that sees one ending (the workflow's own finish,
// EventBridge's status change, a retried invocation) publishes the same
// event, which a channel receives once. A task that has not ended
// publishes nothing.
func (f *Flow) taskEnded(ctx context.Context, ws, taskID string) error {
	if f.Publisher == nil {
		return nil
	}
	t, err := f.Store.GetTask(ctx, ws, taskID)
	if err != nil {
		return err
	}
	var typ event.Type
	switch t.Status {
	case domain.TaskCompleted:
		typ = event.TaskCompleted
	case domain.TaskPartiallyCompleted:
		typ = event.TaskPartiallyCompleted
	case domain.TaskFailed:
		typ = event.TaskFailed
	default:
		return nil // running, or cancelled by a person, who knows
	}
	units, err := f.Store.Units(ctx, ws, taskID)
	if err != nil {
		return err
	}
	// The time is the task's end, not the publish's: a delivery is keyed
	// by channel, event id and time, so every publish of this end is one.
	at := f.now()
	if t.CompletedAt != nil {
		at = *t.CompletedAt
	}
	ev := event.Event{ID: "task." + t.ID, Type: typ, WorkspaceID: ws, Time: at, Owner: t.CreatedBy, Task: f.taskSummary(t, units)}
	return f.Publisher.Publish(ctx, ev)
}

// taskSummary is what a task message says: who, what, how long, how much,
// and what was not covered and why (classified reasons only).
func (f *Flow) taskSummary(t *domain.Task, units []domain.UnitState) *event.Task {
	s := &event.Task{ID: t.ID, Name: t.Name, Client: t.ProjectMetadata.ClientName, Project: t.ProjectMetadata.ProjectName,
		Status: string(t.Status), Accounts: len(t.Accounts), Regions: len(t.Regions), Error: t.Error, URL: f.link("/tasks/" + t.ID)}
	if t.StartedAt != nil {
		s.StartedAt = *t.StartedAt
	}
	if t.CompletedAt != nil {
		s.CompletedAt = *t.CompletedAt
	}
	for _, u := range units {
		s.Resources += u.Resources
		if u.Status == "failed" && len(s.NotCovered) < maxGaps {
			s.NotCovered = append(s.NotCovered, event.Gap{Service: "all services", Account: u.AccountID, Region: u.Region, Reason: u.Error})
		}
		for _, c := range u.Coverage {
			if c.Failed() && c.Status != inventory.StatusRegionDisabled && len(s.NotCovered) < maxGaps {
				s.NotCovered = append(s.NotCovered, event.Gap{Service: c.Service, Account: c.AccountID, Region: c.Region, Reason: serviceReason(c)})
			}
		}
	}
	return s
}

// changesFound publishes what a finished scan found different from the
// previous scan of the same accounts, from what the report recorded.
func (f *Flow) changesFound(ctx context.Context, ws string, t *domain.Task, rep *domain.Report) error {
	if f.Publisher == nil || rep == nil || rep.Changes == nil {
		return nil
	}
	c := *rep.Changes
	c.URL = f.link("/reports/" + rep.ID)
	return f.Publisher.Publish(ctx, event.Event{ID: "changes." + t.ID, Type: event.ChangesDetected, WorkspaceID: ws, Time: rep.GeneratedAt,
		Owner: t.CreatedBy, Changes: &c})
}

// link is a console address, or "" when the console's origin is unknown.
func (f *Flow) link(path string) string {
	if f.ConsoleURL == "" {
		return ""
	}
	return strings.TrimSuffix(f.ConsoleURL, "/") + path
}
