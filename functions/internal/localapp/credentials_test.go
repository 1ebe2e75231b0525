package localapp

import (
	"context"
	"strings"
	"testing"

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
