package domain

// RolePermissions is what one role may do in one workspace: permission
// keys (resource:operation) and the console elements it sees.
type RolePermissions struct {
	WorkspaceID string   `json:"-" dynamo:"workspaceId"`
	Role        Role     `json:"role" dynamo:"role"`
	Permissions []string `json:"permissions" dynamo:"permissions"`
	UIResources []string `json:"uiResources" dynamo:"uiResources"`
	Stamp
}
