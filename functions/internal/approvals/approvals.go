// Package approvals is a team's second pair of eyes (seeds 002 and 004):
// workflows that hold sensitive operations until the approvers of each
// step agree, access requests that grant permissions for a while, and
// the grants that end by themselves.
//
// A held operation is the API call itself: the mux asks the Gate after
// the caller's permission check, and the Gate stores the call (route,
// body, what it acts on and that thing's version) as a request and
// answers 202. On the last approval the call is replayed through the
// route's own function (Executor: in process locally, a synchronous
// Lambda invoke of the function that serves the route in AWS) with the
// approval's id; there the mux checks the requester's rights as they are
// now, and the Gate releases the call once, after checking that what it
// acts on has not changed, and records its outcome in the request's
// history. So an approved operation runs exactly as the requester's own
// call would have, once, or fails with the reason.
package approvals

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// Store is what approvals need of the table (*store.Store).
type Store interface {
	GetRole(ctx context.Context, ws string, role domain.Role) (*domain.RolePermissions, error)
	CreateWorkflow(ctx context.Context, w *domain.Workflow) error
	GetWorkflow(ctx context.Context, ws, id string) (*domain.Workflow, error)
	ListWorkflows(ctx context.Context, ws string) ([]domain.Workflow, error)
	UpdateWorkflow(ctx context.Context, w *domain.Workflow) error
	DeleteWorkflow(ctx context.Context, ws, id string) error
	CreateApproval(ctx context.Context, r *domain.ApprovalRequest) error
	GetApproval(ctx context.Context, ws, id string) (*domain.ApprovalRequest, error)
	SaveApproval(ctx context.Context, r *domain.ApprovalRequest) error
	ListApprovals(ctx context.Context, ws string, f store.ApprovalFilter, p store.Page) (store.Listed[domain.ApprovalRequest], error)
	PendingApprovals(ctx context.Context, ws string) ([]domain.ApprovalRequest, error)
	OverdueApprovals(ctx context.Context, now time.Time) ([]domain.ApprovalRequest, error)
	CreateGrant(ctx context.Context, g *domain.Grant) error
	ListGrants(ctx context.Context, ws string, p store.Page) (store.Listed[domain.Grant], error)
	RevokeGrant(ctx context.Context, ws, id, by string, at time.Time) (*domain.Grant, error)
	GetUser(ctx context.Context, ws, id string) (*domain.User, error)
	GetCredential(ctx context.Context, ws, id string) (*domain.Credential, error)
}

var _ Store = (*store.Store)(nil)

// Executor replays an approved call through the function that serves its
// route, as the requester, with the approval's id in ApprovalHeader.
type Executor interface {
	Execute(ctx context.Context, req *domain.ApprovalRequest, rt httpapi.Route, p *httpapi.Principal) (status int, answer []byte, err error)
}

// Deps are what the service needs; Now defaults to the clock.
type Deps struct {
	Store    Store
	Auditor  httpapi.Auditor
	Executor Executor
	// Routes is the whole route table: a held call is replayed by the
	// function that serves its route.
	Routes []httpapi.Route
	Now    func() time.Time
}

// Service serves the approval routes and is the mux's Gate.
type Service struct {
	d Deps
}

// WithRoutes sets the route table the held calls are found in (it holds
// the service's own routes, so it is made after the service).
func (s *Service) WithRoutes(routes []httpapi.Route) *Service {
	s.d.Routes = routes
	return s
}

// New builds the service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = func() time.Time { return time.Now().UTC() }
	}
	return &Service{d: d}
}

var _ httpapi.Gate = (*Service)(nil)

// Gated are the operations a workflow may hold: the sensitive ones of
// seed 004. AccessOperation names access requests in a workflow.
var Gated = []string{authz.CredentialsDelete, authz.UsersUpdate, authz.WorkersPurge, authz.BaseRoleUpdate,
	authz.RolesUpdate, authz.UsersDelete, authz.TasksDelete, authz.ReportsDelete, AccessOperation}

// AccessOperation is the workflow operation that governs access requests.
const AccessOperation = "access:request"

// defaultAccessSteps approve an access request when no workflow names
// AccessOperation: an administrator, within a day.
var defaultAccessSteps = []domain.WorkflowStep{{Order: 1, ApproverRole: string(domain.RoleAdmin), TimeoutMinutes: 24 * 60}}

// Limits.
const (
	maxSteps        = 5
	maxTimeout      = 7 * 24 * 60 // minutes
	maxAccessHours  = 7 * 24
	maxComment      = 1000
	maxPayloadSaved = 64 << 10
)

// Routes are the approval routes, each with its handler.
func (s *Service) Routes() []httpapi.Route {
	return []httpapi.Route{
		{Method: "GET", Path: "/api/approvals/workflows", Perm: authz.ApprovalsRead, Summary: "Approval workflows and the operations they hold",
			Reply: Workflows{}, Handler: s.listWorkflows},
		{Method: "POST", Path: "/api/approvals/workflows/create", Perm: authz.ApprovalsConfigure, Summary: "Create a workflow: operations and ordered approval steps",
			Body: WorkflowBody{}, Reply: domain.Workflow{}, Status: 201, Audit: httpapi.Audited("approvals.workflows.create", "workflow"), Handler: s.createWorkflow},
		{Method: "POST", Path: "/api/approvals/workflows/update", Perm: authz.ApprovalsConfigure, Summary: "Change a workflow (requests already made keep their steps)",
			Body: WorkflowUpdate{}, Reply: domain.Workflow{}, Audit: httpapi.Audited("approvals.workflows.update", "workflow"), Handler: s.updateWorkflow},
		{Method: "POST", Path: "/api/approvals/workflows/delete", Perm: authz.ApprovalsConfigure, Summary: "Delete a workflow",
			Body: httpapi.IDBody{}, Status: 204, Audit: httpapi.Audited("approvals.workflows.delete", "workflow"), Handler: s.deleteWorkflow},
		{Method: "GET", Path: "/api/approvals/requests", Perm: authz.ApprovalsRead, Summary: "Approval requests: mine, awaiting me, or all (administrators)",
			Query: httpapi.WithPage(httpapi.Param{Name: "filter", Desc: "mine (default), awaiting, all"}, httpapi.Param{Name: "status"}),
			Reply: httpapi.List[domain.ApprovalRequest]{}, Handler: s.listRequests},
		{Method: "GET", Path: "/api/approvals/requests/detail", Perm: authz.ApprovalsRead, Summary: "One request with its history",
			Query: httpapi.IDParam, Reply: domain.ApprovalRequest{}, Handler: s.detail},
		{Method: "POST", Path: "/api/approvals/requests/create", Perm: authz.ApprovalsRequest, Summary: "Request permissions for a while (kind access)",
			Body: AccessBody{}, Reply: domain.ApprovalRequest{}, Status: 201, Audit: httpapi.Audited("approvals.requests.create", "approval"), Handler: s.requestAccess},
		{Method: "POST", Path: "/api/approvals/requests/approve", Perm: authz.ApprovalsRead, Summary: "Approve the current step; the last approval runs the operation or grants the access",
			Body: DecisionBody{}, Reply: domain.ApprovalRequest{}, Audit: httpapi.Audited("approvals.requests.approve", "approval"), Handler: s.approve},
		{Method: "POST", Path: "/api/approvals/requests/reject", Perm: authz.ApprovalsRead, Summary: "Reject a request: nothing is done",
			Body: DecisionBody{}, Reply: domain.ApprovalRequest{}, Audit: httpapi.Audited("approvals.requests.reject", "approval"), Handler: s.reject},
		{Method: "POST", Path: "/api/approvals/requests/cancel", Perm: authz.ApprovalsRead, Summary: "Withdraw one's own pending request",
			Body: DecisionBody{}, Reply: domain.ApprovalRequest{}, Audit: httpapi.Audited("approvals.requests.cancel", "approval"), Handler: s.cancel},
		{Method: "GET", Path: "/api/approvals/grants", Perm: authz.ApprovalsConfigure, Summary: "Temporary grants, newest first",
			Query: httpapi.WithPage(), Reply: httpapi.List[domain.Grant]{}, Handler: s.listGrants},
		{Method: "POST", Path: "/api/approvals/grants/revoke", Perm: authz.ApprovalsConfigure, Summary: "End a grant now",
			Body: httpapi.IDBody{}, Reply: domain.Grant{}, Audit: httpapi.Audited("approvals.grants.revoke", "grant"), Handler: s.revokeGrant},
	}
}

// Workflows lists the workflows and the operations one may hold.
type Workflows struct {
	Workflows  []domain.Workflow `json:"workflows"`
	Operations []string          `json:"operations"`
}

// WorkflowBody is a new workflow.
type WorkflowBody struct {
	Name       string                `json:"name"`
	Operations []string              `json:"operations"`
	Steps      []domain.WorkflowStep `json:"steps"`
}

// WorkflowUpdate replaces a workflow; Version is the one read.
type WorkflowUpdate struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	WorkflowBody
}

// AccessBody asks for permissions for a while.
type AccessBody struct {
	Kind          string   `json:"kind"` // access
	Permissions   []string `json:"permissions"`
	Reason        string   `json:"reason"`
	DurationHours int      `json:"durationHours"`
}

// DecisionBody approves, rejects or cancels a request.
type DecisionBody struct {
	ID      string `json:"id"`
	Comment string `json:"comment,omitempty"`
}

// findRoute is the route of a held request.
func (s *Service) findRoute(key string) (httpapi.Route, bool) {
	i := slices.IndexFunc(s.d.Routes, func(r httpapi.Route) bool { return r.Key() == key })
	if i < 0 {
		return httpapi.Route{}, false
	}
	return s.d.Routes[i], true
}

// audit records an action of the service outside a route's own entry.
func (s *Service) audit(r *http.Request, action, resourceType, id string, after any) {
	if s.d.Auditor != nil {
		_ = s.d.Auditor.Record(r, httpapi.AuditEvent{Action: action, ResourceType: resourceType, ResourceID: id, After: after}, nil)
	}
}
