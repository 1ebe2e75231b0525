// Package lambdaexec replays approved calls in AWS: a synchronous invoke
// of the function that serves the call's route, with the API Gateway
// proxy event API Gateway would have sent it, the requester as the
// authorizer's context and the approval's id in its header. The function
// runs it through its own mux: the requester's current rights, the
// route's checks and the Gate's release, as for any call.
package lambdaexec

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/approvals"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Invoker is the Lambda client call the executor makes.
type Invoker interface {
	Invoke(ctx context.Context, in *lambda.InvokeInput, optFns ...func(*lambda.Options)) (*lambda.InvokeOutput, error)
}

// Executor invokes the route's function.
type Executor struct {
	Client Invoker
	// Functions maps a route's function (httpapi.Route.Function) to the
	// deployed function's name or ARN.
	Functions map[string]string
}

var _ approvals.Executor = Executor{}

// New invokes with cfg the functions named in the JSON map functions
// (the API_FUNCTIONS variable).
func New(cfg aws.Config, functions string) (Executor, error) {
	var m map[string]string
	if err := json.Unmarshal([]byte(functions), &m); err != nil {
		return Executor{}, fmt.Errorf("API functions: %w", err)
	}
	return Executor{Client: lambda.NewFromConfig(cfg), Functions: m}, nil
}

// Event is the proxy event of a replayed call.
func Event(req *domain.ApprovalRequest, rt httpapi.Route, p *httpapi.Principal) events.APIGatewayProxyRequest {
	return events.APIGatewayProxyRequest{
		HTTPMethod: rt.Method, Path: rt.Path, Resource: rt.Path, Body: req.Payload,
		Headers:           map[string]string{"Content-Type": "application/json", httpapi.ApprovalHeader: req.ID},
		MultiValueHeaders: map[string][]string{"Content-Type": {"application/json"}, httpapi.ApprovalHeader: {req.ID}},
		RequestContext: events.APIGatewayProxyRequestContext{RequestID: "approval-" + req.ID, HTTPMethod: rt.Method,
			ResourcePath: rt.Path, Path: rt.Path, Authorizer: p.AuthorizerContext(),
			Identity: events.APIGatewayRequestIdentity{SourceIP: "0.0.0.0", UserAgent: "CloudCensus approvals"}},
	}
}

// Execute implements approvals.Executor.
func (e Executor) Execute(ctx context.Context, req *domain.ApprovalRequest, rt httpapi.Route, p *httpapi.Principal) (int, []byte, error) {
	fn, ok := e.Functions[rt.Function]
	if !ok {
		return 0, nil, fmt.Errorf("no function serves %s here", rt.Key())
	}
	payload, err := json.Marshal(Event(req, rt, p))
	if err != nil {
		return 0, nil, err
	}
	out, err := e.Client.Invoke(ctx, &lambda.InvokeInput{FunctionName: &fn, InvocationType: types.InvocationTypeRequestResponse, Payload: payload})
	if err != nil {
		return 0, nil, fmt.Errorf("invoke %s: %w", fn, err)
	}
	if out.FunctionError != nil {
		return http.StatusBadGateway, out.Payload, fmt.Errorf("%s failed: %s", fn, *out.FunctionError)
	}
	var resp events.APIGatewayProxyResponse
	if err := json.Unmarshal(out.Payload, &resp); err != nil {
		return 0, nil, fmt.Errorf("answer of %s: %w", fn, err)
	}
	return resp.StatusCode, []byte(resp.Body), nil
}
