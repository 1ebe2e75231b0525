package authorizer

import (
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/awslabs/aws-lambda-go-api-proxy/core"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// Gateway reads the caller that the authorizer put in API Gateway's request
// context. API Gateway already enforced the policy; the mux checks the
// permission again.
type Gateway struct{}

// Authenticate implements httpapi.Authenticator.
func (Gateway) Authenticate(r *http.Request, _ httpapi.Route) (*httpapi.Principal, error) {
	c, ok := core.GetAPIGatewayContextFromContext(r.Context())
	if !ok || c.Authorizer == nil {
		return nil, domain.Unauthenticated("sign in first")
	}
	str := func(k string) string { s, _ := c.Authorizer[k].(string); return s }
	p := &httpapi.Principal{UserID: str("userId"), Username: str("username"), Role: str("role"), WorkspaceID: str("workspaceId"),
		Permissions: splitList(str("permissions")), UIResources: splitList(str("uiResources"))}
	if p.UserID == "" || p.WorkspaceID == "" {
		return nil, domain.Unauthenticated("sign in first")
	}
	return p, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// Local runs the authorizer in front of every route the way API Gateway
// does: a synthesized TOKEN event, then the returned policy decides.
type Local struct{ A *Authorizer }

// localBase stands for the API and stage in synthesized method ARNs.
const localBase = "arn:aws:execute-api:local:000000000000:local/api"

// Authenticate implements httpapi.Authenticator.
func (l Local) Authenticate(r *http.Request, rt httpapi.Route) (*httpapi.Principal, error) {
	ev := eventFor(r, rt)
	resp, err := l.A.Handle(r.Context(), ev)
	if err != nil {
		return nil, domain.Unauthenticated("sign in again: the token is missing, invalid or expired, or the account is not active")
	}
	p := &httpapi.Principal{UserID: resp.PrincipalID}
	str := func(k string) string { s, _ := resp.Context[k].(string); return s }
	p.Username, p.Role, p.WorkspaceID = str("username"), str("role"), str("workspaceId")
	p.Permissions, p.UIResources = splitList(str("permissions")), splitList(str("uiResources"))
	if !Allows(resp.PolicyDocument, ev.MethodArn) {
		return p, domain.Forbidden(rt.Perm)
	}
	return p, nil
}

func eventFor(r *http.Request, rt httpapi.Route) events.APIGatewayCustomAuthorizerRequest {
	return events.APIGatewayCustomAuthorizerRequest{Type: "TOKEN", AuthorizationToken: r.Header.Get("Authorization"),
		MethodArn: MethodARN(localBase, rt)}
}
