package authorizer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jws"
	"github.com/lestrrat-go/jwx/v3/jwt"
)

// ErrInvalid is every verification failure.
var ErrInvalid = errors.New("invalid token")

// Claims are what the authorizer needs from a verified access token.
type Claims struct {
	Subject  string
	Username string
	Groups   []string
	Expires  time.Time
	IssuedAt time.Time
	ID       string // jti: which token, for its revocation at sign-out
}

// TokenConfig of a verifier.
type TokenConfig struct {
	Issuer   string // e.g. https://cognito-idp.<region>.amazonaws.com/<pool id>
	ClientID string
	JWKSURL  string // default Issuer + "/.well-known/jwks.json"
	// RefetchInterval bounds JWKS fetches triggered by unknown kids.
	RefetchInterval time.Duration
	Skew            time.Duration
	HTTPClient      *http.Client
	Now             func() time.Time
}

// Verifier checks Cognito access tokens: RS256 only, the signature against
// the pool's JWKS (cached, refetched on an unknown kid at most once per
// interval), the issuer, token_use == access, the app client id, and exp /
// nbf with a small skew. Every failure is the same ErrInvalid to the
// caller; the reason is kept for the logs. One Verifier serves one pool
// and app client.
type Verifier struct {
	cfg TokenConfig

	mu        sync.Mutex
	keys      jwk.Set
	lastFetch time.Time
}

// NewVerifier builds a verifier; keys are fetched on first use.
func NewVerifier(cfg TokenConfig) *Verifier {
	if cfg.JWKSURL == "" {
		cfg.JWKSURL = cfg.Issuer + "/.well-known/jwks.json"
	}
	if cfg.RefetchInterval == 0 {
		cfg.RefetchInterval = 10 * time.Second
	}
	if cfg.Skew == 0 || cfg.Skew > 60*time.Second {
		cfg.Skew = 60 * time.Second
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 5 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Verifier{cfg: cfg}
}

type clock func() time.Time

func (c clock) Now() time.Time { return c() }

// Verify checks raw and returns its claims, or an error wrapping ErrInvalid.
func (v *Verifier) Verify(ctx context.Context, raw string) (*Claims, error) {
	msg, err := jws.Parse([]byte(raw))
	if err != nil || len(msg.Signatures()) != 1 {
		return nil, fmt.Errorf("%w: not a compact JWS", ErrInvalid)
	}
	hdr := msg.Signatures()[0].ProtectedHeaders()
	if alg, ok := hdr.Algorithm(); !ok || alg != jwa.RS256() {
		return nil, fmt.Errorf("%w: algorithm %v is not RS256", ErrInvalid, alg)
	}
	kid, ok := hdr.KeyID()
	if !ok || kid == "" {
		return nil, fmt.Errorf("%w: no kid", ErrInvalid)
	}
	key, err := v.key(ctx, kid)
	if err != nil {
		return nil, err
	}
	tok, err := jwt.Parse([]byte(raw),
		jwt.WithKey(jwa.RS256(), key),
		jwt.WithValidate(true),
		jwt.WithClock(clock(v.cfg.Now)),
		jwt.WithAcceptableSkew(v.cfg.Skew),
		jwt.WithIssuer(v.cfg.Issuer),
		jwt.WithRequiredClaim("exp"),
		jwt.WithRequiredClaim("sub"),
		jwt.WithClaimValue("token_use", "access"),
		jwt.WithClaimValue("client_id", v.cfg.ClientID),
	)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	c := &Claims{}
	c.Subject, _ = tok.Subject()
	exp, _ := tok.Expiration()
	c.Expires = exp
	c.IssuedAt, _ = tok.IssuedAt()
	c.ID, _ = tok.JwtID()
	var username string
	if err := tok.Get("username", &username); err != nil || username == "" {
		return nil, fmt.Errorf("%w: no username", ErrInvalid)
	}
	c.Username = username
	var groups []any
	if err := tok.Get("cognito:groups", &groups); err == nil {
		for _, g := range groups {
			if s, ok := g.(string); ok {
				c.Groups = append(c.Groups, s)
			}
		}
	}
	return c, nil
}

// key finds kid in the cached set, refetching the set when kid is unknown
// and the last fetch is older than the refetch interval.
func (v *Verifier) key(ctx context.Context, kid string) (jwk.Key, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.keys != nil {
		if k, ok := v.keys.LookupKeyID(kid); ok {
			return k, nil
		}
	}
	if v.keys != nil && v.cfg.Now().Sub(v.lastFetch) < v.cfg.RefetchInterval {
		return nil, fmt.Errorf("%w: unknown kid %q", ErrInvalid, kid)
	}
	set, err := v.fetch(ctx)
	v.lastFetch = v.cfg.Now()
	if err != nil {
		return nil, fmt.Errorf("%w: fetch JWKS: %v", ErrInvalid, err)
	}
	v.keys = set
	if k, ok := set.LookupKeyID(kid); ok {
		return k, nil
	}
	return nil, fmt.Errorf("%w: unknown kid %q", ErrInvalid, kid)
}

func (v *Verifier) fetch(ctx context.Context) (jwk.Set, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.cfg.JWKSURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := v.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("JWKS answered %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	return jwk.Parse(b)
}

// CognitoIssuer is the iss claim of a Cognito user pool's tokens.
func CognitoIssuer(region, poolID string) string {
	return "https://cognito-idp." + region + ".amazonaws.com/" + poolID
}
