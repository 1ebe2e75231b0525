package credentials_test

import (
	"context"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/credentials"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

const goodSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

// with is apitest.With: a body with fields set or removed.
var with = apitest.With

func TestCreateRejects(t *testing.T) {
	h := newHarness(t)
	role := h.roleBody("role", 0)
	key := keyBody("key", "AKIAIOSFODNN7EXAMPLE", goodSecret)
	h.create("admin", with(role, "name", "taken"))
	for _, tc := range []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"no name", with(role, "name", " "), 400, "name"},
		{"no type", with(role, "credentialType", nil), 400, "credentialType"},
		{"short account", with(role, "accountId", "1234"), 400, "accountId"},
		{"role in another account", with(role, "accountId", "123456789012"), 400, "roleArn"},
		{"not a role ARN", with(role, "roleArn", "arn:aws:iam::123456789012:user/x", "accountId", "123456789012"), 400, "roleArn"},
		{"an ExternalId of the caller's", with(role, "externalId", "cc-0123456789abcdef"), 400, "externalId"},
		{"an empty ExternalId", with(role, "externalId", ""), 400, "externalId"},
		{"an ExternalId in other letters", with(role, "ExternalID", "cc-0123456789abcdef"), 400, "externalId"},
		{"an ExternalId on a key", with(key, "externalId", "cc-0123456789abcdef"), 400, "externalId"},
		{"a name of 10,000 characters", with(role, "name", strings.Repeat("n", 10000)), 400, "name"},
		{"role with a key", with(role, "accessKeyId", "AKIAIOSFODNN7EXAMPLE"), 400, "accessKeyId"},
		{"key without secret", with(key, "secretAccessKey", nil), 400, "secretAccessKey"},
		{"short secret", with(key, "secretAccessKey", "abc"), 400, "secretAccessKey"},
		{"bad key id", with(key, "accessKeyId", "AKIA1"), 400, "accessKeyId"},
		{"key with a role", with(key, "roleArn", "arn:aws:iam::123456789012:role/R"), 400, "roleArn"},
		{"unknown field", with(role, "password", "x"), 400, "password"},
		{"wrong type of field", with(role, "isActive", "yes"), 400, "isActive"},
		{"not JSON", "{", 400, "body"},
		{"taken name", with(role, "name", "TAKEN"), 409, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.expect("admin", "POST", "/api/credentials/create", tc.body, tc.status, tc.field)
		})
	}
	// Created: the server generates the ExternalId, a new one each time,
	// and shows it to the caller who deploys the role.
	c := h.create("pu1", with(role, "name", "generated"))
	if !strings.HasPrefix(c.ExternalID, "cc-") || !c.IsActive || c.CreatedBy != h.users["pu1"].ID || c.Version != 1 {
		t.Fatalf("created %+v", c)
	}
	if again := h.create("pu1", with(role, "name", "generated again")); again.ExternalID == c.ExternalID {
		t.Fatalf("two credentials share the ExternalId %s", c.ExternalID)
	}
	k := h.create("pu1", with(key, "isActive", false))
	if k.AccessKeyID != "AKIA****MPLE" || k.IsActive || k.ExternalID != "" {
		t.Fatalf("created %+v", k)
	}
}

func TestUpdate(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	c := h.create("pu1", keyBody("key", "AKIAIOSFODNN7EXAMPLE", goodSecret))
	sealed := func() []byte {
		s, err := h.store.GetCredential(ctx, ws, c.ID)
		if err != nil || s.Secret == nil {
			t.Fatalf("stored %+v %v", s, err)
		}
		return s.Secret.Ciphertext
	}
	first := sealed()
	var got domain.PublicCredential
	if st, raw := h.call("pu1", "POST", "/api/credentials/update", map[string]any{"id": c.ID, "version": 1, "name": "renamed", "isActive": false}, &got); st != 200 {
		t.Fatalf("%d %s", st, raw)
	}
	if got.Name != "renamed" || got.IsActive || got.Version != 2 || !slices.Equal(sealed(), first) {
		t.Fatalf("after rename %+v (secret changed: %v)", got, !slices.Equal(sealed(), first))
	}
	h.expect("pu1", "POST", "/api/credentials/update", map[string]any{"id": c.ID, "version": 1, "name": "stale"}, 409, "")
	h.expect("pu1", "POST", "/api/credentials/update", map[string]any{"id": c.ID, "version": 2, "accessKeyId": "AKIAI44QH8DHBEXAMPLE"}, 400, "secretAccessKey")
	h.expect("pu1", "POST", "/api/credentials/update", map[string]any{"id": "nope", "version": 2}, 400, "id")
	h.expect("pu1", "POST", "/api/credentials/update", map[string]any{"id": c.ID, "version": 2, "externalId": "cc-0123456789abcdef"}, 400, "externalId")
	h.call("pu1", "POST", "/api/credentials/update", map[string]any{"id": c.ID, "version": 2, "secretAccessKey": "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"}, &got)
	if got.Version != 3 || slices.Equal(sealed(), first) {
		t.Fatalf("the new secret was not stored: %+v", got)
	}
	// Switching to assume_role drops the key and generates an ExternalId.
	a := h.sim.Estate().Accounts[0]
	got = domain.PublicCredential{}
	h.call("pu1", "POST", "/api/credentials/update", map[string]any{"id": c.ID, "version": 3, "credentialType": "assume_role",
		"accountId": a.ID, "roleArn": "arn:aws:iam::" + a.ID + ":role/CloudCensusScanner"}, &got)
	stored, _ := h.store.GetCredential(ctx, ws, c.ID)
	if got.Type != domain.CredentialAssumeRole || got.AccessKeyID != "" || got.ExternalID == "" || stored.Secret != nil || stored.AccessKeyID != "" {
		t.Fatalf("after the switch %+v, stored %+v", got, stored)
	}
}

func TestDeleteRefusedWhileInUse(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	c := h.create("admin", h.roleBody("used", 0))
	h.expect("admin", "POST", "/api/users/assign-credentials", map[string]any{"userId": h.users["u1"].ID, "credentialIds": []string{c.ID}}, 200, "")
	h.usage.inUse[c.ID] = "running task nightly"
	raw := h.expect("admin", "POST", "/api/credentials/delete", map[string]any{"id": c.ID}, 409, "")
	if !strings.Contains(raw, "running task nightly") {
		t.Fatalf("409 does not say what uses it: %s", raw)
	}
	delete(h.usage.inUse, c.ID)
	h.expect("admin", "POST", "/api/credentials/delete", map[string]any{"id": c.ID}, 204, "")
	h.expect("admin", "GET", "/api/credentials/detail?id="+c.ID, nil, 404, "")
	if ids, _ := h.store.AssignedCredentialIDs(ctx, ws, h.users["u1"].ID); len(ids) != 0 {
		t.Fatalf("assignments left: %v", ids)
	}
	audits := h.auditText()
	if !strings.Contains(audits, `"action":"credentials.delete","resourceType":"credential","resourceId":"`+c.ID) ||
		!strings.Contains(audits, `"result":"failure"`) {
		t.Fatalf("delete attempts not audited: %s", audits)
	}
}

func TestValidateAgainstTheSimulator(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name   string
		body   map[string]any
		fault  *awssim.Fault
		region string
		reason domain.ValidationReason
	}{
		{"trusted role", h.roleBody("ok", 0), nil, "", ""},
		{"trusted role in a region", h.roleBody("ok region", 1), nil, "eu-west-1", ""},
		{"ExternalId mismatch", h.roleBody("mismatch", 0), nil, "", domain.ReasonExternalIDMismatch},
		{"AccessDenied", h.roleBody("denied", 1), &awssim.Fault{Kind: awssim.Deny, Account: platformAcct, Service: "STS", Operation: "AssumeRole", Times: 1}, "", domain.ReasonAccessDenied},
		{"unknown access key", keyBody("key", "AKIAIOSFODNN7EXAMPLE", goodSecret), nil, "", domain.ReasonInvalidKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := h.create("pu1", tc.body)
			if tc.reason == domain.ReasonExternalIDMismatch {
				h.trust(c.AccountID, "cc-deployed-for-another-credential")
			}
			if tc.fault != nil {
				h.sim.Inject(*tc.fault)
			}
			var got domain.PublicCredential
			body := map[string]any{"id": c.ID}
			if tc.region != "" {
				body["region"] = tc.region
			}
			if st, raw := h.call("pu1", "POST", "/api/credentials/validate", body, &got); st != 200 {
				t.Fatalf("%d %s", st, raw)
			}
			v := got.Validation
			if v == nil || got.LastValidatedAt == nil || got.Version != c.Version {
				t.Fatalf("validation not recorded: %+v", got)
			}
			if tc.reason == "" && (!v.OK || v.AccountID != c.AccountID || !strings.Contains(v.ARN, ":assumed-role/CloudCensusScanner/CloudCensus-validate-"+c.ID)) ||
				tc.reason != "" && (v.OK || v.Reason != tc.reason || v.Message == "") {
				t.Fatalf("validation %+v, want reason %q", v, tc.reason)
			}
			// The result is stored: the detail shows it.
			var again domain.PublicCredential
			h.call("pu1", "GET", "/api/credentials/detail?id="+c.ID, nil, &again)
			if again.Validation == nil || !reflect.DeepEqual(*again.Validation, *v) {
				t.Fatalf("stored validation %+v, want %+v", again.Validation, v)
			}
		})
	}
	h.expect("pu1", "POST", "/api/credentials/validate", map[string]any{"id": domain.NewID(), "region": "mars-1"}, 400, "region")
}

func TestDemoCredential(t *testing.T) {
	h := newHarness(t)
	a := h.sim.Estate().Accounts[1]
	d, err := h.svc.EnsureDemo(context.Background(), ws, h.users["admin"].ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	again, err := h.svc.EnsureDemo(context.Background(), ws, h.users["admin"].ID, a.ID)
	if err != nil || again.ID != d.ID {
		t.Fatalf("second EnsureDemo: %+v %v", again, err)
	}
	var got domain.PublicCredential
	h.call("admin", "POST", "/api/credentials/validate", map[string]any{"id": d.ID}, &got)
	if !got.Demo || got.Validation == nil || !got.Validation.OK || got.Validation.AccountID != a.ID {
		t.Fatalf("demo validation %+v", got)
	}
	h.expect("admin", "POST", "/api/credentials/update", map[string]any{"id": d.ID, "version": d.Version, "roleArn": "arn:aws:iam::123456789012:role/X"}, 400, "credentialType")
	h.expect("admin", "POST", "/api/credentials/update", map[string]any{"id": d.ID, "version": d.Version, "name": "Demo (simulated)"}, 200, "")
}

func TestBaseRole(t *testing.T) {
	h := newHarness(t)
	var v credentials.BaseRoleView
	h.call("admin", "GET", "/api/credentials/base-role", nil, &v)
	if v.Mode != domain.BaseExecutionRole || v.AccessKeyID != "" || v.UpdatedAt != "" {
		t.Fatalf("default %+v", v)
	}
	for _, tc := range []struct {
		name   string
		body   map[string]any
		status int
		field  string
		want   credentials.BaseRoleView
	}{
		{"unknown mode", map[string]any{"mode": "root"}, 400, "mode", credentials.BaseRoleView{}},
		{"key without secret", map[string]any{"mode": "access_key", "accessKeyId": "AKIAIOSFODNN7EXAMPLE"}, 400, "secretAccessKey", credentials.BaseRoleView{}},
		{"execution role with a key", map[string]any{"mode": "execution_role", "accessKeyId": "AKIAIOSFODNN7EXAMPLE"}, 400, "accessKeyId", credentials.BaseRoleView{}},
		{"base key", map[string]any{"mode": "access_key", "accessKeyId": "AKIAIOSFODNN7EXAMPLE", "secretAccessKey": goodSecret}, 200, "",
			credentials.BaseRoleView{Mode: domain.BaseAccessKey, AccessKeyID: "AKIA****MPLE", Version: 1}},
		{"same key, secret kept", map[string]any{"mode": "access_key", "accessKeyId": "AKIAIOSFODNN7EXAMPLE"}, 200, "",
			credentials.BaseRoleView{Mode: domain.BaseAccessKey, AccessKeyID: "AKIA****MPLE", Version: 2}},
		{"new key needs its secret", map[string]any{"mode": "access_key", "accessKeyId": "AKIAI44QH8DHBEXAMPLE"}, 400, "secretAccessKey", credentials.BaseRoleView{}},
		{"back to the execution role", map[string]any{"mode": "execution_role"}, 200, "",
			credentials.BaseRoleView{Mode: domain.BaseExecutionRole, Version: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := h.expect("admin", "POST", "/api/credentials/base-role", tc.body, tc.status, tc.field)
			if tc.status != 200 {
				return
			}
			var got credentials.BaseRoleView
			h.decode(raw, &got)
			if got.UpdatedAt == "" {
				t.Fatalf("no updatedAt: %+v", got)
			}
			got.UpdatedAt = ""
			if got != tc.want {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	b, _ := h.store.GetBaseRole(context.Background(), ws)
	if b.Secret != nil || b.AccessKeyID != "" {
		t.Fatalf("execution role keeps a key: %+v", b)
	}
}

func TestRoleTemplate(t *testing.T) {
	h := newHarness(t)
	var rt credentials.RoleTemplate
	if st, raw := h.call("pu1", "GET", "/api/credentials/role-template?externalId=cc-0123456789", nil, &rt); st != 200 {
		t.Fatalf("%d %s", st, raw)
	}
	if rt.ExternalID != "cc-0123456789" || rt.PrincipalARN != "arn:aws:iam::"+platformAcct+":user/cloudcensus-scanner" ||
		!slices.Equal(rt.Actions, spec.ReadActions()) {
		t.Fatalf("role template %+v", rt)
	}
	for _, body := range []string{rt.Template, rt.StackSetTemplate} {
		var d map[string]any
		if err := yaml.Unmarshal([]byte(body), &d); err != nil || d["Resources"] == nil {
			t.Fatalf("not a template: %v", err)
		}
		if !strings.Contains(body, rt.PrincipalARN) || !strings.Contains(body, "cc-0123456789") {
			t.Fatalf("template lacks the principal or the ExternalId:\n%s", body)
		}
	}
	u, err := url.Parse(rt.QuickCreateURL)
	if err != nil || u.Host != "eu-west-1.console.aws.amazon.com" || rt.QuickCreateExpiresAt == nil || len(rt.Steps) != 0 ||
		rt.RoleARN != "arn:aws:iam::<account-id>:role/CloudCensusScanner" {
		t.Fatalf("quick-create link %q (expires %v, steps %v, role %s)", rt.QuickCreateURL, rt.QuickCreateExpiresAt, rt.Steps, rt.RoleARN)
	}
	_, query, _ := strings.Cut(u.EscapedFragment(), "?")
	q, _ := url.ParseQuery(query)
	tu, err := url.Parse(q.Get("templateURL"))
	if err != nil {
		t.Fatal(err)
	}
	if published := h.host.files[strings.TrimPrefix(tu.Path, "/")]; published != rt.Template {
		t.Fatalf("the link's template %s is not the published one", tu.Path)
	}
	var fresh credentials.RoleTemplate
	h.call("admin", "GET", "/api/credentials/role-template", nil, &fresh)
	if !strings.HasPrefix(fresh.ExternalID, "cc-") || fresh.ExternalID == rt.ExternalID {
		t.Fatalf("no fresh ExternalId: %q", fresh.ExternalID)
	}
	h.expect("admin", "GET", "/api/credentials/role-template?externalId=a%20b", nil, 400, "externalId")
}

func TestAssignments(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	a := h.create("admin", h.roleBody("a", 0))
	b := h.create("pu1", h.roleBody("b", 1))
	c := h.create("pu1", keyBody("c", "AKIAIOSFODNN7EXAMPLE", goodSecret))
	u2 := h.users["u2"].ID
	assign := func(user string, ids ...string) credentials.Assignment {
		t.Helper()
		var out credentials.Assignment
		if st, raw := h.call(user, "POST", "/api/users/assign-credentials", map[string]any{"userId": u2, "credentialIds": append([]string{}, ids...)}, &out); st != 200 {
			t.Fatalf("%s assigns %v: %d %s", user, ids, st, raw)
		}
		return out
	}
	stored := func() []string {
		ids, err := h.store.AssignedCredentialIDs(ctx, ws, u2)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	sorted := func(ids ...string) []string { return slices.Sorted(slices.Values(ids)) }
	if got := assign("admin", a.ID, b.ID, a.ID); !slices.Equal(got.CredentialIDs, sorted(a.ID, b.ID)) || got.UserID != u2 {
		t.Fatalf("admin's set %+v", got)
	}
	// Idempotent.
	assign("admin", b.ID, a.ID)
	if !slices.Equal(stored(), sorted(a.ID, b.ID)) {
		t.Fatalf("stored %v", stored())
	}
	// A power user replaces only what it manages, and sees only that.
	if got := assign("pu1", c.ID); !slices.Equal(got.CredentialIDs, []string{c.ID}) || !slices.Equal(stored(), sorted(a.ID, c.ID)) {
		t.Fatalf("pu1's set %+v, stored %v", got, stored())
	}
	if got := assign("pu1"); len(got.CredentialIDs) != 0 || !slices.Equal(stored(), []string{a.ID}) {
		t.Fatalf("pu1 emptied its part: %+v, stored %v", got, stored())
	}
	// Both directions: the user's view.
	var uc credentials.UserCredentials
	h.call("u2", "GET", "/api/users/credentials?id="+u2, nil, &uc)
	if !slices.Equal(uc.CredentialIDs, []string{a.ID}) || len(uc.Data) != 1 || uc.Data[0].ExternalID != "" {
		t.Fatalf("u2 reads %+v", uc)
	}
	h.call("pu1", "GET", "/api/users/credentials?id="+u2, nil, &uc)
	if len(uc.CredentialIDs) != 0 {
		t.Fatalf("pu1 sees credentials it does not manage: %+v", uc)
	}
	var many []string
	for range store.MaxAssignments + 1 {
		many = append(many, domain.NewID())
	}
	for _, tc := range []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"unknown credential", map[string]any{"userId": u2, "credentialIds": []string{domain.NewID()}}, 404, ""},
		{"unknown user", map[string]any{"userId": domain.NewID(), "credentialIds": []string{a.ID}}, 404, ""},
		{"bad user id", map[string]any{"userId": "x", "credentialIds": []string{}}, 400, "userId"},
		{"bad credential id", map[string]any{"userId": u2, "credentialIds": []string{"x"}}, 400, "credentialIds"},
		{"no list", map[string]any{"userId": u2}, 400, "credentialIds"},
		{"too many", map[string]any{"userId": u2, "credentialIds": many}, 400, "credentialIds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.expect("admin", "POST", "/api/users/assign-credentials", tc.body, tc.status, tc.field)
		})
	}
	if !slices.Equal(stored(), []string{a.ID}) {
		t.Fatalf("refused requests changed the set: %v", stored())
	}
	if audits := h.auditText(); strings.Count(audits, `"action":"credentials.assign"`) < 10 {
		t.Fatalf("assignments not audited")
	}
}

func TestPowerUserListPaging(t *testing.T) {
	h := newHarness(t)
	var ids []string
	for i := range 5 {
		ids = append(ids, h.create("pu1", keyBody(fmt.Sprintf("k%d", i), "AKIAIOSFODNN7EXAMPLE", goodSecret)).ID)
	}
	var seen []string
	cursor := ""
	for range 5 {
		var l httpapi.List[domain.PublicCredential]
		h.call("pu1", "GET", "/api/credentials?page_size=2&credentialType=access_key&cursor="+cursor, nil, &l)
		for _, c := range l.Data {
			seen = append(seen, c.ID)
		}
		if l.Pagination.Total != 5 || l.NextCursor == "" {
			break
		}
		cursor = l.NextCursor
	}
	if !slices.Equal(seen, ids) {
		t.Fatalf("paged through %v, want %v", seen, ids)
	}
	var l httpapi.List[domain.PublicCredential]
	h.call("pu1", "GET", "/api/credentials?page=3&page_size=2&active=true", nil, &l)
	if len(l.Data) != 1 || l.Data[0].ID != ids[4] || l.Pagination.TotalPages != 3 {
		t.Fatalf("page 3: %+v", l)
	}
	h.expect("pu1", "GET", "/api/credentials?active=maybe", nil, 400, "active")
	h.expect("pu1", "GET", "/api/credentials?credentialType=root", nil, 400, "credentialType")
}

// Names as clients type them come back as written: brackets, a leading
// formula sign, emoji, XML specials, right-to-left text, 100 characters.
func TestHostileCredentialNames(t *testing.T) {
	h := newHarness(t)
	for _, name := range []string{"ACME [UK] Ltd", "[[name]]", "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)",
		"Prod 🚀 account", "<b>&amp;</b> \"quoted\" 'single'", "]]>", "حساب الإنتاج", strings.Repeat("é", 100)} {
		c := h.create("admin", with(h.roleBody(name, 0), "name", name))
		var got domain.PublicCredential
		if st, raw := h.call("admin", "GET", "/api/credentials/detail?id="+c.ID, nil, &got); st != 200 || got.Name != name || c.Name != name {
			t.Fatalf("%q: %d, created %q, read %q (%s)", name, st, c.Name, got.Name, raw)
		}
		h.expect("admin", "POST", "/api/credentials/update", map[string]any{"id": c.ID, "version": c.Version, "name": name + "!", "externalId": name}, 400, "externalId")
	}
}
