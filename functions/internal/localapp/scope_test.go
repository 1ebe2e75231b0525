package localapp

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/scope"
	"github.com/cloudcensus/cloudcensus/functions/internal/templates"
)

// TestExclusionsLeaveResourcesOutEverywhere: a workspace rule (a tag) and
// a task rule (a CIDR block) leave exactly the resources they match out of
// the results, the export and the report, whose coverage appendix states
// each rule with its count; a service rule leaves the service unscanned.
func TestExclusionsLeaveResourcesOutEverywhere(t *testing.T) {
	c := asAdmin(t)
	full := demoScan(t)
	_, _, file := c.job("/api/tasks/export", map[string]string{"id": full.ID})
	var all inventory.Result
	if err := json.Unmarshal(file, &all); err != nil {
		t.Fatal(err)
	}
	// A tag some resources carry and a VPC's block, from the scan itself.
	var tag, block string
	for _, r := range all.Records {
		if tag == "" && r.Tags["Environment"] != "" {
			tag = "Environment=" + r.Tags["Environment"]
		}
		if block == "" && r.Service == "vpc" && r.Region == "eu-west-1" && r.Net != nil && strings.HasPrefix(r.Net.CIDR, "10.") {
			block = r.Net.CIDR
		}
	}
	if tag == "" || block == "" {
		t.Fatalf("the demo has no Environment tag (%q) or VPC block in eu-west-1 (%q)", tag, block)
	}
	rules := []domain.ScopeRule{{Kind: scope.Tag, Value: tag, Source: "workspace"}, {Kind: scope.CIDR, Value: block, Source: "task"},
		{Kind: scope.Service, Value: "lambda", Source: "task"}}
	want, counts := scope.Filter(rules, slices.Clone(all.Records))
	want = slices.DeleteFunc(want, func(r inventory.Record) bool { return r.Service == "lambda" })

	var set templates.Settings
	c.get("/api/settings").decode(t, &set)
	if a := c.post("/api/settings/update", map[string]any{"reportRetentionDays": set.ReportRetentionDays, "version": set.Version,
		"exclusions": []map[string]string{{"kind": "tag", "value": "Owner"}}}); a.Status != 400 || a.field() != "exclusions[0].value" {
		t.Errorf("a tag rule without =: %d %s", a.Status, a.Body)
	}
	if a := c.post("/api/settings/update", map[string]any{"reportRetentionDays": set.ReportRetentionDays, "version": set.Version,
		"exclusions": rules[:1]}); a.Status != 200 {
		t.Fatalf("workspace rule: %d %s", a.Status, a.Body)
	}
	t.Cleanup(func() {
		c.get("/api/settings").decode(t, &set)
		c.post("/api/settings/update", map[string]any{"reportRetentionDays": set.ReportRetentionDays, "version": set.Version, "exclusions": []any{}})
	})
	body := taskBody("Scoped scan", demoCredentials(t, c), []string{"us-east-1", "eu-west-1"})
	body["exclusions"] = rules[1:]
	d := waitTask(t, c, createTask(t, c, body).ID, 3*time.Minute)
	if d.Status != domain.TaskCompleted && d.Status != domain.TaskPartiallyCompleted {
		t.Fatalf("scoped scan: %s", d.Status)
	}

	_, _, file = c.job("/api/tasks/export", map[string]string{"id": d.ID})
	var got inventory.Result
	if err := json.Unmarshal(file, &got); err != nil {
		t.Fatal(err)
	}
	ids := func(recs []inventory.Record) []string {
		var out []string
		for _, r := range recs {
			out = append(out, r.Service+"/"+r.AccountID+"/"+r.Region+"/"+r.ID)
		}
		slices.Sort(out)
		return out
	}
	if g, w := ids(got.Records), ids(want); !slices.Equal(g, w) {
		t.Fatalf("the export holds %d records, want exactly the %d the rules leave (of %d)", len(g), len(w), len(all.Records))
	}
	for _, cov := range got.Coverage {
		if cov.Service == "lambda" && cov.Status != inventory.StatusExcluded {
			t.Errorf("lambda in %s/%s: %s, want excluded", cov.AccountID, cov.Region, cov.Status)
		}
	}

	// The report documents the same resources as the export (an excluded
	// resource may still be named in another's column, as a reference).
	doc := string(reportParts(t, c, d.ReportID)["word/document.xml"])
	var rep domain.Report
	c.get("/api/reports/detail?id="+d.ReportID).decode(t, &rep)
	if rep.Resources != len(want) {
		t.Errorf("the report documents %d resources, want the %d the rules leave", rep.Resources, len(want))
	}
	for _, cnt := range counts {
		if !strings.Contains(doc, cnt.Rule) {
			t.Errorf("the coverage appendix does not state the rule %q", cnt.Rule)
		}
	}
	if len(all.Records)-len(want) == 0 || !strings.Contains(doc, "Scope rules left resources out") {
		t.Errorf("the report says nothing of its scope rules (%d dropped)", len(all.Records)-len(want))
	}
}
