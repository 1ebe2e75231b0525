package domain

import "time"

// JobKind is what a background job makes.
type JobKind string

// Job kinds: each was a request that could outgrow API Gateway's 29 s and
// Lambda's 6 MB answer, so the request starts it and the file lands in S3.
const (
	JobInventoryExport JobKind = "inventory_export" // a task's inventory as JSON or CSV
	JobAuditExport     JobKind = "audit_export"     // the audit log, filtered, as CSV
	JobReportRebuild   JobKind = "report_rebuild"   // a new version of a task's report
)

// JobKinds lists the kinds.
var JobKinds = []JobKind{JobInventoryExport, JobAuditExport, JobReportRebuild}

// EnumValues lists the kinds for the API description.
func (JobKind) EnumValues() []string { return enumOf(JobKinds) }

// JobStatus is where a job is.
type JobStatus string

// Job statuses.
const (
	JobQueued    JobStatus = "queued"
	JobRunning   JobStatus = "running"
	JobSucceeded JobStatus = "succeeded"
	JobFailed    JobStatus = "failed"
)

// JobStatuses lists the statuses.
var JobStatuses = []JobStatus{JobQueued, JobRunning, JobSucceeded, JobFailed}

// EnumValues lists the statuses for the API description.
func (JobStatus) EnumValues() []string { return enumOf(JobStatuses) }

// Done reports whether the job will not change any more.
func (s JobStatus) Done() bool { return s == JobSucceeded || s == JobFailed }

// JobParams is what the job was asked to make.
type JobParams struct {
	TaskID string `json:"taskId,omitempty" dynamo:"taskId,omitempty"`
	Format string `json:"format,omitempty" dynamo:"format,omitempty"` // json or csv
	// The audit filter, as the audit list takes it.
	Actor        string    `json:"actor,omitempty" dynamo:"actor,omitempty"`
	Action       string    `json:"action,omitempty" dynamo:"action,omitempty"`
	ResourceType string    `json:"resourceType,omitempty" dynamo:"resourceType,omitempty"`
	Result       string    `json:"result,omitempty" dynamo:"result,omitempty"`
	ResourceID   string    `json:"resourceId,omitempty" dynamo:"resourceId,omitempty"`
	Text         string    `json:"q,omitempty" dynamo:"q,omitempty"`
	From         time.Time `json:"from,omitzero" dynamo:"from,omitempty"`
	To           time.Time `json:"to,omitzero" dynamo:"to,omitempty"`
}

// Job is one background export or rebuild, visible to the user who
// started it.
type Job struct {
	ID          string    `json:"id" dynamo:"id"`
	WorkspaceID string    `json:"-" dynamo:"workspaceId"`
	Kind        JobKind   `json:"kind" dynamo:"kind"`
	Params      JobParams `json:"params" dynamo:"params"`
	Status      JobStatus `json:"status" dynamo:"status"`
	CreatedBy   string    `json:"createdBy" dynamo:"createdBy"`
	// Perm is the permission that started it; a download needs it still.
	Perm       string    `json:"-" dynamo:"perm"`
	StartedAt  time.Time `json:"startedAt,omitzero" dynamo:"startedAt,omitempty"`
	FinishedAt time.Time `json:"finishedAt,omitzero" dynamo:"finishedAt,omitempty"`
	// The file: its key (never shown), name, size and records.
	ResultKey string `json:"-" dynamo:"resultKey,omitempty"`
	FileName  string `json:"fileName,omitempty" dynamo:"fileName,omitempty"`
	Size      int64  `json:"size" dynamo:"size"`
	Records   int    `json:"records" dynamo:"records"`
	// ReportID is the version a rebuild made.
	ReportID string `json:"reportId,omitempty" dynamo:"reportId,omitempty"`
	// Error is the reason a person can act on; the chain is in the log.
	Error string `json:"error,omitempty" dynamo:"error,omitempty"`
	// ExpiresAt is when the file and this row are gone.
	ExpiresAt time.Time `json:"expiresAt" dynamo:"expiresAtTime"`
	Stamp
}
