package localapp

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
	"github.com/cloudcensus/cloudcensus/functions/internal/report"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
	"github.com/xuri/excelize/v2"
)

var metadata = map[string]string{"clientName": "Acme Corp", "projectName": "Landing Zone", "bdManager": "Bea Manager",
	"solutionsArchitect": "Sam Architect", "cloudEngineer": "Cleo Engineer", "cloudEngineerEmail": "cleo@example.com"}

// demoCredentials returns the ids of the seeded demo credentials, the
// production account's first.
func demoCredentials(t testing.TB, c *client) []string {
	t.Helper()
	var l struct {
		Data []domain.PublicCredential
	}
	c.get("/api/credentials?page_size=100").decode(t, &l)
	var prod, others []string
	for _, cr := range l.Data {
		switch {
		case cr.Type == domain.CredentialOrganization:
		case cr.Demo && strings.Contains(cr.Name, "production"):
			prod = append(prod, cr.ID)
		case cr.Demo:
			others = append(others, cr.ID)
		}
	}
	if len(prod) != 1 || len(others) != 1 {
		t.Fatalf("demo credentials: %+v", l.Data)
	}
	return append(prod, others...)
}

func taskBody(name string, creds, regions []string) map[string]any {
	return map[string]any{"name": name, "credentialIds": creds, "regions": regions, "projectMetadata": metadata}
}

func createTask(t testing.TB, c *client, body map[string]any) domain.Task {
	t.Helper()
	a := c.post("/api/tasks/create", body)
	if a.Status != 201 {
		t.Fatalf("create task: %d %s", a.Status, a.Body)
	}
	var task domain.Task
	a.decode(t, &task)
	return task
}

// waitTask polls until the task ends.
func waitTask(t testing.TB, c *client, id string, limit time.Duration) tasks.Detail {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		var d tasks.Detail
		c.get("/api/tasks/detail?id="+id).decode(t, &d)
		if d.Status.Final() {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("task %s still %s after %s (%d/%d units)", id, d.Status, limit, d.UnitsDone, d.UnitsTotal)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

var demoTask struct {
	once sync.Once
	d    tasks.Detail
}

// demoScan runs one scan of both demo accounts in two regions, shared by
// the tests that only read it.
func demoScan(t testing.TB) tasks.Detail {
	demoTask.once.Do(func() {
		c := asAdmin(t)
		task := createTask(t, c, taskBody("Demo scan", demoCredentials(t, c), []string{"us-east-1", "eu-west-1"}))
		demoTask.d = waitTask(t, c, task.ID, 3*time.Minute)
	})
	if demoTask.d.ID == "" {
		t.Fatal("the shared demo scan did not run")
	}
	return demoTask.d
}

func TestDemoScanRunsThroughTheWorkflow(t *testing.T) {
	d := demoScan(t)
	// The staging account denies Lambda: partially completed, and the
	// coverage says why.
	if d.Status != domain.TaskPartiallyCompleted {
		t.Fatalf("status %s (%s)", d.Status, d.Error)
	}
	if d.UnitsTotal != 6 || d.UnitsDone != 6 || d.UnitsFailed != 0 || d.Progress != 100 {
		t.Fatalf("units %d/%d failed %d progress %d", d.UnitsDone, d.UnitsTotal, d.UnitsFailed, d.Progress)
	}
	denied := 0
	for _, u := range d.Units {
		for _, cv := range u.Coverage {
			if cv.Service == "lambda" && cv.Status == inventory.StatusAccessDenied {
				denied++
			}
		}
	}
	if denied != 2 { // staging x two regions
		t.Fatalf("lambda access_denied in %d units, want 2", denied)
	}
	// Every unit's result is in S3 at its deterministic key.
	keys, err := stack.Results.List(context.Background(), layout.ResultPrefix(d.ID))
	if err != nil || len(keys) != 6 {
		t.Fatalf("unit results: %v %v", keys, err)
	}
	c := asAdmin(t)
	var logs struct {
		Data []domain.TaskLog
	}
	c.get("/api/tasks/logs?id="+d.ID+"&level=warning").decode(t, &logs)
	if len(logs.Data) == 0 || logs.Data[0].Service != "lambda" || logs.Data[0].AccountID == "" || logs.Data[0].Region == "" {
		t.Fatalf("warning logs: %+v", logs.Data)
	}
	if d.ReportID == "" {
		t.Fatal("no report")
	}
}

func TestReportDownloadRebuildAndDelete(t *testing.T) {
	d := demoScan(t)
	c := asAdmin(t)
	var dl struct {
		URL, FileName string
		ExpiresIn     int
	}
	a := c.get("/api/reports/download?id=" + d.ReportID)
	a.decode(t, &dl)
	if a.Status != 200 || dl.ExpiresIn != 600 || !strings.HasSuffix(dl.FileName, ".docx") {
		t.Fatalf("download: %d %s", a.Status, a.Body)
	}
	resp, err := http.Get(dl.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.HasPrefix(body, []byte("PK")) {
		t.Fatalf("presigned download: %d, %d bytes", resp.StatusCode, len(body))
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, dl.FileName) {
		t.Errorf("Content-Disposition %q", cd)
	}
	tampered, _ := http.Get(strings.Replace(dl.URL, d.ReportID, "01AAAAAAAAAAAAAAAAAAAAAAAA", 1))
	if tampered != nil {
		tampered.Body.Close()
		if tampered.StatusCode == 200 {
			t.Error("a tampered URL downloaded")
		}
	}
	// A rebuild is the project's next version in document control.
	var first domain.Report
	c.get("/api/reports/detail?id="+d.ReportID).decode(t, &first)
	var before struct{ Data []domain.Report }
	c.get("/api/reports?page_size=100").decode(t, &before)
	var last []report.Revision
	for i := len(before.Data) - 1; i >= 0; i-- { // oldest first
		if before.Data[i].Project == first.Project {
			last = append(last, report.Revision{Version: before.Data[i].Version})
		}
	}
	var rb domain.Report
	a, j, _ := c.job("/api/reports/rebuild", map[string]string{"taskId": d.ID})
	if a.Status != 202 || j.Status != "succeeded" {
		t.Fatalf("rebuild: %d %s, job %+v", a.Status, a.Body, j)
	}
	c.get("/api/reports/detail?id="+j.ReportID).decode(t, &rb)
	if rb.Version != report.NextVersion(last) || rb.Version == "1.0" {
		t.Fatalf("rebuild made version %s, want %s", rb.Version, report.NextVersion(last))
	}
	if a := c.post("/api/reports/delete", map[string]string{"id": rb.ID}); a.Status != 204 {
		t.Fatalf("delete: %d %s", a.Status, a.Body)
	}
	if a := c.get("/api/reports/detail?id=" + rb.ID); a.Status != 404 {
		t.Fatalf("deleted report: %d", a.Status)
	}
}

func TestExportJSONAndCSV(t *testing.T) {
	d := demoScan(t)
	c := asAdmin(t)
	a, j, file := c.job("/api/tasks/export", map[string]string{"id": d.ID})
	var out inventory.Result
	if err := json.Unmarshal(file, &out); err != nil || a.Status != 202 {
		t.Fatalf("json export: %d %v, job %+v", a.Status, err, j)
	}
	if j.Records != len(out.Records) || j.Size != int64(len(file)) || !strings.HasSuffix(j.FileName, ".json") {
		t.Fatalf("json export job says %d records, %d bytes, %q; the file has %d records, %d bytes", j.Records, j.Size, j.FileName, len(out.Records), len(file))
	}
	if len(out.Records) < 100 || len(out.Coverage) == 0 || out.Records[0].AccountID == "" || len(out.Records[0].Columns) == 0 {
		t.Fatalf("json export: %d records, %d coverage", len(out.Records), len(out.Coverage))
	}
	_, _, csv := c.job("/api/tasks/export", map[string]string{"id": d.ID, "format": "csv"})
	if lines := strings.Count(string(csv), "\n"); lines != len(out.Records)+1 {
		t.Fatalf("csv export: %d lines for %d records", lines, len(out.Records))
	}
	// The workbook: a sheet per service with the spec's columns plus
	// Account and Region, as many rows as the JSON has records.
	_, jx, xlsx := c.job("/api/tasks/export", map[string]string{"id": d.ID, "format": "xlsx"})
	if jx.Status != "succeeded" || !strings.HasSuffix(jx.FileName, ".xlsx") || jx.Records != len(out.Records) {
		t.Fatalf("xlsx export: %+v", jx)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer wb.Close()
	perService := map[string]int{}
	for _, r := range out.Records {
		perService[r.Service]++
	}
	rows := 0
	for _, svc := range spec.All() {
		if perService[svc.Key] == 0 {
			continue
		}
		got, err := wb.GetRows(svc.Title)
		if err != nil {
			t.Fatalf("no sheet %q: %v (sheets %v)", svc.Title, err, wb.GetSheetList())
		}
		if len(got)-1 != perService[svc.Key] || got[0][0] != "Account" || got[0][1] != "Region" {
			t.Errorf("sheet %s: %d rows for %d records, header %q", svc.Title, len(got)-1, perService[svc.Key], got[0])
		}
		rows += len(got) - 1
	}
	if rows != len(out.Records) {
		t.Errorf("the workbook's service sheets hold %d rows for %d records", rows, len(out.Records))
	}
	if a := c.post("/api/tasks/export", map[string]string{"id": d.ID, "format": "xml"}); a.Status != 400 || a.field() != "format" {
		t.Fatalf("bad format: %d", a.Status)
	}
}

func TestFailingUnitDoesNotStopTheOthers(t *testing.T) {
	c := asAdmin(t)
	// A real-AWS credential cannot be resolved here (no AWS access): its
	// units fail, the demo's go on.
	a := c.post("/api/credentials/create", map[string]any{"name": "unreachable", "credentialType": "assume_role", "accountId": "123456789012",
		"roleArn": "arn:aws:iam::123456789012:role/CloudCensusScanner"})
	if a.Status != 201 {
		t.Fatalf("credential: %d %s", a.Status, a.Body)
	}
	var cr struct{ ID string }
	a.decode(t, &cr)
	task := createTask(t, c, taskBody("mixed", []string{demoCredentials(t, c)[0], cr.ID}, []string{"us-east-1"}))
	d := waitTask(t, c, task.ID, 3*time.Minute)
	if d.Status != domain.TaskPartiallyCompleted || d.UnitsDone != 2 || d.UnitsFailed != 2 {
		t.Fatalf("status %s done %d failed %d (%s)", d.Status, d.UnitsDone, d.UnitsFailed, d.Error)
	}
	var logs struct {
		Data []domain.TaskLog
	}
	c.get("/api/tasks/logs?id="+d.ID+"&level=error").decode(t, &logs)
	if len(logs.Data) == 0 || !strings.Contains(logs.Data[0].Message, "123456789012") {
		t.Fatalf("error logs: %+v", logs.Data)
	}
}

func TestCancelStopsARunningScan(t *testing.T) {
	c := asAdmin(t)
	task := createTask(t, c, taskBody("to cancel", demoCredentials(t, c), []string{"us-east-1", "eu-west-1", "ap-southeast-1"}))
	a := c.post("/api/tasks/cancel", map[string]string{"id": task.ID})
	if a.Status != 200 {
		t.Fatalf("cancel: %d %s", a.Status, a.Body)
	}
	d := waitTask(t, c, task.ID, time.Minute)
	if d.Status != domain.TaskCancelled {
		t.Fatalf("status %s", d.Status)
	}
	if a := c.post("/api/tasks/cancel", map[string]string{"id": task.ID}); a.Status != 409 {
		t.Fatalf("second cancel: %d", a.Status)
	}
	// The execution ends; the units it had not started never run.
	time.Sleep(2 * time.Second)
	c.get("/api/tasks/detail?id="+task.ID).decode(t, &d)
	if d.Status != domain.TaskCancelled || d.UnitsDone == d.UnitsTotal && d.UnitsTotal > 0 {
		t.Fatalf("after cancel: %s %d/%d", d.Status, d.UnitsDone, d.UnitsTotal)
	}
	if a := c.post("/api/tasks/delete", map[string]string{"id": task.ID}); a.Status != 204 {
		t.Fatalf("delete cancelled task: %d %s", a.Status, a.Body)
	}
}

func TestIdempotencyKeyStartsOneExecution(t *testing.T) {
	c := asAdmin(t)
	body := taskBody("idempotent", demoCredentials(t, c)[:1], []string{"us-east-1"})
	send := func() answer {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", server.URL+"/api/tasks/create", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.token)
		req.Header.Set("Idempotency-Key", "key-"+t.Name())
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return answer{Status: resp.StatusCode, Body: raw}
	}
	first, second := send(), send()
	var a, b domain.Task
	first.decode(t, &a)
	second.decode(t, &b)
	if first.Status != 201 || second.Status != 200 || a.ID != b.ID || a.ExecutionARN != b.ExecutionARN {
		t.Fatalf("first %d %s, second %d %s", first.Status, a.ID, second.Status, b.ID)
	}
	waitTask(t, c, a.ID, 3*time.Minute)
}

func TestUsersSeeOnlyTheirOwnTasks(t *testing.T) {
	d := demoScan(t)
	name, pwd, _ := newUser(t, "user")
	u := signIn(t, name, pwd)
	if a := u.get("/api/tasks/detail?id=" + d.ID); a.Status != 404 {
		t.Fatalf("user reads admin's task: %d", a.Status)
	}
	if a := u.post("/api/tasks/cancel", map[string]string{"id": d.ID}); a.Status != 404 {
		t.Fatalf("user cancels admin's task: %d", a.Status)
	}
	if a := u.get("/api/reports/download?id=" + d.ReportID); a.Status != 404 {
		t.Fatalf("user downloads admin's report: %d", a.Status)
	}
	var l struct{ Data []domain.Task }
	u.get("/api/tasks").decode(t, &l)
	if len(l.Data) != 0 {
		t.Fatalf("user lists %d tasks", len(l.Data))
	}
}

func TestCreateTaskRejects(t *testing.T) {
	c := asAdmin(t)
	creds := demoCredentials(t, c)
	name, pwd, _ := newUser(t, "user")
	u := signIn(t, name, pwd)
	missing := func(field string) map[string]any {
		b := taskBody("x", creds[:1], []string{"us-east-1"})
		m := map[string]string{}
		for k, v := range metadata {
			if k != field {
				m[k] = v
			}
		}
		b["projectMetadata"] = m
		return b
	}
	for _, tc := range []struct {
		name  string
		who   *client
		body  map[string]any
		field string
	}{
		{"no region", c, taskBody("x", creds[:1], []string{}), "regions"},
		{"unknown region", c, taskBody("x", creds[:1], []string{"mars-1"}), "regions"},
		{"no credential", c, taskBody("x", []string{}, []string{"us-east-1"}), "credentialIds"},
		{"credential not assigned", u, taskBody("x", creds[:1], []string{"us-east-1"}), "credentialIds"},
		{"no name", c, taskBody("", creds[:1], []string{"us-east-1"}), "name"},
		{"missing client name", c, missing("clientName"), "projectMetadata.clientName"},
		{"missing engineer email", c, missing("cloudEngineerEmail"), "projectMetadata.cloudEngineerEmail"},
		{"unknown service", c, func() map[string]any {
			b := taskBody("x", creds[:1], []string{"us-east-1"})
			b["services"] = []string{"vpc", "mainframe"}
			return b
		}(), "services"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.who.post("/api/tasks/create", tc.body)
			if a.Status != 400 || a.field() != tc.field {
				t.Fatalf("%d field %q, want 400 %q: %s", a.Status, a.field(), tc.field, a.Body)
			}
		})
	}
}

func TestDiagramUpload(t *testing.T) {
	c := asAdmin(t)
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
	put := func(up httpapi.Upload, data []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPut, up.UploadURL, bytes.NewReader(data))
		for k, v := range up.Headers {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("upload: %d", resp.StatusCode)
		}
	}
	var last httpapi.Upload
	upload := func(ctype string, data []byte) string {
		t.Helper()
		a := c.post("/api/uploads/diagram", map[string]any{"contentType": ctype, "size": len(data)})
		a.decode(t, &last)
		if a.Status != 200 {
			t.Fatalf("presign: %d %s", a.Status, a.Body)
		}
		put(last, data)
		return last.Key
	}
	if a := c.post("/api/uploads/diagram", map[string]any{"contentType": "image/gif", "size": 10}); a.Status != 400 || a.field() != "contentType" {
		t.Fatalf("gif: %d", a.Status)
	}
	if a := c.post("/api/uploads/diagram", map[string]any{"contentType": "image/png", "size": 11 << 20}); a.Status != 413 {
		t.Fatalf("11 MB: %d", a.Status)
	}
	fake := upload("image/png", []byte("this is not a picture at all"))
	body := taskBody("with diagram", demoCredentials(t, c)[:1], []string{"us-east-1"})
	body["projectMetadata"] = withDiagram(fake)
	if a := c.post("/api/tasks/create", body); a.Status != 400 || a.field() != "projectMetadata.networkDiagramKey" {
		t.Fatalf("non-image diagram: %d %s", a.Status, a.Body)
	}
	key := upload("image/png", png)
	up := last
	body["projectMetadata"] = withDiagram(key)
	task := createTask(t, c, body)
	own := task.ProjectMetadata.NetworkDiagramKey
	if own != layout.TaskDiagramKey(task.ID, "png") {
		t.Fatalf("diagram key %q, want the task's copy", own)
	}
	c.post("/api/tasks/cancel", map[string]string{"id": task.ID})
	// The upload's URL still works until it expires, but what it writes
	// is no longer what the task reads: swap, then blank.
	for _, data := range [][]byte{append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 64)...), bytes.Repeat([]byte{0}, 72)} {
		put(up, data)
		rc, err := stack.Results.Get(context.Background(), own)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(got, png) {
			t.Fatalf("the task's diagram changed with its upload: %q", got[:8])
		}
	}
	// Nobody is handed a URL for the task's key, and the upload serves
	// one task only.
	if a := c.post("/api/tasks/create", body); a.Status != 400 || a.field() != "projectMetadata.networkDiagramKey" {
		t.Fatalf("a used upload: %d %s", a.Status, a.Body)
	}
	if !strings.Contains(up.UploadURL, up.Key) || strings.Contains(up.UploadURL, layout.TasksPrefix) {
		t.Fatalf("upload URL %s", up.UploadURL)
	}
}

func withDiagram(key string) map[string]string {
	m := map[string]string{"networkDiagramKey": key}
	for k, v := range metadata {
		m[k] = v
	}
	return m
}

// Two credentials reaching one AWS account (an assume-role and an access
// key) collided in the plan and the results before units named their
// credential; a task naming both is now refused, naming the account and
// both credentials, and each one alone still makes a task.
func TestTwoCredentialsForOneAccount(t *testing.T) {
	c := asAdmin(t)
	const acct = "210987654321"
	var ids []string
	for _, body := range []map[string]any{
		{"name": "=role [UK] <a&b> 🚀", "credentialType": "assume_role", "accountId": acct, "roleArn": "arn:aws:iam::" + acct + ":role/CloudCensusScanner"},
		{"name": "+key " + strings.Repeat("k", 90), "credentialType": "access_key", "accountId": acct,
			"accessKeyId": "AKIAIOSFODNN7EXAMPLE", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
	} {
		a := c.post("/api/credentials/create", body)
		if a.Status != 201 {
			t.Fatalf("credential %s: %d %s", body["credentialType"], a.Status, a.Body)
		}
		var cr struct{ ID string }
		a.decode(t, &cr)
		ids = append(ids, cr.ID)
	}
	a := c.post("/api/tasks/create", taskBody("one account twice", ids, []string{"us-east-1"}))
	if a.Status != 400 || a.field() != "credentialIds" {
		t.Fatalf("two credentials of one account: %d %s", a.Status, a.Body)
	}
	for _, want := range []string{acct, ids[0], ids[1]} {
		if !strings.Contains(string(a.Body), want) {
			t.Fatalf("the refusal does not name %s: %s", want, a.Body)
		}
	}
	for _, id := range ids {
		task := createTask(t, c, taskBody("alone", []string{id}, []string{"us-east-1"}))
		if a := c.post("/api/tasks/cancel", map[string]string{"id": task.ID}); a.Status != 200 && a.Status != 409 {
			t.Fatalf("cancel: %d %s", a.Status, a.Body)
		}
	}
}

// A scan that met a denied action says so in its outcome: the action,
// the account and region, and the fix; its unit counts the warning.
func TestPartialScanExplainsTheDeniedAction(t *testing.T) {
	d := demoScan(t)
	c := asAdmin(t)
	var got struct {
		Outcome struct {
			Summary string
			Issues  []struct{ Service, AccountID, Region, Status, Action, Reason, Fix string }
		}
		Units []struct {
			AccountID, Region string
			Warnings          int
		}
	}
	c.get("/api/tasks/detail?id="+d.ID).decode(t, &got)
	if !strings.HasPrefix(got.Outcome.Summary, "Completed with warnings:") {
		t.Fatalf("summary %q", got.Outcome.Summary)
	}
	var denied bool
	for _, is := range got.Outcome.Issues {
		if is.Action == "lambda:ListFunctions" && is.Status == "access_denied" && strings.Contains(is.Fix, "Allow lambda:ListFunctions") {
			denied = true
			for _, u := range got.Units {
				if u.AccountID == is.AccountID && u.Region == is.Region && u.Warnings == 0 {
					t.Errorf("unit %s %s has a denied service but no warning", u.AccountID, u.Region)
				}
			}
		}
	}
	if !denied {
		t.Fatalf("the outcome does not name the denied lambda:ListFunctions: %+v", got.Outcome)
	}
}

// Log lines read as sentences: a capital first letter, statuses in
// words, services by their titles; the internal chain only in the
// details an admin opens.
func TestTaskLogsReadAsSentences(t *testing.T) {
	d := demoScan(t)
	var l struct {
		Data []domain.TaskLog
	}
	asAdmin(t).get("/api/tasks/logs?id="+d.ID+"&page_size=100").decode(t, &l)
	if len(l.Data) == 0 {
		t.Fatal("no log lines")
	}
	for _, line := range l.Data {
		first := []rune(line.Message)[0]
		if unicode.IsLower(first) || strings.Contains(line.Message, "_completed") || strings.Contains(line.Message, "smithy") ||
			strings.Contains(line.Message, ".go:") || strings.HasPrefix(line.Message, "lambda:") {
			t.Errorf("log line %q", line.Message)
		}
	}
}
