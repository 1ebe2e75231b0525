package domain

// ScopeRule leaves something out of a scan (package scope): by account,
// region, service, tag (key=value, key=*), resource id or ARN, or CIDR
// block containment.
type ScopeRule struct {
	Kind  string `json:"kind" dynamo:"kind"`
	Value string `json:"value" dynamo:"value"`
	// Source says where the rule came from: workspace or task (set by
	// the server when a task takes the workspace's rules).
	Source string `json:"source,omitempty" dynamo:"source,omitempty"`
}
