package authorizer

import (
	"net/http"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

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
	p := httpapi.PrincipalFromContext(resp.Context)
	if !Allows(resp.PolicyDocument, ev.MethodArn) {
		return p, domain.Forbidden(rt.Perm)
	}
	return p, nil
}

func eventFor(r *http.Request, rt httpapi.Route) events.APIGatewayCustomAuthorizerRequest {
	return events.APIGatewayCustomAuthorizerRequest{Type: "TOKEN", AuthorizationToken: r.Header.Get("Authorization"),
		MethodArn: MethodARN(localBase, rt)}
}
