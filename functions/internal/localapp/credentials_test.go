package localapp

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// On a machine with no AWS identity (no keys, no profile, and local mode
// leaves instance metadata alone), validating an assume-role credential
// for a real account says so in words, through the whole stack; the demo
// credentials, seeded with the simulator's ExternalId, still validate.
func TestValidateOnAMachineWithoutAWSIdentity(t *testing.T) {
	cfg, err := platformConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Credentials.Retrieve(context.Background()); err == nil {
		t.Skip("this machine has an AWS identity")
	}
	c := asAdmin(t)
	a := c.post("/api/credentials/create", map[string]any{"name": "Real [prod] account", "credentialType": "assume_role",
		"accountId": "123456789012", "roleArn": "arn:aws:iam::123456789012:role/CloudCensusScanner"})
	var cred domain.PublicCredential
	a.decode(t, &cred)
	if a.Status != 201 || !strings.HasPrefix(cred.ExternalID, "cc-") {
		t.Fatalf("create: %d %s", a.Status, a.Body)
	}
	a = c.post("/api/credentials/validate", map[string]any{"id": cred.ID})
	var got domain.PublicCredential
	a.decode(t, &got)
	v := got.Validation
	if a.Status != 200 || v == nil || v.OK || v.Reason != domain.ReasonNoPlatformIdentity {
		t.Fatalf("validate: %d %s", a.Status, a.Body)
	}
	for _, p := range []string{"IMDS", "operation error", "failed to", "169.254", "EC2"} {
		if strings.Contains(string(a.Body), p) {
			t.Fatalf("the answer quotes the SDK (%q): %s", p, a.Body)
		}
	}
	// The chain is in the log, for whoever runs the server.
	if !strings.Contains(logs.String(), `"msg":"credential validated"`) {
		t.Fatal("the validation is not logged")
	}

	a = c.get("/api/credentials")
	var list struct{ Data []domain.PublicCredential }
	a.decode(t, &list)
	for _, d := range list.Data {
		if !d.Demo {
			continue
		}
		a = c.post("/api/credentials/validate", map[string]any{"id": d.ID})
		var dv domain.PublicCredential
		a.decode(t, &dv)
		if a.Status != 200 || dv.Validation == nil || !dv.Validation.OK {
			t.Fatalf("demo credential %s: %d %s", d.Name, a.Status, a.Body)
		}
	}
}

// Validation runs the scan's read actions: a credential that signs in
// but may not list Lambda functions is valid with a warning naming the
// action, service by service, as a scan would meet it.
func TestValidationDryRunsTheReadActions(t *testing.T) {
	c := asAdmin(t)
	var denied, clean int
	for _, id := range demoCredentials(t, c) {
		a := c.post("/api/credentials/validate", map[string]any{"id": id, "region": "eu-west-1"})
		var got domain.PublicCredential
		a.decode(t, &got)
		v := got.Validation
		if a.Status != 200 || v == nil || !v.OK || len(v.Services) < 20 {
			t.Fatalf("validate %s: %d %s", id, a.Status, a.Body)
		}
		lambdaDenied := false
		for _, s := range v.Services {
			if s.Service == "lambda" && s.Status == "access_denied" && s.Action == "lambda:ListFunctions" {
				lambdaDenied = true
			}
			if strings.Contains(s.Status, "error") {
				t.Errorf("%s: %s errored in the dry run: %+v", id, s.Service, s)
			}
		}
		switch {
		case lambdaDenied:
			denied++
			if v.Reason != domain.ReasonMissingPermissions || v.Unreadable < 1 || !strings.Contains(v.Message, "lambda (lambda:ListFunctions)") {
				t.Errorf("%s: a denied action, but %+v", id, v)
			}
		default:
			clean++
			if v.Unreadable != 0 || !strings.Contains(v.Message, "services can be read") {
				t.Errorf("%s: nothing denied, but %+v", id, v)
			}
		}
		for _, p := range []string{"smithy", "lambda.go", "*", "chain"} {
			if strings.Contains(string(a.Body), p) {
				t.Errorf("%s: the answer quotes internals (%q): %s", id, p, a.Body)
			}
		}
	}
	if denied != 1 || clean != 1 {
		t.Fatalf("%d demo credentials with a denied action, %d without; want 1 and 1", denied, clean)
	}
}

// Locally the template lives on this machine's stand-in S3, which
// CloudFormation cannot fetch: no launch link, but the download and the
// console's steps with the ExternalId.
func TestLocalRoleTemplateGivesStepsNotALink(t *testing.T) {
	c := asAdmin(t)
	a := c.get("/api/credentials/role-template?externalId=cc-0123456789")
	var rt struct {
		Template, QuickCreateURL string
		Steps                    []string
	}
	a.decode(t, &rt)
	if a.Status != 200 || rt.QuickCreateURL != "" || rt.Template == "" || len(rt.Steps) < 4 ||
		!strings.Contains(strings.Join(rt.Steps, " "), "cc-0123456789") {
		t.Fatalf("local role template: %d %s", a.Status, a.Body)
	}
}

// The list filters on any part of a name, account or role ARN, flags
// credentials that reach the same account the same way, and shows that a
// scan signed in with a credential nobody validated by hand.
func TestCredentialListFindsFlagsAndKnowsScans(t *testing.T) {
	d := demoScan(t)
	c := asAdmin(t)
	suffix := fmt.Sprint(time.Now().UnixNano() % 100000)
	a := newCredential(t, c, "Twin A "+suffix)
	b := newCredential(t, c, "Twin B "+suffix)
	var l struct{ Data []domain.PublicCredential }
	c.get("/api/credentials?page_size=100&q="+url.QueryEscape("twin a "+suffix)).decode(t, &l)
	if len(l.Data) != 1 || l.Data[0].ID != a.ID || !slices.Contains(l.Data[0].DuplicateOf, b.Name) {
		t.Fatalf("filtered %+v", l.Data)
	}
	c.get("/api/credentials?page_size=100&q=CloudCensusScanner").decode(t, &l)
	if len(l.Data) < 2 {
		t.Fatalf("by role ARN: %d", len(l.Data))
	}
	c.get("/api/credentials?page_size=100").decode(t, &l)
	scanned := 0
	for _, cr := range l.Data {
		if slices.Contains(d.CredentialIDs, cr.ID) && cr.LastSignedInByScanAt != nil {
			scanned++
		}
	}
	if scanned != len(d.CredentialIDs) {
		t.Fatalf("%d of the scan's %d credentials show its sign-in", scanned, len(d.CredentialIDs))
	}
}
