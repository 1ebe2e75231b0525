package domain

import "time"

// ScheduleRunStatus is how a schedule's last run went.
type ScheduleRunStatus string

// Run statuses: started (a task was made and started), skipped (nothing
// was started, and Reason says why: the owner or a credential can no
// longer be used), failed (a task was made but its scan could not start).
const (
	ScheduleRunStarted ScheduleRunStatus = "started"
	ScheduleRunSkipped ScheduleRunStatus = "skipped"
	ScheduleRunFailed  ScheduleRunStatus = "failed"
)

// EnumValues lists the statuses for the API description.
func (ScheduleRunStatus) EnumValues() []string {
	return []string{string(ScheduleRunStarted), string(ScheduleRunSkipped), string(ScheduleRunFailed)}
}

// ScheduleRun is the outcome of a schedule's latest run. Time is the
// run's scheduled time (for a run started by hand, when it was asked).
type ScheduleRun struct {
	TaskID string            `json:"taskId,omitempty" dynamo:"taskId,omitempty"`
	Status ScheduleRunStatus `json:"status" dynamo:"status"`
	Time   time.Time         `json:"time" dynamo:"time"`
	Reason string            `json:"reason,omitempty" dynamo:"reason,omitempty"`
}

// Schedule is a scan that runs by itself: the task it creates (the
// fields of POST /api/tasks/create) and when, as an EventBridge Scheduler
// expression in an IANA time zone. A run acts as its creator with the
// creator's permissions at the time of the run.
type Schedule struct {
	ID              string          `json:"id" dynamo:"id"`
	WorkspaceID     string          `json:"-" dynamo:"workspaceId"`
	Name            string          `json:"name" dynamo:"name"`
	Expression      string          `json:"expression" dynamo:"expression"`
	Timezone        string          `json:"timezone" dynamo:"timezone"`
	CredentialIDs   []string        `json:"credentialIds" dynamo:"credentialIds"`
	Regions         []string        `json:"regions" dynamo:"regions"`
	Services        []string        `json:"services,omitempty" dynamo:"services,omitempty"`
	ProjectMetadata ProjectMetadata `json:"projectMetadata" dynamo:"projectMetadata"`
	TemplateID      string          `json:"templateId,omitempty" dynamo:"templateId,omitempty"`
	Exclusions      []ScopeRule     `json:"exclusions,omitempty" dynamo:"exclusions,omitempty"`
	Enabled         bool            `json:"enabled" dynamo:"enabled"`
	ChannelIDs      []string        `json:"channelIds,omitempty" dynamo:"channelIds,omitempty"`
	CreatedBy       string          `json:"createdBy" dynamo:"createdBy"`
	CreatedByName   string          `json:"createdByName" dynamo:"createdByName"`
	// Anchor is where rate() intervals count from: when the schedule was
	// created or its expression, zone or state last changed, as Scheduler
	// counts from a schedule's creation or update.
	Anchor time.Time `json:"-" dynamo:"anchor"`
	// NextRunAt is the next time the schedule fires, stored so the local
	// scheduler can find what is due; zero when disabled or when the
	// expression has no further run.
	NextRunAt time.Time    `json:"nextRunAt,omitzero" dynamo:"nextRunAt,omitempty"`
	LastRun   *ScheduleRun `json:"lastRun,omitempty" dynamo:"lastRun,omitempty"`
	// NextRuns are the next three runs, computed on read, never stored.
	NextRuns []time.Time `json:"nextRuns" dynamo:"-"`
	Stamp
}
