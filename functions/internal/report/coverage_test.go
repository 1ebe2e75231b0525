package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// The coverage appendix opens with a matrix, services down and account x
// region across, one symbol per cell, split into tables of matrixColumns
// units; then details only for what did not end OK.
func TestCoverageAppendixOpensWithAMatrix(t *testing.T) {
	accounts := []string{"111111111111", "222222222222", "333333333333", "444444444444"}
	regions := []string{"eu-west-1", "us-east-1"}
	var results []*inventory.Result
	for _, a := range accounts {
		for _, r := range regions {
			res := &inventory.Result{Unit: &inventory.Unit{TaskID: "T", CredentialID: "C" + a, AccountID: a, Region: r}}
			for _, svc := range []string{"vpc", "ec2", "rds"} {
				st := inventory.StatusOK
				switch {
				case a == "222222222222" && svc == "rds":
					st = inventory.StatusAccessDenied
				case a == "333333333333" && r == "us-east-1":
					st = inventory.StatusRegionDisabled
				}
				res.Coverage = append(res.Coverage, inventory.Coverage{Service: svc, AccountID: a, Region: r, Status: st, Calls: 1})
			}
			results = append(results, res)
		}
	}
	doc, _ := build(t, Request{Meta: testMeta(accounts...), Source: sourceOf(t, results), TaskID: "T"})
	tables := tablesUnder(blocks(t, doc), 1, "Appendix A: Scan Coverage")
	// 8 units in tables of 6 and 2, the legend, the details.
	if len(tables) != 4 {
		t.Fatalf("coverage appendix has %d tables, want 2 matrix tables, a legend and the details", len(tables))
	}
	first, second := tables[0].rows(), tables[1].rows()
	if len(first[0]) != 1+matrixColumns || len(second[0]) != 1+8-matrixColumns {
		t.Fatalf("matrix headers %q and %q, want %d and %d units", first[0], second[0], matrixColumns, 8-matrixColumns)
	}
	cells := map[string]string{}
	for _, tbl := range [][][]string{first, second} {
		for _, row := range tbl[1:] {
			for i, unit := range tbl[0][1:] {
				cells[row[0]+" "+strings.Join(strings.Fields(unit), " ")] = row[i+1]
			}
		}
	}
	for _, tc := range []struct{ service, unit, want string }{
		{"VPC", "111111111111 eu-west-1", "●"},
		{"RDS Instances", "222222222222 us-east-1", "■"},
		{"EC2 Instances", "333333333333 us-east-1", "□"},
		{"EC2 Instances", "333333333333 eu-west-1", "●"},
	} {
		if got := cells[tc.service+" "+tc.unit]; got != tc.want {
			t.Errorf("cell %s / %s = %q, want %q", tc.service, tc.unit, got, tc.want)
		}
	}
	legend := tables[2].rows()
	if fmt.Sprint(legend[1:]) != fmt.Sprint([][]string{{"●", "completed"}, {"■", "access denied"}, {"□", "region not enabled in the account"}}) {
		t.Errorf("legend = %q, want only the symbols used", legend)
	}
	// Details: 2 denied (one per region) + 3 services disabled in one unit.
	if details := tables[3].rows(); len(details) != 1+2+3 {
		t.Errorf("details have %d rows, want only the 5 checks that did not end OK: %q", len(details)-1, details)
	}
}
