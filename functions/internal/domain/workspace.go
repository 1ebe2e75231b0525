package domain

import (
	"errors"
	"strings"
)

// Workspace is a tenant: every item belongs to exactly one.
type Workspace struct {
	ID   string `json:"id" dynamo:"id"`
	Name string `json:"name" dynamo:"name"`
	WorkspaceSettings
	Stamp
}

// workspaceGroupPrefix names the identity pool's group that carries a
// person's chosen workspace into their access token (cognito:groups): the
// authorizer reads the workspace from the token and checks the person is
// a member there.
const workspaceGroupPrefix = "workspace-"

// WorkspaceGroup is the pool group of a workspace.
func WorkspaceGroup(ws string) string { return workspaceGroupPrefix + ws }

// WorkspaceOfGroups reads the chosen workspace from a token's groups:
// none is a token from before workspaces (the person's first workspace
// applies); more than one is refused.
func WorkspaceOfGroups(groups []string) (ws string, found bool, err error) {
	for _, g := range groups {
		id, ok := strings.CutPrefix(g, workspaceGroupPrefix)
		if !ok {
			continue
		}
		if found {
			return "", false, errors.New("the token names more than one workspace")
		}
		ws, found = id, true
	}
	return ws, found, nil
}

// ValidateWorkspaceName checks a workspace's name (any text, kept as
// written; ValidateName's rules).
func ValidateWorkspaceName(name string) error { return ValidateName(name) }
