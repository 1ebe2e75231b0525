// Package authorizer is the Lambda authorizer: it verifies the bearer
// token (Verifier: jwx, RS256 against the pool's JWKS), loads the user (who must be active) and the permissions of its
// role, and answers an IAM policy that allows exactly the routes that role
// may call, with the caller in the context. API Gateway caches the answer
// per token, so the policy covers every route of the role, not only the one
// invoked. Any failure is the bare "Unauthorized" API Gateway turns into a
// 401.
//
// Locally the same code runs in front of every route through a synthesized
// event (Local), and its policy is enforced the way API Gateway enforces it.
// It must not import handler packages: the route table reaches it as data
// (the contract shipped beside the Lambda, or the local mux's table).
package authorizer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
)

// ErrUnauthorized is the only error API Gateway is shown.
var ErrUnauthorized = errors.New("Unauthorized")

type verifier interface {
	Verify(ctx context.Context, raw string) (*Claims, error)
}

type directory interface {
	UserBySubject(ctx context.Context, subject string) (*domain.User, error)
	MemberOf(ctx context.Context, subject, ws string) (*domain.User, error)
	GetRole(ctx context.Context, ws string, role domain.Role) (*domain.RolePermissions, error)
	DefaultWorkspaceID(ctx context.Context) (string, error)
}

// Authorizer decides who a token belongs to and what it may call.
type Authorizer struct {
	verify verifier
	dir    directory
	routes []httpapi.Route
	log    *slog.Logger
	ttl    time.Duration
	now    func() time.Time

	mu    sync.Mutex
	roles map[string]cachedRole
}

type cachedRole struct {
	rp      *domain.RolePermissions
	fetched time.Time
}

// New builds an authorizer over the route table; roleTTL is how long a
// role's permissions are cached (0 reads them every time).
func New(v verifier, dir directory, routes []httpapi.Route, roleTTL time.Duration, log *slog.Logger) *Authorizer {
	return &Authorizer{verify: v, dir: dir, routes: routes, log: log, ttl: roleTTL, now: time.Now, roles: map[string]cachedRole{}}
}

// InvalidateRole drops a cached role, so a change takes effect at once in
// this process.
func (a *Authorizer) InvalidateRole(ws string, role domain.Role) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.roles, ws+"/"+string(role))
}

// Resolve verifies a bearer token and returns the caller.
func (a *Authorizer) Resolve(ctx context.Context, raw string) (*httpapi.Principal, error) {
	claims, err := a.verify.Verify(ctx, raw)
	if err != nil {
		return nil, err
	}
	// The token carries the workspace the person chose (the pool group
	// the sign-in or the switch put them in); a token from before
	// workspaces carries none and works in the person's first one.
	if len(claims.Groups) == 0 {
		return nil, errors.New("token carries no group")
	}
	ws, named, err := domain.WorkspaceOfGroups(claims.Groups)
	if err != nil {
		return nil, err
	}
	var u *domain.User
	if named {
		u, err = a.dir.MemberOf(ctx, claims.Subject, ws)
	} else {
		u, err = a.dir.UserBySubject(ctx, claims.Subject)
	}
	if err != nil {
		return nil, fmt.Errorf("user of subject %s in workspace %q: %w", claims.Subject, ws, err)
	}
	if u.Status != domain.UserActive {
		return nil, fmt.Errorf("user %s is %s", u.ID, u.Status)
	}
	first, err := a.dir.DefaultWorkspaceID(ctx)
	if err != nil {
		return nil, fmt.Errorf("default workspace: %w", err)
	}
	res, err := rights.Union(u, first, func(role domain.Role) (*domain.RolePermissions, error) { return a.role(ctx, u.WorkspaceID, role) })
	if err != nil {
		return nil, err
	}
	return &httpapi.Principal{UserID: u.ID, Username: u.Username, Role: res.Roles[0], Roles: res.Roles, Rank: res.Rank,
		WorkspaceID: u.WorkspaceID, Permissions: res.Permissions, UIResources: res.UIResources,
		TokenID: claims.ID, IssuedAt: claims.IssuedAt.Unix()}, nil
}

func (a *Authorizer) role(ctx context.Context, ws string, role domain.Role) (*domain.RolePermissions, error) {
	key := ws + "/" + string(role)
	a.mu.Lock()
	c, ok := a.roles[key]
	a.mu.Unlock()
	if ok && a.now().Sub(c.fetched) < a.ttl {
		return c.rp, nil
	}
	rp, err := a.dir.GetRole(ctx, ws, role)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	a.roles[key] = cachedRole{rp: rp, fetched: a.now()}
	a.mu.Unlock()
	return rp, nil
}

// Handle is the Lambda entry point for a TOKEN authorizer.
func (a *Authorizer) Handle(ctx context.Context, ev events.APIGatewayCustomAuthorizerRequest) (events.APIGatewayCustomAuthorizerResponse, error) {
	raw, ok := strings.CutPrefix(ev.AuthorizationToken, "Bearer ")
	if !ok || raw == "" {
		a.log.Info("authorizer denied", "reason", "no bearer token")
		return events.APIGatewayCustomAuthorizerResponse{}, ErrUnauthorized
	}
	p, err := a.Resolve(ctx, raw)
	if err != nil {
		a.log.Info("authorizer denied", "reason", err.Error())
		return events.APIGatewayCustomAuthorizerResponse{}, ErrUnauthorized
	}
	base, err := apiBase(ev.MethodArn)
	if err != nil {
		a.log.Warn("authorizer denied", "reason", err.Error())
		return events.APIGatewayCustomAuthorizerResponse{}, ErrUnauthorized
	}
	return events.APIGatewayCustomAuthorizerResponse{
		PrincipalID:    p.UserID,
		PolicyDocument: Policy(base, a.routes),
		Context:        p.AuthorizerContext(),
	}, nil
}

// apiBase cuts a method ARN (arn:aws:execute-api:region:account:api/stage/
// METHOD/path) down to its api/stage part.
func apiBase(methodArn string) (string, error) {
	parts := strings.SplitN(methodArn, "/", 3)
	if len(parts) < 3 || !strings.HasPrefix(methodArn, "arn:") {
		return "", fmt.Errorf("malformed method ARN %q", methodArn)
	}
	return parts[0] + "/" + parts[1], nil
}

// Policy allows a verified, active caller every protected route: the
// authorizer authenticates, and the route's permission is decided where
// the request is served (the mux), with the caller's rights read at most
// rights.Bound old. API Gateway caches this answer per token for
// rights.GatewayCache, so a policy per role would let a demoted user keep its old
// routes for that long, and a refusal at the gateway would reach neither
// the audit log nor the envelope with the missing permission and its apply
// link; a refusal by the mux does both, in AWS as locally.
func Policy(base string, routes []httpapi.Route) events.APIGatewayCustomAuthorizerPolicy {
	var resources []string
	for _, r := range routes {
		if !r.Public {
			resources = append(resources, MethodARN(base, r))
		}
	}
	doc := events.APIGatewayCustomAuthorizerPolicy{Version: "2012-10-17"}
	if len(resources) == 0 {
		doc.Statement = []events.IAMPolicyStatement{{Action: []string{"execute-api:Invoke"}, Effect: "Deny", Resource: []string{base + "/*"}}}
		return doc
	}
	doc.Statement = []events.IAMPolicyStatement{{Action: []string{"execute-api:Invoke"}, Effect: "Allow", Resource: resources}}
	return doc
}

// MethodARN is the execute-api resource of one route.
func MethodARN(base string, r httpapi.Route) string { return base + "/" + r.Method + r.Path }

// Allows evaluates a policy the way API Gateway does for one resource: an
// explicit Deny wins, otherwise an Allow must match.
func Allows(doc events.APIGatewayCustomAuthorizerPolicy, resource string) bool {
	allowed := false
	for _, st := range doc.Statement {
		for _, res := range st.Resource {
			if !matches(res, resource) {
				continue
			}
			if st.Effect == "Deny" {
				return false
			}
			if st.Effect == "Allow" {
				allowed = true
			}
		}
	}
	return allowed
}

func matches(pattern, resource string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "*"); ok {
		return strings.HasPrefix(resource, prefix)
	}
	return pattern == resource
}
