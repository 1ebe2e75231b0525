package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

func TestReportVersionIsReservedOnce(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	const ws, project = "ws", "p1"
	if err := s.ReserveReportVersion(ctx, ws, project, "1.0", "r1"); err != nil {
		t.Fatal(err)
	}
	if err := s.ReserveReportVersion(ctx, ws, project, "1.0", "r1"); err != nil {
		t.Errorf("the same report reserving its version again (a retried build): %v, want nil", err)
	}
	if err := s.ReserveReportVersion(ctx, ws, project, "1.0", "r2"); !domain.Is(err, domain.KindConflict) {
		t.Errorf("another report taking 1.0: %v, want a conflict", err)
	}
	if err := s.ReserveReportVersion(ctx, ws, "p2", "1.0", "r3"); err != nil {
		t.Errorf("1.0 of another project: %v, want nil", err)
	}
	if v, err := s.ReportVersionOf(ctx, ws, project, "r1"); err != nil || v != "1.0" {
		t.Errorf("version of r1 = %q, %v; want 1.0", v, err)
	}
	if v, err := s.ReportVersionOf(ctx, ws, project, "r9"); err != nil || v != "" {
		t.Errorf("version of a report that reserved none = %q, %v; want none", v, err)
	}
}

func TestConcurrentReservationsOfOneVersionHaveOneWinner(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = s.ReserveReportVersion(ctx, "ws", "p", "2.3", fmt.Sprintf("r%d", i))
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !domain.Is(err, domain.KindConflict):
			t.Errorf("reservation %d: %v, want nil or a conflict", i, err)
		}
	}
	if won != 1 {
		t.Errorf("%d of %d concurrent reservations of one version won, want exactly 1", won, n)
	}
}
