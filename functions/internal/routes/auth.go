package routes

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/auth"
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

var authRoutes = []httpapi.Route{
	{Method: "POST", Path: "/api/auth/login", Public: true, Function: FnAuth, Summary: "Sign in with username and password", Body: auth.LoginRequest{}, Reply: auth.LoginResponse{}},
	{Method: "POST", Path: "/api/auth/challenge", Public: true, Function: FnAuth, Summary: "Answer a sign-in challenge (NEW_PASSWORD_REQUIRED)", Body: auth.ChallengeRequest{}, Reply: auth.LoginResponse{}},
	{Method: "POST", Path: "/api/auth/refresh", Public: true, Function: FnAuth, Summary: "Trade a refresh token for a new access token", Body: auth.RefreshRequest{}, Reply: auth.LoginResponse{}},
	{Method: "POST", Path: "/api/auth/register", Public: true, Function: FnAuth, Summary: "Sign up with a workspace invite code", Body: auth.RegisterRequest{}, Reply: auth.RegisterResponse{}, Status: 201},
	{Method: "POST", Path: "/api/auth/logout", Perm: authz.AuthSelf, Function: FnAuth, Summary: "Sign out: revoke the refresh token", Body: auth.RefreshRequest{}, Status: 204},
	{Method: "GET", Path: "/api/auth/me", Perm: authz.AuthSelf, Function: FnAuth, Summary: "The signed-in user", Reply: domain.User{}},
	{Method: "POST", Path: "/api/auth/password", Perm: authz.AuthSelf, Function: FnAuth, Summary: "Change the signed-in user's password", Body: auth.PasswordRequest{}, Status: 204},
	{Method: "GET", Path: "/api/auth/permissions", Perm: authz.AuthSelf, Function: FnAuth, Summary: "The caller's permission keys and UI resources; ?check=a:b,c:d answers a batch of checks",
		Query: []httpapi.Param{{Name: "check", Desc: "comma-separated permission keys to check"}}, Reply: auth.Permissions{}},
}
