package standin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Tools locates what tools/install.sh put in the cache folder.
type Tools struct{ Dir string }

// FindTools uses CLOUDCENSUS_TOOLS_DIR, or .cache/tools at the root of the
// checkout the working directory is in.
func FindTools() (Tools, error) {
	if d := os.Getenv("CLOUDCENSUS_TOOLS_DIR"); d != "" {
		return Tools{Dir: d}, nil
	}
	root, err := RepoRoot()
	if err != nil {
		return Tools{}, err
	}
	return Tools{Dir: filepath.Join(root, ".cache", "tools")}, nil
}

// RepoRoot walks up from the working directory to the folder with go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory: set CLOUDCENSUS_TOOLS_DIR")
		}
		dir = parent
	}
}

func (t Tools) need(path, what string) (string, error) {
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("%s not found at %s: run `make tools` (or set CLOUDCENSUS_TOOLS_DIR)", what, path)
	}
	return path, nil
}

// DynamoDBDir is the DynamoDB Local folder (jar and native libraries).
func (t Tools) DynamoDBDir() (string, error) {
	dir := filepath.Join(t.Dir, "dynamodb", "package", "emulator")
	_, err := t.need(filepath.Join(dir, "DynamoDBLocal.jar"), "DynamoDB Local")
	return dir, err
}

// Bin is a Go tool installed in the cache.
func (t Tools) Bin(name string) (string, error) {
	return t.need(filepath.Join(t.Dir, "bin", name), name)
}

// NodeModules is the folder of the Node tools.
func (t Tools) NodeModules() (string, error) {
	return t.need(filepath.Join(t.Dir, "node", "node_modules"), "the Node tools")
}

// Java returns the java binary, or a message that says how to get it.
func Java() (string, error) {
	p, err := exec.LookPath("java")
	if err != nil {
		return "", fmt.Errorf("java not found: install Java 17 (apt-get install openjdk-17-jre-headless) or run `make tools`")
	}
	return p, nil
}

// Node returns the node binary, or a message that says how to get it.
func Node() (string, error) {
	p, err := exec.LookPath("node")
	if err != nil {
		return "", fmt.Errorf("node not found: install Node 20 (apt-get install nodejs) or run `make tools`")
	}
	return p, nil
}
