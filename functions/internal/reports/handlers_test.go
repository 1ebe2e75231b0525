package reports_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/reports"
)

func reportIDs(l httpapi.List[domain.Report]) []string {
	var out []string
	for _, r := range l.Data {
		out = append(out, r.ID)
	}
	return out
}

func TestListReports(t *testing.T) {
	h := newHarness(t)
	adminTask := h.task("admin", domain.TaskCompleted, h.creds["admin"], metadata())
	u1Task := h.task("u1", domain.TaskCompleted, h.creds["u1"], metadata())
	managedTask := h.task("u2", domain.TaskCompleted, h.creds["pu1"], metadata())
	a1 := h.report(adminTask)
	u1a := h.report(u1Task)
	u1b := h.report(u1Task)
	m := h.report(managedTask)
	for _, tc := range []struct {
		name, who, query string
		want             []string // newest first
	}{
		{"admin sees every report", "admin", "", []string{m.ID, u1b.ID, u1a.ID, a1.ID}},
		{"by task", "admin", "task_id=" + u1Task.ID, []string{u1b.ID, u1a.ID}},
		{"a task without reports", "admin", "task_id=" + domain.NewID(), nil},
		{"a user sees its own", "u1", "", []string{u1b.ID, u1a.ID}},
		{"a user asking for another's task", "u1", "task_id=" + adminTask.ID, nil},
		{"a power user sees its credentials'", "pu1", "", []string{m.ID}},
		{"another power user", "pu2", "", nil},
		{"the other user", "u2", "task_id=" + managedTask.ID, []string{m.ID}},
		{"a page", "admin", "page_size=2&page=2", []string{u1a.ID, a1.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l httpapi.List[domain.Report]
			st, raw := h.Call(tc.who, "GET", "/api/reports?"+tc.query, nil, &l)
			if st != 200 {
				t.Fatalf("%d %s", st, raw)
			}
			if !slices.Equal(reportIDs(l), tc.want) {
				t.Fatalf("got %v, want %v", reportIDs(l), tc.want)
			}
			if len(tc.want) == 0 && !strings.Contains(raw, `"data":[]`) {
				t.Fatalf("an empty page must be [], never null: %s", raw)
			}
			if strings.Contains(raw, "reports/"+ws) || strings.Contains(raw, "s3Key") || strings.Contains(raw, "credentialIds") {
				t.Fatalf("the list shows storage keys or credentials: %s", raw)
			}
		})
	}
	for _, tc := range []struct{ query, field string }{
		{"task_id=nope", "task_id"},
		{"task_id=" + url.QueryEscape("<task/>"), "task_id"},
		{"task_id=" + strings.Repeat("T", 10000), "task_id"},
		{"page=0", "page"}, {"page_size=0", "page_size"}, {"page_size=101", "page_size"},
		{"cursor=" + url.QueryEscape("[]"), "cursor"},
	} {
		t.Run("rejects "+tc.query[:min(len(tc.query), 30)], func(t *testing.T) {
			h.Expect("admin", "GET", "/api/reports?"+tc.query, nil, http.StatusBadRequest, tc.field)
		})
	}
}

func TestReportDetailAndDownload(t *testing.T) {
	h := newHarness(t)
	own := h.report(h.task("u1", domain.TaskCompleted, h.creds["u1"], metadata()))
	managed := h.report(h.task("u2", domain.TaskCompleted, h.creds["pu1"], metadata()))
	_, missing := h.Call("admin", "GET", "/api/reports/detail?id="+domain.NewID(), nil, nil)
	for _, tc := range []struct {
		rep    domain.Report
		who    string
		status int
	}{
		{own, "u1", 200}, {own, "admin", 200}, {own, "u2", 404}, {own, "pu1", 404},
		{managed, "pu1", 200}, {managed, "u2", 200}, {managed, "pu2", 404}, {managed, "u1", 404},
	} {
		for _, path := range []string{"/api/reports/detail?id=", "/api/reports/download?id="} {
			st, raw := h.Call(tc.who, "GET", path+tc.rep.ID, nil, nil)
			if st != tc.status {
				t.Fatalf("%s %s%s: %d %s, want %d", tc.who, path, tc.rep.TaskName, st, raw, tc.status)
			}
			if st == 404 && raw != missing {
				t.Fatalf("an invisible report answers %s, a missing one %s", raw, missing)
			}
		}
	}
	var d reports.Download
	h.Call("u1", "GET", "/api/reports/download?id="+own.ID, nil, &d)
	if d.FileName != own.FileName || d.ExpiresIn != 600 || !strings.Contains(d.URL, own.S3Key) || !strings.Contains(d.URL, "X-Amz-Expires=600") {
		t.Fatalf("download %+v", d)
	}
	var r domain.Report
	_, raw := h.Call("u1", "GET", "/api/reports/detail?id="+own.ID, nil, &r)
	if r.ID != own.ID || r.TaskID != own.TaskID || r.FileName != own.FileName || strings.Contains(raw, own.S3Key) {
		t.Fatalf("detail %s", raw)
	}
	for _, path := range []string{"/api/reports/detail", "/api/reports/download"} {
		h.Expect("u1", "GET", path+"?id=nope", nil, 400, "id")
		h.Expect("u1", "GET", path, nil, 400, "id")
	}
}

func TestDeleteReport(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	task := h.task("u1", domain.TaskCompleted, h.creds["u1"], metadata())
	rep := h.report(task)
	h.Expect("u2", "POST", "/api/reports/delete", map[string]string{"id": rep.ID}, 404, "")
	h.Expect("u1", "POST", "/api/reports/delete", map[string]string{"id": "x"}, 400, "id")
	h.Expect("u1", "POST", "/api/reports/delete", map[string]string{"reportId": rep.ID}, 400, "reportId")
	// A document that cannot be deleted keeps the row.
	h.docs.failWrite = errors.New("AccessDenied")
	h.Expect("u1", "POST", "/api/reports/delete", map[string]string{"id": rep.ID}, http.StatusInternalServerError, "")
	if _, err := h.Store.GetReport(ctx, ws, rep.ID); err != nil {
		t.Fatalf("the row went with the document still there: %v", err)
	}
	h.docs.failWrite = nil
	h.Expect("u1", "POST", "/api/reports/delete", map[string]string{"id": rep.ID}, http.StatusNoContent, "")
	if h.docs.has(rep.S3Key) || !slices.Contains(h.docs.deleted, rep.S3Key) {
		t.Fatalf("the document is left: %v", h.docs.deleted)
	}
	if _, err := h.Store.GetReport(ctx, ws, rep.ID); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("the row is left: %v", err)
	}
	h.Expect("u1", "GET", "/api/reports/detail?id="+rep.ID, nil, 404, "")
	h.Expect("u1", "POST", "/api/reports/delete", map[string]string{"id": rep.ID}, 404, "")
	var got []string
	for _, e := range h.entries("reports.delete") {
		got = append(got, e.Actor[len(e.Actor)-4:]+" "+string(e.Result)+" "+e.ResourceID)
		if e.Result == domain.AuditSuccess {
			if b, _ := e.Before.(map[string]any); b["fileName"] != rep.FileName {
				t.Fatalf("the deleted report is not kept in the entry: %+v", e.Before)
			}
		}
	}
	u1, u2 := h.Users["u1"].ID, h.Users["u2"].ID
	want := []string{
		u2[len(u2)-4:] + " failure " + rep.ID, u1[len(u1)-4:] + " failure x", u1[len(u1)-4:] + " failure ",
		u1[len(u1)-4:] + " failure " + rep.ID, u1[len(u1)-4:] + " success " + rep.ID, u1[len(u1)-4:] + " failure " + rep.ID,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("audited %q, want %q", got, want)
	}
	h.Expect("u1", "POST", "/api/reports/delete", map[string]string{"id": domain.NewID()}, 404, "")
}

func TestDeletedReportIsNoLongerTheTasks(t *testing.T) {
	h := newHarness(t)
	task := h.task("u1", domain.TaskCompleted, h.creds["u1"], metadata())
	rep := h.report(task)
	h.Expect("u1", "POST", "/api/reports/delete", map[string]string{"id": rep.ID}, http.StatusNoContent, "")
	after, err := h.Store.GetTask(context.Background(), ws, task.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.ReportID == rep.ID {
		t.Fatal("the task still names its deleted report: the console would offer a download that answers 404")
	}
}

func TestRebuildOnlyForCompletedTasks(t *testing.T) {
	h := newHarness(t)
	for _, st := range []domain.TaskStatus{domain.TaskPending, domain.TaskRunning, domain.TaskFailed, domain.TaskCancelled} {
		task := h.task("u1", st, h.creds["u1"], metadata())
		raw := h.Expect("u1", "POST", "/api/reports/rebuild", map[string]string{"taskId": task.ID}, http.StatusConflict, "")
		if !strings.Contains(raw, "only a completed task") || !strings.Contains(raw, string(st)) {
			t.Fatalf("%s: %s", st, raw)
		}
	}
	other := h.task("admin", domain.TaskCompleted, h.creds["admin"], metadata())
	h.Expect("u1", "POST", "/api/reports/rebuild", map[string]string{"taskId": other.ID}, 404, "")
	h.Expect("u1", "POST", "/api/reports/rebuild", map[string]string{"taskId": domain.NewID()}, 404, "")
	h.Expect("u1", "POST", "/api/reports/rebuild", map[string]string{"taskId": "nope"}, 400, "taskId")
	h.Expect("u1", "POST", "/api/reports/rebuild", map[string]string{}, 400, "taskId")
	h.Expect("u1", "POST", "/api/reports/rebuild", map[string]string{"id": other.ID}, 400, "id")
	if len(h.docs.files) != 0 {
		t.Fatalf("refused rebuilds wrote documents: %d", len(h.docs.files))
	}
	e := h.entries("reports.rebuild")
	if len(e) != 9 {
		t.Fatalf("%d reports.rebuild entries for 9 refusals", len(e))
	}
	for _, x := range e {
		if x.Result != domain.AuditFailure || x.ResourceType != "task" {
			t.Fatalf("refusal audited as %+v", x)
		}
	}
}

func TestRebuildKeepsHostileTextAsWritten(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	meta := domain.ProjectMetadata{ClientName: `Acme <"Corp"> & Sons`, ProjectName: "=HYPERLINK(\"x\") [LZ] 📦",
		BDManager: "]]><!-- Bea -->", SolutionsArchitect: "Sam 'Architect'", CloudEngineer: "Cleo & Co", CloudEngineerEmail: "cleo@example.com"}
	task := h.task("pu1", domain.TaskPartiallyCompleted, h.creds["pu1"], meta)
	first := *h.rebuild("pu1", task.ID)
	if first.TaskID != task.ID || first.TaskName != task.Name || first.Author != "Cleo & Co" || first.Version == "" || first.FileSize == 0 {
		t.Fatalf("report %+v", first)
	}
	if strings.ContainsAny(first.FileName, `<>"/\|?*:'=[] `) || !strings.HasSuffix(first.FileName, ".docx") || !strings.HasPrefix(first.FileName, "Acme-Corp-Sons_HYPERLINK-x-LZ_") {
		t.Fatalf("file name %q", first.FileName)
	}
	stored, err := h.Store.GetReport(ctx, ws, first.ID)
	if err != nil || !h.docs.has(stored.S3Key) || h.docs.types[stored.S3Key] != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
		t.Fatalf("stored %+v (%v), document there: %v", stored, err, err == nil && h.docs.has(stored.S3Key))
	}
	if after, _ := h.Store.GetTask(ctx, ws, task.ID); after.ReportID != first.ID {
		t.Fatalf("the task links report %q, want %q", after.ReportID, first.ID)
	}
	text := documentText(t, h.docs.file(stored.S3Key))
	for _, v := range []string{meta.ClientName, meta.ProjectName, meta.BDManager, meta.SolutionsArchitect, meta.CloudEngineer} {
		if !strings.Contains(text, v) {
			t.Fatalf("the document does not hold %q as written", v)
		}
	}
	// A second build is the next version of the same project.
	second := *h.rebuild("admin", task.ID)
	if second.ID == first.ID || second.Version == first.Version || second.Project != first.Project {
		t.Fatalf("second build %+v after %+v", second, first)
	}
	e := h.entries("reports.rebuild")
	if len(e) != 2 || e[0].Result != domain.AuditSuccess || e[0].ResourceID != task.ID || e[1].Actor != h.Users["admin"].ID {
		t.Fatalf("audit %+v", e)
	}
	h.Expect("pu2", "POST", "/api/reports/rebuild", map[string]string{"taskId": task.ID}, 404, "")
}

// documentText checks that every XML part of a .docx is well formed and
// answers the text of its parts.
func documentText(t *testing.T, doc []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	var text strings.Builder
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(rc)
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
			if cd, ok := tok.(xml.CharData); ok {
				text.Write(cd)
			}
		}
		rc.Close()
	}
	return text.String()
}

// A task whose unit results have expired has no report to rebuild: the
// refusal says when they expired and that its report stays.
func TestRebuildOfExpiredResultsIsRefused(t *testing.T) {
	h := newHarness(t)
	ended := time.Now().UTC().AddDate(-2, 0, 0)
	task := domain.Task{ID: domain.NewID(), WorkspaceID: ws, Name: "old scan", Status: domain.TaskCompleted, CreatedBy: h.Users["u1"].ID,
		CredentialIDs: []string{h.creds["u1"]}, Regions: []string{"eu-west-1"}, ProjectMetadata: metadata(), CompletedAt: &ended}
	if _, err := h.Store.CreateTask(context.Background(), &task, ""); err != nil {
		t.Fatal(err)
	}
	raw := h.Expect("u1", "POST", "/api/reports/rebuild", map[string]string{"taskId": task.ID}, http.StatusConflict, "")
	if !strings.Contains(raw, "expired on") || !strings.Contains(raw, "report stays") {
		t.Fatalf("%s", raw)
	}
	if len(h.docs.files) != 0 {
		t.Fatal("a refused rebuild wrote a document")
	}
}
