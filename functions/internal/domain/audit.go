package domain

import (
	"encoding/json"
	"time"
)

// AuditResult is how an audited attempt ended.
type AuditResult string

const (
	AuditSuccess AuditResult = "success"
	AuditFailure AuditResult = "failure"
	AuditDenied  AuditResult = "denied"
)

// AuditEntry records one change, or one denied or failed attempt. Before
// and After never hold secrets: callers pass redacted views.
type AuditEntry struct {
	ID           string      `json:"id" dynamo:"id"`
	WorkspaceID  string      `json:"workspaceId" dynamo:"workspaceId"`
	Actor        string      `json:"actor" dynamo:"actor"` // user id, or "anonymous"
	ActorName    string      `json:"actorName" dynamo:"actorName"`
	Action       string      `json:"action" dynamo:"action"` // e.g. "credentials.create"
	ResourceType string      `json:"resourceType" dynamo:"resourceType"`
	ResourceID   string      `json:"resourceId,omitempty" dynamo:"resourceId,omitempty"`
	// ResourceName is the resource's name as the entry's own snapshot
	// gives it (a credential's name, a user's username, a report's file),
	// so the log reads in names even after the resource is gone.
	ResourceName string `json:"resourceName,omitempty" dynamo:"resourceName,omitempty"`
	Before       any         `json:"before,omitempty" dynamo:"before,omitempty"`
	After        any         `json:"after,omitempty" dynamo:"after,omitempty"`
	IP           string      `json:"ip" dynamo:"ip"`
	UserAgent    string      `json:"userAgent" dynamo:"userAgent"`
	RequestID    string      `json:"requestId" dynamo:"requestId"`
	Result       AuditResult `json:"result" dynamo:"result"`
	Error        string      `json:"error,omitempty" dynamo:"error,omitempty"`
	Timestamp    time.Time   `json:"timestamp" dynamo:"timestamp"`
}

// EnumValues lists the results for the API description.
func (AuditResult) EnumValues() []string {
	return []string{string(AuditSuccess), string(AuditFailure), string(AuditDenied)}
}

// nameKeys are the snapshot fields that name a resource, in order.
var nameKeys = []string{"name", "username", "fileName", "taskName", "role"}

// NameOfResource reads the resource's name from the entry's snapshot:
// after the change, else before it.
func (e *AuditEntry) NameOfResource() string {
	for _, snap := range []any{e.After, e.Before} {
		m, ok := snap.(map[string]any)
		if !ok && snap != nil {
			b, err := json.Marshal(snap)
			if err != nil || json.Unmarshal(b, &m) != nil {
				continue
			}
		}
		for _, k := range nameKeys {
			if s, ok := m[k].(string); ok && s != "" {
				return s
			}
		}
	}
	return ""
}
