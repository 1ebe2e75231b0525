package credentials_test

import (
	"net/http"
	"strings"
	"testing"
)

// Secrets given to the API never come back: not in an answer, a log line
// or an audit entry, whatever the request did (succeeded, failed
// validation, was refused).
func TestSecretsNeverLeak(t *testing.T) {
	h := newHarness(t)
	const (
		secret1 = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
		secret2 = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
		secret3 = "Base+Key/0123456789abcdefghijklmnopqrstu"
		bad     = "tooShortButStillSecret/XYZ"
		keyID   = "AKIAIOSFODNN7EXAMPLE"
	)
	c := h.create("admin", keyBody("key one", keyID, secret1))
	if c.AccessKeyID != "AKIA****MPLE" {
		t.Fatalf("access key id shown as %q", c.AccessKeyID)
	}
	pc := h.create("pu1", keyBody("key two", "AKIAI44QH8DHBEXAMPLE", secret2))
	// Replace a secret, fail to replace one, fail to create one.
	h.expect("admin", "POST", "/api/credentials/update", map[string]any{"id": c.ID, "version": c.Version, "secretAccessKey": secret2}, http.StatusOK, "")
	h.expect("admin", "POST", "/api/credentials/update", map[string]any{"id": c.ID, "version": c.Version, "secretAccessKey": bad}, http.StatusConflict, "")
	h.expect("admin", "POST", "/api/credentials/update", map[string]any{"id": c.ID, "version": c.Version + 1, "secretAccessKey": bad}, http.StatusBadRequest, "secretAccessKey")
	h.expect("admin", "POST", "/api/credentials/create", keyBody("key three", keyID, bad), http.StatusBadRequest, "secretAccessKey")
	h.expect("admin", "POST", "/api/credentials/create", keyBody("key one", keyID, secret3), http.StatusConflict, "")
	h.expect("admin", "POST", "/api/credentials/create", `{"name":"x","secretAccessKey":"`+secret3+`","unknown":1}`, http.StatusBadRequest, "unknown")
	h.expect("u1", "POST", "/api/credentials/create", keyBody("key four", keyID, secret3), http.StatusForbidden, "")
	h.expect("pu2", "POST", "/api/credentials/update", map[string]any{"id": pc.ID, "version": 1, "secretAccessKey": secret3}, http.StatusNotFound, "")
	// The base access key.
	h.expect("admin", "POST", "/api/credentials/base-role", map[string]any{"mode": "access_key", "accessKeyId": "AKIAJ5IDBASEEXAMPLE0", "secretAccessKey": secret3}, http.StatusOK, "")
	h.expect("admin", "POST", "/api/credentials/base-role", map[string]any{"mode": "access_key", "accessKeyId": "AKIAJ5IDBASEEXAMPLE1", "secretAccessKey": bad}, http.StatusBadRequest, "secretAccessKey")
	// Validation (the simulator does not know these keys), reads, assignment.
	h.expect("admin", "POST", "/api/credentials/validate", map[string]any{"id": c.ID}, http.StatusOK, "")
	h.expect("admin", "POST", "/api/credentials/validate", map[string]any{"id": pc.ID}, http.StatusOK, "")
	h.expect("admin", "GET", "/api/credentials", nil, http.StatusOK, "")
	h.expect("admin", "GET", "/api/credentials/detail?id="+c.ID, nil, http.StatusOK, "")
	h.expect("admin", "GET", "/api/credentials/base-role", nil, http.StatusOK, "")
	h.expect("admin", "POST", "/api/users/assign-credentials", map[string]any{"userId": h.users["u1"].ID, "credentialIds": []string{c.ID}}, http.StatusOK, "")
	h.expect("u1", "GET", "/api/users/credentials?id="+h.users["u1"].ID, nil, http.StatusOK, "")
	h.expect("u1", "GET", "/api/credentials", nil, http.StatusOK, "")
	h.expect("admin", "POST", "/api/credentials/delete", map[string]any{"id": pc.ID}, http.StatusNoContent, "")

	logs, all := h.Logs(), h.Bodies()
	bodies := strings.Join(all, "\n")
	audits := h.auditText()
	if !strings.Contains(logs, "credential validated") || !strings.Contains(audits, "credentials.create") || len(all) < 20 {
		t.Fatalf("the test did not capture what it checks: %d bodies, logs %d bytes, audit %d bytes", len(all), len(logs), len(audits))
	}
	for name, text := range map[string]string{"answers": bodies, "logs": logs, "audit entries": audits} {
		for _, s := range []string{secret1, secret2, secret3, bad, keyID, "EXAMPLEKEY", "0123456789abcdefghij"} {
			if strings.Contains(text, s) {
				i := strings.Index(text, s)
				t.Errorf("%s contain %q: ...%s...", name, s, text[max(0, i-200):min(len(text), i+len(s)+50)])
			}
		}
	}
}
