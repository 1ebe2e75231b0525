package localsfn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
)

// fixture is a running local orchestrator with recording handlers. The
// handlers are the workflow's real contract: they decode what the real
// definition sends and answer what it expects.
type fixture struct {
	*Local
	t      testing.TB
	task   string
	bucket *memBucket // the results bucket the runner may read units files from

	mu       sync.Mutex
	units    map[string]int // scan-unit calls by unit key
	reports  int
	events   []workflow.TaskEvent
	statuses []orchestrator.Event
	changed  chan orchestrator.Event
}

// startLocal starts a local orchestrator for the test and checks that
// Close leaves no process behind.
func startLocal(t testing.TB, cfg LocalConfig) *Local {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	l, err := StartLocal(ctx, cfg)
	if err != nil {
		t.Fatalf("start the local orchestrator: %v", err)
	}
	t.Cleanup(func() {
		pid := l.Process().Pid()
		if err := l.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("runner process %d still exists after Close (kill -0: %v)", pid, err)
		}
	})
	return l
}

// newFixture points l's handlers and status callback at a new recorder
// for one task. Several fixtures may use one runner one after the other.
func newFixture(t testing.TB, l *Local, task string) *fixture {
	f := &fixture{Local: l, t: t, task: task, units: map[string]int{}, changed: make(chan orchestrator.Event, 64)}
	l.OnStatusChange(func(_ context.Context, ev orchestrator.Event) error {
		f.mu.Lock()
		f.statuses = append(f.statuses, ev)
		f.mu.Unlock()
		select {
		case f.changed <- ev:
		default: // nobody waits for it
		}
		return nil
	})
	f.Register(workflow.FunctionReportBuild, Typed(func(_ context.Context, in workflow.Input) (struct{}, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if in.TaskID == f.task {
			f.reports++
		}
		return struct{}{}, nil
	}))
	f.Register(workflow.FunctionTaskEvents, Typed(func(_ context.Context, ev workflow.TaskEvent) (struct{}, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if ev.TaskID == f.task {
			f.events = append(f.events, ev)
		}
		return struct{}{}, nil
	}))
	return f
}

// plan registers a scan-plan that answers n units of the task.
func (f *fixture) plan(n int) {
	f.Register(workflow.FunctionScanPlan, Typed(func(_ context.Context, in workflow.Input) (workflow.Plan, error) {
		return workflow.Plan{TaskID: in.TaskID, WorkspaceID: in.WorkspaceID, Units: units(in.TaskID, n)}, nil
	}))
}

func units(task string, n int) []inventory.Unit {
	out := make([]inventory.Unit, n)
	for i := range out {
		out[i] = inventory.Unit{TaskID: task, CredentialID: "cred", AccountID: "111122223333", Region: fmt.Sprintf("region-%02d", i)}
	}
	return out
}

// scan registers a scan-unit that counts its calls and then runs do.
func (f *fixture) scan(do func(ctx context.Context, in workflow.UnitInput, call int) error) {
	f.Register(workflow.FunctionScanUnit, Typed(func(ctx context.Context, in workflow.UnitInput) (inventory.Summary, error) {
		f.mu.Lock()
		if in.TaskID == f.task {
			f.units[in.Unit.Key()]++
		}
		call := f.units[in.Unit.Key()]
		f.mu.Unlock()
		if in.TaskID == "" || in.WorkspaceID == "" || in.Unit.TaskID != in.TaskID {
			return inventory.Summary{}, fmt.Errorf("unit input without its task: %+v", in)
		}
		if err := do(ctx, in, call); err != nil {
			return inventory.Summary{}, err
		}
		return inventory.Summary{Unit: in.Unit, ResultKey: in.Unit.Key(), ServicesOK: 3}, nil
	}))
}

func ok(context.Context, workflow.UnitInput, int) error { return nil }

// start starts the fixture's task.
func (f *fixture) start() string {
	f.t.Helper()
	arn, err := f.Start(context.Background(), f.task, workflow.Input{TaskID: f.task, WorkspaceID: "ws-1"})
	if err != nil {
		f.t.Fatalf("start %s: %v", f.task, err)
	}
	return arn
}

// run starts the fixture's task and waits for its final status.
func (f *fixture) run() orchestrator.Event {
	f.t.Helper()
	return f.waitClosed(f.start())
}

func (f *fixture) waitClosed(arn string) orchestrator.Event {
	f.t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case ev := <-f.changed:
			if ev.ARN == arn && ev.Status.Closed() {
				return ev
			}
		case <-timeout:
			f.t.Fatalf("execution %s did not end within a minute", arn)
		}
	}
}

func (f *fixture) taskEvents(kind workflow.EventKind) []workflow.TaskEvent {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []workflow.TaskEvent
	for _, ev := range f.events {
		if ev.Event == kind {
			out = append(out, ev)
		}
	}
	return out
}

func (f *fixture) unitCalls() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]int, len(f.units))
	for k, v := range f.units {
		out[k] = v
	}
	return out
}

// maxConcurrency is the MaxConcurrency substitution of the shared runner.
const maxConcurrency = 3

// TestWorkflow runs the real definition on one local runner, one task per
// case, with handlers that honour the workflow's contract.
func TestWorkflow(t *testing.T) {
	results := newMemBucket("cloudcensus-results")
	l := startLocal(t, LocalConfig{MaxConcurrency: maxConcurrency, Buckets: []Bucket{results}})
	for _, tc := range []struct {
		task string
		test func(t *testing.T, f *fixture)
	}{
		{"every-unit-once", everyUnitIsScannedOnceThenReportAndFinish},
		{"status-order", statusChangesArriveInOrder},
		{"one-unit-fails", failingUnitIsRecordedAndTheOthersGoOn},
		{"throttled-unit", transientLambdaErrorsAreRetried},
		{"plan-fails", planFailureFailsTheTaskWithTheReason},
		{"report-fails", reportFailureIsRetriedThenRecordedAndTheTaskFinishes},
		{"report-fails-once", reportRetrySucceeds},
		{"stopped", stopMidRunAbortsAndCancelsTheHandlers},
		{"bounded", concurrencyNeverExceedsMaxConcurrency},
		{"duplicate-start", startIsIdempotentPerTask},
		{"unknown", unknownExecutionIsNotFound},
		{"list", runningExecutionsAreListedAcrossPages},
		{"at-scale", unitsFileRunsTheDistributedMap},
		{"units-file-missing", missingUnitsFileFailsTheTask},
	} {
		t.Run(tc.task, func(t *testing.T) {
			f := newFixture(t, l, tc.task)
			f.bucket = results
			tc.test(t, f)
		})
	}
}

func everyUnitIsScannedOnceThenReportAndFinish(t *testing.T, f *fixture) {
	f.plan(5)
	f.scan(ok)
	ev := f.run()
	if ev.Status != orchestrator.StatusSucceeded {
		t.Fatalf("status %s (%s: %s), want SUCCEEDED", ev.Status, ev.Error, ev.Cause)
	}
	f.checkEveryUnitOnce(5)
	if f.reports != 1 {
		t.Errorf("report-build ran %d times, want once", f.reports)
	}
	if got := f.taskEvents(workflow.EventFinished); len(got) != 1 || got[0].WorkspaceID != "ws-1" {
		t.Errorf("finished events %+v, want one for the task", got)
	}
	if got := f.taskEvents(workflow.EventUnitFailed); len(got) != 0 {
		t.Errorf("unit_failed events %+v, want none", got)
	}
	if string(ev.Output) != "{}" {
		t.Errorf("execution output %s, want {} (results live in S3, not in the payload)", ev.Output)
	}
}

func (f *fixture) checkEveryUnitOnce(n int) {
	f.t.Helper()
	calls := f.unitCalls()
	if len(calls) != n {
		f.t.Errorf("scan-unit ran for %d units, want %d: %v", len(calls), n, calls)
	}
	for unit, c := range calls {
		if c != 1 {
			f.t.Errorf("scan-unit ran %d times for %s, want once", c, unit)
		}
	}
}

func statusChangesArriveInOrder(t *testing.T, f *fixture) {
	f.plan(1)
	f.scan(ok)
	ev := f.run()
	f.mu.Lock()
	defer f.mu.Unlock()
	var got []orchestrator.Status
	for _, s := range f.statuses {
		if s.ARN == ev.ARN {
			got = append(got, s.Status)
		}
	}
	if fmt.Sprint(got) != "[RUNNING SUCCEEDED]" {
		t.Errorf("status changes %v, want [RUNNING SUCCEEDED]", got)
	}
	if ev.StartDate.IsZero() || ev.StopDate.Before(ev.StartDate) || ev.StateMachineARN != f.StateMachineARN() {
		t.Errorf("event dates or machine wrong: %+v", ev)
	}
	var in workflow.Input
	if err := json.Unmarshal(ev.Input, &in); err != nil || in.TaskID != f.task {
		t.Errorf("event input %s, want the execution input", ev.Input)
	}
}

func failingUnitIsRecordedAndTheOthersGoOn(t *testing.T, f *fixture) {
	f.plan(5)
	f.scan(func(_ context.Context, in workflow.UnitInput, _ int) error {
		if in.Unit.Region == "region-02" {
			return errors.New("assume role: access denied")
		}
		return nil
	})
	ev := f.run()
	if ev.Status != orchestrator.StatusSucceeded {
		t.Fatalf("status %s (%s), want SUCCEEDED: one unit must not fail the task", ev.Status, ev.Cause)
	}
	f.checkEveryUnitOnce(5)
	failed := f.taskEvents(workflow.EventUnitFailed)
	if len(failed) != 1 {
		t.Fatalf("unit_failed events %+v, want one", failed)
	}
	got := failed[0]
	if got.Unit == nil || got.Unit.Region != "region-02" || got.Unit.TaskID != f.task {
		t.Errorf("unit_failed names %+v, want region-02 of the task", got.Unit)
	}
	// The Lambda Go runtime names an errors.New error "errorString".
	if got.Error != "errorString" || got.CauseMessage() != "assume role: access denied" {
		t.Errorf("unit_failed error %q cause %q, want errorString / the message", got.Error, got.Cause)
	}
	if len(f.taskEvents(workflow.EventFinished)) != 1 || f.reports != 1 {
		t.Errorf("report and finish must still run after a unit failure")
	}
}

func transientLambdaErrorsAreRetried(t *testing.T, f *fixture) {
	f.plan(1)
	f.scan(func(_ context.Context, _ workflow.UnitInput, call int) error {
		if call <= 2 {
			return messagesError("Lambda.TooManyRequestsException", "Rate Exceeded.")
		}
		return nil
	})
	start := time.Now()
	if ev := f.run(); ev.Status != orchestrator.StatusSucceeded {
		t.Fatalf("status %s, want SUCCEEDED", ev.Status)
	}
	for unit, n := range f.unitCalls() {
		if n != 3 {
			t.Errorf("%s ran %d times, want 3 (two throttled, one success)", unit, n)
		}
	}
	if failed := f.taskEvents(workflow.EventUnitFailed); len(failed) != 0 {
		t.Errorf("a retried unit was recorded as failed: %+v", failed)
	}
	t.Logf("two retries with backoff and full jitter took %s", time.Since(start).Round(time.Millisecond))
}

func planFailureFailsTheTaskWithTheReason(t *testing.T, f *fixture) {
	f.Register(workflow.FunctionScanPlan, Typed(func(context.Context, workflow.Input) (workflow.Plan, error) {
		return workflow.Plan{}, messagesError("CredentialNotUsable", "credential cred-1 is inactive")
	}))
	f.scan(ok)
	ev := f.run()
	if ev.Status != orchestrator.StatusFailed || ev.Error != "CredentialNotUsable" {
		t.Fatalf("status %s error %q, want FAILED with the plan's error", ev.Status, ev.Error)
	}
	if workflow.CauseMessage(ev.Cause) != "credential cred-1 is inactive" {
		t.Errorf("execution cause %q, want the plan's message", ev.Cause)
	}
	failed := f.taskEvents(workflow.EventFailed)
	if len(failed) != 1 || failed[0].Error != "CredentialNotUsable" || failed[0].CauseMessage() != "credential cred-1 is inactive" {
		t.Errorf("failed events %+v, want one with the plan's error", failed)
	}
	if len(f.unitCalls()) != 0 || f.reports != 0 || len(f.taskEvents(workflow.EventFinished)) != 0 {
		t.Errorf("nothing may run after a failed plan")
	}
}

// reportFailureIsRetriedThenRecordedAndTheTaskFinishes: a report build
// that keeps failing is retried a bounded number of times, recorded, and
// the task still settles from its units (the scan's results stand).
func reportFailureIsRetriedThenRecordedAndTheTaskFinishes(t *testing.T, f *fixture) {
	f.plan(2)
	f.scan(ok)
	calls := 0
	f.Register(workflow.FunctionReportBuild, Typed(func(context.Context, workflow.Input) (struct{}, error) {
		f.mu.Lock()
		calls++
		f.mu.Unlock()
		return struct{}{}, errors.New("template missing")
	}))
	if ev := f.run(); ev.Status != orchestrator.StatusSucceeded {
		t.Fatalf("status %s (%s: %s), want SUCCEEDED: a report failure must not fail a scan that completed", ev.Status, ev.Error, ev.Cause)
	}
	f.mu.Lock()
	n := calls
	f.mu.Unlock()
	if n != 3 {
		t.Errorf("report-build ran %d times, want 3 (the first attempt and two retries)", n)
	}
	if rf := f.taskEvents(workflow.EventReportFailed); len(rf) != 1 || rf[0].CauseMessage() != "template missing" || rf[0].Error != "errorString" {
		t.Errorf("report_failed events %+v, want one with the report's error", rf)
	}
	if len(f.taskEvents(workflow.EventFailed)) != 0 || len(f.taskEvents(workflow.EventFinished)) != 1 {
		t.Errorf("want no failed event and one finished event after a failed report; got %+v", f.events)
	}
}

// reportRetrySucceeds: a report build that fails once is retried, and
// the task finishes with no report_failed event.
func reportRetrySucceeds(t *testing.T, f *fixture) {
	f.plan(1)
	f.scan(ok)
	calls := 0
	f.Register(workflow.FunctionReportBuild, Typed(func(context.Context, workflow.Input) (struct{}, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		calls++
		if calls == 1 {
			return struct{}{}, errors.New("put report: connection reset")
		}
		return struct{}{}, nil
	}))
	if ev := f.run(); ev.Status != orchestrator.StatusSucceeded {
		t.Fatalf("status %s, want SUCCEEDED", ev.Status)
	}
	if rf := f.taskEvents(workflow.EventReportFailed); len(rf) != 0 {
		t.Errorf("report_failed events %+v after a retry that succeeded, want none", rf)
	}
	if len(f.taskEvents(workflow.EventFinished)) != 1 {
		t.Errorf("want one finished event")
	}
}

func stopMidRunAbortsAndCancelsTheHandlers(t *testing.T, f *fixture) {
	f.plan(6)
	started := make(chan struct{}, 6)
	cancelled := make(chan struct{}, 6)
	f.scan(func(ctx context.Context, _ workflow.UnitInput, _ int) error {
		started <- struct{}{}
		<-ctx.Done() // a scan that takes longer than the test
		cancelled <- struct{}{}
		return ctx.Err()
	})
	arn := f.start()
	for range maxConcurrency {
		<-started
	}
	if err := f.Stop(context.Background(), arn, "cancelled by alice"); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if ev := f.waitClosed(arn); ev.Status != orchestrator.StatusAborted {
		t.Fatalf("status event %s, want ABORTED", ev.Status)
	}
	for range maxConcurrency {
		select {
		case <-cancelled:
		case <-time.After(10 * time.Second):
			t.Fatal("a running unit handler was not cancelled by the stop")
		}
	}
	got, err := f.Describe(context.Background(), arn)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != orchestrator.StatusAborted || got.Cause != "cancelled by alice" || got.StopDate.IsZero() {
		t.Errorf("describe after stop: %+v", got)
	}
	if err := f.Stop(context.Background(), arn, "again"); err != nil {
		t.Errorf("stopping an ended execution: %v, want no error", err)
	}
	time.Sleep(200 * time.Millisecond) // nothing else may start
	if n := len(f.unitCalls()); n != maxConcurrency || f.reports != 0 {
		t.Errorf("after the stop %d units and %d reports ran, want %d and 0", n, f.reports, maxConcurrency)
	}
}

func concurrencyNeverExceedsMaxConcurrency(t *testing.T, f *fixture) {
	f.plan(12)
	var mu sync.Mutex
	inFlight, peak := 0, 0
	f.scan(func(context.Context, workflow.UnitInput, int) error {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		time.Sleep(40 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		return nil
	})
	if ev := f.run(); ev.Status != orchestrator.StatusSucceeded {
		t.Fatalf("status %s", ev.Status)
	}
	if peak != maxConcurrency {
		t.Errorf("peak concurrency %d, want exactly %d (the bound, and reached)", peak, maxConcurrency)
	}
}

func startIsIdempotentPerTask(t *testing.T, f *fixture) {
	f.plan(1)
	release := make(chan struct{})
	f.scan(func(ctx context.Context, _ workflow.UnitInput, _ int) error {
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	ctx := context.Background()
	in := workflow.Input{TaskID: f.task, WorkspaceID: "ws-1"}
	first := f.start()
	second, err := f.Start(ctx, f.task, in)
	if err != nil || second != first {
		t.Errorf("same name and input while running: %q, %v; want %q and no error", second, err, first)
	}
	other, err := f.Start(ctx, f.task, workflow.Input{TaskID: f.task, WorkspaceID: "ws-2"})
	if !errors.Is(err, orchestrator.ErrExecutionExists) || other != first {
		t.Errorf("same name, other input: %q, %v; want %q and orchestrator.ErrExecutionExists", other, err, first)
	}
	running, err := f.ListRunning(ctx)
	if err != nil || len(running) != 1 || running[0].ARN != first || running[0].Status != orchestrator.StatusRunning {
		t.Errorf("list running: %+v, %v", running, err)
	}
	close(release)
	f.waitClosed(first)
	again, err := f.Start(ctx, f.task, in)
	if !errors.Is(err, orchestrator.ErrExecutionExists) || again != first {
		t.Errorf("restart of an ended execution: %q, %v; want %q and orchestrator.ErrExecutionExists", again, err, first)
	}
	if running, _ := f.ListRunning(ctx); len(running) != 0 {
		t.Errorf("list running after the end: %+v", running)
	}
	f.checkEveryUnitOnce(1)
}

func unknownExecutionIsNotFound(t *testing.T, f *fixture) {
	ctx := context.Background()
	for name, call := range map[string]func() error{
		"describe": func() error { _, err := f.Describe(ctx, f.ExecutionARN("nope")); return err },
		"stop":     func() error { return f.Stop(ctx, f.ExecutionARN("nope"), "") },
		"bad arn":  func() error { _, err := f.Describe(ctx, "not-an-arn"); return err },
	} {
		if err := call(); !errors.Is(err, orchestrator.ErrExecutionNotFound) {
			t.Errorf("%s: %v, want orchestrator.ErrExecutionNotFound", name, err)
		}
	}
}

func runningExecutionsAreListedAcrossPages(t *testing.T, f *fixture) {
	f.plan(1)
	cancelled := make(chan struct{}, 3)
	f.scan(blockingScan(cancelled))
	ctx := context.Background()
	var started []string
	for _, name := range []string{"list-a", "list-b", "list-c"} {
		arn, err := f.Start(ctx, name, workflow.Input{TaskID: name, WorkspaceID: "ws-1"})
		if err != nil {
			t.Fatal(err)
		}
		started = append(started, arn)
		time.Sleep(5 * time.Millisecond) // distinct start dates
	}
	defer func() {
		for _, arn := range started {
			_ = f.Stop(ctx, arn, "test over")
		}
	}()
	var paged []string
	pages := sfn.NewListExecutionsPaginator(f.client, &sfn.ListExecutionsInput{
		StateMachineArn: aws.String(f.StateMachineARN()), StatusFilter: types.ExecutionStatusRunning, MaxResults: 1,
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Executions {
			paged = append(paged, aws.ToString(e.ExecutionArn))
		}
	}
	slices.Reverse(started) // newest first
	if !slices.Equal(paged, started) {
		t.Errorf("pages of one: %v, want %v", paged, started)
	}
	running, err := f.ListRunning(ctx)
	if err != nil || len(running) != 3 {
		t.Errorf("ListRunning: %d executions, %v; want 3", len(running), err)
	}
}
