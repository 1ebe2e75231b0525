package awssim

import (
	"context"
	"fmt"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/cloudcensus/cloudcensus/functions/internal/scanner/budget"
)

// inputKey holds the operation's typed input for the Deserialize step.
type inputKey struct{}

// install adds the simulator to an operation's middleware stack.
func (s *Sim) install(stack *middleware.Stack) error {
	capture := middleware.InitializeMiddlewareFunc("awssim.CaptureInput",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			return next.HandleInitialize(middleware.WithStackValue(ctx, inputKey{}, in.Parameters), in)
		})
	serve := middleware.DeserializeMiddlewareFunc("awssim.Serve",
		func(ctx context.Context, in middleware.DeserializeInput, _ middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			out, err := s.serve(ctx, in)
			return middleware.DeserializeOutput{Result: out}, middleware.Metadata{}, err
		})
	if err := stack.Initialize.Add(capture, middleware.Before); err != nil {
		return fmt.Errorf("awssim: add input capture: %w", err)
	}
	// First in the Deserialize step: it answers instead of sending, after
	// the retry loop, the caller's budget and signing have run.
	if err := stack.Deserialize.Add(serve, middleware.Before); err != nil {
		return fmt.Errorf("awssim: add server: %w", err)
	}
	return nil
}

// serve answers one attempt of one operation.
func (s *Sim) serve(ctx context.Context, in middleware.DeserializeInput) (any, error) {
	service, operation := awsmiddleware.GetServiceID(ctx), awsmiddleware.GetOperationName(ctx)
	region := awsmiddleware.GetRegion(ctx)
	input := middleware.GetStackValue(ctx, inputKey{})
	auth := ""
	if req, ok := in.Request.(*smithyhttp.Request); ok {
		auth = req.Header.Get("Authorization")
	}
	who, known := s.whoSigned(auth)
	call := Call{
		Time: time.Now(), Account: who.account, Region: region,
		Service: service, Operation: operation, Continued: continued(input),
	}
	out, err := s.answer(ctx, &call, who, known, input)
	call.Outcome = outcome(err)
	s.logCall(call)
	return out, err
}

// answer decides the response: unknown key, injected fault, rate limit,
// then the operation's handler. The latency is spent first, as a real
// round trip would.
func (s *Sim) answer(ctx context.Context, call *Call, who principal, known bool, input any) (any, error) {
	if err := budget.Sleep(ctx, s.latency()); err != nil {
		return nil, err
	}
	if !known || !s.regionEnabled(call.Account, call.Region) {
		return nil, unknownCredentials(call.Service)
	}
	if kind, ok := s.fault(call.Account, call.Region, call.Service, call.Operation); ok {
		switch kind {
		case Deny:
			return nil, accessDenied(call.Service, call.Operation, who.arn)
		case RegionDisabled:
			return nil, unknownCredentials(call.Service)
		case Throttle:
			return nil, throttled(call.Service)
		case ServerError:
			return nil, serverError(call.Service)
		}
	}
	if s.overLimit(call.Account, call.Region, call.Service, call.Operation, call.Time) {
		return nil, throttled(call.Service)
	}
	h, ok := handlers[call.Service+"/"+call.Operation]
	if !ok {
		return nil, notImplemented(call.Service, call.Operation)
	}
	account := s.estate.Account(call.Account)
	if account == nil {
		account = &Account{ID: call.Account} // a principal of an account with nothing in it
	}
	return h(&Request{
		Sim: s, Account: account, Principal: who.arn, RegionName: call.Region,
		Region: account.Region(call.Region), Service: call.Service, Operation: call.Operation,
	}, input)
}
