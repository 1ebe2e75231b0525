package orchestrator

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseStatusChange(t *testing.T) {
	// The detail of an EventBridge event as AWS documents it.
	detail := `{
		"executionArn": "arn:aws:states:us-east-1:123456789012:execution:scan-task:task-1",
		"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:scan-task",
		"name": "task-1",
		"status": "TIMED_OUT",
		"startDate": 1551225014968,
		"stopDate": 1551225017576,
		"input": "{\"taskId\":\"task-1\"}",
		"inputDetails": {"included": true},
		"output": null,
		"outputDetails": null,
		"error": "States.Timeout",
		"cause": null
	}`
	ev, err := ParseStatusChange(json.RawMessage(detail))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Name != "task-1" || ev.Status != StatusTimedOut || !ev.Status.Closed() || ev.Error != "States.Timeout" || ev.Cause != "" {
		t.Errorf("parsed %+v", ev)
	}
	if !ev.StartDate.Equal(time.UnixMilli(1551225014968)) || !ev.StopDate.Equal(time.UnixMilli(1551225017576)) {
		t.Errorf("dates %v %v", ev.StartDate, ev.StopDate)
	}
	if string(ev.Input) != `{"taskId":"task-1"}` || ev.Output != nil {
		t.Errorf("input %s output %s", ev.Input, ev.Output)
	}
	if _, err := ParseStatusChange(json.RawMessage(`{"name":"x"}`)); err == nil {
		t.Error("a detail without executionArn and status was accepted")
	}
}
