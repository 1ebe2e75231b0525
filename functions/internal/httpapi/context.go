package httpapi

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	loggerKey
	principalKey
	requestInfoKey
)

// ClientIP is the caller's address as the platform saw it (Options.ClientIP).
func ClientIP(ctx context.Context) string {
	if info, ok := ctx.Value(requestInfoKey).(*requestInfo); ok {
		return info.clientIP
	}
	return ""
}

// RequestID returns the request id the middleware assigned.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// Logger returns the request's logger (request id, method, route attached),
// or the default logger outside a request.
func Logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// Principal is the authenticated caller, as the authorizer resolved it.
type Principal struct {
	UserID      string   `json:"userId"`
	Username    string   `json:"username"`
	Role        string   `json:"role"`  // the primary role
	Roles       []string `json:"roles"` // every role, the primary first: the permissions are their union
	Rank        int      `json:"rank"`  // the highest rank among the roles
	WorkspaceID string   `json:"workspaceId"`
	Permissions []string `json:"permissions"`
	UIResources []string `json:"uiResources"`
	// TokenID and IssuedAt name the access token the caller came with:
	// its revocation at sign-out, and tokens older than a password change.
	TokenID  string `json:"-"`
	IssuedAt int64  `json:"-"` // unix seconds
}

// Can reports whether the principal holds a permission key.
func (p *Principal) Can(perm string) bool {
	if p == nil {
		return false
	}
	for _, k := range p.Permissions {
		if k == perm {
			return true
		}
	}
	return false
}

// HasRole reports whether role is one of the principal's roles.
func (p *Principal) HasRole(role string) bool {
	if p == nil || role == "" {
		return false
	}
	if p.Role == role {
		return true
	}
	for _, r := range p.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// WithPrincipal stores the caller in the context, and names it on the
// request's log line.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	if info, ok := ctx.Value(requestInfoKey).(*requestInfo); ok && p != nil {
		info.user = p.Username
	}
	return context.WithValue(ctx, principalKey, p)
}

// PrincipalFrom returns the caller, or nil on a public route.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey).(*Principal)
	return p
}

// AuthorizerContext is the principal as the authorizer hands it to API
// Gateway: flat string values, lists joined by commas.
func (p *Principal) AuthorizerContext() map[string]any {
	return map[string]any{
		"userId": p.UserID, "username": p.Username, "role": p.Role, "roles": strings.Join(p.Roles, ","),
		"rank": strconv.Itoa(p.Rank), "workspaceId": p.WorkspaceID,
		"permissions": strings.Join(p.Permissions, ","), "uiResources": strings.Join(p.UIResources, ","),
		"tokenId": p.TokenID, "issuedAt": strconv.FormatInt(p.IssuedAt, 10),
	}
}

// PrincipalFromContext reads the principal back from an authorizer
// context (API Gateway's request context, or the local gateway's).
func PrincipalFromContext(c map[string]any) *Principal {
	str := func(k string) string { s, _ := c[k].(string); return s }
	list := func(k string) []string {
		if s := str(k); s != "" {
			return strings.Split(s, ",")
		}
		return nil
	}
	iat, _ := strconv.ParseInt(str("issuedAt"), 10, 64)
	rank, _ := strconv.Atoi(str("rank"))
	return &Principal{UserID: str("userId"), Username: str("username"), Role: str("role"), Roles: list("roles"), Rank: rank,
		WorkspaceID: str("workspaceId"),
		Permissions: list("permissions"), UIResources: list("uiResources"), TokenID: str("tokenId"), IssuedAt: iat}
}
