package localapp

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
)

// BenchmarkDemoScanEndToEnd measures a scan of the whole demo estate (two
// accounts x three regions + their global units) through the API and the
// real workflow, against the same units scanned by calling the scan-unit
// function directly at the workflow's concurrency, in the same run.
func BenchmarkDemoScanEndToEnd(b *testing.B) {
	c := asAdmin(b)
	creds := demoCredentials(b, c)
	regions := []string{"us-east-1", "eu-west-1", "ap-southeast-1"}
	ctx := context.Background()
	var e2e, direct time.Duration
	var units int
	for b.Loop() {
		start := time.Now()
		task := createTask(b, c, taskBody("bench", creds, regions))
		d := waitTask(b, c, task.ID, 5*time.Minute)
		e2e += time.Since(start)
		units = d.UnitsTotal
		if d.Status != domain.TaskPartiallyCompleted {
			b.Fatalf("status %s", d.Status)
		}

		// The same units through the same scan-unit function, called
		// directly (no workflow) at the workflow's concurrency.
		full, err := stack.Store.GetTask(ctx, stack.WorkspaceID, task.ID)
		if err != nil {
			b.Fatal(err)
		}
		twin := *full
		twin.ID, twin.Status, twin.ExecutionARN = domain.NewID(), domain.TaskRunning, ""
		if _, err := stack.Store.CreateTask(ctx, &twin, ""); err != nil {
			b.Fatal(err)
		}
		flow := stack.Flow()
		plan, err := flow.Plan(ctx, workflow.Input{TaskID: twin.ID, WorkspaceID: stack.WorkspaceID})
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		sem := make(chan struct{}, workflow.DefaultMaxConcurrency)
		var wg sync.WaitGroup
		for _, u := range plan.Units {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				if _, err := flow.ScanUnit(ctx, workflow.UnitInput{TaskID: twin.ID, WorkspaceID: stack.WorkspaceID, Unit: u}); err != nil {
					b.Error(err)
				}
			}()
		}
		wg.Wait()
		direct += time.Since(start)
	}
	n := time.Duration(b.N)
	b.ReportMetric((e2e / n).Seconds(), "s-to-completed")
	b.ReportMetric((direct / n).Seconds(), "s-units-direct")
	b.ReportMetric(float64(e2e)/float64(direct), "e2e/direct")
	b.ReportMetric(float64((e2e-direct)/n)/float64(time.Millisecond)/float64(units), "ms-overhead/unit")
}
