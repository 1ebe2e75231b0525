package workflow

import (
	"encoding/json"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
)

// Input is the execution input, and the input of scan-plan and
// report-build.
type Input struct {
	TaskID      string `json:"taskId"`
	WorkspaceID string `json:"workspaceId"`
}

// Plan is what scan-plan answers. Up to InlineUnitLimit units travel in
// Units (Step Functions payloads are limited to 256 KB); beyond that the
// plan writes the units as a JSON array to the results bucket, names it in
// UnitsFile and leaves Units empty, and the workflow scans them with a
// distributed Map.
type Plan struct {
	TaskID      string           `json:"taskId"`
	WorkspaceID string           `json:"workspaceId"`
	Units       []inventory.Unit `json:"units"`
	UnitsFile   *Object          `json:"unitsFile,omitempty"`
}

// MarshalJSON writes no units as [] rather than null: the inline Map
// needs an array even when there is nothing to scan.
func (p Plan) MarshalJSON() ([]byte, error) {
	type plain Plan
	if p.Units == nil {
		p.Units = []inventory.Unit{}
	}
	return json.Marshal(plain(p))
}

// InlineUnitLimit is the most units a plan passes inline. About 150 bytes
// a unit keeps the plan under 256 KB with room to spare, and an inline Map
// of that many iterations stays far below the 25,000 events of an
// execution's history.
const InlineUnitLimit = 1000

// Object names an S3 object. Locally the bucket is the results bucket of
// the local S3 server.
type Object struct {
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
}

// UnitsFileKey is where a plan writes a task's units file.
func UnitsFileKey(taskID string) string { return layout.UnitsFileKey(taskID) }

// UnitInput is what scan-unit receives for one unit. scan-unit answers an
// inventory.Summary; the workflow drops it (the result lives in S3 and the
// unit records its own progress), so its size only has to stay under 256 KB.
type UnitInput struct {
	TaskID      string         `json:"taskId"`
	WorkspaceID string         `json:"workspaceId"`
	Unit        inventory.Unit `json:"unit"`
}

// EventKind says what a TaskEvent reports.
type EventKind string

const (
	// EventUnitFailed: scan-unit failed after its retries; the other units go on.
	EventUnitFailed EventKind = "unit_failed"
	// EventFailed: the plan or the scan failed; the task is failed.
	EventFailed EventKind = "failed"
	// EventReportFailed: the report could not be built past its retries;
	// the task records why and still settles from its units.
	EventReportFailed EventKind = "report_failed"
	// EventFinished: every unit ran and the report is built; the task is
	// completed or partially completed.
	EventFinished EventKind = "finished"
)

// TaskEvent is what the workflow sends task-events. Error and Cause are
// Step Functions' (for a Lambda error: the errorType, and a JSON document
// with errorMessage and errorType).
type TaskEvent struct {
	TaskID      string          `json:"taskId"`
	WorkspaceID string          `json:"workspaceId"`
	Event       EventKind       `json:"event"`
	Unit        *inventory.Unit `json:"unit,omitempty"`
	Error       string          `json:"error,omitempty"`
	Cause       string          `json:"cause,omitempty"`
}

// CauseMessage is the readable part of Cause: a Lambda error's
// errorMessage, or Cause itself.
func (e TaskEvent) CauseMessage() string { return CauseMessage(e.Cause) }

// CauseMessage extracts errorMessage from a Lambda error cause, or returns
// the cause unchanged.
func CauseMessage(cause string) string {
	var lambdaErr struct {
		ErrorMessage string `json:"errorMessage"`
	}
	if json.Unmarshal([]byte(cause), &lambdaErr) == nil && lambdaErr.ErrorMessage != "" {
		return lambdaErr.ErrorMessage
	}
	return cause
}

// ProbeInput asks scan-unit for a dry run of a credential's read
// actions: every service's scanner in one region, and the global
// services, as a scan would call them, with nothing stored. Credential
// validation sends it, so "valid" means the scan can read, not only sign
// in.
type ProbeInput struct {
	Probe        bool   `json:"probe"` // tells a probe from a unit
	WorkspaceID  string `json:"workspaceId"`
	CredentialID string `json:"credentialId"`
	Region       string `json:"region"`
}

// ProbeOutput is each service's outcome, without internal details.
type ProbeOutput struct {
	Coverage []inventory.Coverage `json:"coverage"`
}
