package orchestrator

import (
	"encoding/json"
	"errors"
	"time"
)

// Status is an execution's status, as Step Functions names it.
type Status string

const (
	StatusRunning   Status = "RUNNING"
	StatusSucceeded Status = "SUCCEEDED"
	StatusFailed    Status = "FAILED"
	StatusTimedOut  Status = "TIMED_OUT"
	StatusAborted   Status = "ABORTED"
)

// Closed reports whether the execution has ended.
func (s Status) Closed() bool { return s != StatusRunning && s != "" }

// Execution describes one execution. Lists leave Input and Output empty,
// as Step Functions' ListExecutions does.
type Execution struct {
	ARN       string          `json:"executionArn"`
	Name      string          `json:"name"`
	Status    Status          `json:"status"`
	StartDate time.Time       `json:"startDate"`
	StopDate  time.Time       `json:"stopDate,omitzero"`
	Input     json.RawMessage `json:"input,omitempty"`
	Output    json.RawMessage `json:"output,omitempty"`
	Error     string          `json:"error,omitempty"`
	Cause     string          `json:"cause,omitempty"`
}

var (
	// ErrExecutionNotFound: no execution has this ARN (or it is malformed).
	ErrExecutionNotFound = errors.New("execution does not exist")
	// ErrExecutionExists: an execution of this name exists with another
	// input, or has already ended. Start returns its ARN with this error.
	ErrExecutionExists = errors.New("an execution of this name already exists")
)
