package tasks_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
	"github.com/cloudcensus/cloudcensus/functions/internal/safecsv"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

// A task is seen by its creator, by an admin, and by a power user who
// manages one of its credentials; everyone else gets the same 404 as for a
// task that does not exist, on every route that reads it.
func TestTaskVisibility(t *testing.T) {
	h := newHarness(t)
	own := h.create("u1", taskBody("u1's", h.creds["u1"].ID))
	managed := h.seed("u2", domain.TaskCompleted, h.creds["pu1"].ID)
	_, missing := h.Call("admin", "GET", "/api/tasks/detail?id="+domain.NewID(), nil, nil)
	for _, tc := range []struct {
		task   domain.Task
		who    string
		status int
	}{
		{own, "u1", 200}, {own, "admin", 200}, {own, "u2", 404}, {own, "pu1", 404}, {own, "pu2", 404},
		{managed, "u2", 200}, {managed, "pu1", 200}, {managed, "admin", 200}, {managed, "pu2", 404}, {managed, "u1", 404},
	} {
		for _, path := range []string{"/api/tasks/detail?id=", "/api/tasks/logs?id=", "/api/tasks/export"} {
			t.Run(tc.who+" "+tc.task.Name+" "+path, func(t *testing.T) {
				st, raw := h.Call(tc.who, "GET", path+tc.task.ID, nil, nil)
				if path == "/api/tasks/export" { // starts a job: 202
					st, raw = h.Call(tc.who, "POST", path, map[string]string{"id": tc.task.ID, "format": "json"}, nil)
					if st == 202 {
						st = 200
					}
				}
				if st != tc.status {
					t.Fatalf("%d %s, want %d", st, raw, tc.status)
				}
				if st == 404 && raw != missing {
					t.Fatalf("an invisible task answers %s, a missing one %s: ids can be probed", raw, missing)
				}
			})
		}
	}
	// Writes are refused the same way, and leave the task as it was.
	h.Expect("u2", "POST", "/api/tasks/cancel", map[string]string{"id": own.ID}, 404, "")
	h.Expect("pu2", "POST", "/api/tasks/delete", map[string]string{"id": managed.ID}, 404, "")
	var d tasks.Detail
	h.Call("u1", "GET", "/api/tasks/detail?id="+own.ID, nil, &d)
	if d.Status != domain.TaskRunning {
		t.Fatalf("a refused cancel changed the task: %s", d.Status)
	}
	for _, bad := range []string{"", "not-an-id", "../" + own.ID, strings.Repeat("9", 10000)} {
		h.Expect("admin", "GET", "/api/tasks/detail?id="+bad, nil, 400, "id")
	}
}

func TestTaskDetailHasUnits(t *testing.T) {
	h := newHarness(t)
	task := h.create("u1", taskBody("units", h.creds["u1"].ID))
	st, raw := h.Call("u1", "GET", "/api/tasks/detail?id="+task.ID, nil, nil)
	if st != 200 || !strings.Contains(raw, `"units":[]`) {
		t.Fatalf("a task without units must answer units [], never null: %d %s", st, raw)
	}
	ctx := context.Background()
	if err := h.Store.SetUnits(ctx, ws, task.ID, []domain.UnitState{
		{CredentialID: h.creds["u1"].ID, AccountID: h.creds["u1"].AccountID, Region: "eu-west-1"},
		{CredentialID: h.creds["u1"].ID, AccountID: h.creds["u1"].AccountID, Region: "global"},
	}); err != nil {
		t.Fatal(err)
	}
	var d tasks.Detail
	h.Call("u1", "GET", "/api/tasks/detail?id="+task.ID, nil, &d)
	if len(d.Units) != 2 || d.UnitsTotal != 2 || d.Units[0].Status != "pending" {
		t.Fatalf("units %+v, total %d", d.Units, d.UnitsTotal)
	}
}

func TestTaskLogs(t *testing.T) {
	h := newHarness(t)
	task := h.create("u1", taskBody("logged", h.creds["u1"].ID))
	st, raw := h.Call("u1", "GET", "/api/tasks/logs?id="+task.ID, nil, nil)
	if st != 200 || !strings.Contains(raw, `"data":[]`) {
		t.Fatalf("an empty log must be []: %d %s", st, raw)
	}
	at := time.Now().UTC()
	var lines []domain.TaskLog
	for i, lv := range []domain.LogLevel{domain.LogInfo, domain.LogWarning, domain.LogError, domain.LogInfo} {
		lines = append(lines, domain.TaskLog{ID: domain.NewID(), TaskID: task.ID, Level: lv, Message: hostile[i], Timestamp: at.Add(time.Duration(i) * time.Second)})
		time.Sleep(2 * time.Millisecond) // ids order the log
	}
	if err := h.Store.AddLogs(context.Background(), ws, lines...); err != nil {
		t.Fatal(err)
	}
	var l httpapi.List[domain.TaskLog]
	h.Call("u1", "GET", "/api/tasks/logs?id="+task.ID, nil, &l)
	if len(l.Data) != 4 || l.Data[0].Message != hostile[0] || l.Data[3].Message != hostile[3] {
		t.Fatalf("log, oldest first, as written: %+v", l.Data)
	}
	l = httpapi.List[domain.TaskLog]{}
	h.Call("u1", "GET", "/api/tasks/logs?level=error&id="+task.ID, nil, &l)
	if len(l.Data) != 1 || l.Data[0].Level != domain.LogError || l.Data[0].Message != hostile[2] {
		t.Fatalf("errors only: %+v", l.Data)
	}
	l = httpapi.List[domain.TaskLog]{}
	h.Call("u1", "GET", "/api/tasks/logs?page_size=3&page=2&id="+task.ID, nil, &l)
	if len(l.Data) != 1 || l.Pagination.Total != 4 || l.Data[0].Message != hostile[3] {
		t.Fatalf("second page %+v %+v", l.Pagination, l.Data)
	}
	for _, tc := range []struct{ query, field string }{
		{"level=debug&id=" + task.ID, "level"},
		{"level=ERROR&id=" + task.ID, "level"},
		{"page_size=101&id=" + task.ID, "page_size"},
		{"page_size=0&id=" + task.ID, "page_size"},
		{"id=nope", "id"},
		{"", "id"},
	} {
		h.Expect("u1", "GET", "/api/tasks/logs?"+tc.query, nil, 400, tc.field)
	}
}

func TestCancelAndDeleteFollowTheTaskState(t *testing.T) {
	h := newHarness(t)
	task := h.create("u1", taskBody("to cancel", h.creds["u1"].ID))
	h.blobs.put(layout.ResultKey(task.ID, h.creds["u1"].ID, "111111111112", "eu-west-1"), []byte("result"))
	h.blobs.put(layout.DiagramKey(ws, domain.NewID(), "png"), []byte("another's upload"))

	// A running task cannot be deleted: cancel it first.
	raw := h.Expect("u1", "POST", "/api/tasks/delete", map[string]string{"id": task.ID}, http.StatusConflict, "")
	if !strings.Contains(raw, "cancel it first") || !strings.Contains(raw, "running") {
		t.Fatalf("409 does not say what to do: %s", raw)
	}
	var cancelled domain.Task
	if st, raw := h.Call("u1", "POST", "/api/tasks/cancel", map[string]string{"id": task.ID}, &cancelled); st != 200 {
		t.Fatalf("cancel: %d %s", st, raw)
	}
	if cancelled.Status != domain.TaskCancelled || cancelled.CompletedAt == nil || !strings.Contains(cancelled.Error, "cancelled by u1x") {
		t.Fatalf("cancelled %+v", cancelled)
	}
	if cause := h.orch.stopped[task.ExecutionARN]; !strings.Contains(cause, "u1x") {
		t.Fatalf("execution not stopped: %v", h.orch.stopped)
	}
	var logs httpapi.List[domain.TaskLog]
	h.Call("u1", "GET", "/api/tasks/logs?id="+task.ID, nil, &logs)
	if len(logs.Data) != 1 || logs.Data[0].Level != domain.LogWarning || !strings.Contains(logs.Data[0].Message, "cancelled by u1x") {
		t.Fatalf("the cancel is not in the task's log: %+v", logs.Data)
	}
	raw = h.Expect("u1", "POST", "/api/tasks/cancel", map[string]string{"id": task.ID}, http.StatusConflict, "")
	if !strings.Contains(raw, "already ended (cancelled)") {
		t.Fatalf("second cancel: %s", raw)
	}
	h.Expect("u1", "POST", "/api/tasks/delete", map[string]string{"id": task.ID}, http.StatusNoContent, "")
	if !slices.Contains(h.blobs.deleted, layout.TaskPrefix(task.ID)) || len(h.blobs.files) != 1 {
		t.Fatalf("results not deleted (prefixes %v, left %d files)", h.blobs.deleted, len(h.blobs.files))
	}
	h.Expect("u1", "GET", "/api/tasks/detail?id="+task.ID, nil, 404, "")
	h.Expect("u1", "GET", "/api/tasks/logs?id="+task.ID, nil, 404, "")
	h.Expect("u1", "POST", "/api/tasks/delete", map[string]string{"id": task.ID}, 404, "")

	// Every attempt is audited with its action, the task and its outcome.
	type want struct {
		action string
		result domain.AuditResult
		errHas string
	}
	var got []want
	entries := h.Audit()
	slices.Reverse(entries) // oldest first
	for _, e := range entries {
		if e.Action == "tasks.create" {
			continue
		}
		if e.ResourceID != task.ID || e.ResourceType != "task" || e.Actor != h.Users["u1"].ID {
			t.Fatalf("entry %+v does not name the task and its actor", e)
		}
		got = append(got, want{e.Action, e.Result, e.Error})
	}
	expected := []want{
		{"tasks.delete", domain.AuditFailure, "cancel it first"},
		{"tasks.cancel", domain.AuditSuccess, ""},
		{"tasks.cancel", domain.AuditFailure, "already ended"},
		{"tasks.delete", domain.AuditSuccess, ""},
		{"tasks.delete", domain.AuditFailure, "not found"},
	}
	if len(got) != len(expected) {
		t.Fatalf("entries %+v, want %+v", got, expected)
	}
	for i, w := range expected {
		if got[i].action != w.action || got[i].result != w.result || !strings.Contains(got[i].errHas, w.errHas) {
			t.Fatalf("entry %d is %+v, want %+v", i, got[i], w)
		}
	}
	for _, e := range h.Audit() {
		if e.Action == "tasks.delete" && e.Result == domain.AuditSuccess {
			if b, _ := json.Marshal(e.Before); !strings.Contains(string(b), `"to cancel"`) {
				t.Fatalf("the deleted task is not kept in the entry: %s", b)
			}
		}
		if e.Action == "tasks.cancel" && e.Result == domain.AuditSuccess {
			if b, _ := json.Marshal(e.After); !strings.Contains(string(b), `"cancelled"`) {
				t.Fatalf("the cancel's outcome is not in the entry: %s", b)
			}
		}
	}
}

func TestCancelAndDeleteByStatus(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		status         domain.TaskStatus
		cancel, delete int
	}{
		{domain.TaskPending, 200, 204},
		{domain.TaskRunning, 200, 204},
		{domain.TaskCompleted, 409, 204},
		{domain.TaskPartiallyCompleted, 409, 204},
		{domain.TaskFailed, 409, 204},
		{domain.TaskCancelled, 409, 204},
	} {
		t.Run(string(tc.status), func(t *testing.T) {
			task := h.seed("u2", tc.status)
			if !tc.status.Final() {
				h.Expect("u2", "POST", "/api/tasks/delete", map[string]string{"id": task.ID}, 409, "")
			}
			raw := h.Expect("u2", "POST", "/api/tasks/cancel", map[string]string{"id": task.ID}, tc.cancel, "")
			if tc.cancel == 409 && !strings.Contains(raw, "already ended ("+string(tc.status)+")") {
				t.Fatalf("409 without the status: %s", raw)
			}
			h.Expect("u2", "POST", "/api/tasks/delete", map[string]string{"id": task.ID}, tc.delete, "")
		})
	}
	if len(h.orch.stopped) != 0 {
		t.Fatalf("tasks without an execution stopped one: %v", h.orch.stopped)
	}
	for _, path := range []string{"/api/tasks/cancel", "/api/tasks/delete"} {
		h.Expect("admin", "POST", path, map[string]string{"id": "x"}, 400, "id")
		h.Expect("admin", "POST", path, map[string]string{"taskId": domain.NewID()}, 400, "taskId")
		h.Expect("admin", "POST", path, "[]", 400, "body")
	}
}

func TestExport(t *testing.T) {
	h := newHarness(t)
	task := h.seed("u1", domain.TaskCompleted, h.creds["u1"].ID)
	var records []inventory.Record
	for i, name := range hostile {
		records = append(records, inventory.Record{Service: "vpc", ResourceType: "VPC", AccountID: "111111111112", Region: "eu-west-1",
			ID: "vpc-" + string(rune('a'+i)), Name: name, Columns: map[string]string{"CIDR": "10.0.0.0/16", "Note": name}})
	}
	for i, region := range []string{"eu-west-1", "us-east-1"} {
		var buf bytes.Buffer
		part := records[i*4 : i*4+4]
		if err := inventory.Encode(&buf, &inventory.Result{Records: part, Coverage: []inventory.Coverage{{Service: "vpc", AccountID: "111111111112", Region: region, Status: inventory.StatusOK, Resources: 4}}}); err != nil {
			t.Fatal(err)
		}
		h.blobs.put(layout.ResultKey(task.ID, h.creds["u1"].ID, "111111111112", region), buf.Bytes())
	}
	for _, format := range []string{"xml", "CSV", "json;csv", "docx", strings.Repeat("j", 10000)} {
		h.Expect("u1", "POST", "/api/tasks/export", map[string]string{"format": format, "id": task.ID}, 400, "format")
	}
	h.Expect("u1", "POST", "/api/tasks/export", map[string]string{"format": "csv"}, 400, "id")
	h.Expect("u2", "POST", "/api/tasks/export", map[string]string{"format": "csv", "id": task.ID}, 404, "")

	_, _, job, file := h.Job("u1", "/api/tasks/export", map[string]string{"format": "csv", "id": task.ID}, h.blobs)
	if job.Status != domain.JobSucceeded || job.Records != len(hostile) || job.Size != int64(len(file)) {
		t.Fatalf("csv export job %+v for %d bytes", job, len(file))
	}
	raw := string(file)
	rows, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatalf("%v in %s", err, raw)
	}
	if !slices.Equal(rows[0], []string{"service", "resourceType", "accountId", "region", "id", "name", "arn", "attributes"}) || len(rows) != len(hostile)+1 {
		t.Fatalf("header %v, %d rows for %d records", rows[0], len(rows), len(hostile))
	}
	var names []string
	for _, r := range rows[1:] {
		names = append(names, r[5])
		if !strings.HasPrefix(r[7], "CIDR=10.0.0.0/16; Note=") {
			t.Fatalf("attributes %q", r[7])
		}
	}
	// As written, except that a cell a spreadsheet would run as a formula
	// starts with a quote.
	var want []string
	for _, n := range hostile {
		want = append(want, safecsv.Neutralise(n))
	}
	if !slices.Equal(sorted(names...), sorted(want...)) {
		t.Fatalf("names in the CSV %q, want %q", names, want)
	}
	if !strings.Contains(raw, `"'=HYPERLINK(""http://evil.example"",""click"")"`) {
		t.Fatalf("the formula name is not quoted and neutralised in %s", raw)
	}
	for _, format := range []string{"", "json"} {
		var out inventory.Result
		_, _, _, file := h.Job("u1", "/api/tasks/export", map[string]string{"format": format, "id": task.ID}, h.blobs)
		raw := string(file)
		if err := json.Unmarshal(file, &out); err != nil {
			t.Fatalf("format %q: %v in %s", format, err, raw)
		}
		var got []string
		for _, r := range out.Records {
			got = append(got, r.Name)
		}
		if !slices.Equal(sorted(got...), sorted(hostile...)) || len(out.Coverage) != 2 {
			t.Fatalf("format %q: names %q, coverage %+v", format, got, out.Coverage)
		}
	}
	// A task without results exports an empty inventory, never null.
	empty := h.seed("u1", domain.TaskCompleted, h.creds["u1"].ID)
	if _, _, _, raw := h.Job("u1", "/api/tasks/export", map[string]string{"id": empty.ID}, h.blobs); strings.Join(strings.Fields(string(raw)), "") != `{"records":[],"coverage":[]}` || !json.Valid(raw) {
		t.Fatalf("empty JSON export: %s", raw)
	}
	if _, _, _, raw := h.Job("u1", "/api/tasks/export", map[string]string{"format": "csv", "id": empty.ID}, h.blobs); strings.Count(string(raw), "\n") != 1 {
		t.Fatalf("empty CSV export: %q", raw)
	}
}

func TestExportFileNameIsSafe(t *testing.T) {
	h := newHarness(t)
	task := domain.Task{ID: domain.NewID(), WorkspaceID: ws, Name: "x", Status: domain.TaskCompleted, CreatedBy: h.Users["admin"].ID,
		ProjectMetadata: domain.ProjectMetadata{ClientName: `Acme "Corp" <x>/..\`, ProjectName: "=cmd|' /C calc'!A0 📦"}}
	if _, err := h.Store.CreateTask(context.Background(), &task, ""); err != nil {
		t.Fatal(err)
	}
	_, _, job, _ := h.Job("admin", "/api/tasks/export", map[string]string{"format": "csv", "id": task.ID}, h.blobs)
	// The name goes into the download's Content-Disposition; the object's
	// key holds none of it.
	if name := job.FileName; !strings.HasSuffix(name, ".csv") || strings.ContainsAny(name, `"<>/\|'=! `) || !strings.HasPrefix(name, "Acme-Corp-x_cmd-C-calc-A0") {
		t.Fatalf("file name %q", name)
	}
	if !strings.HasSuffix(job.ResultKey, "/"+job.ID+"/export.csv") {
		t.Fatalf("object key %q", job.ResultKey)
	}
}

func TestUploadDiagram(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"a GIF", map[string]any{"contentType": "image/gif", "size": 10}, 400, "contentType"},
		{"an SVG", map[string]any{"contentType": "image/svg+xml", "size": 10}, 400, "contentType"},
		{"no content type", map[string]any{"size": 10}, 400, "contentType"},
		{"content type with parameters", map[string]any{"contentType": "image/png; charset=binary", "size": 10}, 400, "contentType"},
		{"content type in capitals", map[string]any{"contentType": "IMAGE/PNG", "size": 10}, 400, "contentType"},
		{"content type of 10,000 characters", map[string]any{"contentType": strings.Repeat("i", 10000), "size": 10}, 400, "contentType"},
		{"no size", map[string]any{"contentType": "image/png"}, 400, "size"},
		{"negative size", map[string]any{"contentType": "image/png", "size": -1}, 400, "size"},
		{"size as a string", map[string]any{"contentType": "image/png", "size": "10"}, 400, "size"},
		{"size as a fraction", map[string]any{"contentType": "image/png", "size": 1.5}, 400, "size"},
		{"over 10 MB", map[string]any{"contentType": "image/png", "size": tasks.MaxDiagramSize + 1}, 413, ""},
		{"a file name asked for", map[string]any{"contentType": "image/png", "size": 10, "key": "../../x.png"}, 400, "key"},
		{"not JSON", "<xml/>", 400, "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.Expect("u1", "POST", "/api/uploads/diagram", tc.body, tc.status, tc.field)
		})
	}
	if len(h.blobs.presigned) != 0 {
		t.Fatalf("refused uploads were presigned: %v", h.blobs.presigned)
	}
	for ct, ext := range map[string]string{"image/png": ".png", "image/jpeg": ".jpg"} {
		var up httpapi.Upload
		if st, raw := h.Call("u2", "POST", "/api/uploads/diagram", map[string]any{"contentType": ct, "size": tasks.MaxDiagramSize}, &up); st != 200 {
			t.Fatalf("%s: %d %s", ct, st, raw)
		}
		if !strings.HasPrefix(up.Key, layout.DiagramPrefix(ws)) || !strings.HasSuffix(up.Key, ext) || up.ExpiresIn != 900 ||
			!strings.Contains(up.UploadURL, up.Key) || up.Headers["Content-Type"] != ct || up.Headers["Host"] != "" {
			t.Fatalf("%s: %+v", ct, up)
		}
		if err := (domain.ProjectMetadata{ClientName: "a", ProjectName: "b", BDManager: "c", SolutionsArchitect: "d", CloudEngineer: "e",
			CloudEngineerEmail: "e@example.com", NetworkDiagramKey: up.Key}).Validate(ws); err != nil {
			t.Fatalf("the upload's key is not one a task accepts: %v", err)
		}
	}
}

func TestWorkers(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	running := h.create("u1", taskBody("scanning", h.creds["u1"].ID))
	acct := h.creds["u1"].AccountID
	cred := h.creds["u1"].ID
	if err := h.Store.SetUnits(ctx, ws, running.ID, []domain.UnitState{
		{CredentialID: cred, AccountID: acct, Region: "eu-west-1"}, {CredentialID: cred, AccountID: acct, Region: "us-east-1"}, {CredentialID: cred, AccountID: acct, Region: "global"},
	}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	_ = h.Store.UnitStarted(ctx, ws, running.ID, cred, acct, "eu-west-1", now)
	_ = h.Store.UnitStarted(ctx, ws, running.ID, cred, acct, "us-east-1", now)
	if _, err := h.Store.FinishUnit(ctx, ws, running.ID, domain.UnitState{CredentialID: cred, AccountID: acct, Region: "us-east-1", DurationMS: 400, Throttles: 2}, now); err != nil {
		t.Fatal(err)
	}
	_ = h.Store.UnitStarted(ctx, ws, running.ID, cred, acct, "global", now)
	if _, err := h.Store.FinishUnit(ctx, ws, running.ID, domain.UnitState{CredentialID: cred, AccountID: acct, Region: "global", Status: "failed", DurationMS: 200}, now); err != nil {
		t.Fatal(err)
	}
	pending := h.seed("u2", domain.TaskPending)
	h.seed("u2", domain.TaskCompleted)

	var w tasks.Workers
	if st, raw := h.Call("admin", "GET", "/api/workers", nil, &w); st != 200 {
		t.Fatalf("%d %s", st, raw)
	}
	byTask := map[string]tasks.Worker{}
	for _, wk := range w.Data {
		byTask[wk.TaskID] = wk
	}
	if r := byTask[running.ID]; len(w.Data) != 2 || r.Status != "RUNNING" || r.UnitsTotal != 3 || r.UnitsDone != 1 || r.UnitsFailed != 1 ||
		len(r.UnitsInFlight) != 1 || r.UnitsInFlight[0].Region != "eu-west-1" {
		t.Fatalf("workers %+v", w.Data)
	}
	if p := byTask[pending.ID]; p.Status != "QUEUED" || p.UnitsInFlight == nil {
		t.Fatalf("pending worker %+v", p)
	}
	var st tasks.Stats
	h.Call("admin", "GET", "/api/workers/stats", nil, &st)
	if st != (tasks.Stats{Running: 1, Succeeded: 1, Failed: 1, Throttled: 1, AverageUnitDurationMS: 300, TasksConsidered: 3}) {
		t.Fatalf("stats %+v", st)
	}
	for _, who := range []string{"u1", "pu1"} {
		for _, path := range []string{"/api/workers", "/api/workers/stats"} {
			raw := h.Expect(who, "GET", path, nil, http.StatusForbidden, "")
			if !strings.Contains(raw, `"permission":"workers:read"`) || !strings.Contains(raw, `"applyUrl":"/permissions/apply?permission=workers:read"`) {
				t.Fatalf("%s %s: 403 does not name the permission: %s", who, path, raw)
			}
		}
	}
	denied := 0
	for _, e := range h.entries("access.denied") {
		if e.Result == domain.AuditDenied && strings.HasPrefix(e.ResourceID, "GET /api/workers") {
			denied++
		}
	}
	if denied != 4 {
		t.Fatalf("%d denied calls audited, want 4", denied)
	}
}

func TestPurgeStopsEveryRunningTask(t *testing.T) {
	h := newHarness(t)
	a := h.create("u1", taskBody("one", h.creds["u1"].ID))
	b := h.create("pu1", taskBody("two", h.creds["pu1"].ID))
	p := h.seed("u2", domain.TaskPending)
	done := h.seed("u2", domain.TaskCompleted)
	h.Expect("pu1", "POST", "/api/workers/purge", nil, http.StatusForbidden, "")
	var out tasks.Purged
	if st, raw := h.Call("admin", "POST", "/api/workers/purge", nil, &out); st != 200 || out.Stopped != 3 {
		t.Fatalf("%d %s", st, raw)
	}
	for _, id := range []string{a.ID, b.ID, p.ID} {
		var d tasks.Detail
		h.Call("admin", "GET", "/api/tasks/detail?id="+id, nil, &d)
		if d.Status != domain.TaskCancelled || !strings.Contains(d.Error, "purged by adminx") {
			t.Fatalf("%s after purge: %s %q", id, d.Status, d.Error)
		}
	}
	var d tasks.Detail
	h.Call("admin", "GET", "/api/tasks/detail?id="+done.ID, nil, &d)
	if d.Status != domain.TaskCompleted || len(h.orch.stopped) != 2 {
		t.Fatalf("completed task %s, stopped %v", d.Status, h.orch.stopped)
	}
	e := h.entries("workers.purge")
	if len(e) != 1 || e[0].Result != domain.AuditSuccess {
		t.Fatalf("purge audit %+v", e)
	}
	if b, _ := json.Marshal(e[0].After); !strings.Contains(string(b), `"stopped":3`) {
		t.Fatalf("purge entry after %s", b)
	}
}

// A task whose unit results S3 has removed says so, and an export of it is
// refused with the date, not attempted over nothing.
func TestExpiredResultsSaySo(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	for _, tc := range []struct {
		ago     time.Duration
		expired bool
	}{{400 * 24 * time.Hour, true}, {24 * time.Hour, false}} {
		ended := time.Now().UTC().Add(-tc.ago)
		task := domain.Task{ID: domain.NewID(), WorkspaceID: ws, Name: "old", Status: domain.TaskCompleted, CreatedBy: h.Users["u1"].ID,
			CredentialIDs: []string{h.creds["u1"].ID}, Regions: []string{"eu-west-1"}, CompletedAt: &ended}
		if _, err := h.Store.CreateTask(ctx, &task, ""); err != nil {
			t.Fatal(err)
		}
		var d tasks.Detail
		h.Call("u1", "GET", "/api/tasks/detail?id="+task.ID, nil, &d)
		want := layout.Retain.ResultsExpireAt(ended)
		if d.ResultsExpired != tc.expired || d.ResultsExpireAt == nil || !d.ResultsExpireAt.Equal(want) {
			t.Fatalf("ended %s ago: expired %v at %v, want %v at %v", tc.ago, d.ResultsExpired, d.ResultsExpireAt, tc.expired, want)
		}
		var l httpapi.List[domain.Task]
		h.Call("u1", "GET", "/api/tasks?page_size=100", nil, &l)
		for _, x := range l.Data {
			if x.ID == task.ID && x.ResultsExpired != tc.expired {
				t.Fatalf("the list says expired %v", x.ResultsExpired)
			}
		}
		if tc.expired {
			raw := h.Expect("u1", "POST", "/api/tasks/export", map[string]string{"id": task.ID, "format": "csv"}, 409, "")
			if !strings.Contains(raw, "expired on "+want.Format("2006-01-02")) || !strings.Contains(raw, "scan again") {
				t.Fatalf("export of expired results: %s", raw)
			}
		} else if st, raw := h.Call("u1", "POST", "/api/tasks/export", map[string]string{"id": task.ID}, nil); st != 202 {
			t.Fatalf("export of kept results: %d %s", st, raw)
		}
	}
}
