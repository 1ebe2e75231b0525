package localapp

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/tasks"
)

// hostileMeta is project metadata a client may really type: brackets,
// leading formula characters, XML specials, quotes and emoji.
var hostileMeta = map[string]string{"clientName": "=ACME [UK] Ltd <&> 🚀", "projectName": `Landing Zone [Phase 2] "x" 'y'`,
	"bdManager": "+Bea [BD]", "solutionsArchitect": "-Sam ]]><!--", "cloudEngineer": "@Cleo {eng}", "cloudEngineerEmail": "cleo@example.com"}

var hostileTask struct {
	once sync.Once
	d    tasks.Detail
}

// hostileScan runs one small scan whose name and metadata are hostile,
// shared by the tests that rebuild or export it.
func hostileScan(t testing.TB) tasks.Detail {
	hostileTask.once.Do(func() {
		c := asAdmin(t)
		body := map[string]any{"name": `=HYPERLINK("http://evil.example","click") [scan] 📦`,
			"credentialIds": demoCredentials(t, c)[:1], "regions": []string{"eu-west-1"}, "projectMetadata": hostileMeta}
		task := createTask(t, c, body)
		hostileTask.d = waitTask(t, c, task.ID, 3*time.Minute)
	})
	if hostileTask.d.ID == "" {
		t.Fatal("the shared hostile scan did not run")
	}
	return hostileTask.d
}

func TestHostileMetadataScanEndsWithAReport(t *testing.T) {
	d := hostileScan(t)
	if d.Status != domain.TaskCompleted && d.Status != domain.TaskPartiallyCompleted {
		t.Fatalf("status %s (%s)", d.Status, d.Error)
	}
	if d.ReportID == "" || d.ReportError != "" {
		t.Fatalf("report %q, report error %q: want a report and no error", d.ReportID, d.ReportError)
	}
}

// TestParallelRebuildsGetDistinctVersions: eight rebuilds of one task at
// once (by eight admins: one user runs at most jobs.PerUser jobs at once)
// make eight reports, each with its own version and file name.
func TestParallelRebuildsGetDistinctVersions(t *testing.T) {
	d := hostileScan(t)
	c := asAdmin(t)
	const n = 8
	admins := make([]*client, n)
	for i := range admins {
		name, pwd, _ := newUser(t, "admin")
		admins[i] = signIn(t, name, pwd)
	}
	got := make([]domain.Report, n)
	status := make([]int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	began := time.Now()
	for i := range n {
		wg.Go(func() {
			<-start
			a, j, _ := admins[i].job("/api/reports/rebuild", map[string]string{"taskId": d.ID})
			status[i] = a.Status
			if a.Status != http.StatusAccepted || j.Status != "succeeded" {
				t.Errorf("rebuild %d: %d %s, job %+v", i, a.Status, a.Body, j)
				return
			}
			c.get("/api/reports/detail?id="+j.ReportID).decode(t, &got[i])
		})
	}
	close(start)
	wg.Wait()
	versions, names := map[string]bool{}, map[string]bool{}
	for _, r := range got {
		versions[r.Version], names[r.FileName] = true, true
	}
	t.Logf("%d parallel rebuilds in %s: statuses %v, %d versions, %d file names", n, time.Since(began).Round(time.Millisecond), status, len(versions), len(names))
	if len(versions) != n || len(names) != n {
		t.Errorf("versions %v, file names %v: want %d distinct of each", sortedKeys(versions), sortedKeys(names), n)
	}
	var l struct{ Data []domain.Report }
	c.get("/api/reports?page_size=100&task_id="+d.ID).decode(t, &l)
	stored := map[string]int{}
	for _, r := range l.Data {
		stored[r.Version]++
	}
	for v, k := range stored {
		if k != 1 {
			t.Errorf("version %s is on %d stored reports, want 1", v, k)
		}
	}
}

// TestOneUserRunsAtMostThreeJobs: eight exports started at once by one
// user: exactly jobs.PerUser are accepted, the others answer 429
// naming the limit, and every accepted one finishes.
func TestOneUserRunsAtMostThreeJobs(t *testing.T) {
	d := demoScan(t)
	name, pwd, _ := newUser(t, "admin")
	c := signIn(t, name, pwd)
	const n = 8
	status := make([]int, n)
	jobs := make([]jobDetail, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			a := c.post("/api/tasks/export", map[string]string{"id": d.ID, "format": "csv"})
			status[i] = a.Status
			switch a.Status {
			case http.StatusAccepted:
				a.decode(t, &jobs[i])
			case http.StatusTooManyRequests:
				if !strings.Contains(string(a.Body), "jobs.PerUser") {
					t.Errorf("429 without the limit's name: %s", a.Body)
				}
			default:
				t.Errorf("export %d: %d %s", i, a.Status, a.Body)
			}
		})
	}
	close(start)
	wg.Wait()
	accepted := 0
	for _, s := range status {
		if s == http.StatusAccepted {
			accepted++
		}
	}
	t.Logf("%d exports started at once by one user: statuses %v", n, status)
	if accepted != 3 {
		t.Fatalf("%d accepted, want exactly 3", accepted)
	}
	stack.Jobs.Wait()
	var l struct{ Data []jobDetail }
	c.get("/api/exports").decode(t, &l)
	if len(l.Data) != accepted {
		t.Errorf("the user's job list has %d jobs, %d were accepted (a refused start leaves no job)", len(l.Data), accepted)
	}
	for _, j := range l.Data {
		if j.Status != "succeeded" {
			t.Errorf("job %s: %s %s", j.ID, j.Status, j.Error)
		}
	}
	// Another user sees none of them.
	other, opwd, _ := newUser(t, "admin")
	oc := signIn(t, other, opwd)
	if a := oc.get("/api/exports/detail?id=" + l.Data[0].ID); a.Status != 404 {
		t.Errorf("another user's job: %d, want 404", a.Status)
	}
}

// TestRetriedWorkflowBuildAddsNoVersion: the report step retried for the
// same execution answers the report of its first attempt.
func TestRetriedWorkflowBuildAddsNoVersion(t *testing.T) {
	d := hostileScan(t)
	ctx := context.Background()
	b := stack.ReportBuilder()
	key := "arn:aws:states:us-east-1:000000000000:execution:retry-" + d.ID
	first, err := b.BuildOnce(ctx, stack.WorkspaceID, d.ID, key)
	if err != nil {
		t.Fatal(err)
	}
	again, err := b.BuildOnce(ctx, stack.WorkspaceID, d.ID, key)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || again.Version != first.Version {
		t.Errorf("retried build made report %s v%s, want the first attempt's %s v%s", again.ID, again.Version, first.ID, first.Version)
	}
	var l struct{ Data []domain.Report }
	asAdmin(t).get("/api/reports?page_size=100&task_id="+d.ID).decode(t, &l)
	n := 0
	for _, r := range l.Data {
		if r.Version == first.Version {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d reports carry version %s, want 1", n, first.Version)
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Reports carry their client and project, and the list filters on
// them as free text on the server.
func TestReportsCarryClientAndFilter(t *testing.T) {
	d := demoScan(t)
	c := asAdmin(t)
	type row struct{ ID, TaskID, ClientName, ProjectName string }
	var l struct{ Data []row }
	c.get("/api/reports?q="+url.QueryEscape("ACME corp")).decode(t, &l)
	found := false
	for _, r := range l.Data {
		if r.ClientName != "Acme Corp" {
			t.Fatalf("the filter let through %+v", r)
		}
		found = found || (r.TaskID == d.ID && r.ProjectName == "Landing Zone")
	}
	if !found {
		t.Fatalf("the demo scan's report is not found by its client: %+v", l.Data)
	}
	c.get("/api/reports?q=no-such-client-anywhere").decode(t, &l)
	if len(l.Data) != 0 {
		t.Fatalf("an unknown client found %+v", l.Data)
	}
	if a := c.get("/api/reports?q=" + strings.Repeat("x", 201)); a.Status != 400 || a.field() != "q" {
		t.Fatalf("a 201-character filter: %d %s", a.Status, a.Body)
	}
}
