// Package event holds what CloudCensus tells the outside world: a task that
// ended, the changes a scan found, a schedule run that was skipped, a
// security alert. Producers (the task flow, the report build, the scheduler,
// the sign-in gate) fill an Event; the notification channels render it for
// their receivers. The package holds data only, so both sides import it
// without importing each other.
package event

import "time"

// Type names an event a notification channel can subscribe to.
type Type string

// The events a channel can subscribe to.
const (
	TaskCompleted          Type = "task.completed"
	TaskPartiallyCompleted Type = "task.partially_completed"
	TaskFailed             Type = "task.failed"
	ChangesDetected        Type = "changes.detected"
	ScheduleSkipped        Type = "schedule.skipped"
	SecurityAlert          Type = "security.alert"
	// Test is the message of POST /api/notification-channels/test; every
	// channel receives it whatever it subscribed to.
	Test Type = "channel.test"
)

// Types is every type a channel may subscribe to, in display order.
func Types() []Type {
	return []Type{TaskCompleted, TaskPartiallyCompleted, TaskFailed, ChangesDetected, ScheduleSkipped, SecurityAlert}
}

// EnumValues lists the subscribable types for the OpenAPI document.
func (Type) EnumValues() []string {
	out := make([]string, 0, len(Types()))
	for _, t := range Types() {
		out = append(out, string(t))
	}
	return out
}

// Event is one thing that happened. ID is unique per event and stays the
// same across delivery attempts, so receivers can deduplicate (delivery is
// at least once). Exactly one of the detail pointers is set, matching Type
// (none for Test).
type Event struct {
	ID          string    `json:"id"`
	Type        Type      `json:"type"`
	WorkspaceID string    `json:"workspaceId"`
	Time        time.Time `json:"time"`
	// Owner is the user whose action or schedule caused the event (the
	// task's creator); channels deliver only what their creator may see.
	Owner string `json:"owner,omitempty"`

	Task     *Task         `json:"task,omitempty"`
	Changes  *Changes      `json:"changes,omitempty"`
	Schedule *ScheduleSkip `json:"schedule,omitempty"`
	Alert    *Alert        `json:"alert,omitempty"`
}

// Task summarises a task that ended.
type Task struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Client      string    `json:"client"`
	Project     string    `json:"project"`
	Status      string    `json:"status"`
	StartedAt   time.Time `json:"startedAt"`
	CompletedAt time.Time `json:"completedAt"`
	Accounts    int       `json:"accounts"`
	Regions     int       `json:"regions"`
	Resources   int       `json:"resources"`
	// NotCovered lists the services that were not fully scanned and why.
	NotCovered []Gap `json:"notCovered,omitempty"`
	// Error is the classified reason a failed task gives its user.
	Error string `json:"error,omitempty"`
	// ScheduleName is set when a schedule started the task.
	ScheduleName string `json:"scheduleName,omitempty"`
	// URL opens the task in the console.
	URL string `json:"url"`
}

// Duration is how long the task ran.
func (t Task) Duration() time.Duration {
	if t.StartedAt.IsZero() || t.CompletedAt.Before(t.StartedAt) {
		return 0
	}
	return t.CompletedAt.Sub(t.StartedAt)
}

// Gap is a service not covered in some account and region.
type Gap struct {
	Service string `json:"service"`
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
	Reason  string `json:"reason"`
}

// Changes is what a finished scan found different from the previous scan
// of the same accounts.
type Changes struct {
	TaskID         string `json:"taskId"`
	TaskName       string `json:"taskName"`
	PreviousTaskID string `json:"previousTaskId"`
	Client         string `json:"client"`
	Project        string `json:"project"`
	// Services has one entry per service with any change.
	Services []ServiceChanges `json:"services"`
	// Notable is at most MaxNotable changes, most significant first.
	Notable []Change `json:"notable"`
	URL     string   `json:"url"`
}

// MaxNotable bounds Changes.Notable, like seed 001's change card.
const MaxNotable = 10

// ServiceChanges counts one service's changes.
type ServiceChanges struct {
	Service string `json:"service"`
	Title   string `json:"title"`
	Added   int    `json:"added"`
	Removed int    `json:"removed"`
	Changed int    `json:"changed"`
}

// ChangeKind says whether a resource appeared, disappeared or changed.
type ChangeKind string

// The kinds of change.
const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Changed ChangeKind = "changed"
)

// Change is one resource that changed.
type Change struct {
	Kind         ChangeKind `json:"kind"`
	Service      string     `json:"service"`
	ResourceType string     `json:"resourceType"`
	Account      string     `json:"account"`
	Region       string     `json:"region"`
	ID           string     `json:"id"`
	Name         string     `json:"name,omitempty"`
	// Detail names the changed attributes ("State: running -> stopped").
	Detail string `json:"detail,omitempty"`
}

// ScheduleSkip is a schedule run that did not start a task.
type ScheduleSkip struct {
	ScheduleID string    `json:"scheduleId"`
	Name       string    `json:"name"`
	Reason     string    `json:"reason"`
	Code       string    `json:"code"`
	DueAt      time.Time `json:"dueAt"`
	URL        string    `json:"url"`
}

// Alert is a security alert (lockout, role elevation, unusual sign-ins).
type Alert struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
}
