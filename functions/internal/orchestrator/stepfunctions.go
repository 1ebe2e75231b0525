package orchestrator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"
)

// sfnAPI is the part of the Step Functions client used here.
type sfnAPI interface {
	StartExecution(context.Context, *sfn.StartExecutionInput, ...func(*sfn.Options)) (*sfn.StartExecutionOutput, error)
	StopExecution(context.Context, *sfn.StopExecutionInput, ...func(*sfn.Options)) (*sfn.StopExecutionOutput, error)
	DescribeExecution(context.Context, *sfn.DescribeExecutionInput, ...func(*sfn.Options)) (*sfn.DescribeExecutionOutput, error)
	sfn.ListExecutionsAPIClient
}

// StepFunctions runs executions of one state machine through the Step
// Functions API: AWS's, or the local runner's.
type StepFunctions struct {
	client  sfnAPI
	machine string
}

// NewStepFunctions drives the state machine stateMachineARN with client.
func NewStepFunctions(client sfnAPI, stateMachineARN string) *StepFunctions {
	return &StepFunctions{client: client, machine: stateMachineARN}
}

// StateMachineARN is the state machine this orchestrator drives.
func (s *StepFunctions) StateMachineARN() string { return s.machine }

// ExecutionARN is the ARN the execution called name has (or would have).
func (s *StepFunctions) ExecutionARN(name string) string {
	return strings.Replace(s.machine, ":stateMachine:", ":execution:", 1) + ":" + name
}

// Start starts an execution called name (the task id) with input encoded
// as JSON. Starting the same name with the same input while it runs
// answers the same ARN (Step Functions is idempotent there); otherwise a
// name that exists answers its ARN and ErrExecutionExists.
func (s *StepFunctions) Start(ctx context.Context, name string, input any) (string, error) {
	body, err := json.Marshal(input)
	if err != nil {
		return "", fmt.Errorf("start execution %s: encode input: %w", name, err)
	}
	out, err := s.client.StartExecution(ctx, &sfn.StartExecutionInput{
		StateMachineArn: aws.String(s.machine),
		Name:            aws.String(name),
		Input:           aws.String(string(body)),
	})
	if err != nil {
		var exists *types.ExecutionAlreadyExists
		if errors.As(err, &exists) {
			return s.ExecutionARN(name), fmt.Errorf("start execution %s: %w", name, ErrExecutionExists)
		}
		return "", fmt.Errorf("start execution %s: %w", name, err)
	}
	return aws.ToString(out.ExecutionArn), nil
}

// Stop aborts a running execution; cause says why (it shows in the
// execution's description). Stopping an execution that has already ended
// changes nothing and is not an error.
func (s *StepFunctions) Stop(ctx context.Context, executionARN, cause string) error {
	in := &sfn.StopExecutionInput{ExecutionArn: aws.String(executionARN)}
	if cause != "" {
		in.Cause = aws.String(cause)
	}
	if _, err := s.client.StopExecution(ctx, in); err != nil {
		return fmt.Errorf("stop execution %s: %w", executionARN, notFound(err))
	}
	return nil
}

// Describe answers an execution's status, dates, input and output.
func (s *StepFunctions) Describe(ctx context.Context, executionARN string) (Execution, error) {
	out, err := s.client.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: aws.String(executionARN)})
	if err != nil {
		return Execution{}, fmt.Errorf("describe execution %s: %w", executionARN, notFound(err))
	}
	return Execution{
		ARN:       aws.ToString(out.ExecutionArn),
		Name:      aws.ToString(out.Name),
		Status:    Status(out.Status),
		StartDate: aws.ToTime(out.StartDate),
		StopDate:  aws.ToTime(out.StopDate),
		Input:     rawJSON(out.Input),
		Output:    rawJSON(out.Output),
		Error:     aws.ToString(out.Error),
		Cause:     aws.ToString(out.Cause),
	}, nil
}

// ListRunning lists the running executions, newest first, without input
// or output.
func (s *StepFunctions) ListRunning(ctx context.Context) ([]Execution, error) {
	var all []Execution
	pages := sfn.NewListExecutionsPaginator(s.client, &sfn.ListExecutionsInput{
		StateMachineArn: aws.String(s.machine),
		StatusFilter:    types.ExecutionStatusRunning,
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list running executions of %s: %w", s.machine, err)
		}
		for _, e := range page.Executions {
			all = append(all, Execution{
				ARN:       aws.ToString(e.ExecutionArn),
				Name:      aws.ToString(e.Name),
				Status:    Status(e.Status),
				StartDate: aws.ToTime(e.StartDate),
				StopDate:  aws.ToTime(e.StopDate),
			})
		}
	}
	return all, nil
}

// notFound turns Step Functions' "no such execution" answers into
// ErrExecutionNotFound, keeping the SDK error in the chain.
func notFound(err error) error {
	var missing *types.ExecutionDoesNotExist
	var badARN *types.InvalidArn
	if errors.As(err, &missing) || errors.As(err, &badARN) {
		return fmt.Errorf("%w: %w", ErrExecutionNotFound, err)
	}
	return err
}
