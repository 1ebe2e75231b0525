package localsfn

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
)

// BenchmarkUnitOverhead compares a scan unit's handler called directly
// (with the JSON decoding and encoding the Lambda runtime does) against the
// same handler reached through the real workflow on the local runner: the
// Map iteration, the HTTP call into Go and back, the Retry/Catch machinery.
// The handler does no scanning, so the difference is the orchestration
// overhead; ns/op is per unit, plan and report amortized over b.N units.
func BenchmarkUnitOverhead(b *testing.B) {
	handler := Typed(func(_ context.Context, in workflow.UnitInput) (inventory.Summary, error) {
		return inventory.Summary{Unit: in.Unit, ResultKey: in.Unit.Key(), ServicesOK: 31}, nil
	})
	b.Run("direct", func(b *testing.B) {
		payload, err := json.Marshal(workflow.UnitInput{TaskID: "t", WorkspaceID: "w", Unit: units("t", 1)[0]})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := handler(context.Background(), payload); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, concurrency := range []int{1, 10} {
		l := startLocal(b, LocalConfig{MaxConcurrency: concurrency})
		run := 0
		b.Run(fmt.Sprintf("workflow/concurrency-%d", concurrency), func(b *testing.B) {
			run++
			f := newFixture(b, l, fmt.Sprintf("bench-%d-%d", concurrency, run))
			f.plan(b.N)
			f.Register(workflow.FunctionScanUnit, handler)
			b.ResetTimer()
			if ev := f.run(); ev.Status != orchestrator.StatusSucceeded {
				b.Fatalf("status %s: %s", ev.Status, ev.Cause)
			}
		})
	}
}
