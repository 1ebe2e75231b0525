package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func vpc(id, name, cidr string) inventory.Record {
	return inventory.Record{Service: "vpc", ResourceType: "VPC", AccountID: "111111111111", Region: "eu-west-1", ID: id, Name: name,
		Columns: map[string]string{"Region": "eu-west-1", "Name": name, "ID": id, "CIDR": cidr}}
}

func unitResult(task string, status inventory.Status, recs ...inventory.Record) *inventory.Result {
	res := &inventory.Result{Unit: &inventory.Unit{TaskID: task, AccountID: "111111111111", Region: "eu-west-1"}, Records: recs}
	for _, svc := range []string{"vpc", "ec2"} {
		c := inventory.Coverage{Service: svc, AccountID: "111111111111", Region: "eu-west-1", Status: inventory.StatusOK}
		if svc == "ec2" {
			c.Status = status
		}
		res.Coverage = append(res.Coverage, c)
	}
	return res
}

func TestChangesSinceThePreviousScan(t *testing.T) {
	instance := inventory.Record{Service: "ec2", ResourceType: "Instance", AccountID: "111111111111", Region: "eu-west-1",
		ID: "i-1", Name: "web", Columns: map[string]string{"Name": "web"}}
	prev := unitResult("P", inventory.StatusOK,
		vpc("vpc-a", "kept", "10.0.0.0/16"), vpc("vpc-b", "changed", "10.1.0.0/16"), vpc("vpc-c", "removed", "10.9.0.0/16"), instance)
	// The current scan could not read EC2: the instance is not "removed".
	cur := unitResult("C", inventory.StatusAccessDenied,
		vpc("vpc-a", "kept", "10.0.0.0/16"), vpc("vpc-b", "changed", "10.2.0.0/16"), vpc("vpc-d", "added", "10.3.0.0/16"))
	doc, sum := build(t, Request{Meta: testMeta("111111111111"), Source: sourceOf(t, []*inventory.Result{prev, cur}),
		TaskID: "C", PreviousTaskID: "P", PreviousLabel: "April scan"})

	if sum.Added != 1 || sum.Removed != 1 || sum.Changed != 1 || !sum.Compared {
		t.Errorf("summary = %+v, want 1 added, 1 removed, 1 changed", sum)
	}
	// What a change alert shows: per service, and the notable changes,
	// removals first.
	if len(sum.ByService) != 1 || sum.ByService[0] != (event.ServiceChanges{Service: "vpc", Title: "VPC", Added: 1, Removed: 1, Changed: 1}) {
		t.Errorf("by service %+v", sum.ByService)
	}
	var notable []string
	for _, c := range sum.Notable {
		notable = append(notable, string(c.Kind)+" "+c.ID+" "+c.Detail)
	}
	if want := []string{"removed vpc-c ", "added vpc-d ", "changed vpc-b CIDR: 10.1.0.0/16 -> 10.2.0.0/16"}; !slices.Equal(notable, want) {
		t.Errorf("notable %q, want %q", notable, want)
	}
	bs := blocks(t, doc)
	section := func(h2 string) [][]string {
		tables := tablesUnder(bs, 2, h2)
		if len(tables) != 1 {
			t.Fatalf("%s: %d tables, want 1", h2, len(tables))
		}
		if !tables[0].repeatsHeader() {
			t.Errorf("%s: header row does not repeat", h2)
		}
		return tables[0].rows()
	}
	for _, tc := range []struct {
		h2   string
		want [][]string
	}{
		{"Added resources", [][]string{{"Service", "Region", "Name", "ID"}, {"VPC", "eu-west-1", "added", "vpc-d"}}},
		{"Removed resources", [][]string{{"Service", "Region", "Name", "ID"}, {"VPC", "eu-west-1", "removed", "vpc-c"}}},
		{"Changed resources", [][]string{{"Service", "Region", "Resource", "Attribute", "Previous", "Current"},
			{"VPC", "eu-west-1", "changed (vpc-b)", "CIDR", "10.1.0.0/16", "10.2.0.0/16"}}},
	} {
		if got := section(tc.h2); !slices.EqualFunc(got, tc.want, slices.Equal) {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.h2, got, tc.want)
		}
	}
	var text []string
	for _, b := range bs {
		if b.h1 == "Changes since the previous scan" && b.el.name == "p" {
			text = append(text, b.el.plainText())
		}
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"April scan", "1 resource could not be compared"} {
		if !strings.Contains(all, want) {
			t.Errorf("changes section does not say %q:\n%s", want, all)
		}
	}
}

func TestFirstScanHasNothingToCompare(t *testing.T) {
	cur := unitResult("C", inventory.StatusOK, vpc("vpc-a", "a", "10.0.0.0/16"))
	doc, sum := build(t, Request{Meta: testMeta("111111111111"), Source: sourceOf(t, []*inventory.Result{cur}), TaskID: "C"})
	if sum.Compared || sum.Added != 0 {
		t.Errorf("summary = %+v, want nothing compared", sum)
	}
	for _, b := range blocks(t, doc) {
		if b.h1 == "Changes since the previous scan" {
			if b.level == 2 {
				t.Errorf("subsection %q without a previous scan", b.heading)
			}
			if b.el.name == "p" && b.level == 0 && !strings.Contains(b.el.plainText(), "nothing to compare") {
				t.Errorf("unexpected text %q", b.el.plainText())
			}
		}
	}
}

func TestDiffService(t *testing.T) {
	svc := specService(t, "security_group")
	rec := func(id, source string) spilled {
		return spilled{Unit: "eu-west-1", Record: inventory.Record{Service: "security_group", AccountID: "1", Region: "eu-west-1",
			ID: id, Columns: map[string]string{"Source": source}}}
	}
	all := func(string, string) bool { return true }
	for _, tc := range []struct {
		name                    string
		cur, prev               []spilled
		comparable              func(string, string) bool
		added, removed, changed int
		uncompared              int
	}{
		{"same", []spilled{rec("sg-1", "a")}, []spilled{rec("sg-1", "a")}, all, 0, 0, 0, 0},
		{"one per rule under one id pairs by occurrence",
			[]spilled{rec("sg-1", "a"), rec("sg-1", "b")}, []spilled{rec("sg-1", "a"), rec("sg-1", "c")}, all, 0, 0, 1, 0},
		{"a rule added", []spilled{rec("sg-1", "a"), rec("sg-1", "b")}, []spilled{rec("sg-1", "a")}, all, 1, 0, 0, 0},
		{"extra attribute counts", []spilled{{Unit: "u", Record: inventory.Record{ID: "x", Columns: map[string]string{"Note": "n"}}}},
			[]spilled{{Unit: "u", Record: inventory.Record{ID: "x"}}}, all, 0, 0, 1, 0},
		{"failed unit is not compared", []spilled{rec("sg-2", "a")}, []spilled{rec("sg-1", "a")},
			func(string, string) bool { return false }, 0, 0, 0, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := diffService(svc, tc.cur, tc.prev, tc.comparable)
			if len(d.added) != tc.added || len(d.removed) != tc.removed || len(d.changed) != tc.changed || d.uncompared != tc.uncompared {
				t.Fatalf("diff = %d added, %d removed, %d changed, %d uncompared; want %d, %d, %d, %d",
					len(d.added), len(d.removed), len(d.changed), d.uncompared, tc.added, tc.removed, tc.changed, tc.uncompared)
			}
		})
	}
}

// A change alert shows at most event.MaxNotable changes, removals first,
// while the counts stay whole.
func TestNotableChangesAreBounded(t *testing.T) {
	var prevRecs, curRecs []inventory.Record
	for i := range 8 {
		prevRecs = append(prevRecs, vpc(fmt.Sprintf("vpc-old%d", i), "old", "10.0.0.0/16"))
		curRecs = append(curRecs, vpc(fmt.Sprintf("vpc-new%d", i), "new", "10.0.0.0/16"))
	}
	_, sum := build(t, Request{Meta: testMeta("111111111111"), Source: sourceOf(t, []*inventory.Result{
		unitResult("P", inventory.StatusOK, prevRecs...), unitResult("C", inventory.StatusOK, curRecs...)}), TaskID: "C", PreviousTaskID: "P"})
	if sum.Added != 8 || sum.Removed != 8 || len(sum.Notable) != event.MaxNotable {
		t.Fatalf("added %d removed %d notable %d", sum.Added, sum.Removed, len(sum.Notable))
	}
	for i, c := range sum.Notable {
		if want := map[bool]event.ChangeKind{true: event.Removed, false: event.Added}[i < 8]; c.Kind != want {
			t.Fatalf("notable %d is %s, want %s", i, c.Kind, want)
		}
	}
}
