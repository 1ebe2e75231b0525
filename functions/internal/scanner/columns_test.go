package scanner

import (
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// columnCase is one column value a record must show.
type columnCase struct {
	name, id, column, want string
}

// scanOne scans one service of the estate's first account in its unit,
// the sim paging by two, and fails unless the service completed.
func scanOne(t *testing.T, sim *awssim.Sim, service string) []inventory.Record {
	t.Helper()
	res := scanWith(t, testRunner(), sim, unitRegion(service), service)
	if cov := coverageOf(t, res, service); cov.Status != inventory.StatusOK {
		t.Fatalf("%s: %s: %s (%s)", service, cov.Status, cov.Error, cov.Details)
	}
	return recordsOf(res, service)
}

// checkColumns compares each case with the record of its id.
func checkColumns(t *testing.T, recs []inventory.Record, cases []columnCase) {
	t.Helper()
	byID := map[string]inventory.Record{}
	for _, r := range recs {
		byID[r.ID] = r
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec, ok := byID[tc.id]
			if !ok {
				t.Fatalf("no record with id %q", tc.id)
			}
			if got := rec.Columns[tc.column]; got != tc.want {
				t.Errorf("%s = %q, want %q", tc.column, got, tc.want)
			}
		})
	}
}

// mustService returns a service of the spec.
func mustService(t *testing.T, key string) spec.Service {
	t.Helper()
	svc, ok := spec.Lookup(key)
	if !ok {
		t.Fatalf("no service %q in the spec", key)
	}
	return svc
}
