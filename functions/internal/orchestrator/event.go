package orchestrator

import (
	"encoding/json"
	"fmt"
	"time"
)

// StatusChangeDetailType is the EventBridge detail-type of an execution
// status change (source aws.states).
const StatusChangeDetailType = "Step Functions Execution Status Change"

// Event is an execution status change: EventBridge delivers it to the
// task-events Lambda in AWS, Local calls OnStatusChange with it.
type Event struct {
	Execution
	StateMachineARN string `json:"stateMachineArn"`
}

// statusChangeDetail is the detail of the EventBridge event: dates in
// milliseconds since the epoch, input and output as JSON text.
type statusChangeDetail struct {
	ExecutionARN    string  `json:"executionArn"`
	StateMachineARN string  `json:"stateMachineArn"`
	Name            string  `json:"name"`
	Status          Status  `json:"status"`
	StartDate       int64   `json:"startDate"`
	StopDate        *int64  `json:"stopDate"`
	Input           *string `json:"input"`
	Output          *string `json:"output"`
	Error           *string `json:"error"`
	Cause           *string `json:"cause"`
}

// ParseStatusChange decodes the detail of a "Step Functions Execution Status
// Change" event.
func ParseStatusChange(detail json.RawMessage) (Event, error) {
	var d statusChangeDetail
	if err := json.Unmarshal(detail, &d); err != nil {
		return Event{}, fmt.Errorf("decode execution status change: %w", err)
	}
	if d.ExecutionARN == "" || d.Status == "" {
		return Event{}, fmt.Errorf("decode execution status change: no executionArn or status")
	}
	ev := Event{StateMachineARN: d.StateMachineARN, Execution: Execution{
		ARN:       d.ExecutionARN,
		Name:      d.Name,
		Status:    d.Status,
		StartDate: time.UnixMilli(d.StartDate).UTC(),
		Input:     rawJSON(d.Input),
		Output:    rawJSON(d.Output),
		Error:     deref(d.Error),
		Cause:     deref(d.Cause),
	}}
	if d.StopDate != nil {
		ev.StopDate = time.UnixMilli(*d.StopDate).UTC()
	}
	return ev, nil
}

func rawJSON(s *string) json.RawMessage {
	if s == nil || *s == "" {
		return nil
	}
	return json.RawMessage(*s)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
