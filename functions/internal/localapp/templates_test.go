package localapp

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/jobs"
	"github.com/cloudcensus/cloudcensus/functions/internal/report/reporttest"
	"github.com/cloudcensus/cloudcensus/functions/internal/templates"
)

// fetch GETs a presigned URL.
func fetch(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET presigned: %d %s", resp.StatusCode, body)
	}
	return body
}

// putUpload PUTs data through a presigned upload, as the console does.
func putUpload(t *testing.T, up httpapi.Upload, data []byte) {
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

// uploadTemplate uploads a .docx and creates a template of it.
func uploadTemplate(t *testing.T, c *client, name string, data []byte) (answer, string) {
	t.Helper()
	var up httpapi.Upload
	a := c.post("/api/templates/upload", map[string]any{"size": len(data)})
	a.decode(t, &up)
	if a.Status != 200 {
		t.Fatalf("presign template: %d %s", a.Status, a.Body)
	}
	putUpload(t, up, data)
	return c.post("/api/templates/create", map[string]string{"name": name, "uploadKey": up.Key}), up.Key
}

func reportParts(t *testing.T, c *client, reportID string) map[string][]byte {
	t.Helper()
	var dl templates.Download
	c.get("/api/reports/download?id="+reportID).decode(t, &dl)
	data := fetch(t, dl.URL)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		parts[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return parts
}

// TestABrandedTemplateMakesTheReports: the built-in template downloads as
// the starting point; a consultancy's version of it (logo, font, header)
// is uploaded, checked, made the default, and the next scan's report
// carries it; a task may still name the built-in one; deleting the
// template makes the built-in one the default again.
func TestABrandedTemplateMakesTheReports(t *testing.T) {
	c := asAdmin(t)
	var dl templates.Download
	if a := c.get("/api/templates/download?id=builtin"); a.Status != 200 {
		t.Fatalf("download built-in: %d %s", a.Status, a.Body)
	} else {
		a.decode(t, &dl)
	}
	base := fetch(t, dl.URL)
	branded, err := reporttest.Branded(base)
	if err != nil {
		t.Fatal(err)
	}

	edit := func(from, to string) []byte {
		out, err := reporttest.Edit{Rewrite: map[string]func(string) string{
			"word/document.xml": func(s string) string { return strings.Replace(s, from, to, 1) }}}.Apply(base)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"unknown placeholder", edit("[Project Name]", "[Project Nmae]"), "unknown placeholder [Project Nmae]"},
		{"missing anchor", edit("<w:t>[Report Body]</w:t>", "<w:t>Body</w:t>"), "required anchor [Report Body] is missing"},
		{"not a docx", []byte("%PDF-1.7"), "not a Word document"},
	} {
		a, _ := uploadTemplate(t, c, "Refused "+tc.name, tc.data)
		if a.Status != 400 || a.field() != "uploadKey" || !strings.Contains(string(a.Body), tc.want) {
			t.Errorf("%s: %d %s, want 400 on uploadKey saying %q", tc.name, a.Status, a.Body, tc.want)
		}
	}

	a, key := uploadTemplate(t, c, "Brand <Consulting> & Co", branded)
	var tpl domain.Template
	a.decode(t, &tpl)
	if a.Status != 201 || len(tpl.Placeholders) == 0 {
		t.Fatalf("create: %d %s", a.Status, a.Body)
	}
	if a := c.post("/api/templates/create", map[string]string{"name": "Again", "uploadKey": key}); a.Status != 400 {
		t.Errorf("an upload made a template twice: %d %s", a.Status, a.Body)
	}
	if a, _ := uploadTemplate(t, c, "brand <consulting> & co", branded); a.Status != 409 {
		t.Errorf("a second template with the same name: %d %s", a.Status, a.Body)
	}
	var list struct{ Data []domain.Template }
	c.get("/api/templates").decode(t, &list)
	if len(list.Data) < 2 || !list.Data[0].BuiltIn || !list.Data[0].Default {
		t.Fatalf("the built-in template is not first and default: %+v", list.Data)
	}
	if a := c.post("/api/templates/default", map[string]string{"id": tpl.ID}); a.Status != 200 {
		t.Fatalf("set default: %d %s", a.Status, a.Body)
	}
	body := taskBody("branded", demoCredentials(t, c)[:1], []string{"eu-west-1"})
	if a := c.post("/api/tasks/create", withTemplate(body, "01AAAAAAAAAAAAAAAAAAAAAAAA")); a.Status != 400 || a.field() != "templateId" {
		t.Errorf("a task named a template that does not exist: %d %s", a.Status, a.Body)
	}

	branding := func(parts map[string][]byte) (logo, header bool) {
		header = strings.Contains(string(parts["word/header1.xml"]), reporttest.HeaderText)
		for name, data := range parts {
			if strings.HasPrefix(name, "word/media/") && bytes.Equal(data, reporttest.Logo()) {
				logo = true
			}
		}
		return logo, header
	}
	d := waitTask(t, c, createTask(t, c, body).ID, 3*time.Minute)
	if logo, header := branding(reportParts(t, c, d.ReportID)); !logo || !header {
		t.Errorf("the default template's report: logo %v, header %v; want both", logo, header)
	}
	var rep domain.Report
	c.get("/api/reports/detail?id="+d.ReportID).decode(t, &rep)
	if rep.Template != tpl.Name {
		t.Errorf("report names template %q, want %q", rep.Template, tpl.Name)
	}
	d = waitTask(t, c, createTask(t, c, withTemplate(body, domain.BuiltinTemplate)).ID, 3*time.Minute)
	if logo, header := branding(reportParts(t, c, d.ReportID)); logo || header {
		t.Errorf("a task naming the built-in template got the brand: logo %v, header %v", logo, header)
	}

	if a := c.post("/api/templates/delete", map[string]string{"id": tpl.ID}); a.Status != 204 {
		t.Fatalf("delete: %d %s", a.Status, a.Body)
	}
	var set templates.Settings
	c.get("/api/settings").decode(t, &set)
	if set.DefaultTemplateID != "" {
		t.Errorf("the deleted template is still the default: %+v", set)
	}
	if a := c.post("/api/templates/delete", map[string]string{"id": domain.BuiltinTemplate}); a.Status != 409 {
		t.Errorf("delete built-in: %d", a.Status)
	}
	// A user reads templates but does not upload them.
	name, pwd, _ := newUser(t, "user")
	u := signIn(t, name, pwd)
	if a := u.get("/api/templates"); a.Status != 200 {
		t.Errorf("user lists templates: %d", a.Status)
	}
	if a := u.post("/api/templates/upload", map[string]any{"size": 100}); a.Status != 403 {
		t.Errorf("user uploads a template: %d", a.Status)
	}
}

func withTemplate(body map[string]any, id string) map[string]any {
	out := map[string]any{}
	for k, v := range body {
		out[k] = v
	}
	out["templateId"] = id
	return out
}

// TestReportRetentionRemovesOldReports: with a retention of N days, the
// daily run (the jobs worker's path, at a time N+1 days ahead) removes
// every older report's document and row and audits each; with 0 nothing
// goes.
func TestReportRetentionRemovesOldReports(t *testing.T) {
	c := asAdmin(t)
	d := waitTask(t, c, createTask(t, c, taskBody("kept for a while", demoCredentials(t, c)[:1], []string{"eu-west-1"})).ID, 3*time.Minute)
	docKey := func() string {
		keys, err := stack.Reports.List(context.Background(), "reports/")
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if strings.HasSuffix(k, "/"+d.ReportID+".docx") {
				return k
			}
		}
		return ""
	}
	if docKey() == "" {
		t.Fatal("the report's document is not in the bucket")
	}
	var set templates.Settings
	c.get("/api/settings").decode(t, &set)
	if a := c.post("/api/settings/update", map[string]any{"reportRetentionDays": -1, "version": set.Version}); a.Status != 400 {
		t.Errorf("negative retention: %d", a.Status)
	}
	if a := c.post("/api/settings/update", map[string]any{"reportRetentionDays": 30, "version": set.Version - 1}); a.Status != 409 {
		t.Errorf("stale settings version: %d", a.Status)
	}
	var rep domain.Report
	c.get("/api/reports/detail?id="+d.ReportID).decode(t, &rep)
	retain := func(days int, ahead time.Duration) {
		t.Helper()
		c.get("/api/settings").decode(t, &set)
		if a := c.post("/api/settings/update", map[string]any{"reportRetentionDays": days, "version": set.Version}); a.Status != 200 {
			t.Fatalf("set retention: %d %s", a.Status, a.Body)
		}
		w := jobs.NewWorker(stack.Store, stack.Results, stack.ReportBuilder(), os.TempDir(), stack.Logger).
			WithRetention(stack.ReportBuilder().Retention(stack.Store, stack.Logger)).WithClock(func() time.Time { return time.Now().Add(ahead) })
		if err := w.Retain(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	defer retain(0, 0)
	retain(0, 400*24*time.Hour)
	if a := c.get("/api/reports/detail?id=" + rep.ID); a.Status != 200 {
		t.Fatalf("retention 0 removed a report: %d", a.Status)
	}
	retain(30, 29*24*time.Hour)
	if a := c.get("/api/reports/detail?id=" + rep.ID); a.Status != 200 {
		t.Fatalf("a 29-day-old report went with a 30-day retention: %d", a.Status)
	}
	retain(30, 31*24*time.Hour)
	if a := c.get("/api/reports/detail?id=" + rep.ID); a.Status != 404 {
		t.Fatalf("a 31-day-old report stayed with a 30-day retention: %d", a.Status)
	}
	if k := docKey(); k != "" {
		t.Errorf("the document of an expired report is still in the bucket: %s", k)
	}
	var audit struct{ Data []domain.AuditEntry }
	c.get("/api/audit?action=reports.expire&page_size=100").decode(t, &audit)
	found := false
	for _, e := range audit.Data {
		found = found || (e.ResourceID == rep.ID && e.Actor == "system")
	}
	if !found {
		t.Errorf("no reports.expire audit entry by system for %s", rep.ID)
	}
	// The task no longer names a report that is gone.
	var task struct{ ReportID string }
	c.get("/api/tasks/detail?id="+d.ID).decode(t, &task)
	if task.ReportID == rep.ID {
		t.Error("the task still names the expired report")
	}
}

// TestDemoScanReportDrawsItsNetwork: with no diagram uploaded, the report
// of a demo scan holds, in its Network Diagram section, the diagrams
// drawn from the scan: PNG pictures and their captions.
func TestDemoScanReportDrawsItsNetwork(t *testing.T) {
	c := asAdmin(t)
	// Its own scan: the retention test removes the reports made before it.
	d := waitTask(t, c, createTask(t, c, taskBody("Network drawing", demoCredentials(t, c), []string{"eu-west-1"})).ID, 3*time.Minute)
	parts := reportParts(t, c, d.ReportID)
	pictures := 0
	for name, data := range parts {
		if strings.HasPrefix(name, "word/media/cloudcensus-picture") && bytes.HasPrefix(data, []byte("\x89PNG")) {
			pictures++
		}
	}
	doc := string(parts["word/document.xml"])
	section, _, _ := strings.Cut(doc[strings.LastIndex(doc, ">Network Diagram<"):], ">Implementation List<")
	if pictures == 0 || strings.Count(section, "<pic:pic") != pictures || !strings.Contains(section, "drawn from the scan") {
		t.Fatalf("the report has %d drawn pictures, %d in the Network Diagram section", pictures, strings.Count(section, "<pic:pic"))
	}
	var ds struct {
		Diagrams []struct{ AccountID, Region, SVG string }
		Omitted  int
	}
	if a := c.get("/api/tasks/diagrams?id=" + d.ID); a.Status != 200 {
		t.Fatalf("diagrams: %d %s", a.Status, a.Body)
	} else {
		a.decode(t, &ds)
	}
	if len(ds.Diagrams) != pictures || ds.Omitted != 0 || !strings.HasPrefix(strings.TrimSpace(ds.Diagrams[0].SVG), "<svg") && !strings.HasPrefix(strings.TrimSpace(ds.Diagrams[0].SVG), "<?xml") {
		t.Fatalf("the console gets %d diagrams (%d omitted) for the report's %d", len(ds.Diagrams), ds.Omitted, pictures)
	}
}
