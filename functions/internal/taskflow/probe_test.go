package taskflow

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// coverageOf answers one coverage cell per unit, with internals a probe
// must not pass on.
type coverageOf struct{}

func (coverageOf) Scan(_ context.Context, u inventory.Unit, _ aws.Config) *inventory.Result {
	return &inventory.Result{Unit: &u, Records: []inventory.Record{{Service: "vpc", ID: "vpc-1"}},
		Coverage: []inventory.Coverage{{Service: "svc-" + u.Region, AccountID: u.AccountID, Region: u.Region, Status: inventory.StatusAccessDenied,
			Action: "x:List", Details: "chain *smithy.OperationError"}}}
}

// scan-unit's entry point tells a probe from a unit: a probe scans the
// region and the global unit and stores nothing; a unit is scanned and
// written as before.
func TestHandleDispatchesProbesAndUnits(t *testing.T) {
	res := &memResults{files: map[string][]byte{}}
	f := &Flow{Store: &unitStore{}, Resolver: noCreds{}, Scanner: coverageOf{}, Results: res, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	raw, _ := json.Marshal(workflow.ProbeInput{Probe: true, WorkspaceID: "ws", CredentialID: "c1", Region: "eu-west-1"})
	out, err := f.Handle(context.Background(), raw)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := out.(workflow.ProbeOutput)
	if !ok || len(p.Coverage) != 2 || len(res.files) != 0 {
		t.Fatalf("probe answered %#v, stored %d files", out, len(res.files))
	}
	regions := map[string]bool{}
	for _, c := range p.Coverage {
		regions[c.Region] = true
		if c.Details != "" || c.AccountID != "111111111111" || c.Action != "x:List" {
			t.Fatalf("probe cell %+v", c)
		}
	}
	if !regions["eu-west-1"] || !regions[spec.GlobalUnit] {
		t.Fatalf("probed %v", regions)
	}
	u := inventory.Unit{TaskID: "T", CredentialID: "c1", AccountID: "111111111111", Region: "eu-west-1"}
	raw, _ = json.Marshal(workflow.UnitInput{WorkspaceID: "ws", TaskID: "T", Unit: u})
	if _, err := f.Handle(context.Background(), raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := res.files[u.Key()]; !ok {
		t.Fatal("a unit was not written")
	}
	if _, err := f.Handle(context.Background(), json.RawMessage(`[1,2]`)); err == nil {
		t.Fatal("a malformed input was taken")
	}
}
