package domain

import "time"

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
