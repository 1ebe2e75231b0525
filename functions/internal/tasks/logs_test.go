package tasks_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// A user reads a log line's classified reason; the internal chain in its
// details is shown only to callers with scope:all.
func TestTaskLogDetailsAreForAdmins(t *testing.T) {
	h := newHarness(t)
	task := h.create("u1", taskBody("=logs [UK] <&> 🚀", h.creds["u1"].ID))
	chain := "operation error STS: AssumeRole, get identity: no EC2 IMDS role found; chain *fmt.wrapError > *smithy.OperationError"
	if err := h.Store.AddLogs(context.Background(), ws, domain.TaskLog{TaskID: task.ID, Level: domain.LogError, AccountID: "111111111112",
		Message: "unit 111111111112/eu-west-1 failed: This machine has no AWS identity to assume the account's role from", Details: chain}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		who     string
		details bool
	}{{"u1", false}, {"admin", true}} {
		var l httpapi.List[domain.TaskLog]
		if st, raw := h.Call(tc.who, "GET", "/api/tasks/logs?level=error&id="+task.ID, nil, &l); st != 200 {
			t.Fatalf("%s: %d %s", tc.who, st, raw)
		}
		_, raw := h.Call(tc.who, "GET", "/api/tasks/logs?level=error&id="+task.ID, nil, nil)
		if len(l.Data) != 1 || !strings.Contains(l.Data[0].Message, "no AWS identity") {
			t.Fatalf("%s: %+v", tc.who, l.Data)
		}
		if shown := strings.Contains(raw, "IMDS") || strings.Contains(raw, "smithy"); shown != tc.details {
			t.Fatalf("%s sees the chain: %v, want %v: %s", tc.who, shown, tc.details, raw)
		}
	}
}
