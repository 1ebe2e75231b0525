package authorizer

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jws"
	"github.com/lestrrat-go/jwx/v3/jwt"

	"github.com/cloudcensus/cloudcensus/functions/internal/authorizer/tokentest"
)

func newVerifier(t *testing.T) (*tokentest.TestIssuer, *Verifier) {
	t.Helper()
	ti, err := tokentest.NewTestIssuer("client-1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ti.Server.Close)
	return ti, NewVerifier(TokenConfig{Issuer: ti.Issuer, ClientID: "client-1"})
}

func mustT(t *testing.T) func(string, error) string {
	return func(s string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

func TestVerifyAcceptsAGoodToken(t *testing.T) {
	ti, v := newVerifier(t)
	must := mustT(t)
	raw := must(ti.Sign("sub-1", "alice", []string{"admin"}, nil))
	c, err := v.Verify(context.Background(), raw)
	if err != nil {
		t.Fatal(err)
	}
	if c.Subject != "sub-1" || c.Username != "alice" || len(c.Groups) != 1 || c.Groups[0] != "admin" {
		t.Fatalf("claims %+v", c)
	}
}

func TestVerifyRejectsForgedAndWrongTokens(t *testing.T) {
	ti, v := newVerifier(t)
	must := mustT(t)
	good := must(ti.Sign("sub-1", "alice", []string{"admin"}, nil))
	parts := strings.Split(good, ".")
	b64 := base64.RawURLEncoding.EncodeToString

	// HS256 signed with the RSA public key's bytes as the HMAC secret.
	pubJWK, _ := jwk.Import(ti.Key.Public())
	pubPEM, _ := jwk.EncodePEM(pubJWK)
	hsTok, _ := jwt.NewBuilder().Issuer(ti.Issuer).Subject("sub-1").Expiration(time.Now().Add(time.Hour)).
		Claim("token_use", "access").Claim("client_id", "client-1").Claim("username", "alice").Build()
	hdr := jws.NewHeaders()
	_ = hdr.Set(jws.KeyIDKey, ti.KID)
	hs, _ := jwt.Sign(hsTok, jwt.WithKey(jwa.HS256(), pubPEM, jws.WithProtectedHeaders(hdr)))

	tampered := parts[0] + "." + b64([]byte(`{"sub":"sub-2","username":"mallory","token_use":"access","client_id":"client-1","iss":"`+ti.Issuer+`","exp":9999999999}`)) + "." + parts[2]
	none := b64([]byte(`{"alg":"none","kid":"`+ti.KID+`"}`)) + "." + parts[1] + "."

	for _, tc := range []struct {
		name string
		raw  string
	}{
		{"alg none", none},
		{"HS256 with the public key", string(hs)},
		{"unknown kid", b64([]byte(`{"alg":"RS256","kid":"other"}`)) + "." + parts[1] + "." + parts[2]},
		{"tampered payload", tampered},
		{"expired", must(ti.Sign("sub-1", "alice", nil, func(tok jwt.Token) { _ = tok.Set(jwt.ExpirationKey, time.Now().Add(-2*time.Minute)) }))},
		{"future nbf", must(ti.Sign("sub-1", "alice", nil, func(tok jwt.Token) { _ = tok.Set(jwt.NotBeforeKey, time.Now().Add(5*time.Minute)) }))},
		{"wrong issuer", must(ti.Sign("sub-1", "alice", nil, func(tok jwt.Token) { _ = tok.Set(jwt.IssuerKey, "https://evil.example/pool") }))},
		{"wrong client id", must(ti.Sign("sub-1", "alice", nil, func(tok jwt.Token) { _ = tok.Set("client_id", "client-2") }))},
		{"id token", must(ti.Sign("sub-1", "alice", nil, func(tok jwt.Token) { _ = tok.Set("token_use", "id") }))},
		{"no username", must(ti.Sign("sub-1", "", nil, nil))},
		{"garbage", "not.a.token"},
		{"empty", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := v.Verify(context.Background(), tc.raw); !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestSkewIsTolerated(t *testing.T) {
	ti, v := newVerifier(t)
	must := mustT(t)
	raw := must(ti.Sign("sub-1", "alice", nil, func(tok jwt.Token) { _ = tok.Set(jwt.ExpirationKey, time.Now().Add(-30*time.Second)) }))
	if _, err := v.Verify(context.Background(), raw); err != nil {
		t.Fatalf("30 s past expiry is within the skew: %v", err)
	}
}

func TestUnknownKidRefetchIsRateLimited(t *testing.T) {
	ti, v := newVerifier(t)
	must := mustT(t)
	good := must(ti.Sign("sub-1", "alice", nil, nil))
	if _, err := v.Verify(context.Background(), good); err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, ".")
	unknown := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","kid":"rotated"}`)) + "." + parts[1] + "." + parts[2]
	for range 20 {
		_, _ = v.Verify(context.Background(), unknown)
	}
	if ti.Fetches != 1 {
		t.Fatalf("JWKS fetched %d times, want 1 (refetch at most once per interval)", ti.Fetches)
	}
}

func BenchmarkVerify(b *testing.B) {
	ti, err := tokentest.NewTestIssuer("client-1")
	if err != nil {
		b.Fatal(err)
	}
	defer ti.Server.Close()
	raw, _ := ti.Sign("sub-1", "alice", []string{"admin"}, nil)
	b.Run("cold-jwks", func(b *testing.B) {
		for b.Loop() {
			v := NewVerifier(TokenConfig{Issuer: ti.Issuer, ClientID: "client-1"})
			if _, err := v.Verify(context.Background(), raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		v := NewVerifier(TokenConfig{Issuer: ti.Issuer, ClientID: "client-1"})
		for b.Loop() {
			if _, err := v.Verify(context.Background(), raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}
