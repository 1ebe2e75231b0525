package lambdaexec

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
)

// proxyInvoker runs the invoked function in process: the API function's
// mux behind aws-lambda-go-api-proxy, the adapter the deployed functions
// use, fed the payload Lambda would hand it.
type proxyInvoker struct {
	proxy    func(context.Context, events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)
	function string
}

func (p *proxyInvoker) Invoke(ctx context.Context, in *lambda.InvokeInput, _ ...func(*lambda.Options)) (*lambda.InvokeOutput, error) {
	p.function = *in.FunctionName
	var ev events.APIGatewayProxyRequest
	if err := json.Unmarshal(in.Payload, &ev); err != nil {
		return nil, err
	}
	resp, err := p.proxy(ctx, ev)
	if err != nil {
		return nil, err
	}
	out, err := json.Marshal(resp)
	return &lambda.InvokeOutput{StatusCode: 200, Payload: out}, err
}

// TestTheReplayReachesTheRouteAsTheRequester: the event a replay sends is
// read by the API function's own adapter and authenticator as a call of
// the requester, with the approval's id and the held body.
func TestTheReplayReachesTheRouteAsTheRequester(t *testing.T) {
	var got struct {
		p      *httpapi.Principal
		header string
		body   string
	}
	rt := httpapi.Route{Method: "POST", Path: "/api/credentials/delete", Perm: "credentials:delete", Function: "credentials",
		Handler: func(w http.ResponseWriter, r *http.Request) error {
			got.p, got.header = httpapi.PrincipalFrom(r.Context()), r.Header.Get(httpapi.ApprovalHeader)
			b, _ := io.ReadAll(r.Body)
			got.body = string(b)
			return httpapi.NoContent(w)
		}}
	mux, err := httpapi.NewMux([]httpapi.Route{rt}, httpapi.Options{Auth: lambdaenv.Gateway{}})
	if err != nil {
		t.Fatal(err)
	}
	inv := &proxyInvoker{proxy: httpadapter.New(mux).ProxyWithContext}
	e := Executor{Client: inv, Functions: map[string]string{"credentials": "stack-credentials"}}
	req := &domain.ApprovalRequest{ID: "01J0000000000000000000000A", Payload: `{"id":"01J0000000000000000000000B"}`}
	p := &httpapi.Principal{UserID: "u1", Username: "pat", WorkspaceID: "w1", Permissions: []string{"credentials:delete"}}
	status, _, err := e.Execute(context.Background(), req, rt, p)
	if err != nil || status != 204 {
		t.Fatalf("execute: %d %v", status, err)
	}
	if inv.function != "stack-credentials" {
		t.Errorf("invoked %q", inv.function)
	}
	if got.p == nil || got.p.UserID != "u1" || got.p.WorkspaceID != "w1" || got.header != req.ID || got.body != req.Payload {
		t.Fatalf("the route saw principal %+v, header %q, body %q", got.p, got.header, got.body)
	}
	if _, _, err := e.Execute(context.Background(), req, httpapi.Route{Method: "POST", Path: "/x", Function: "nowhere"}, p); err == nil {
		t.Error("a route of an unknown function was executed")
	}
}
