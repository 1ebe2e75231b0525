// Package probe runs a credential's dry run where the scanners live:
// in AWS a synchronous invoke of the scan-unit function (the only one that
// links the scanners and their service clients), locally a call of the
// same flow in process.
package probe

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
)

// Invoker is the Lambda client call a probe makes.
type Invoker interface {
	Invoke(ctx context.Context, in *lambda.InvokeInput, optFns ...func(*lambda.Options)) (*lambda.InvokeOutput, error)
}

// Lambda probes through the scan-unit function.
type Lambda struct {
	Client   Invoker
	Function string // the scan-unit function's name or ARN
}

// NewLambda probes with cfg through the function named fn.
func NewLambda(cfg aws.Config, fn string) Lambda {
	return Lambda{Client: lambda.NewFromConfig(cfg), Function: fn}
}

// Probe implements credentials.Prober.
func (l Lambda) Probe(ctx context.Context, ws, credentialID, region string) ([]inventory.Coverage, error) {
	in, err := json.Marshal(workflow.ProbeInput{Probe: true, WorkspaceID: ws, CredentialID: credentialID, Region: region})
	if err != nil {
		return nil, err
	}
	out, err := l.Client.Invoke(ctx, &lambda.InvokeInput{FunctionName: &l.Function, Payload: in})
	if err != nil {
		return nil, fmt.Errorf("invoke %s: %w", l.Function, err)
	}
	if out.FunctionError != nil {
		return nil, fmt.Errorf("%s failed: %s: %.300s", l.Function, *out.FunctionError, out.Payload)
	}
	var res workflow.ProbeOutput
	if err := json.Unmarshal(out.Payload, &res); err != nil {
		return nil, fmt.Errorf("answer of %s: %w", l.Function, err)
	}
	return res.Coverage, nil
}

// Local probes through a flow in this process (local mode).
type Local struct {
	Run func(ctx context.Context, in workflow.ProbeInput) (workflow.ProbeOutput, error)
}

// Probe implements credentials.Prober.
func (l Local) Probe(ctx context.Context, ws, credentialID, region string) ([]inventory.Coverage, error) {
	res, err := l.Run(ctx, workflow.ProbeInput{Probe: true, WorkspaceID: ws, CredentialID: credentialID, Region: region})
	return res.Coverage, err
}
