package authorizer

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/lestrrat-go/jwx/v3/jwt"

	"github.com/cloudcensus/cloudcensus/functions/internal/api"
	"github.com/cloudcensus/cloudcensus/functions/internal/authorizer/tokentest"
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

type dir struct {
	users map[string]*domain.User
	roles map[domain.Role]*domain.RolePermissions
	reads int
}

func (d *dir) UserBySubject(_ context.Context, sub string) (*domain.User, error) {
	if u, ok := d.users[sub]; ok {
		c := *u
		return &c, nil
	}
	return nil, domain.NotFound("user")
}

func (d *dir) MemberOf(_ context.Context, sub, ws string) (*domain.User, error) {
	if u, ok := d.users[sub]; ok && u.WorkspaceID == ws {
		c := *u
		return &c, nil
	}
	return nil, domain.NotFound("user")
}

func (d *dir) DefaultWorkspaceID(context.Context) (string, error) { return "ws", nil }

func (d *dir) GetRole(_ context.Context, _ string, r domain.Role) (*domain.RolePermissions, error) {
	d.reads++
	return d.roles[r], nil
}

func setup(t testing.TB) (*tokentest.TestIssuer, *dir, *Authorizer) {
	t.Helper()
	ti, err := tokentest.NewTestIssuer("client-1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ti.Server.Close)
	d := &dir{users: map[string]*domain.User{}, roles: map[domain.Role]*domain.RolePermissions{}}
	for _, r := range domain.Roles {
		d.roles[r] = &domain.RolePermissions{Role: r, Permissions: authz.Defaults(r), UIResources: authz.UIFor(authz.Defaults(r))}
	}
	for _, u := range []*domain.User{
		{ID: "u-admin", WorkspaceID: "ws", Username: "alice", Role: domain.RoleAdmin, Status: domain.UserActive},
		{ID: "u-user", WorkspaceID: "ws", Username: "bob", Role: domain.RoleUser, Status: domain.UserActive},
		{ID: "u-locked", WorkspaceID: "ws", Username: "carol", Role: domain.RoleUser, Status: domain.UserLocked},
		{ID: "u-inactive", WorkspaceID: "ws", Username: "dave", Role: domain.RoleUser, Status: domain.UserInactive},
	} {
		d.users["sub-"+u.ID] = u
	}
	v := NewVerifier(TokenConfig{Issuer: ti.Issuer, ClientID: "client-1"})
	return ti, d, New(v, d, api.Table(), time.Minute, slog.New(slog.NewJSONHandler(io.Discard, nil)))
}

const methodArn = "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/api/users"

func sign(t *testing.T, ti *tokentest.TestIssuer, sub, username string, groups []string, mutate func(jwt.Token)) string {
	t.Helper()
	raw, err := ti.Sign(sub, username, groups, mutate)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestEveryBadTokenIsUnauthorized(t *testing.T) {
	ti, _, a := setup(t)
	good := sign(t, ti, "sub-u-admin", "alice", []string{"admin"}, nil)
	parts := strings.Split(good, ".")
	b64 := base64.RawURLEncoding.EncodeToString
	for _, tc := range []struct{ name, header string }{
		{"no bearer", good},
		{"empty", ""},
		{"alg none", "Bearer " + b64([]byte(`{"alg":"none","kid":"`+ti.KID+`"}`)) + "." + parts[1] + "."},
		{"unknown kid", "Bearer " + b64([]byte(`{"alg":"RS256","kid":"nope"}`)) + "." + parts[1] + "." + parts[2]},
		{"tampered", "Bearer " + parts[0] + "." + b64([]byte(`{"sub":"sub-u-admin","username":"alice","exp":9999999999}`)) + "." + parts[2]},
		{"expired", "Bearer " + sign(t, ti, "sub-u-admin", "alice", []string{"admin"}, func(tok jwt.Token) { _ = tok.Set(jwt.ExpirationKey, time.Now().Add(-time.Hour)) })},
		{"future nbf", "Bearer " + sign(t, ti, "sub-u-admin", "alice", []string{"admin"}, func(tok jwt.Token) { _ = tok.Set(jwt.NotBeforeKey, time.Now().Add(time.Hour)) })},
		{"wrong issuer", "Bearer " + sign(t, ti, "sub-u-admin", "alice", []string{"admin"}, func(tok jwt.Token) { _ = tok.Set(jwt.IssuerKey, "https://other") })},
		{"wrong client", "Bearer " + sign(t, ti, "sub-u-admin", "alice", []string{"admin"}, func(tok jwt.Token) { _ = tok.Set("client_id", "x") })},
		{"id token", "Bearer " + sign(t, ti, "sub-u-admin", "alice", []string{"admin"}, func(tok jwt.Token) { _ = tok.Set("token_use", "id") })},
		{"no groups", "Bearer " + sign(t, ti, "sub-u-admin", "alice", nil, nil)},
		{"unknown user", "Bearer " + sign(t, ti, "sub-nobody", "nobody", []string{"user"}, nil)},
		{"locked user", "Bearer " + sign(t, ti, "sub-u-locked", "carol", []string{"user"}, nil)},
		{"inactive user", "Bearer " + sign(t, ti, "sub-u-inactive", "dave", []string{"user"}, nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := a.Handle(context.Background(), events.APIGatewayCustomAuthorizerRequest{Type: "TOKEN", AuthorizationToken: tc.header, MethodArn: methodArn})
			if !errors.Is(err, ErrUnauthorized) || err.Error() != "Unauthorized" {
				t.Fatalf("err = %v, want exactly Unauthorized", err)
			}
		})
	}
}

// The policy lets a verified, active caller reach every protected route
// and no public one through the authorizer: the permission of each route
// is the mux's to decide, with rights at most rights.Bound old, so a
// refusal is the product's envelope, audited, in AWS as locally.
func TestPolicyCoversEveryProtectedRoute(t *testing.T) {
	ti, _, a := setup(t)
	for _, tc := range []struct {
		sub, name, group string
		role             domain.Role
	}{{"sub-u-admin", "alice", "admin", domain.RoleAdmin}, {"sub-u-user", "bob", "user", domain.RoleUser}} {
		resp, err := a.Handle(context.Background(), events.APIGatewayCustomAuthorizerRequest{
			Type: "TOKEN", AuthorizationToken: "Bearer " + sign(t, ti, tc.sub, tc.name, []string{tc.group}, nil), MethodArn: methodArn})
		if err != nil {
			t.Fatal(err)
		}
		base := "arn:aws:execute-api:eu-west-1:123456789012:abc123/prod"
		for _, rt := range api.Table() {
			if got := Allows(resp.PolicyDocument, MethodARN(base, rt)); got == rt.Public {
				t.Errorf("%s %s: allowed=%v", tc.role, rt.Key(), got)
			}
		}
		if Allows(resp.PolicyDocument, base+"/GET/api/not-a-route") {
			t.Errorf("%s: a path outside the table is allowed", tc.role)
		}
		if resp.Context["role"] != string(tc.role) || resp.Context["workspaceId"] != "ws" || resp.PrincipalID == "" || resp.Context["tokenId"] == "" {
			t.Errorf("context %v", resp.Context)
		}
	}
}

func TestRoleCacheAndInvalidation(t *testing.T) {
	ti, d, a := setup(t)
	raw := sign(t, ti, "sub-u-user", "bob", []string{"user"}, nil)
	for range 3 {
		if _, err := a.Resolve(context.Background(), raw); err != nil {
			t.Fatal(err)
		}
	}
	if d.reads != 1 {
		t.Fatalf("role read %d times, want 1 (cached)", d.reads)
	}
	d.roles[domain.RoleUser] = &domain.RolePermissions{Role: domain.RoleUser, Permissions: []string{authz.AuthSelf}}
	a.InvalidateRole("ws", domain.RoleUser)
	p, err := a.Resolve(context.Background(), raw)
	if err != nil || len(p.Permissions) != 1 {
		t.Fatalf("after invalidation: %v %v", p, err)
	}
}

func BenchmarkAuthorizer(b *testing.B) {
	ti, d, _ := setup(b)
	raw, _ := ti.Sign("sub-u-user", "bob", []string{"user"}, nil)
	ev := events.APIGatewayCustomAuthorizerRequest{Type: "TOKEN", AuthorizationToken: "Bearer " + raw, MethodArn: methodArn}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	b.Run("cold-jwks", func(b *testing.B) {
		for b.Loop() {
			a := New(NewVerifier(TokenConfig{Issuer: ti.Issuer, ClientID: "client-1"}), d, api.Table(), time.Minute, log)
			if _, err := a.Handle(context.Background(), ev); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		a := New(NewVerifier(TokenConfig{Issuer: ti.Issuer, ClientID: "client-1"}), d, api.Table(), time.Minute, log)
		for b.Loop() {
			if _, err := a.Handle(context.Background(), ev); err != nil {
				b.Fatal(err)
			}
		}
	})
}
