package schedules_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/schedules"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

const ws = apitest.Workspace

// The real store is the schedules' table.
var (
	_ schedules.Store    = (*storeT)(nil)
	_ schedules.DueStore = (*storeT)(nil)
	_ schedules.Checker  = (*tasks.Service)(nil)
	_ schedules.Runner   = (*tasks.ScheduleRunner)(nil)
)

// nullBlobs is a results bucket with nothing in it.
type nullBlobs struct{}

func (nullBlobs) Put(context.Context, string, io.Reader, string) error { return nil }
func (nullBlobs) Delete(context.Context, string) error                 { return nil }
func (nullBlobs) List(context.Context, string) ([]string, error)       { return nil, nil }
func (nullBlobs) Get(context.Context, string) (io.ReadCloser, error) {
	return nil, domain.NotFound("object")
}
func (nullBlobs) Head(context.Context, string) (int64, string, error) {
	return 0, "", domain.NotFound("object")
}
func (nullBlobs) DeletePrefix(context.Context, string) error { return nil }
func (nullBlobs) PresignPut(context.Context, string, string, int64, time.Duration) (string, http.Header, error) {
	return "", nil, errors.New("no uploads here")
}

// orch starts executions that never end.
type orch struct {
	mu      sync.Mutex
	started []string
}

func (o *orch) Start(_ context.Context, name string, _ any) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.started = append(o.started, name)
	return "arn:aws:states:eu-west-1:999999999999:execution:scan-task:" + name, nil
}
func (o *orch) Stop(context.Context, string, string) error { return nil }
func (o *orch) ListRunning(context.Context) ([]orchestrator.Execution, error) {
	return nil, nil
}

// remote is Scheduler in memory; fail makes the next calls fail.
type remote struct {
	mu   sync.Mutex
	have map[string]domain.Schedule
	fail error
}

func (r *remote) Put(_ context.Context, sc *domain.Schedule) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.have[sc.ID] = *sc
	return nil
}

func (r *remote) Delete(_ context.Context, _, id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	delete(r.have, id)
	return nil
}

func (r *remote) get(id string) (domain.Schedule, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	sc, ok := r.have[id]
	return sc, ok
}

type harness struct {
	*apitest.Harness
	t      *testing.T
	remote *remote
	orch   *orch
	creds  map[string]domain.Credential // by name: admin (admin's), pu1 (pu1's), u1 (admin's, assigned to u1)
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	api := apitest.New(t, endpoint)
	h := &harness{Harness: api, t: t, remote: &remote{have: map[string]domain.Schedule{}}, orch: &orch{}, creds: map[string]domain.Credential{}}
	ts := tasks.New(api.Store, nullBlobs{}, h.orch)
	runner := &tasks.ScheduleRunner{Tasks: ts, Store: api.Store}
	svc := schedules.New(schedules.Deps{Store: api.Store, Tasks: ts, Runner: runner, Remote: h.remote})
	api.Mount(svc.Routes())
	for i, c := range []struct{ name, by string }{{"admin", "admin"}, {"pu1", "pu1"}, {"u1", "admin"}} {
		cr := domain.Credential{ID: domain.NewID(), WorkspaceID: ws, Name: "cred " + c.name, Type: domain.CredentialAssumeRole,
			AccountID: fmt.Sprintf("11111111111%d", i), RoleARN: fmt.Sprintf("arn:aws:iam::11111111111%d:role/CloudCensusScanner", i),
			ExternalID: "cc-test", IsActive: true, CreatedBy: api.Users[c.by].ID}
		if err := api.Store.CreateCredential(context.Background(), &cr); err != nil {
			t.Fatal(err)
		}
		h.creds[c.name] = cr
	}
	if _, _, _, err := api.Store.ReplaceAssignments(context.Background(), ws, api.Users["u1"].ID, api.Users["admin"].ID,
		func([]string) ([]string, error) { return []string{h.creds["u1"].ID}, nil }); err != nil {
		t.Fatal(err)
	}
	return h
}

func metadata() map[string]any {
	return map[string]any{"clientName": "Acme Corp", "projectName": "Landing Zone", "bdManager": "Bea Manager",
		"solutionsArchitect": "Sam Architect", "cloudEngineer": "Cleo Engineer", "cloudEngineerEmail": "cleo@example.com"}
}

func body(cred string) map[string]any {
	return map[string]any{"name": "Nightly", "expression": "cron(0 2 * * ? *)", "timezone": "Europe/London",
		"credentialIds": []string{cred}, "regions": []string{"eu-west-1"}, "projectMetadata": metadata()}
}

func (h *harness) create(user string, b map[string]any) domain.Schedule {
	h.t.Helper()
	var sc domain.Schedule
	if st, raw := h.Call(user, "POST", "/api/schedules/create", b, &sc); st != http.StatusCreated {
		h.t.Fatalf("create as %s: %d %s", user, st, raw)
	}
	return sc
}

func TestScheduleRoutes(t *testing.T) {
	h := newHarness(t)
	apitest.CheckRoutes(t, h.Harness, schedules.New(schedules.Deps{}).Routes())
}

func TestCreateScheduleRejects(t *testing.T) {
	h := newHarness(t)
	good := body(h.creds["u1"].ID)
	meta := metadata()
	delete(meta, "clientName")
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no name", apitest.With(good, "name", " "), "name"},
		{"five cron fields", apitest.With(good, "expression", "cron(0 2 * * *)"), "expression"},
		{"not a schedule", apitest.With(good, "expression", "daily"), "expression"},
		{"below the floor", apitest.With(good, "expression", "rate(1 minute)"), "expression"},
		{"cron below the floor", apitest.With(good, "expression", "cron(0/2 * * * ? *)"), "expression"},
		{"an at() past", apitest.With(good, "expression", "at(2020-01-01T00:00:00)"), "expression"},
		{"unknown timezone", apitest.With(good, "timezone", "Mars/Olympus_Mons"), "timezone"},
		{"no region", apitest.With(good, "regions", []string{}), "regions"},
		{"unknown region", apitest.With(good, "regions", []string{"mars-1"}), "regions"},
		{"no credential", apitest.With(good, "credentialIds", []string{}), "credentialIds"},
		{"another's credential", apitest.With(good, "credentialIds", []string{h.creds["pu1"].ID}), "credentialIds"},
		{"missing metadata", apitest.With(good, "projectMetadata", meta), "projectMetadata.clientName"},
		{"unknown channel", apitest.With(good, "channelIds", []string{domain.NewID()}), "channelIds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.Expect("u1", "POST", "/api/schedules/create", tc.body, http.StatusBadRequest, tc.field)
		})
	}
	if l := h.list("admin", ""); len(l.Data) != 0 {
		t.Fatalf("a refused schedule was stored: %+v", l.Data)
	}
}

func (h *harness) list(user, query string) httpapi.List[domain.Schedule] {
	h.t.Helper()
	var l httpapi.List[domain.Schedule]
	if st, raw := h.Call(user, "GET", "/api/schedules"+query, nil, &l); st != http.StatusOK {
		h.t.Fatalf("list: %d %s", st, raw)
	}
	return l
}

func TestScheduleLifecycle(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	sc := h.create("u1", body(h.creds["u1"].ID))
	if sc.Version != 1 || !sc.Enabled || len(sc.NextRuns) != 3 || !sc.NextRuns[0].Equal(sc.NextRunAt) || sc.CreatedBy != h.Users["u1"].ID {
		t.Fatalf("created %+v", sc)
	}
	for _, r := range sc.NextRuns { // 02:00 in London, GMT or BST
		if l := r.In(mustZone(t, "Europe/London")); l.Hour() != 2 || l.Minute() != 0 {
			t.Fatalf("next run %s is not 02:00 in London", l)
		}
	}
	if got, ok := h.remote.get(sc.ID); !ok || got.Expression != "cron(0 2 * * ? *)" || !got.Enabled {
		t.Fatalf("Scheduler has %+v %v", got, ok)
	}
	other := h.create("pu1", body(h.creds["pu1"].ID))

	// Own schedules only; an admin sees all.
	if l := h.list("u1", ""); len(l.Data) != 1 || l.Data[0].ID != sc.ID || len(l.Data[0].NextRuns) != 3 {
		t.Fatalf("u1's list: %+v", l)
	}
	if l := h.list("u1", "?created_by="+h.Users["pu1"].ID); len(l.Data) != 0 {
		t.Fatalf("u1 sees pu1's: %+v", l)
	}
	if l := h.list("admin", ""); l.Pagination.Total != 2 {
		t.Fatalf("admin's list: %+v", l)
	}
	if l := h.list("admin", "?created_by="+h.Users["pu1"].ID); len(l.Data) != 1 || l.Data[0].ID != other.ID {
		t.Fatalf("created_by filter: %+v", l)
	}
	h.Expect("u2", "GET", "/api/schedules/detail?id="+sc.ID, nil, http.StatusNotFound, "")
	h.Expect("u1", "GET", "/api/schedules?enabled=maybe", nil, http.StatusBadRequest, "enabled")
	h.Expect("admin", "GET", "/api/schedules/detail?id="+sc.ID, nil, http.StatusOK, "")

	// Update: a stale version conflicts; disabling clears the next runs.
	upd := body(h.creds["u1"].ID)
	upd["id"], upd["version"], upd["name"], upd["expression"] = sc.ID, 1, "Every ten minutes", "rate(10 minutes)"
	var got domain.Schedule
	if st, raw := h.Call("u1", "POST", "/api/schedules/update", upd, &got); st != http.StatusOK || got.Version != 2 || got.Name != "Every ten minutes" {
		t.Fatalf("update: %d %s", st, raw)
	}
	if r, _ := h.remote.get(sc.ID); r.Expression != "rate(10 minutes)" {
		t.Fatalf("Scheduler not updated: %+v", r)
	}
	h.Expect("u1", "POST", "/api/schedules/update", upd, http.StatusConflict, "")

	// Run now: a task as the owner, carrying the schedule; lastRun says so.
	var task domain.Task
	if st, raw := h.Call("u1", "POST", "/api/schedules/run", map[string]string{"id": sc.ID}, &task); st != http.StatusCreated {
		t.Fatalf("run now: %d %s", st, raw)
	}
	stored, err := h.Store.GetTask(ctx, ws, task.ID)
	if err != nil || stored.ScheduleID != sc.ID || stored.CreatedBy != h.Users["u1"].ID || !strings.HasPrefix(stored.Name, "Every ten minutes (") {
		t.Fatalf("task %+v %v", stored, err)
	}
	h.Decode(h.Expect("u1", "GET", "/api/schedules/detail?id="+sc.ID, nil, http.StatusOK, ""), &got)
	if got.LastRun == nil || got.LastRun.TaskID != task.ID || got.LastRun.Status != domain.ScheduleRunStarted {
		t.Fatalf("last run %+v", got.LastRun)
	}

	upd["version"], upd["enabled"] = 2, false
	got = domain.Schedule{}
	if st, raw := h.Call("u1", "POST", "/api/schedules/update", upd, &got); st != http.StatusOK || got.Enabled || len(got.NextRuns) != 0 || !got.NextRunAt.IsZero() {
		t.Fatalf("disable: %d %s", st, raw)
	}
	if r, _ := h.remote.get(sc.ID); r.Enabled {
		t.Fatal("Scheduler's copy still enabled")
	}
	h.Expect("u1", "POST", "/api/schedules/run", map[string]string{"id": sc.ID}, http.StatusConflict, "")

	h.Expect("u2", "POST", "/api/schedules/delete", map[string]string{"id": sc.ID}, http.StatusNotFound, "")
	h.Expect("u1", "POST", "/api/schedules/delete", map[string]string{"id": sc.ID}, http.StatusNoContent, "")
	if _, ok := h.remote.get(sc.ID); ok {
		t.Fatal("Scheduler kept a deleted schedule")
	}
	h.Expect("u1", "GET", "/api/schedules/detail?id="+sc.ID, nil, http.StatusNotFound, "")
	for _, a := range []string{"schedules.create", "schedules.update", "schedules.run", "schedules.delete"} {
		if len(h.Entries(a)) == 0 {
			t.Errorf("no audit entry %s", a)
		}
	}
}

// A run now as an owner who may no longer use the credential is skipped:
// 409 with the reason, and lastRun says so.
func TestRunNowSkipped(t *testing.T) {
	h := newHarness(t)
	sc := h.create("u1", body(h.creds["u1"].ID))
	if _, _, _, err := h.Store.ReplaceAssignments(context.Background(), ws, h.Users["u1"].ID, h.Users["admin"].ID,
		func([]string) ([]string, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	raw := h.Expect("u1", "POST", "/api/schedules/run", map[string]string{"id": sc.ID}, http.StatusConflict, "")
	if !strings.Contains(raw, "skipped") || !strings.Contains(raw, "not available") {
		t.Fatalf("answer %s", raw)
	}
	var got domain.Schedule
	h.Decode(h.Expect("u1", "GET", "/api/schedules/detail?id="+sc.ID, nil, http.StatusOK, ""), &got)
	if got.LastRun == nil || got.LastRun.Status != domain.ScheduleRunSkipped || got.LastRun.TaskID != "" || got.LastRun.Reason == "" {
		t.Fatalf("last run %+v", got.LastRun)
	}
}

// When Scheduler fails, create, update and delete leave neither half:
// the table is as before and Scheduler has what it had.
func TestSchedulerFailureLeavesNeitherHalf(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	boom := errors.New("scheduler: throttled")

	h.remote.fail = boom
	h.Expect("u1", "POST", "/api/schedules/create", body(h.creds["u1"].ID), http.StatusServiceUnavailable, "")
	if l, err := h.Store.ListSchedules(ctx, ws, storeFilter(), page()); err != nil || len(l.Items) != 0 {
		t.Fatalf("a failed create left %+v %v", l.Items, err)
	}
	if due, _ := h.Store.DueSchedules(ctx, time.Now().Add(48*time.Hour)); len(due) != 0 {
		t.Fatalf("a failed create left a due row: %+v", due)
	}

	h.remote.fail = nil
	sc := h.create("u1", body(h.creds["u1"].ID))
	h.remote.fail = boom
	upd := body(h.creds["u1"].ID)
	upd["id"], upd["version"], upd["name"], upd["expression"] = sc.ID, 1, "Changed", "rate(1 hour)"
	h.Expect("u1", "POST", "/api/schedules/update", upd, http.StatusServiceUnavailable, "")
	got, err := h.Store.GetSchedule(ctx, ws, sc.ID)
	if err != nil || got.Version != 1 || got.Name != "Nightly" || got.Expression != "cron(0 2 * * ? *)" || !got.NextRunAt.Equal(sc.NextRunAt) {
		t.Fatalf("a failed update left %+v %v", got, err)
	}
	if r, _ := h.remote.get(sc.ID); r.Name != "Nightly" {
		t.Fatalf("Scheduler has %+v", r)
	}
	// The version read before still saves once Scheduler answers again.
	h.remote.fail = nil
	h.Expect("u1", "POST", "/api/schedules/update", upd, http.StatusOK, "")

	h.remote.fail = boom
	h.Expect("u1", "POST", "/api/schedules/delete", map[string]string{"id": sc.ID}, http.StatusServiceUnavailable, "")
	got, err = h.Store.GetSchedule(ctx, ws, sc.ID)
	if err != nil || got.Version != 2 || got.Name != "Changed" {
		t.Fatalf("a failed delete left %+v %v", got, err)
	}
	if due, _ := h.Store.DueSchedules(ctx, time.Now().Add(2*time.Hour)); len(due) != 1 {
		t.Fatalf("a failed delete lost the due row: %+v", due)
	}
	if _, ok := h.remote.get(sc.ID); !ok {
		t.Fatal("Scheduler lost the schedule")
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
