package standin

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// NodeCommand is a Node script the stack runs as a server.
type NodeCommand struct {
	Name     string        // for messages
	Args     []string      // node's arguments: flags, the script, its arguments
	Env      []string      // added to this process's environment (KEY=value)
	Dir      string        // working directory; empty: this process's
	Stdin    io.Reader     // what the script reads on standard input, if anything
	ReadyURL string        // any HTTP answer here means the server is up
	Timeout  time.Duration // to get ready; zero means 30 s
}

// StartNode runs a Node script with the installed Node tools on its module
// path (NODE_PATH), in its own process group and killed with its parent
// like every other stand-in, and waits until ReadyURL answers.
func StartNode(ctx context.Context, tools Tools, c NodeCommand) (*Process, error) {
	node, err := Node()
	if err != nil {
		return nil, err
	}
	modules, err := tools.NodeModules()
	if err != nil {
		return nil, err
	}
	if c.Timeout == 0 {
		c.Timeout = 30 * time.Second
	}
	cmd := exec.Command(node, c.Args...)
	cmd.Dir = c.Dir
	cmd.Stdin = c.Stdin
	cmd.Env = append(append(os.Environ(), "NODE_PATH="+modules), c.Env...)
	p, err := start(ctx, c.Name, cmd, c.Timeout, httpReady(c.ReadyURL))
	if err != nil {
		return nil, fmt.Errorf("run %s with node: %w", c.Name, err)
	}
	return p, nil
}

// Pid is the child's process id (also its process group id).
func (p *Process) Pid() int { return p.cmd.Process.Pid }
