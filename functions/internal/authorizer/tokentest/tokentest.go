// Package tokentest is an RS256 issuer with a JWKS endpoint for tests of
// every package that verifies tokens: real crypto over real HTTP, kept out
// of production binaries.
package tokentest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jwt"
)

// TestIssuer is an RS256 issuer with a JWKS endpoint, for tests of every
// package that verifies tokens. It is real crypto over real HTTP.
type TestIssuer struct {
	Server   *httptest.Server
	Issuer   string
	ClientID string
	Key      *rsa.PrivateKey
	KID      string
	Fetches  int
}

// NewTestIssuer starts an issuer; Close its Server when done.
func NewTestIssuer(clientID string) (*TestIssuer, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	ti := &TestIssuer{Key: key, KID: "test-kid-1", ClientID: clientID}
	pub, err := jwk.Import(key.Public())
	if err != nil {
		return nil, err
	}
	_ = pub.Set(jwk.KeyIDKey, ti.KID)
	_ = pub.Set(jwk.AlgorithmKey, jwa.RS256())
	set := jwk.NewSet()
	_ = set.AddKey(pub)
	body, err := json.Marshal(set)
	if err != nil {
		return nil, err
	}
	ti.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/pool/.well-known/jwks.json" {
			http.NotFound(w, r)
			return
		}
		ti.Fetches++
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	ti.Issuer = ti.Server.URL + "/pool"
	return ti, nil
}

// Sign makes an access token for subject with the given groups; mutate
// changes claims before signing.
func (ti *TestIssuer) Sign(subject, username string, groups []string, mutate func(jwt.Token)) (string, error) {
	now := time.Now()
	tok, err := jwt.NewBuilder().Issuer(ti.Issuer).Subject(subject).IssuedAt(now).Expiration(now.Add(time.Hour)).JwtID(fmt.Sprint(now.UnixNano())).
		Claim("token_use", "access").Claim("client_id", ti.ClientID).Claim("username", username).Build()
	if err != nil {
		return "", err
	}
	if groups != nil {
		_ = tok.Set("cognito:groups", groups)
	}
	if mutate != nil {
		mutate(tok)
	}
	priv, err := jwk.Import(ti.Key)
	if err != nil {
		return "", err
	}
	_ = priv.Set(jwk.KeyIDKey, ti.KID)
	b, err := jwt.Sign(tok, jwt.WithKey(jwa.RS256(), priv))
	if err != nil {
		return "", fmt.Errorf("sign: %w", err)
	}
	return string(b), nil
}
