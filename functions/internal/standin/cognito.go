package standin

import (
	"context"
	"encoding/json"
	"fmt"
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
// cognito-local signs with a key shipped inside its npm package: anyone
// could mint tokens it accepts. That is why it listens on 127.0.0.1 only;
// never expose a local stack.
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
	cmd := exec.Command(node, filepath.Join(mods, "cognito-local", "lib", "bin", "start.js"))
	cmd.Dir = dataDir
	cmd.Env = append(os.Environ(), "PORT="+strconv.Itoa(port), "HOST=127.0.0.1")
	p, err := start(ctx, "cognito-local", cmd, 30*time.Second, httpReady(endpoint+"/health"))
	if err != nil {
		return nil, "", err
	}
	return p, endpoint, nil
}
