package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// Invoker is the Lambda client call the dispatcher makes.
type Invoker interface {
	Invoke(ctx context.Context, in *lambda.InvokeInput, optFns ...func(*lambda.Options)) (*lambda.InvokeOutput, error)
}

// LambdaDispatcher invokes the jobs function asynchronously (InvocationType
// Event): Lambda queues the invocation, answers 202 at once and retries a
// failed run twice, which the worker's claim makes harmless.
type LambdaDispatcher struct {
	Client   Invoker
	Function string // the jobs function's name or ARN
}

// NewLambdaDispatcher invokes the named jobs function with cfg.
func NewLambdaDispatcher(cfg aws.Config, function string) LambdaDispatcher {
	return LambdaDispatcher{Client: lambda.NewFromConfig(cfg), Function: function}
}

// Dispatch queues the job's invocation.
func (d LambdaDispatcher) Dispatch(ctx context.Context, in Invocation) error {
	payload, err := json.Marshal(in)
	if err != nil {
		return err
	}
	_, err = d.Client.Invoke(ctx, &lambda.InvokeInput{FunctionName: &d.Function, InvocationType: types.InvocationTypeEvent, Payload: payload})
	if err != nil {
		return fmt.Errorf("invoke %s: %w", d.Function, err)
	}
	return nil
}

// Local runs jobs in this process, each in its own goroutine, as the jobs
// function would: the request that started one has answered long before
// it ends, and it outlives that request's context.
type Local struct {
	Worker *Worker
	Log    *slog.Logger
	wg     sync.WaitGroup
}

// Dispatch starts the job's run and returns.
func (l *Local) Dispatch(ctx context.Context, in Invocation) error {
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		if err := l.Worker.Run(context.WithoutCancel(ctx), in); err != nil {
			l.Log.Error("job run", "job", in.JobID, "error", err.Error())
		}
	}()
	return nil
}

// Wait blocks until every dispatched job has ended (shutdown, tests).
func (l *Local) Wait() { l.wg.Wait() }
