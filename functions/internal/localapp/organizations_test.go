package localapp

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/credentials"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func orgCredential(t *testing.T, c *client) domain.PublicCredential {
	t.Helper()
	var l struct{ Data []domain.PublicCredential }
	c.get("/api/credentials?page_size=100").decode(t, &l)
	for _, cr := range l.Data {
		if cr.Type == domain.CredentialOrganization && cr.Demo {
			return cr
		}
	}
	t.Fatal("no demo organization credential")
	return domain.PublicCredential{}
}

// TestOrganizationDiscoveryAndScan: the demo organization (three OUs, a
// suspended member, a member without the member role) lists its accounts
// with names and OU paths; a task over it scans every active member
// through the member role, reports the one it cannot enter as
// access_denied with its name, never the suspended one; the report names
// the accounts with their OU paths.
func TestOrganizationDiscoveryAndScan(t *testing.T) {
	c := asAdmin(t)
	org := orgCredential(t, c)
	var d credentials.Discovered
	a := c.post("/api/credentials/discover", map[string]string{"id": org.ID})
	a.decode(t, &d)
	if a.Status != 200 || len(d.Accounts) != 4 || d.Active != 3 {
		t.Fatalf("discover: %d %s", a.Status, a.Body)
	}
	byID := map[string]domain.OrgAccount{}
	for _, m := range d.Accounts {
		byID[m.ID] = m
	}
	if m := byID[awssim.DemoSuspendedAccount]; m.Status != "SUSPENDED" || m.OUPath != "Root / Workloads / Prod" {
		t.Errorf("suspended member: %+v", m)
	}
	if m := byID[awssim.DemoNoRoleAccount]; m.Name != "security-audit" || m.OUPath != "Root / Security" {
		t.Errorf("member without role: %+v", m)
	}
	if a := c.post("/api/credentials/discover", map[string]string{"id": demoCredentials(t, c)[0]}); a.Status != 400 {
		t.Errorf("discover on an account credential: %d", a.Status)
	}

	body := taskBody("Organization scan", []string{org.ID}, []string{"eu-west-1"})
	body["services"] = []string{"vpc", "s3"}
	d2 := waitTask(t, c, createTask(t, c, body).ID, 3*time.Minute)
	var task domain.Task
	c.get("/api/tasks/detail?id="+d2.ID).decode(t, &task)
	if len(task.Members) != 4 {
		t.Fatalf("the task recorded %d members", len(task.Members))
	}
	var covered []string
	denied := false
	for _, u := range d2.Units {
		if !slices.Contains(covered, u.AccountID) {
			covered = append(covered, u.AccountID)
		}
		for _, cov := range u.Coverage {
			if u.AccountID == awssim.DemoNoRoleAccount {
				denied = cov.Status == inventory.StatusAccessDenied && strings.Contains(cov.Error, "security-audit")
			}
		}
	}
	slices.Sort(covered)
	if slices.Contains(covered, awssim.DemoSuspendedAccount) || len(covered) != 3 {
		t.Fatalf("units cover %v: want the three active members, not the suspended one", covered)
	}
	if !denied {
		t.Errorf("the member without the role is not access_denied with its name: %+v", d2.Units)
	}
	doc := string(reportParts(t, c, d2.ReportID)["word/document.xml"])
	for _, want := range []string{"Root / Workloads / Staging", "security-audit", "old-sandbox", "Suspended"} {
		if !strings.Contains(doc, want) {
			t.Errorf("the report does not name %q", want)
		}
	}
}
