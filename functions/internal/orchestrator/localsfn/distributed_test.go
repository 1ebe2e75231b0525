package localsfn

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
)

// memBucket is a Bucket in memory, standing in for the results bucket.
type memBucket struct {
	name    string
	mu      sync.Mutex
	objects map[string][]byte
}

func newMemBucket(name string) *memBucket {
	return &memBucket{name: name, objects: map[string][]byte{}}
}

func (b *memBucket) Bucket() string { return b.name }

func (b *memBucket) Get(_ context.Context, key string) (io.ReadCloser, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	body, ok := b.objects[key]
	if !ok {
		return nil, fmt.Errorf("no object %s", key)
	}
	return io.NopCloser(bytes.NewReader(body)), nil
}

func (b *memBucket) put(key string, body []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.objects[key] = body
}

// planToFile registers a scan-plan that writes n units to a units file,
// as scan-plan does beyond workflow.InlineUnitLimit.
func (f *fixture) planToFile(b *memBucket, n int, write bool) {
	f.Register(workflow.FunctionScanPlan, Typed(func(_ context.Context, in workflow.Input) (workflow.Plan, error) {
		key := workflow.UnitsFileKey(in.TaskID)
		if write {
			body, err := json.Marshal(units(in.TaskID, n))
			if err != nil {
				return workflow.Plan{}, err
			}
			b.put(key, body)
		}
		return workflow.Plan{TaskID: in.TaskID, WorkspaceID: in.WorkspaceID,
			UnitsFile: &workflow.Object{Bucket: b.Bucket(), Key: key}}, nil
	}))
}

func unitsFileRunsTheDistributedMap(t *testing.T, f *fixture) {
	f.planToFile(f.bucket, 7, true)
	f.scan(func(_ context.Context, in workflow.UnitInput, _ int) error {
		if in.Unit.Region == "region-06" {
			return errors.New("region scan timed out")
		}
		return nil
	})
	ev := f.run()
	if ev.Status != orchestrator.StatusSucceeded {
		t.Fatalf("status %s (%s: %s), want SUCCEEDED", ev.Status, ev.Error, ev.Cause)
	}
	f.checkEveryUnitOnce(7)
	if failed := f.taskEvents(workflow.EventUnitFailed); len(failed) != 1 || failed[0].Unit.Region != "region-06" {
		t.Errorf("unit_failed events %+v, want region-06 only", failed)
	}
	if f.reports != 1 || len(f.taskEvents(workflow.EventFinished)) != 1 {
		t.Errorf("report and finish must run after the distributed Map")
	}
}

func missingUnitsFileFailsTheTask(t *testing.T, f *fixture) {
	f.planToFile(f.bucket, 3, false)
	f.scan(ok)
	ev := f.run()
	if ev.Status != orchestrator.StatusFailed || ev.Error != "States.ItemReaderFailed" {
		t.Fatalf("status %s error %q, want FAILED with States.ItemReaderFailed", ev.Status, ev.Error)
	}
	if failed := f.taskEvents(workflow.EventFailed); len(failed) != 1 {
		t.Errorf("failed events %+v, want one", failed)
	}
	if len(f.unitCalls()) != 0 {
		t.Errorf("units ran without a units file")
	}
}
