package localapp

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/permcheck"
)

// withPowerUserPermission gives the power user role a permission for the
// test and takes it back after.
func withPowerUserPermission(t *testing.T, perm string) {
	t.Helper()
	c := asAdmin(t)
	read := func() domain.RolePermissions {
		var roles struct{ Data []domain.RolePermissions }
		c.get("/api/roles").decode(t, &roles)
		for _, r := range roles.Data {
			if r.Role == domain.RolePowerUser {
				return r
			}
		}
		t.Fatal("no power user role")
		return domain.RolePermissions{}
	}
	pu := read()
	if a := c.post("/api/roles/update", map[string]any{"role": "power_user", "permissions": append(slices.Clone(pu.Permissions), perm), "version": pu.Version}); a.Status != 200 {
		t.Fatalf("grant %s to power users: %d %s", perm, a.Status, a.Body)
	}
	t.Cleanup(func() {
		now := read()
		c.post("/api/roles/update", map[string]any{"role": "power_user", "permissions": pu.Permissions, "version": now.Version})
	})
	time.Sleep(revocationBound + 100*time.Millisecond) // the rights of signed-in power users are read again
}

func createWorkflow(t *testing.T, c *client, body map[string]any) domain.Workflow {
	t.Helper()
	var wf domain.Workflow
	a := c.post("/api/approvals/workflows/create", body)
	a.decode(t, &wf)
	if a.Status != 201 {
		t.Fatalf("create workflow: %d %s", a.Status, a.Body)
	}
	t.Cleanup(func() { c.post("/api/approvals/workflows/delete", map[string]string{"id": wf.ID}) })
	return wf
}

func newCredential(t *testing.T, c *client, name string) domain.PublicCredential {
	t.Helper()
	var cred domain.PublicCredential
	a := c.post("/api/credentials/create", map[string]any{"name": name, "credentialType": "assume_role",
		"accountId": "210987654321", "roleArn": "arn:aws:iam::210987654321:role/CloudCensusScanner"})
	a.decode(t, &cred)
	if a.Status != 201 {
		t.Fatalf("create credential: %d %s", a.Status, a.Body)
	}
	return cred
}

func held(t *testing.T, a answer) string {
	t.Helper()
	var h httpapi.Held
	a.decode(t, &h)
	if a.Status != 202 || h.ApprovalRequestID == "" || h.Status != domain.ApprovalPending {
		t.Fatalf("want 202 pending approval, got %d %s", a.Status, a.Body)
	}
	return h.ApprovalRequestID
}

func decide(t *testing.T, c *client, action, id string, want int) domain.ApprovalRequest {
	t.Helper()
	var req domain.ApprovalRequest
	a := c.post("/api/approvals/requests/"+action, map[string]string{"id": id, "comment": action + " by test"})
	a.decode(t, &req)
	if a.Status != want {
		t.Fatalf("%s %s: %d %s, want %d", action, id, a.Status, a.Body, want)
	}
	return req
}

// TestTwoStepApprovalDeletesTheCredentialOnce: a power user's delete of a
// credential waits for an admin (step 1) and a named user (step 2); nobody
// approves their own request or a step that is not theirs; the last
// approval deletes the credential once, as the power user, and the
// history says so.
func TestTwoStepApprovalDeletesTheCredentialOnce(t *testing.T) {
	withPowerUserPermission(t, authz.CredentialsDelete)
	admin := asAdmin(t)
	puName, puPwd, _ := newUser(t, "power_user")
	apName, apPwd, approverID := newUser(t, "user")
	pu, approver := signIn(t, puName, puPwd), signIn(t, apName, apPwd)
	createWorkflow(t, admin, map[string]any{"name": "Two eyes on credential deletion", "operations": []string{authz.CredentialsDelete},
		"steps": []map[string]any{{"order": 1, "approverRole": "admin", "timeoutMinutes": 60}, {"order": 2, "approverUserId": approverID, "timeoutMinutes": 60}}})

	cred := newCredential(t, pu, "Held for deletion")
	id := held(t, pu.post("/api/credentials/delete", map[string]string{"id": cred.ID}))
	if a := pu.get("/api/credentials/detail?id=" + cred.ID); a.Status != 200 {
		t.Fatalf("a held delete deleted: %d", a.Status)
	}
	decide(t, pu, "approve", id, 403)       // nobody approves their own request
	decide(t, approver, "approve", id, 403) // step 1 is for admins
	var awaiting struct{ Data []domain.ApprovalRequest }
	admin.get("/api/approvals/requests?filter=awaiting").decode(t, &awaiting)
	if !slices.ContainsFunc(awaiting.Data, func(r domain.ApprovalRequest) bool { return r.ID == id }) {
		t.Fatal("the admin's inbox does not hold the request")
	}
	if r := decide(t, admin, "approve", id, 200); r.Status != domain.ApprovalPending || r.CurrentStep != 1 {
		t.Fatalf("after step 1: %s, step %d", r.Status, r.CurrentStep)
	}
	decide(t, admin, "approve", id, 403) // step 2 is the named user's
	r := decide(t, approver, "approve", id, 200)
	if r.Status != domain.ApprovalApproved || !r.Executed || r.Result == nil || r.Result.Status != 204 {
		t.Fatalf("after the last approval: %+v", r)
	}
	if last := r.History[len(r.History)-1]; last.Decision != "executed" {
		t.Errorf("history ends with %q, want executed: %+v", last.Decision, r.History)
	}
	if a := admin.get("/api/credentials/detail?id=" + cred.ID); a.Status != 404 {
		t.Fatalf("the approved delete did not delete: %d", a.Status)
	}
	decide(t, approver, "approve", id, 409) // nothing left to decide
	// Replaying the approved call does nothing more.
	if a := pu.do("POST", "/api/credentials/delete", map[string]string{"id": cred.ID}, httpapi.ApprovalHeader, id); a.Status != 409 {
		t.Errorf("a second replay of the approved call: %d %s", a.Status, a.Body)
	}
	var audit struct{ Data []domain.AuditEntry }
	admin.get("/api/audit?action=credentials.delete&page_size=100").decode(t, &audit)
	n := 0
	for _, e := range audit.Data {
		if e.ResourceID == cred.ID && e.Result == domain.AuditSuccess {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the credential was deleted %d times in the audit log, want once", n)
	}
}

// TestRejectedExpiredAndStaleRequestsChangeNothing.
func TestRejectedExpiredAndStaleRequestsChangeNothing(t *testing.T) {
	withPowerUserPermission(t, authz.CredentialsDelete)
	admin := asAdmin(t)
	puName, puPwd, _ := newUser(t, "power_user")
	pu := signIn(t, puName, puPwd)
	createWorkflow(t, admin, map[string]any{"name": "Deletions", "operations": []string{authz.CredentialsDelete},
		"steps": []map[string]any{{"order": 1, "approverRole": "admin", "timeoutMinutes": 30}}})
	still := func(cred domain.PublicCredential) {
		t.Helper()
		if a := admin.get("/api/credentials/detail?id=" + cred.ID); a.Status != 200 {
			t.Fatalf("the credential is gone: %d", a.Status)
		}
	}

	rejected := newCredential(t, pu, "Rejected deletion")
	r := decide(t, admin, "reject", held(t, pu.post("/api/credentials/delete", map[string]string{"id": rejected.ID})), 200)
	if r.Status != domain.ApprovalRejected || r.Executed {
		t.Fatalf("rejected: %+v", r)
	}
	still(rejected)

	cancelled := newCredential(t, pu, "Cancelled deletion")
	id := held(t, pu.post("/api/credentials/delete", map[string]string{"id": cancelled.ID}))
	decide(t, admin, "cancel", id, 403) // only the requester cancels
	decide(t, pu, "cancel", id, 200)
	still(cancelled)

	stale := newCredential(t, pu, "Changed meanwhile")
	id = held(t, pu.post("/api/credentials/delete", map[string]string{"id": stale.ID}))
	name := "Renamed meanwhile"
	if a := pu.post("/api/credentials/update", map[string]any{"id": stale.ID, "version": stale.Version, "name": name}); a.Status != 200 {
		t.Fatalf("update: %d %s", a.Status, a.Body)
	}
	r = decide(t, admin, "approve", id, 200)
	if r.Result == nil || r.Result.Status != 409 || !strings.Contains(r.Result.Body, "changed after the request was made") {
		t.Fatalf("a stale request ran or failed without saying why: %+v", r.Result)
	}
	still(stale)

	expired := newCredential(t, pu, "Expired deletion")
	id = held(t, pu.post("/api/credentials/delete", map[string]string{"id": expired.ID}))
	clock.Advance(31 * time.Minute)
	deadline := time.Now().Add(10 * time.Second)
	for {
		var req domain.ApprovalRequest
		pu.get("/api/approvals/requests/detail?id="+id).decode(t, &req)
		if req.Status == domain.ApprovalExpired {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the request is still %s 10 s after its step timed out", req.Status)
		}
		time.Sleep(200 * time.Millisecond)
	}
	decide(t, admin, "approve", id, 409)
	still(expired)
}

// TestAccessRequestGrantsForAnHour: a user refused the audit log files an
// access request from the 403's apply link; once an admin approves, the
// audit log opens within the revocation bound, and closes when the clock
// passes the hour; admins list and revoke grants.
func TestAccessRequestGrantsForAnHour(t *testing.T) {
	admin := asAdmin(t)
	name, pwd, _ := newUser(t, "user")
	u := signIn(t, name, pwd)
	a := u.get("/api/audit")
	if a.Status != 403 || !strings.Contains(string(a.Body), "/permissions/apply?permission=audit:read") {
		t.Fatalf("the refusal has no apply link: %d %s", a.Status, a.Body)
	}
	for _, bad := range []map[string]any{
		{"kind": "access", "permissions": []string{"audit:read"}, "reason": "", "durationHours": 1},
		{"kind": "access", "permissions": []string{"audit:nope"}, "reason": "x", "durationHours": 1},
		{"kind": "access", "permissions": []string{"audit:read"}, "reason": "x", "durationHours": 1000},
		{"kind": "access", "permissions": []string{"tasks:read"}, "reason": "x", "durationHours": 1},
	} {
		if a := u.post("/api/approvals/requests/create", bad); a.Status != 400 {
			t.Errorf("%v: %d %s", bad, a.Status, a.Body)
		}
	}
	var req domain.ApprovalRequest
	a = u.post("/api/approvals/requests/create", map[string]any{"kind": "access", "permissions": []string{"audit:read"},
		"reason": "Incident review <script>alert(1)</script>", "durationHours": 1})
	a.decode(t, &req)
	if a.Status != 201 {
		t.Fatalf("request access: %d %s", a.Status, a.Body)
	}
	r := decide(t, admin, "approve", req.ID, 200)
	if r.Result == nil || r.Result.GrantID == "" {
		t.Fatalf("approved access made no grant: %+v", r)
	}
	took := until(t, u, "/api/audit", 200)
	t.Logf("the granted permission worked %v after the approval", took)
	var mine struct{ Permissions, UIResources []string }
	u.get("/api/auth/permissions").decode(t, &mine)
	if !slices.Contains(mine.Permissions, "audit:read") || !slices.Contains(mine.UIResources, "menu:audit") {
		t.Errorf("the caller's permissions do not list the grant: %v %v", mine.Permissions, mine.UIResources)
	}
	clock.Advance(61 * time.Minute)
	took = until(t, u, "/api/audit", 403)
	t.Logf("the grant ended %v after the clock passed its hour", took)

	// An admin ends a grant at once.
	a = u.post("/api/approvals/requests/create", map[string]any{"kind": "access", "permissions": []string{"audit:read"}, "reason": "Again", "durationHours": 2})
	a.decode(t, &req)
	r = decide(t, admin, "approve", req.ID, 200)
	until(t, u, "/api/audit", 200)
	if a := admin.post("/api/approvals/grants/revoke", map[string]string{"id": r.Result.GrantID}); a.Status != 200 {
		t.Fatalf("revoke: %d %s", a.Status, a.Body)
	}
	until(t, u, "/api/audit", 403)
	var grants struct{ Data []domain.Grant }
	admin.get("/api/approvals/grants").decode(t, &grants)
	if !slices.ContainsFunc(grants.Data, func(g domain.Grant) bool { return g.ID == r.Result.GrantID && g.RevokedAt != nil }) {
		t.Error("the revoked grant is not listed as revoked")
	}
	if a := u.get("/api/approvals/grants"); a.Status != 403 {
		t.Errorf("a user lists grants: %d", a.Status)
	}
}

// TestBatchPermissionChecks: per item, the permission, then whether the
// caller sees the resource, then whether it may change it.
func TestBatchPermissionChecks(t *testing.T) {
	admin := asAdmin(t)
	name, pwd, uid := newUser(t, "user")
	u := signIn(t, name, pwd)
	creds := demoCredentials(t, admin)
	if a := admin.post("/api/users/assign-credentials", map[string]any{"userId": uid, "credentialIds": creds[1:]}); a.Status != 200 {
		t.Fatalf("assign: %d %s", a.Status, a.Body)
	}
	mine := createTask(t, u, taskBody("mine to delete", creds[1:], []string{"eu-west-1"}))
	theirs := createTask(t, admin, taskBody("the admin's", creds[:1], []string{"eu-west-1"}))
	var out permcheck.Answer
	a := u.post("/api/auth/permissions/check", map[string]any{"checks": []map[string]string{
		{"permission": "tasks:delete", "resourceType": "task", "resourceId": mine.ID},
		{"permission": "tasks:delete", "resourceType": "task", "resourceId": theirs.ID},
		{"permission": "credentials:delete"},
		{"permission": "tasks:read"},
		{"permission": "credentials:update", "resourceType": "credential", "resourceId": creds[1]},
		{"permission": "credentials:read", "resourceType": "credential", "resourceId": creds[1]},
	}})
	a.decode(t, &out)
	if a.Status != 200 || len(out.Results) != 6 {
		t.Fatalf("check: %d %s", a.Status, a.Body)
	}
	want := []bool{true, false, false, true, false, true}
	for i, r := range out.Results {
		if r.Allowed != want[i] {
			t.Errorf("check %d %+v: allowed %v, want %v", i, r.Check, r.Allowed, want[i])
		}
	}
	if out.Results[1].Reason != "not found" {
		t.Errorf("another's task: reason %q, want what the handler says (not found)", out.Results[1].Reason)
	}
	if a := u.post("/api/auth/permissions/check", map[string]any{"checks": []map[string]string{{"permission": "nope:nope"}}}); a.Status != 400 {
		t.Errorf("unknown permission: %d", a.Status)
	}
}
