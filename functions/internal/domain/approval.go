package domain

import "time"

// Workflow says which operations need approval and who approves them,
// step by step (seed 004): every step must approve, in order, each within
// its timeout, or the request expires.
type Workflow struct {
	ID          string `json:"id" dynamo:"id"`
	WorkspaceID string `json:"-" dynamo:"workspaceId"`
	Name        string `json:"name" dynamo:"name"`
	// Operations are permission keys (credentials:delete, users:update,
	// workers:purge, base-role:update, roles:update): a call of a route
	// guarded by one of them waits for approval. users:update waits only
	// when it raises a user's role.
	Operations []string       `json:"operations" dynamo:"operations"`
	Steps      []WorkflowStep `json:"steps" dynamo:"steps"`
	CreatedBy  string         `json:"createdBy" dynamo:"createdBy"`
	Stamp
}

// WorkflowStep is one approval: by anyone of a role, or by one user.
type WorkflowStep struct {
	Order          int    `json:"order" dynamo:"order"`
	ApproverRole   string `json:"approverRole,omitempty" dynamo:"approverRole,omitempty"`
	ApproverUserID string `json:"approverUserId,omitempty" dynamo:"approverUserId,omitempty"`
	TimeoutMinutes int    `json:"timeoutMinutes" dynamo:"timeoutMinutes"`
}

// ApprovalStatus is where a request stands.
type ApprovalStatus string

const (
	ApprovalPending   ApprovalStatus = "pending"
	ApprovalApproved  ApprovalStatus = "approved"
	ApprovalRejected  ApprovalStatus = "rejected"
	ApprovalCancelled ApprovalStatus = "cancelled"
	ApprovalExpired   ApprovalStatus = "expired"
)

// EnumValues lists the statuses for the API description.
func (ApprovalStatus) EnumValues() []string {
	return []string{string(ApprovalPending), string(ApprovalApproved), string(ApprovalRejected), string(ApprovalCancelled), string(ApprovalExpired)}
}

// Request kinds.
const (
	ApprovalOperation = "operation" // a held API call, run on the last approval
	ApprovalAccess    = "access"    // permissions for a while, granted on the last approval
)

// ApprovalRequest is a held operation or an access request, with the
// history of what was decided.
type ApprovalRequest struct {
	ID          string `json:"id" dynamo:"id"`
	WorkspaceID string `json:"-" dynamo:"workspaceId"`
	Kind        string `json:"kind" dynamo:"kind"`
	// Operation is the permission key of the held route, Route its
	// "METHOD /path" and Payload the body it was called with.
	Operation string `json:"operation,omitempty" dynamo:"operation,omitempty"`
	Route     string `json:"route,omitempty" dynamo:"route,omitempty"`
	Payload   string `json:"payload,omitempty" dynamo:"payload,omitempty"`
	// ResourceType, ResourceID and ResourceVersion are what the operation
	// acts on, as it was when the request was made: a change since then
	// fails the run instead of acting on what nobody approved.
	ResourceType    string `json:"resourceType,omitempty" dynamo:"resourceType,omitempty"`
	ResourceID      string `json:"resourceId,omitempty" dynamo:"resourceId,omitempty"`
	ResourceVersion int    `json:"resourceVersion,omitempty" dynamo:"resourceVersion,omitempty"`
	// Permissions, Reason and DurationHours make an access request.
	Permissions   []string `json:"permissions,omitempty" dynamo:"permissions,omitempty"`
	Reason        string   `json:"reason,omitempty" dynamo:"reason,omitempty"`
	DurationHours int      `json:"durationHours,omitempty" dynamo:"durationHours,omitempty"`

	WorkflowID  string         `json:"workflowId" dynamo:"workflowId"`
	Steps       []WorkflowStep `json:"steps" dynamo:"steps"` // the workflow's steps when the request was made
	CurrentStep int            `json:"currentStep" dynamo:"currentStep"`
	// StepDeadline is when the current step expires the request.
	StepDeadline    time.Time          `json:"stepDeadline,omitzero" dynamo:"stepDeadline,omitempty"`
	Status          ApprovalStatus     `json:"status" dynamo:"status"`
	RequestedBy     string             `json:"requestedBy" dynamo:"requestedBy"`
	RequestedByName string             `json:"requestedByName" dynamo:"requestedByName"`
	History         []ApprovalDecision `json:"history" dynamo:"history"`
	// Executed is set once the held operation ran (or a grant was made):
	// the claim that makes it run once.
	Executed bool `json:"executed" dynamo:"executed"`
	// Result is the operation's outcome: its HTTP status and answer, or
	// the grant made.
	Result *ApprovalResult `json:"result,omitempty" dynamo:"result,omitempty"`
	Stamp
}

// ApprovalDecision is one entry of a request's history.
type ApprovalDecision struct {
	Step      int       `json:"step" dynamo:"step"`
	Decision  string    `json:"decision" dynamo:"decision"` // requested, approved, rejected, cancelled, expired, executed, failed
	Actor     string    `json:"actor" dynamo:"actor"`
	ActorName string    `json:"actorName" dynamo:"actorName"`
	Comment   string    `json:"comment,omitempty" dynamo:"comment,omitempty"`
	At        time.Time `json:"at" dynamo:"at"`
}

// ApprovalResult is what running an approved request did.
type ApprovalResult struct {
	Status  int    `json:"status" dynamo:"status"`
	Body    string `json:"body,omitempty" dynamo:"body,omitempty"`
	GrantID string `json:"grantId,omitempty" dynamo:"grantId,omitempty"`
}

// Grant is a set of permissions a user holds for a while, from an
// approved access request.
type Grant struct {
	ID          string     `json:"id" dynamo:"id"`
	WorkspaceID string     `json:"-" dynamo:"workspaceId"`
	UserID      string     `json:"userId" dynamo:"userId"`
	Username    string     `json:"username" dynamo:"username"`
	Permissions []string   `json:"permissions" dynamo:"permissions"`
	RequestID   string     `json:"requestId" dynamo:"requestId"`
	ExpiresAt   time.Time  `json:"expiresAt" dynamo:"expiresAt_"`
	RevokedAt   *time.Time `json:"revokedAt,omitempty" dynamo:"revokedAt,omitempty"`
	RevokedBy   string     `json:"revokedBy,omitempty" dynamo:"revokedBy,omitempty"`
	Stamp
}

// Active reports whether the grant holds at now.
func (g *Grant) Active(now time.Time) bool { return g.RevokedAt == nil && now.Before(g.ExpiresAt) }
