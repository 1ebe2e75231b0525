package domain

// Workspace is a tenant: every item belongs to exactly one.
type Workspace struct {
	ID   string `json:"id" dynamo:"id"`
	Name string `json:"name" dynamo:"name"`
	WorkspaceSettings
	Stamp
}
