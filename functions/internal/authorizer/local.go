package authorizer

import (
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
)

// Local runs the authorizer in front of every route the way API Gateway
// does: a synthesized TOKEN event, the answer cached per token for
// rights.GatewayCache (denials included, as API Gateway caches them), then the
// returned policy decides.
type Local struct {
	a   *Authorizer
	ttl time.Duration
	now func() time.Time

	mu    sync.Mutex
	cache map[string]cachedAnswer // by the Authorization header
}

type cachedAnswer struct {
	resp    events.APIGatewayCustomAuthorizerResponse
	err     error
	expires time.Time
}

// NewLocal is the local gateway in front of an authorizer.
func NewLocal(a *Authorizer) *Local {
	return &Local{a: a, ttl: rights.GatewayCache, now: time.Now, cache: map[string]cachedAnswer{}}
}

// localBase stands for the API and stage in synthesized method ARNs.
const localBase = "arn:aws:execute-api:local:000000000000:local/api"

// Authenticate implements httpapi.Authenticator.
func (l *Local) Authenticate(r *http.Request, rt httpapi.Route) (*httpapi.Principal, error) {
	ev := eventFor(r, rt)
	resp, err := l.answer(r, ev)
	if err != nil {
		return nil, domain.Unauthenticated("sign in again: the token is missing, invalid or expired, or the account is not active")
	}
	p := httpapi.PrincipalFromContext(resp.Context)
	if !Allows(resp.PolicyDocument, ev.MethodArn) {
		return p, domain.Forbidden(rt.Perm)
	}
	return p, nil
}

// answer is the authorizer's answer for the request's token: from the
// cache while it is fresh, as API Gateway serves it.
func (l *Local) answer(r *http.Request, ev events.APIGatewayCustomAuthorizerRequest) (events.APIGatewayCustomAuthorizerResponse, error) {
	key := ev.AuthorizationToken
	now := l.now()
	l.mu.Lock()
	c, ok := l.cache[key]
	if ok && now.After(c.expires) {
		delete(l.cache, key)
		ok = false
	}
	l.mu.Unlock()
	if ok {
		return c.resp, c.err
	}
	resp, err := l.a.Handle(r.Context(), ev)
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.cache) > 10000 { // a flood of distinct tokens: start over rather than grow
		l.cache = map[string]cachedAnswer{}
	}
	l.cache[key] = cachedAnswer{resp: resp, err: err, expires: now.Add(l.ttl)}
	return resp, err
}

func eventFor(r *http.Request, rt httpapi.Route) events.APIGatewayCustomAuthorizerRequest {
	return events.APIGatewayCustomAuthorizerRequest{Type: "TOKEN", AuthorizationToken: r.Header.Get("Authorization"),
		MethodArn: MethodARN(localBase, rt)}
}
