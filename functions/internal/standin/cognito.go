package standin

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// StartCognito runs cognito-local bound to loopback with its state in
// dataDir. Plain usernames (not emails) sign in, and the issuer is this
// server's address, so the JWKS is at <issuer>/<pool>/.well-known/jwks.json.
//
// It runs behind functions/local/tools/cognito-wrap.cjs, which makes it as
// strict as Amazon Cognito where it is not: the password is checked before
// a NEW_PASSWORD_REQUIRED challenge is issued, and tokens are signed with a
// key generated for this data folder (CognitoKey), not the one shipped in
// the npm package. It still listens on 127.0.0.1 only.
func StartCognito(ctx context.Context, tools Tools, port int, dataDir string) (*Process, string, error) {
	node, err := Node()
	if err != nil {
		return nil, "", err
	}
	mods, err := tools.NodeModules()
	if err != nil {
		return nil, "", err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	endpoint := "http://" + addr
	cfgDir := filepath.Join(dataDir, ".cognito")
	if err := os.MkdirAll(cfgDir, 0o700); err != nil {
		return nil, "", fmt.Errorf("create %s: %w", cfgDir, err)
	}
	cfg, _ := json.Marshal(map[string]any{
		"UserPoolDefaults": map[string]any{"UsernameAttributes": []string{}},
		"TokenConfig":      map[string]any{"IssuerDomain": endpoint},
	})
	if err := os.WriteFile(filepath.Join(cfgDir, "config.json"), cfg, 0o600); err != nil {
		return nil, "", fmt.Errorf("write cognito-local config: %w", err)
	}
	keyFile, err := CognitoKey(filepath.Join(dataDir, "signing-key.json"))
	if err != nil {
		return nil, "", err
	}
	root, err := RepoRoot()
	if err != nil {
		return nil, "", fmt.Errorf("find cognito-wrap.cjs: %w", err)
	}
	cmd := exec.Command(node, "--require", filepath.Join(root, "functions", "local", "tools", "cognito-wrap.cjs"),
		filepath.Join(mods, "cognito-local", "lib", "bin", "start.js"))
	cmd.Dir = dataDir
	cmd.Env = append(os.Environ(), "PORT="+strconv.Itoa(port), "HOST=127.0.0.1", "CLOUDCENSUS_COGNITO_KEY="+keyFile)
	p, err := start(ctx, "cognito-local", cmd, 30*time.Second, httpReady(endpoint+"/health"))
	if err != nil {
		return nil, "", err
	}
	return p, endpoint, nil
}

// CognitoKey makes the RSA key the local identity provider signs with, once
// per data folder, and answers its file: {"pem": the PKCS#1 private key,
// "jwk": the public JWK}. The kid is cognito-local's own, which it writes
// into every token header; the key behind it is this folder's.
func CognitoKey(path string) (string, error) {
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", err
	}
	b64 := func(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
	doc := map[string]any{
		"pem": string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})),
		"jwk": map[string]string{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "CognitoLocal",
			"n": b64(k.N.Bytes()), "e": b64(big.NewInt(int64(k.E)).Bytes())},
	}
	b, _ := json.Marshal(doc)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return "", fmt.Errorf("write the local signing key: %w", err)
	}
	return path, nil
}
