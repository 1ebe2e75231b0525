package monitor

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// The routes describe themselves in the API document: their bodies and
// answers become schemas without clashing with another package's names.
func TestRoutesDescribeThemselves(t *testing.T) {
	doc := httpapi.OpenAPI("CloudCensus", "test", NewService(nil).Routes())
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"/api/alerts/rules/update"`, `"MonitorRuleUpdate"`, `"MonitorAlertDetail"`, `"evidenceEntries"`, `"acknowledged"`} {
		if !strings.Contains(string(raw), want) {
			t.Fatalf("the document lacks %s", want)
		}
	}
}
