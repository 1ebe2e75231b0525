package scanner

import (
	"context"
	"fmt"
	"sync/atomic"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"

	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
)

// meter counts one service's API traffic in one unit.
type meter struct {
	calls, throttles, retries atomic.Int64
}

// attemptsKey holds, per operation, how many attempts were sent so far.
type attemptsKey struct{}

// metered returns the SDK stack option that puts every attempt of every
// operation through the API budget and counts it.
//
// The budget middleware sits in the Finalize step right after the SDK's
// retry middleware, so each attempt (a retry too) waits for a token before
// it is signed and sent: retries spend budget like any call.
func metered(m *meter, reg *budget.Registry, account string) func(*middleware.Stack) error {
	start := middleware.InitializeMiddlewareFunc("cloudcensus.OperationStart",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			return next.HandleInitialize(middleware.WithStackValue(ctx, attemptsKey{}, new(int)), in)
		})
	attempt := middleware.FinalizeMiddlewareFunc("cloudcensus.Budget",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			svc, op := awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)
			if err := reg.Wait(ctx, account, awsmiddleware.GetRegion(ctx), svc, op); err != nil {
				return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("wait for API budget of %s %s: %w", svc, op, err)
			}
			// The retry loop runs an operation's attempts one after another,
			// so the counter needs no lock.
			if n, ok := middleware.GetStackValue(ctx, attemptsKey{}).(*int); ok {
				if *n++; *n > 1 {
					m.retries.Add(1)
				}
			}
			m.calls.Add(1)
			out, md, err := next.HandleFinalize(ctx, in)
			if err != nil && isThrottle(err) {
				m.throttles.Add(1)
			}
			return out, md, err
		})
	return func(stack *middleware.Stack) error {
		if err := stack.Initialize.Add(start, middleware.Before); err != nil {
			return fmt.Errorf("add operation counter: %w", err)
		}
		if err := stack.Finalize.Insert(attempt, "Retry", middleware.After); err != nil {
			return fmt.Errorf("add API budget: %w", err)
		}
		return nil
	}
}
