package tasks_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

// Two credentials reaching one AWS account are refused at creation,
// naming the account and both credentials, whatever the names hold.
func TestTwoCredentialsForOneAccountAreRefused(t *testing.T) {
	h := newHarness(t)
	hostile := []string{"=HYPERLINK(\"x\") [UK] <a&b>", "🚀 key " + strings.Repeat("k", 120)}
	acct := "222222222222"
	var ids []string
	for i, typ := range []domain.CredentialType{domain.CredentialAssumeRole, domain.CredentialAccessKey} {
		c := domain.Credential{ID: domain.NewID(), WorkspaceID: ws, Name: hostile[i], Type: typ, AccountID: acct,
			IsActive: true, CreatedBy: h.Users["admin"].ID}
		if typ == domain.CredentialAssumeRole {
			c.RoleARN, c.ExternalID = "arn:aws:iam::"+acct+":role/CloudCensusScanner", "cc-test"
		}
		if err := h.Store.CreateCredential(context.Background(), &c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	raw := h.Expect("admin", "POST", "/api/tasks/create", taskBody("twice", ids[0], ids[1]), 400, "credentialIds")
	for _, want := range []string{acct, ids[0], ids[1]} {
		if !strings.Contains(raw, want) {
			t.Fatalf("the refusal does not name %s: %s", want, raw)
		}
	}
	if len(h.orch.started) != 0 {
		t.Fatalf("a refused task started: %v", h.orch.started)
	}
	// Each one alone is fine, and so is one of them with another account.
	h.create("admin", taskBody("one", ids[0]))
	h.create("admin", taskBody("two", ids[1], h.creds["admin"].ID))
}

// Pending and running tasks are limited per user and per workspace (429
// naming the limit); a task that ends frees its place.
func TestActiveTaskLimits(t *testing.T) {
	h := newHarness(t)
	h.svc.SetLimits(tasks.Limits{TasksPerUser: 2, TasksPerWorkspace: 3})
	first := h.create("admin", taskBody("a1", h.creds["admin"].ID))
	h.create("admin", taskBody("a2", h.creds["admin"].ID))
	raw := h.Expect("admin", "POST", "/api/tasks/create", taskBody("a3", h.creds["admin"].ID), http.StatusTooManyRequests, "")
	if !strings.Contains(raw, "RATE_LIMITED") || !strings.Contains(raw, "limit per user is 2") {
		t.Fatalf("429 does not name the limit: %s", raw)
	}
	h.create("u1", taskBody("u1", h.creds["u1"].ID))
	raw = h.Expect("u1", "POST", "/api/tasks/create", taskBody("u1 again", h.creds["u1"].ID), http.StatusTooManyRequests, "")
	if !strings.Contains(raw, "limit per workspace") || !strings.Contains(raw, "3") {
		t.Fatalf("429 does not name the workspace limit: %s", raw)
	}
	// Cancelling frees a place for the user and the workspace.
	if st, raw := h.Call("admin", "POST", "/api/tasks/cancel", map[string]string{"id": first.ID}, nil); st != 200 {
		t.Fatalf("cancel: %d %s", st, raw)
	}
	h.create("admin", taskBody("a3", h.creds["admin"].ID))
	wsN, mine, err := h.Store.ActiveTasks(context.Background(), ws, h.Users["admin"].ID)
	if err != nil || wsN != 3 || mine != 2 {
		t.Fatalf("active counters %d (workspace) %d (admin), %v; want 3 and 2", wsN, mine, err)
	}
	// A task ended twice (cancel raced by the workflow's end) counts once.
	if _, err := h.Store.EndTask(context.Background(), ws, first.ID, domain.TaskFailed, "late", first.CreatedAt); err != nil {
		t.Fatal(err)
	}
	if wsN2, _, _ := h.Store.ActiveTasks(context.Background(), ws, h.Users["admin"].ID); wsN2 != 3 {
		t.Fatalf("a second end moved the counter to %d", wsN2)
	}
}

// Parallel creates never pass the limit.
func TestActiveTaskLimitHoldsUnderConcurrency(t *testing.T) {
	h := newHarness(t)
	h.svc.SetLimits(tasks.Limits{TasksPerUser: 3, TasksPerWorkspace: 20})
	codes := make(chan int, 10)
	for i := 0; i < 10; i++ {
		go func() {
			st, _ := h.Call("admin", "POST", "/api/tasks/create", taskBody("parallel", h.creds["admin"].ID), nil)
			codes <- st
		}()
	}
	created := 0
	for i := 0; i < 10; i++ {
		switch st := <-codes; st {
		case http.StatusCreated:
			created++
		case http.StatusTooManyRequests, http.StatusConflict:
		default:
			t.Fatalf("status %d", st)
		}
	}
	if created > 3 || created == 0 {
		t.Fatalf("%d tasks created with a limit of 3", created)
	}
}

// Units per task are limited: 400 on regions, naming the limit.
func TestUnitsPerTaskLimit(t *testing.T) {
	h := newHarness(t)
	h.svc.SetLimits(tasks.Limits{UnitsPerTask: 4})
	body := with(taskBody("wide", h.creds["admin"].ID, h.creds["pu1"].ID), "regions", []string{"eu-west-1", "us-east-1"})
	raw := h.Expect("admin", "POST", "/api/tasks/create", body, 400, "regions")
	if !strings.Contains(raw, "6 units") || !strings.Contains(raw, "limit per task is 4") {
		t.Fatalf("400 does not say the count and the limit: %s", raw)
	}
	// Global services only: one unit per account.
	h.create("admin", with(body, "services", []string{"s3"}))
	h.create("admin", with(body, "regions", []string{"eu-west-1"}))
}

// Deleting a task frees its idempotency key: the same key makes a new task.
func TestDeletingATaskFreesItsIdempotencyKey(t *testing.T) {
	h := newHarness(t)
	key := map[string]string{"Idempotency-Key": "console-[1]=😀"}
	body := taskBody("keyed", h.creds["admin"].ID)
	var first, second domain.Task
	if st, raw := h.callWith("admin", "POST", "/api/tasks/create", body, key, &first); st != http.StatusCreated {
		t.Fatalf("first: %d %s", st, raw)
	}
	h.Call("admin", "POST", "/api/tasks/cancel", map[string]string{"id": first.ID}, nil)
	if st, raw := h.Call("admin", "POST", "/api/tasks/delete", map[string]string{"id": first.ID}, nil); st != http.StatusNoContent {
		t.Fatalf("delete: %d %s", st, raw)
	}
	if st, raw := h.callWith("admin", "POST", "/api/tasks/create", body, key, &second); st != http.StatusCreated || second.ID == first.ID {
		t.Fatalf("the same key after a delete: %d %s (first %s)", st, raw, first.ID)
	}
	if n := h.orch.startedCount(second.ID); n != 1 {
		t.Fatalf("the new task started %d times", n)
	}
}

// A power user sees a task only when it manages every credential of it;
// it may read another's such task but not cancel or delete it.
func TestPowerUserScope(t *testing.T) {
	h := newHarness(t)
	h.assign("u2", h.creds["pu1"].ID, h.creds["admin"].ID)
	onlyManaged := h.seed("u2", domain.TaskRunning, h.creds["pu1"].ID)
	mixed := h.seed("u2", domain.TaskRunning, h.creds["pu1"].ID, h.creds["admin"].ID)
	own := h.create("pu1", taskBody("pu1's own", h.creds["pu1"].ID))
	h.Expect("pu1", "GET", "/api/tasks/detail?id="+onlyManaged.ID, nil, 200, "")
	h.Expect("pu1", "GET", "/api/tasks/detail?id="+mixed.ID, nil, 404, "")
	h.Expect("pu1", "GET", "/api/tasks/logs?id="+mixed.ID, nil, 404, "")
	var l struct{ Data []domain.Task }
	h.Call("pu1", "GET", "/api/tasks", nil, &l)
	var listed []string
	for _, task := range l.Data {
		listed = append(listed, task.ID)
	}
	if got, want := sorted(listed...), sorted(onlyManaged.ID, own.ID); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("pu1 lists %v, want %v", got, want)
	}
	raw := h.Expect("pu1", "POST", "/api/tasks/cancel", map[string]string{"id": onlyManaged.ID}, http.StatusForbidden, "")
	if !strings.Contains(raw, "creator or an admin") {
		t.Fatalf("403 does not say why: %s", raw)
	}
	if _, err := h.Store.EndTask(context.Background(), ws, onlyManaged.ID, domain.TaskCompleted, "", onlyManaged.CreatedAt); err != nil {
		t.Fatal(err)
	}
	h.Expect("pu1", "POST", "/api/tasks/delete", map[string]string{"id": onlyManaged.ID}, http.StatusForbidden, "")
	h.Expect("pu1", "GET", "/api/tasks/detail?id="+onlyManaged.ID, nil, 200, "")
	// Its own it may cancel and delete; an admin may cancel anyone's.
	h.Expect("pu1", "POST", "/api/tasks/cancel", map[string]string{"id": own.ID}, 200, "")
	h.Expect("pu1", "POST", "/api/tasks/delete", map[string]string{"id": own.ID}, 204, "")
	h.Expect("admin", "POST", "/api/tasks/cancel", map[string]string{"id": mixed.ID}, 200, "")
}
