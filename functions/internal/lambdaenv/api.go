package lambdaenv

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/core"
	"github.com/awslabs/aws-lambda-go-api-proxy/httpadapter"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Proxy is what lambda.Start runs for an API function.
type Proxy func(ctx context.Context, ev events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)

// API is what every API function's mux is given besides its routes.
type API struct {
	Auditor httpapi.Auditor // records audited calls and refusals (audit.Log)
	Rights  httpapi.Rights  // the caller's current rights (rights.Checker)
	Gate    httpapi.Gate    // holds the calls a workflow says need approval (approvals.Service)
}

// ServeAPI runs a domain's routes behind API Gateway (REST API, v1 proxy
// events): the same net/http handlers the local binary mounts, wrapped by
// aws-lambda-go-api-proxy, the caller read from what the authorizer put
// in the request context and brought up to date by api.Rights, and every
// audited call recorded by api.Auditor.
func (e *Env) ServeAPI(api API, routes []httpapi.Route) {
	h, err := e.APIHandler(api, routes)
	e.Must(err)
	e.Start(h)
}

// APIHandler is the proxy handler ServeAPI starts.
func (e *Env) APIHandler(api API, routes []httpapi.Route) (Proxy, error) {
	var origins []string
	if e.Fn.reads(SPAOrigin) {
		if o := e.Get(SPAOrigin); o != "" {
			origins = []string{o}
		}
	}
	mux, err := httpapi.NewMux(routes, httpapi.Options{Logger: e.Log, RequestID: RequestID, ClientIP: SourceIP, Auth: Gateway{},
		AllowedOrigins: origins, Auditor: api.Auditor, Rights: api.Rights, Gate: api.Gate})
	if err != nil {
		return nil, err
	}
	return httpadapter.New(mux).ProxyWithContext, nil
}

// RequestID takes API Gateway's request id from the proxied request, so a
// log line and the X-Request-Id a client saw match.
func RequestID(r *http.Request) string {
	if c, ok := core.GetAPIGatewayContextFromContext(r.Context()); ok {
		return c.RequestID
	}
	return ""
}

// SourceIP is the caller's address as API Gateway saw it (the request
// context's identity), not what X-Forwarded-For claims.
func SourceIP(r *http.Request) string {
	if c, ok := core.GetAPIGatewayContextFromContext(r.Context()); ok {
		return c.Identity.SourceIP
	}
	return ""
}

// Gateway reads the caller that the authorizer put in API Gateway's
// request context. API Gateway already enforced the policy; the mux checks
// the permission again.
type Gateway struct{}

// Authenticate implements httpapi.Authenticator.
func (Gateway) Authenticate(r *http.Request, _ httpapi.Route) (*httpapi.Principal, error) {
	c, ok := core.GetAPIGatewayContextFromContext(r.Context())
	if !ok || c.Authorizer == nil {
		return nil, domain.Unauthenticated("sign in first")
	}
	p := httpapi.PrincipalFromContext(c.Authorizer)
	if p.UserID == "" || p.WorkspaceID == "" {
		return nil, domain.Unauthenticated("sign in first")
	}
	return p, nil
}

// Routes reads the route table of the contract shipped beside the binary
// (the authorizer's policy covers every route).
func (e *Env) Routes() ([]httpapi.Route, error) {
	b, err := e.File(ContractFile)
	if err != nil {
		return nil, err
	}
	var c struct {
		Routes []httpapi.RouteInfo `json:"routes"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, err
	}
	out := make([]httpapi.Route, 0, len(c.Routes))
	for _, ri := range c.Routes {
		out = append(out, ri.Route())
	}
	if len(out) == 0 {
		return nil, errEmptyTable
	}
	return out, nil
}

var errEmptyTable = errors.New("the contract's route table is empty")
