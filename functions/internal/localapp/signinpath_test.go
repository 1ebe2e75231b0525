package localapp

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
)

// Passwords reach the pool only through the API: the app client allows no
// password flow of its own, so a browser (or an attacker) talking to the
// pool directly cannot try passwords around the lockout counter, and a
// NEW_PASSWORD_REQUIRED answer needs the session the right password got.
func TestThePoolTakesPasswordsOnlyFromTheAPI(t *testing.T) {
	c := asAdmin(t)
	if a := c.post("/api/users/create", map[string]any{"username": "directuser", "password": "Temp-Passw0rd1", "email": "direct@example.com", "role": "user", "temporary": true}); a.Status != 201 {
		t.Fatalf("%d %s", a.Status, a.Body)
	}
	ctx := context.Background()
	pool := cip.NewFromConfig(standin.AWSConfig(stack.cognitoURL))
	clientID := stack.Pool.ClientID

	_, err := pool.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: types.AuthFlowTypeUserPasswordAuth, ClientId: &clientID,
		AuthParameters: map[string]string{"USERNAME": "directuser", "PASSWORD": "Temp-Passw0rd1"}})
	if code := apiCode(err); code != "InvalidParameterException" {
		t.Fatalf("USER_PASSWORD_AUTH straight to the pool: %v (code %q), want the flow refused", err, code)
	}

	for _, forged := range []string{"forged-session", ""} {
		_, err = pool.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ChallengeName: types.ChallengeNameTypeNewPasswordRequired,
			ClientId: &clientID, Session: aws.String(forged),
			ChallengeResponses: map[string]string{"USERNAME": "directuser", "NEW_PASSWORD": "Attacker-Passw0rd1"}})
		if err == nil {
			t.Fatalf("a forged session %q set a temporary user's password", forged)
		}
	}
	if a := anonymous(t).post("/api/auth/challenge", map[string]string{"username": "directuser", "session": "forged-session", "newPassword": "Attacker-Passw0rd1"}); a.Status != 401 {
		t.Fatalf("the API took a forged challenge session: %d %s", a.Status, a.Body)
	}

	login := anonymous(t).post("/api/auth/login", map[string]string{"username": "directuser", "password": "Temp-Passw0rd1"})
	var ch struct{ Challenge, Session string }
	login.decode(t, &ch)
	if ch.Challenge != "NEW_PASSWORD_REQUIRED" || ch.Session == "" {
		t.Fatalf("the temporary password no longer asks for a new one: %s", login.Body)
	}
	// Another user's answer with this session, then the right one twice.
	if a := anonymous(t).post("/api/auth/challenge", map[string]string{"username": "admin", "session": ch.Session, "newPassword": "Attacker-Passw0rd1"}); a.Status != 401 {
		t.Fatalf("a session answered for another user: %d %s", a.Status, a.Body)
	}
	login = anonymous(t).post("/api/auth/login", map[string]string{"username": "directuser", "password": "Temp-Passw0rd1"})
	login.decode(t, &ch)
	if a := anonymous(t).post("/api/auth/challenge", map[string]string{"username": "directuser", "session": ch.Session, "newPassword": "Brand-New-Passw0rd"}); a.Status != 200 {
		t.Fatalf("challenge: %d %s", a.Status, a.Body)
	}
	if a := anonymous(t).post("/api/auth/challenge", map[string]string{"username": "directuser", "session": ch.Session, "newPassword": "Second-Passw0rd1"}); a.Status != 401 {
		t.Fatalf("a challenge session was used twice: %d %s", a.Status, a.Body)
	}
	signIn(t, "directuser", "Brand-New-Passw0rd")
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}
