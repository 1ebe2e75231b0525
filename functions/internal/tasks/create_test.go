package tasks_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

// hostile are free-text values that must come back exactly as written.
var hostile = []string{
	"[prod] {eu-west} (v2) <draft>",
	`=HYPERLINK("http://evil.example","click")`,
	"+SUM(1,2)", "-2+3", "@cmd",
	"📦 scan 🚀 ✅",
	`<a href="x">&amp; 'quoted' & "double"</a>`,
	"]]><!-- -->",
}

func TestCreateTaskRejects(t *testing.T) {
	h := newHarness(t)
	admin, pu1, inactive := h.creds["admin"].ID, h.creds["pu1"].ID, h.creds["inactive"].ID
	b := taskBody("x", admin)
	long := strings.Repeat("x", 10000)
	meta := func(k string, v any) map[string]any {
		m := metadata()
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return with(b, "projectMetadata", m)
	}
	textPNG := layout.DiagramKey(ws, domain.NewID(), "png")
	h.blobs.put(textPNG, []byte("this is not a picture at all"))
	many := make([]string, 51)
	for i := range many {
		many[i] = domain.NewID()
	}
	cases := []struct {
		name, who string
		body      any
		field     string
	}{
		{"blank name", "admin", with(b, "name", "  \t "), "name"},
		{"no name", "admin", with(b, "name", nil), "name"},
		{"name of 201 characters", "admin", with(b, "name", strings.Repeat("n", 201)), "name"},
		{"name of 10,000 characters", "admin", with(b, "name", long), "name"},
		{"no regions", "admin", with(b, "regions", []string{}), "regions"},
		{"regions left out", "admin", with(b, "regions", nil), "regions"},
		{"unknown region", "admin", with(b, "regions", []string{"mars-1"}), "regions"},
		{"an unknown region among known ones", "admin", with(b, "regions", []string{"eu-west-1", "=cmd|' /C calc'!A0"}), "regions"},
		{"region of 10,000 characters", "admin", with(b, "regions", []string{long}), "regions"},
		{"regions as a string", "admin", with(b, "regions", "eu-west-1"), "regions"},
		{"unknown service", "admin", with(b, "services", []string{"vpc", "mainframe"}), "services"},
		{"service in XML", "admin", with(b, "services", []string{"<vpc/>"}), "services"},
		{"no credentials", "admin", with(b, "credentialIds", []string{}), "credentialIds"},
		{"credentials left out", "admin", with(b, "credentialIds", nil), "credentialIds"},
		{"not a credential id", "admin", with(b, "credentialIds", []string{"../../etc/passwd"}), "credentialIds"},
		{"a credential that does not exist", "admin", with(b, "credentialIds", []string{domain.NewID()}), "credentialIds"},
		{"an inactive credential", "admin", with(b, "credentialIds", []string{inactive}), "credentialIds"},
		{"51 credentials", "admin", with(b, "credentialIds", many), "credentialIds"},
		{"user with a credential not assigned to it", "u1", with(b, "credentialIds", []string{admin}), "credentialIds"},
		{"user with a power user's credential", "u1", with(b, "credentialIds", []string{pu1}), "credentialIds"},
		{"power user with the admin's credential", "pu1", with(b, "credentialIds", []string{admin}), "credentialIds"},
		{"power user with another power user's credential", "pu2", with(b, "credentialIds", []string{pu1}), "credentialIds"},
		{"user with its own and a foreign credential", "u1", with(b, "credentialIds", []string{h.creds["u1"].ID, admin}), "credentialIds"},
		{"no client name", "admin", meta("clientName", nil), "projectMetadata.clientName"},
		{"blank project name", "admin", meta("projectName", "   "), "projectMetadata.projectName"},
		{"no BD manager", "admin", meta("bdManager", nil), "projectMetadata.bdManager"},
		{"no solutions architect", "admin", meta("solutionsArchitect", ""), "projectMetadata.solutionsArchitect"},
		{"no cloud engineer", "admin", meta("cloudEngineer", nil), "projectMetadata.cloudEngineer"},
		{"no engineer email", "admin", meta("cloudEngineerEmail", nil), "projectMetadata.cloudEngineerEmail"},
		{"engineer email not an address", "admin", meta("cloudEngineerEmail", "cleo at example"), "projectMetadata.cloudEngineerEmail"},
		{"engineer email with a display name", "admin", meta("cloudEngineerEmail", "Cleo <cleo@example.com>"), "projectMetadata.cloudEngineerEmail"},
		{"client name of 10,000 characters", "admin", meta("clientName", long), "projectMetadata.clientName"},
		{"cloud engineer of 201 characters", "admin", meta("cloudEngineer", strings.Repeat("c", 201)), "projectMetadata.cloudEngineer"},
		{"metadata not an object", "admin", with(b, "projectMetadata", "Acme"), "projectMetadata"},
		{"unknown metadata field", "admin", meta("budget", "1M"), "budget"},
		{"diagram key not from the upload route", "admin", meta("networkDiagramKey", "tasks/x/diagram.png"), "projectMetadata.networkDiagramKey"},
		{"diagram key with a path escape", "admin", meta("networkDiagramKey", "uploads/diagrams/"+ws+"/../../x.png"), "projectMetadata.networkDiagramKey"},
		{"diagram of another workspace", "admin", meta("networkDiagramKey", layout.DiagramKey(domain.NewID(), domain.NewID(), "png")), "projectMetadata.networkDiagramKey"},
		{"diagram never uploaded", "admin", meta("networkDiagramKey", layout.DiagramKey(ws, domain.NewID(), "png")), "projectMetadata.networkDiagramKey"},
		{"diagram that is not an image", "admin", meta("networkDiagramKey", textPNG), "projectMetadata.networkDiagramKey"},
		{"unknown field", "admin", with(b, "createdBy", "someone"), "createdBy"},
		{"not JSON", "admin", "{", "body"},
		{"empty body", "admin", "", "body"},
		{"two objects", "admin", `{"name":"a"}{"name":"b"}`, "body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h.Expect(tc.who, "POST", "/api/tasks/create", tc.body, http.StatusBadRequest, tc.field)
		})
	}
	// Nothing was created or started, and every attempt is audited as a
	// failure naming its field.
	var l httpapi.List[domain.Task]
	h.Call("admin", "GET", "/api/tasks", nil, &l)
	if len(l.Data) != 0 || len(h.orch.started) != 0 {
		t.Fatalf("rejected requests created %d tasks and started %v", len(l.Data), h.orch.started)
	}
	entries := h.entries("tasks.create")
	if len(entries) != len(cases) {
		t.Fatalf("%d tasks.create entries for %d rejected requests", len(entries), len(cases))
	}
	for _, e := range entries {
		if e.Result != domain.AuditFailure || e.Error == "" || e.ResourceType != "task" {
			t.Fatalf("rejection audited as %+v", e)
		}
	}
}

func TestCreateTaskKeepsHostileTextAsWritten(t *testing.T) {
	h := newHarness(t)
	for _, name := range hostile {
		t.Run(name, func(t *testing.T) {
			m := metadata()
			m["clientName"], m["projectName"], m["bdManager"] = name, name+" project", name
			body := with(taskBody(name, h.creds["admin"].ID), "projectMetadata", m)
			created := h.create("admin", body)
			var d tasks.Detail
			h.Call("admin", "GET", "/api/tasks/detail?id="+created.ID, nil, &d)
			for _, got := range []string{created.Name, d.Name, d.ProjectMetadata.ClientName, d.ProjectMetadata.BDManager} {
				if got != name {
					t.Fatalf("came back as %q, want %q", got, name)
				}
			}
			if d.ProjectMetadata.ProjectName != name+" project" {
				t.Fatalf("project name %q", d.ProjectMetadata.ProjectName)
			}
		})
	}
	// The audit entries hold the names as written too.
	var audited []string
	for _, e := range h.entries("tasks.create") {
		if after, ok := e.After.(map[string]any); ok {
			audited = append(audited, fmt.Sprint(after["name"]))
		}
	}
	if !slices.Equal(sorted(audited...), sorted(hostile...)) {
		t.Fatalf("audited names %q, want %q", audited, hostile)
	}
	// The longest name allowed is kept whole.
	max := strings.Repeat("m", 200)
	if got := h.create("admin", taskBody(max, h.creds["admin"].ID)); got.Name != max {
		t.Fatalf("a 200-character name came back as %d characters", len(got.Name))
	}
}

func TestCreateTaskStartsTheWorkflow(t *testing.T) {
	h := newHarness(t)
	body := with(taskBody("  Nightly  ", h.creds["admin"].ID, h.creds["u1"].ID, h.creds["admin"].ID),
		"regions", []string{"eu-west-1", " us-east-1 ", "eu-west-1"}, "services", []string{"ec2", "vpc"})
	task := h.create("admin", body)
	switch {
	case task.Name != "Nightly":
		t.Fatalf("name %q: not trimmed", task.Name)
	case task.Status != domain.TaskRunning || task.StartedAt == nil || !strings.HasSuffix(task.ExecutionARN, ":"+task.ID):
		t.Fatalf("not started: %+v", task)
	case !slices.Equal(task.Regions, []string{"eu-west-1", "us-east-1"}):
		t.Fatalf("regions %v: not trimmed and deduplicated", task.Regions)
	case !slices.Equal(sorted(task.Services...), []string{"ec2", "vpc"}):
		t.Fatalf("services %v", task.Services)
	case !slices.Equal(task.CredentialIDs, []string{h.creds["admin"].ID, h.creds["u1"].ID}):
		t.Fatalf("credentials %v: not deduplicated", task.CredentialIDs)
	case !slices.Equal(sorted(task.Accounts...), sorted(h.creds["admin"].AccountID, h.creds["u1"].AccountID)):
		t.Fatalf("accounts %v", task.Accounts)
	case task.CreatedBy != h.Users["admin"].ID || task.CreatedByName != h.Users["admin"].Username:
		t.Fatalf("creator %s %s", task.CreatedBy, task.CreatedByName)
	case h.orch.startedCount(task.ID) != 1:
		t.Fatalf("started %v", h.orch.started)
	}
	e := h.entries("tasks.create")
	if len(e) != 1 || e[0].Result != domain.AuditSuccess || e[0].ResourceID != task.ID || e[0].Actor != h.Users["admin"].ID {
		t.Fatalf("audit %+v", e)
	}
	// Who may use which credential: a user its assigned ones, a power user
	// those it created, each sees what it made.
	if got := h.create("u1", taskBody("mine", h.creds["u1"].ID)); got.CreatedBy != h.Users["u1"].ID {
		t.Fatalf("u1's task created by %s", got.CreatedBy)
	}
	h.create("pu1", taskBody("managed", h.creds["pu1"].ID))
	h.assign("pu2", h.creds["pu1"].ID)
	h.create("pu2", taskBody("assigned", h.creds["pu1"].ID))
}

func TestCreateTaskWithADiagram(t *testing.T) {
	h := newHarness(t)
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 56)...)
	upload := func(user string, data []byte) string {
		t.Helper()
		var up httpapi.Upload
		if st, raw := h.Call(user, "POST", "/api/uploads/diagram", map[string]any{"contentType": "image/png", "size": 64}, &up); st != 200 {
			t.Fatalf("%d %s", st, raw)
		}
		if data != nil {
			h.blobs.put(up.Key, data)
		}
		return up.Key
	}
	body := func(name, cred, key string) map[string]any {
		m := metadata()
		m["networkDiagramKey"] = key
		return with(taskBody(name, cred), "projectMetadata", m)
	}
	key := upload("u1", png)
	task := h.create("u1", body("with diagram", h.creds["u1"].ID, key))
	// The task reads its own copy, under its prefix, not the upload.
	own := layout.TaskDiagramKey(task.ID, "png")
	if task.ProjectMetadata.NetworkDiagramKey != own {
		t.Fatalf("diagram key %q, want the task's copy %q", task.ProjectMetadata.NetworkDiagramKey, own)
	}
	h.blobs.put(key, []byte("swapped after the check"))
	rc, err := h.blobs.Get(context.Background(), own)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	if !bytes.Equal(got, png) {
		t.Fatalf("the task's copy changed with the upload: %q", got)
	}
	for _, k := range h.blobs.presigned {
		if strings.HasPrefix(k, layout.TasksPrefix) {
			t.Fatalf("a task's key was presigned: %s", k)
		}
	}
	// An upload serves one task.
	h.Expect("u1", "POST", "/api/tasks/create", body("again", h.creds["u1"].ID, key), 400, "projectMetadata.networkDiagramKey")
	// Another member's upload is refused, even in the same workspace.
	theirs := upload("admin", png)
	raw := h.Expect("u1", "POST", "/api/tasks/create", body("not mine", h.creds["u1"].ID, theirs), 400, "projectMetadata.networkDiagramKey")
	if !strings.Contains(raw, "not yours") {
		t.Fatalf("refusal: %s", raw)
	}
	// A key nobody was handed, even with a file behind it.
	stray := layout.DiagramKey(ws, domain.NewID(), "png")
	h.blobs.put(stray, png)
	h.Expect("u1", "POST", "/api/tasks/create", body("stray", h.creds["u1"].ID, stray), 400, "projectMetadata.networkDiagramKey")
	// The owner can still use its own, once.
	h.create("admin", body("admin's", h.creds["admin"].ID, theirs))
	// A JPEG, a file too big, not an image, nothing uploaded.
	jpeg := upload("u1", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F'})
	if tj := h.create("u1", body("with a JPEG", h.creds["u1"].ID, jpeg)); !strings.HasSuffix(tj.ProjectMetadata.NetworkDiagramKey, "/diagram.jpg") {
		t.Fatalf("JPEG copy %q", tj.ProjectMetadata.NetworkDiagramKey)
	}
	for name, data := range map[string][]byte{"too big": append(slices.Clone(png), make([]byte, tasks.MaxDiagramSize)...),
		"not an image": []byte("<svg onload=alert(1)>"), "nothing uploaded": nil} {
		k := upload("u1", data)
		h.Expect("u1", "POST", "/api/tasks/create", body(name, h.creds["u1"].ID, k), 400, "projectMetadata.networkDiagramKey")
		// A refused task leaves the upload usable once it is right.
		h.blobs.put(k, png)
		h.create("u1", body(name+" fixed", h.creds["u1"].ID, k))
	}
}

// A replayed create (same Idempotency-Key) answers the first task, whose
// upload it already used.
func TestReplayWithADiagram(t *testing.T) {
	h := newHarness(t)
	var up httpapi.Upload
	h.Call("u1", "POST", "/api/uploads/diagram", map[string]any{"contentType": "image/png", "size": 64}, &up)
	h.blobs.put(up.Key, append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 56)...))
	m := metadata()
	m["networkDiagramKey"] = up.Key
	b := with(taskBody("keyed", h.creds["u1"].ID), "projectMetadata", m)
	key := map[string]string{"Idempotency-Key": "k-diagram"}
	var first, again domain.Task
	if st, raw := h.callWith("u1", "POST", "/api/tasks/create", b, key, &first); st != 201 {
		t.Fatalf("%d %s", st, raw)
	}
	if st, raw := h.callWith("u1", "POST", "/api/tasks/create", b, key, &again); st != 200 || again.ID != first.ID {
		t.Fatalf("replay: %d %s", st, raw)
	}
	n := 0
	keys, _ := h.blobs.List(context.Background(), layout.TasksPrefix)
	for _, k := range keys {
		if strings.HasSuffix(k, "/diagram.png") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d diagram copies after a replay, want 1: %v", n, keys)
	}
}

func TestIdempotencyKeyReplaysTheTask(t *testing.T) {
	h := newHarness(t)
	body := taskBody("once", h.creds["admin"].ID)
	key := map[string]string{"Idempotency-Key": "console-7f3a"}
	var first, again domain.Task
	if st, raw := h.callWith("admin", "POST", "/api/tasks/create", body, key, &first); st != http.StatusCreated {
		t.Fatalf("first: %d %s", st, raw)
	}
	if st, raw := h.callWith("admin", "POST", "/api/tasks/create", body, key, &again); st != http.StatusOK {
		t.Fatalf("replay: %d %s, want 200", st, raw)
	}
	if again.ID != first.ID || again.Name != first.Name {
		t.Fatalf("replay answered task %s, want %s", again.ID, first.ID)
	}
	if n := h.orch.startedCount(first.ID); n != 1 || len(h.orch.started) != 1 {
		t.Fatalf("started %v", h.orch.started)
	}
	if e := h.entries("tasks.create"); len(e) != 1 || e[0].ResourceID != first.ID || e[0].Result != domain.AuditSuccess {
		t.Fatalf("a replay must write one audit entry in all: %+v", e)
	}
	// A key belongs to its user: the same key from another user is a new task.
	var other domain.Task
	if st, raw := h.callWith("u1", "POST", "/api/tasks/create", taskBody("once", h.creds["u1"].ID), key, &other); st != http.StatusCreated || other.ID == first.ID {
		t.Fatalf("u1 with admin's key: %d %s", st, raw)
	}
	// Without a key every call is a new task.
	a, b := h.create("admin", body), h.create("admin", body)
	if a.ID == b.ID {
		t.Fatal("two keyless creates made one task")
	}
	// A key too long is refused, naming the header.
	st, raw := h.callWith("admin", "POST", "/api/tasks/create", body, map[string]string{"Idempotency-Key": strings.Repeat("k", 129)}, nil)
	if st != 400 || !strings.Contains(raw, `"field":"Idempotency-Key"`) {
		t.Fatalf("long key: %d %s", st, raw)
	}
	// A bad body with a used key is still refused, not replayed.
	st, raw = h.callWith("admin", "POST", "/api/tasks/create", with(body, "regions", []string{}), key, nil)
	if st != 400 || !strings.Contains(raw, `"field":"regions"`) {
		t.Fatalf("invalid body with a used key: %d %s", st, raw)
	}
}

func TestCreateTaskThatCannotStartIsFailed(t *testing.T) {
	h := newHarness(t)
	h.orch.startErr = errors.New("ExecutionLimitExceeded: too many executions")
	st, raw := h.Call("admin", "POST", "/api/tasks/create", taskBody("doomed", h.creds["admin"].ID), nil)
	if st != http.StatusInternalServerError || strings.Contains(raw, "ExecutionLimitExceeded") {
		t.Fatalf("%d %s: want a 500 that does not show the cause", st, raw)
	}
	var l httpapi.List[domain.Task]
	h.Call("admin", "GET", "/api/tasks", nil, &l)
	if len(l.Data) != 1 || l.Data[0].Status != domain.TaskFailed || !strings.Contains(l.Data[0].Error, "could not start") {
		t.Fatalf("the task is not failed with a reason: %+v", l.Data)
	}
	if e := h.entries("tasks.create"); len(e) != 1 || e[0].Result != domain.AuditFailure {
		t.Fatalf("audit %+v", e)
	}
}

func TestCreateTaskThatCannotStartIsAuditedWithItsID(t *testing.T) {
	h := newHarness(t)
	h.orch.startErr = errors.New("ExecutionLimitExceeded")
	h.Call("admin", "POST", "/api/tasks/create", taskBody("doomed", h.creds["admin"].ID), nil)
	var l httpapi.List[domain.Task]
	h.Call("admin", "GET", "/api/tasks", nil, &l)
	if e := h.entries("tasks.create"); len(l.Data) != 1 || len(e) != 1 || e[0].ResourceID != l.Data[0].ID {
		t.Fatalf("failure entry %+v does not name the task %+v", e, l.Data)
	}
}

func TestNameLimitsCountCharactersNotBytes(t *testing.T) {
	h := newHarness(t)
	name := strings.Repeat("📦", 60)
	m := metadata()
	m["clientName"] = strings.Repeat("株", 70)
	if got := h.create("admin", with(taskBody(name, h.creds["admin"].ID), "projectMetadata", m)); got.Name != name {
		t.Fatalf("name %q", got.Name)
	}
}
