package localsfn

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/aws/aws-lambda-go/lambda/messages"
)

// Handler is a Lambda function's handler as the local runner invokes it:
// the Task state's input in, the function's answer out.
type Handler func(ctx context.Context, payload json.RawMessage) (json.RawMessage, error)

// Typed adapts a typed handler (the signature lambda.Start takes) to a
// Handler, decoding and encoding JSON as the Lambda Go runtime does.
func Typed[In, Out any](f func(context.Context, In) (Out, error)) Handler {
	return func(ctx context.Context, payload json.RawMessage) (json.RawMessage, error) {
		var in In
		if err := json.Unmarshal(payload, &in); err != nil {
			return nil, err
		}
		out, err := f(ctx, in)
		if err != nil {
			return nil, err
		}
		return json.Marshal(out)
	}
}

// functionError is a function error as Lambda reports it. The workflow
// sees errorType as the state's Error (what Retry and Catch match) and the
// whole document as its Cause.
type functionError struct {
	ErrorMessage string `json:"errorMessage"`
	ErrorType    string `json:"errorType"`
}

// lambdaError names err the way the Lambda Go runtime does, so Retry and
// Catch match the same names locally as in AWS: a
// messages.InvokeResponse_Error keeps its Type (the way for a handler to
// choose the name), any other error is named after its Go type.
func lambdaError(err error) functionError {
	if ive, ok := err.(messages.InvokeResponse_Error); ok {
		return functionError{ErrorMessage: ive.Message, ErrorType: ive.Type}
	}
	return functionError{ErrorMessage: err.Error(), ErrorType: typeName(err)}
}

// panicError is how a handler's panic is reported.
func panicError(v any) functionError {
	return functionError{ErrorMessage: fmt.Sprint(v), ErrorType: typeName(v)}
}

func typeName(v any) string {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		return t.Elem().Name()
	}
	return t.Name()
}
