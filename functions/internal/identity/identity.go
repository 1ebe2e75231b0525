// Package identity is who the users are: it talks to the user pool
// (Amazon Cognito in AWS, cognito-local on one machine, through the same
// SDK client, so sign-in, challenges, refresh, revocation and user
// administration are one code path), and its Users keep the pool and the
// table in step when a user is created, changed or deleted. Errors come
// back in the domain's vocabulary; a wrong password and an unknown user
// are the same error, so sign-in cannot probe usernames.
//
// It must not import the store or the HTTP layer: the table is an
// interface (the import-rule test holds it to that).
package identity

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Pool is one user pool and its SPA app client.
type Pool struct {
	client   *cip.Client
	PoolID   string
	ClientID string
}

// New opens a pool.
func New(cfg aws.Config, poolID, clientID string) *Pool {
	return &Pool{client: cip.NewFromConfig(cfg), PoolID: poolID, ClientID: clientID}
}

// Session is a signed-in session's tokens.
type Session struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int32
}

// Challenge is what the pool asks before it hands out tokens.
type Challenge struct {
	Name    string // e.g. NEW_PASSWORD_REQUIRED
	Session string
}

// ErrBadCredentials is a failed sign-in, whatever the reason.
var ErrBadCredentials = domain.Unauthenticated("wrong username or password")

// SignIn checks a username and password. It uses the server-side flow
// (ADMIN_USER_PASSWORD_AUTH, which needs AWS credentials): the app client
// allows no password flow of its own, so nobody can try passwords against
// the pool directly and around the API's lockout counter.
func (p *Pool) SignIn(ctx context.Context, username, password string) (*Session, *Challenge, error) {
	out, err := p.client.AdminInitiateAuth(ctx, &cip.AdminInitiateAuthInput{
		AuthFlow: types.AuthFlowTypeAdminUserPasswordAuth, ClientId: &p.ClientID, UserPoolId: &p.PoolID,
		AuthParameters: map[string]string{"USERNAME": username, "PASSWORD": password},
	})
	if err != nil {
		// cognito-local answers a wrong password with
		// InvalidPasswordException where Cognito says NotAuthorized; at
		// sign-in both mean the same.
		var ae smithy.APIError
		if errors.As(err, &ae) && ae.ErrorCode() == "InvalidPasswordException" {
			return nil, nil, &domain.Error{Kind: domain.KindUnauthenticated, Msg: ErrBadCredentials.Msg, Err: err}
		}
		return nil, nil, mapErr("sign in", err)
	}
	if out.ChallengeName != "" {
		return nil, &Challenge{Name: string(out.ChallengeName), Session: aws.ToString(out.Session)}, nil
	}
	return session(out.AuthenticationResult, ""), nil, nil
}

// RespondNewPassword answers NEW_PASSWORD_REQUIRED, server-side like
// SignIn.
func (p *Pool) RespondNewPassword(ctx context.Context, username, sessionToken, newPassword string) (*Session, error) {
	out, err := p.client.AdminRespondToAuthChallenge(ctx, &cip.AdminRespondToAuthChallengeInput{
		ChallengeName: types.ChallengeNameTypeNewPasswordRequired, ClientId: &p.ClientID, UserPoolId: &p.PoolID, Session: &sessionToken,
		ChallengeResponses: map[string]string{"USERNAME": username, "NEW_PASSWORD": newPassword},
	})
	if err != nil {
		return nil, mapErr("answer challenge", err)
	}
	if out.AuthenticationResult == nil {
		return nil, domain.Unauthenticated("the pool asked for another challenge: sign in again")
	}
	return session(out.AuthenticationResult, ""), nil
}

// Refresh trades a refresh token for a new access token.
func (p *Pool) Refresh(ctx context.Context, refreshToken string) (*Session, error) {
	out, err := p.client.InitiateAuth(ctx, &cip.InitiateAuthInput{
		AuthFlow: types.AuthFlowTypeRefreshTokenAuth, ClientId: &p.ClientID,
		AuthParameters: map[string]string{"REFRESH_TOKEN": refreshToken},
	})
	if err != nil {
		return nil, mapErr("refresh", err)
	}
	return session(out.AuthenticationResult, refreshToken), nil
}

// Revoke ends a refresh token (sign-out).
func (p *Pool) Revoke(ctx context.Context, refreshToken string) error {
	if _, err := p.client.RevokeToken(ctx, &cip.RevokeTokenInput{ClientId: &p.ClientID, Token: &refreshToken}); err != nil {
		return mapErr("revoke", err)
	}
	return nil
}

// ChangePassword changes the signed-in user's own password.
func (p *Pool) ChangePassword(ctx context.Context, accessToken, oldPassword, newPassword string) error {
	_, err := p.client.ChangePassword(ctx, &cip.ChangePasswordInput{AccessToken: &accessToken, PreviousPassword: &oldPassword, ProposedPassword: &newPassword})
	if err != nil {
		return mapErr("change password", err)
	}
	return nil
}

// CreateUser adds a user with a password, in a group. With temporary the
// first sign-in answers NEW_PASSWORD_REQUIRED; otherwise the password works
// at once. It returns the user's subject.
func (p *Pool) CreateUser(ctx context.Context, username, email, password string, temporary bool, group string) (string, error) {
	out, err := p.client.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
		UserPoolId: &p.PoolID, Username: &username, TemporaryPassword: &password, MessageAction: types.MessageActionTypeSuppress,
		UserAttributes: []types.AttributeType{{Name: aws.String("email"), Value: &email}, {Name: aws.String("email_verified"), Value: aws.String("true")}},
	})
	if err != nil {
		return "", mapErr("create user", err)
	}
	var sub string
	for _, a := range out.User.Attributes {
		if aws.ToString(a.Name) == "sub" {
			sub = aws.ToString(a.Value)
		}
	}
	if !temporary {
		if _, err := p.client.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &p.PoolID, Username: &username, Password: &password, Permanent: true}); err != nil {
			return sub, mapErr("set password", err)
		}
	}
	if err := p.AddToGroup(ctx, username, group); err != nil {
		return sub, err
	}
	if sub == "" {
		return "", fmt.Errorf("create user %s: the pool returned no sub", username)
	}
	return sub, nil
}

// SetTemporaryPassword replaces a user's password with one that works
// once: the next sign-in answers NEW_PASSWORD_REQUIRED (an admin's reset).
func (p *Pool) SetTemporaryPassword(ctx context.Context, username, password string) error {
	if _, err := p.client.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{UserPoolId: &p.PoolID, Username: &username, Password: &password, Permanent: false}); err != nil {
		return mapErr("set temporary password", err)
	}
	return nil
}

// GeneratePassword makes a password the pool's policy accepts: 20 random
// letters and digits without look-alikes, after a fixed prefix giving
// every class the policy asks for.
func GeneratePassword() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	var sb strings.Builder
	for _, c := range b {
		sb.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return "Cc1" + sb.String()
}

// AddToGroup puts a user in a group, making the group on first use (a
// workspace's group is made when someone first works there).
func (p *Pool) AddToGroup(ctx context.Context, username, group string) error {
	_, err := p.client.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{UserPoolId: &p.PoolID, Username: &username, GroupName: &group})
	var nf *types.ResourceNotFoundException
	if errors.As(err, &nf) {
		_, cerr := p.client.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: &p.PoolID, GroupName: &group})
		var exists *types.GroupExistsException
		if cerr != nil && !errors.As(cerr, &exists) {
			return mapErr("create group", cerr)
		}
		_, err = p.client.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{UserPoolId: &p.PoolID, Username: &username, GroupName: &group})
	}
	if err != nil {
		return mapErr("add to group", err)
	}
	return nil
}

// MoveToWorkspace makes ws the workspace the person's next tokens carry:
// out of the groups of the other workspaces (from) first, then into ws's,
// so that no token is ever issued with two (a token with none works in
// the person's first workspace, where they are a member too).
func (p *Pool) MoveToWorkspace(ctx context.Context, username, ws string, from []string) error {
	for _, other := range from {
		if other == ws {
			continue
		}
		g := domain.WorkspaceGroup(other)
		_, err := p.client.AdminRemoveUserFromGroup(ctx, &cip.AdminRemoveUserFromGroupInput{UserPoolId: &p.PoolID, Username: &username, GroupName: &g})
		var nf *types.ResourceNotFoundException
		if err != nil && !errors.As(err, &nf) {
			return mapErr("leave workspace group", err)
		}
	}
	return p.AddToGroup(ctx, username, domain.WorkspaceGroup(ws))
}

// RemoveFromGroup takes a user out of a group.
func (p *Pool) RemoveFromGroup(ctx context.Context, username, group string) error {
	if _, err := p.client.AdminRemoveUserFromGroup(ctx, &cip.AdminRemoveUserFromGroupInput{UserPoolId: &p.PoolID, Username: &username, GroupName: &group}); err != nil {
		return mapErr("remove from group", err)
	}
	return nil
}

// SetEnabled enables or disables sign-in for a user.
func (p *Pool) SetEnabled(ctx context.Context, username string, enabled bool) error {
	var err error
	if enabled {
		_, err = p.client.AdminEnableUser(ctx, &cip.AdminEnableUserInput{UserPoolId: &p.PoolID, Username: &username})
	} else {
		_, err = p.client.AdminDisableUser(ctx, &cip.AdminDisableUserInput{UserPoolId: &p.PoolID, Username: &username})
	}
	if err != nil {
		return mapErr("enable or disable user", err)
	}
	return nil
}

// DeleteUser removes a user; a user already gone is not an error.
func (p *Pool) DeleteUser(ctx context.Context, username string) error {
	_, err := p.client.AdminDeleteUser(ctx, &cip.AdminDeleteUserInput{UserPoolId: &p.PoolID, Username: &username})
	var nf *types.UserNotFoundException
	if err != nil && !errors.As(err, &nf) {
		return mapErr("delete user", err)
	}
	return nil
}

// UserExists reports whether a username is in the pool.
func (p *Pool) UserExists(ctx context.Context, username string) (bool, error) {
	_, err := p.client.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: &p.PoolID, Username: &username})
	var nf *types.UserNotFoundException
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &nf):
		return false, nil
	default:
		return false, mapErr("get user", err)
	}
}

func session(r *types.AuthenticationResultType, refresh string) *Session {
	if r == nil {
		return &Session{}
	}
	s := &Session{AccessToken: aws.ToString(r.AccessToken), RefreshToken: aws.ToString(r.RefreshToken), ExpiresIn: r.ExpiresIn}
	if s.RefreshToken == "" {
		s.RefreshToken = refresh
	}
	if s.ExpiresIn == 0 { // cognito-local leaves it out: read it from the token
		s.ExpiresIn = expiresIn(s.AccessToken, time.Now())
	}
	return s
}

// expiresIn reads a JWT's exp. The token is only read here, never trusted:
// every use of it is verified by the authorizer.
func expiresIn(raw string, now time.Time) int32 {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return 0
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return 0
	}
	var claims struct {
		Exp int64 `json:"exp"`
	}
	if json.Unmarshal(b, &claims) != nil || claims.Exp == 0 {
		return 0
	}
	return int32(max(0, claims.Exp-now.Unix()))
}

// mapErr turns the pool's errors into the domain's vocabulary.
func mapErr(op string, err error) error {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return fmt.Errorf("%s: %w", op, err)
	}
	switch ae.ErrorCode() {
	case "NotAuthorizedException", "UserNotFoundException", "UserNotConfirmedException", "PasswordResetRequiredException":
		return &domain.Error{Kind: domain.KindUnauthenticated, Msg: ErrBadCredentials.Msg, Err: err}
	case "UsernameExistsException", "AliasExistsException":
		return &domain.Error{Kind: domain.KindConflict, Msg: "username already taken", Err: err}
	case "InvalidPasswordException":
		return &domain.Error{Kind: domain.KindInvalid, Field: "password", Msg: "does not meet the password policy", Err: err}
	case "CodeMismatchException", "ExpiredCodeException":
		return &domain.Error{Kind: domain.KindInvalid, Field: "session", Msg: "the challenge session is invalid or expired: sign in again", Err: err}
	case "TooManyRequestsException", "LimitExceededException", "TooManyFailedAttemptsException":
		return &domain.Error{Kind: domain.KindThrottled, Msg: "too many attempts: wait a moment", Err: err}
	}
	return fmt.Errorf("%s: %w", op, err)
}
