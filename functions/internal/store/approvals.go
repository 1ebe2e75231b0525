package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Approval rows:
//
//	workflow PK WS#<ws>#WORKFLOW  SK WORKFLOW#<id>
//	request  PK WS#<ws>#APPROVAL  SK APPROVAL#<id>
//	         GSI1 WS#<ws>#APPROVALBY#<requester> / APPROVAL#<id>     (mine)
//	         GSI2 APPROVALDUE / <deadline>#<ws>#<id>                 (pending, by step deadline)
//	grant    PK WS#<ws>#GRANT     SK GRANT#<id>
//	         GSI1 WS#<ws>#GRANTOF#<user> / GRANT#<id>                (a user's grants)
//
// A request moves between states only with conditional writes on its
// version, so two approvers of one step, an approval racing the expiry,
// or two runs of the approved operation never both win.
type workflowItem struct {
	Meta
	domain.Workflow
}

type approvalItem struct {
	Meta
	domain.ApprovalRequest
}

type grantItem struct {
	Meta
	domain.Grant
}

const approvalDuePK = "APPROVALDUE"

func workflowPK(ws string) string { return "WS#" + ws + "#WORKFLOW" }
func approvalPK(ws string) string { return "WS#" + ws + "#APPROVAL" }
func grantPK(ws string) string    { return "WS#" + ws + "#GRANT" }

// CreateWorkflow stores a new workflow.
func (s *Store) CreateWorkflow(ctx context.Context, w *domain.Workflow) error {
	it := &workflowItem{Meta: Meta{PK: workflowPK(w.WorkspaceID), SK: "WORKFLOW#" + w.ID, Type: "workflow"}, Workflow: *w}
	if err := s.create(ctx, it, ""); err != nil {
		return fmt.Errorf("create workflow: %w", err)
	}
	*w = it.Workflow
	return nil
}

// GetWorkflow reads a workflow.
func (s *Store) GetWorkflow(ctx context.Context, ws, id string) (*domain.Workflow, error) {
	var it workflowItem
	if err := s.get(ctx, workflowPK(ws), "WORKFLOW#"+id, "workflow", &it); err != nil {
		return nil, err
	}
	return &it.Workflow, nil
}

// ListWorkflows lists a workspace's workflows, oldest first (a handful).
func (s *Store) ListWorkflows(ctx context.Context, ws string) ([]domain.Workflow, error) {
	items, err := all[workflowItem](ctx, s, query{pk: workflowPK(ws), skPrefix: "WORKFLOW#"})
	if err != nil {
		return nil, fmt.Errorf("list workflows: %w", err)
	}
	out := make([]domain.Workflow, 0, len(items))
	for _, it := range items {
		out = append(out, it.Workflow)
	}
	return out, nil
}

// UpdateWorkflow writes a workflow if its version is still the one read.
func (s *Store) UpdateWorkflow(ctx context.Context, w *domain.Workflow) error {
	it := &workflowItem{Meta: Meta{PK: workflowPK(w.WorkspaceID), SK: "WORKFLOW#" + w.ID, Type: "workflow"}, Workflow: *w}
	if err := s.update(ctx, it, "", nil, nil); err != nil {
		return err
	}
	*w = it.Workflow
	return nil
}

// DeleteWorkflow removes a workflow. Requests made under it keep their
// copy of its steps.
func (s *Store) DeleteWorkflow(ctx context.Context, ws, id string) error {
	if err := s.remove(ctx, workflowPK(ws), "WORKFLOW#"+id); err != nil {
		if domain.Is(err, domain.KindNotFound) {
			return domain.NotFound("workflow")
		}
		return err
	}
	return nil
}

func newApprovalItem(r *domain.ApprovalRequest) *approvalItem {
	it := &approvalItem{Meta: Meta{PK: approvalPK(r.WorkspaceID), SK: "APPROVAL#" + r.ID, Type: "approval",
		GSI1PK: "WS#" + r.WorkspaceID + "#APPROVALBY#" + r.RequestedBy, GSI1SK: "APPROVAL#" + r.ID}, ApprovalRequest: *r}
	if r.Status == domain.ApprovalPending && !r.StepDeadline.IsZero() {
		it.GSI2PK = approvalDuePK
		it.GSI2SK = r.StepDeadline.UTC().Format(dueTimeFormat) + "#" + r.WorkspaceID + "#" + r.ID
	}
	return it
}

// CreateApproval stores a new request.
func (s *Store) CreateApproval(ctx context.Context, r *domain.ApprovalRequest) error {
	it := newApprovalItem(r)
	if err := s.create(ctx, it, ""); err != nil {
		return fmt.Errorf("create approval request: %w", err)
	}
	*r = it.ApprovalRequest
	return nil
}

// GetApproval reads a request.
func (s *Store) GetApproval(ctx context.Context, ws, id string) (*domain.ApprovalRequest, error) {
	var it approvalItem
	if err := s.get(ctx, approvalPK(ws), "APPROVAL#"+id, "approval", &it); err != nil {
		return nil, err
	}
	return &it.ApprovalRequest, nil
}

// SaveApproval writes a request's new state if its version is still the
// one read (r.Version); a pending request stays in the due index under its
// current step's deadline, any other leaves it.
func (s *Store) SaveApproval(ctx context.Context, r *domain.ApprovalRequest) error {
	it := newApprovalItem(r)
	if err := s.update(ctx, it, "", nil, nil); err != nil {
		return err
	}
	*r = it.ApprovalRequest
	return nil
}

// ApprovalFilter narrows the request list.
type ApprovalFilter struct {
	RequestedBy string // mine
	Status      domain.ApprovalStatus
}

// ListApprovals lists requests newest first.
func (s *Store) ListApprovals(ctx context.Context, ws string, f ApprovalFilter, p Page) (Listed[domain.ApprovalRequest], error) {
	q := query{pk: approvalPK(ws), skPrefix: "APPROVAL#", newest: true}
	if f.RequestedBy != "" {
		q = query{index: GSI1, pk: "WS#" + ws + "#APPROVALBY#" + f.RequestedBy, newest: true}
	}
	if f.Status != "" {
		q.filters = append(q.filters, filter{"$ = ?", []any{"status", f.Status}})
	}
	items, err := list[approvalItem](ctx, s, q, p)
	if err != nil {
		return Listed[domain.ApprovalRequest]{}, fmt.Errorf("list approval requests: %w", err)
	}
	return mapListed(items, func(it approvalItem) domain.ApprovalRequest { return it.ApprovalRequest }), nil
}

// PendingApprovals lists a workspace's pending requests (the inbox is
// computed from them: a workspace has few at a time).
func (s *Store) PendingApprovals(ctx context.Context, ws string) ([]domain.ApprovalRequest, error) {
	items, err := all[approvalItem](ctx, s, query{pk: approvalPK(ws), skPrefix: "APPROVAL#",
		filters: []filter{{"$ = ?", []any{"status", domain.ApprovalPending}}}})
	if err != nil {
		return nil, fmt.Errorf("pending approval requests: %w", err)
	}
	out := make([]domain.ApprovalRequest, 0, len(items))
	for _, it := range items {
		out = append(out, it.ApprovalRequest)
	}
	return out, nil
}

// OverdueApprovals lists the pending requests of every workspace whose
// current step's deadline is at or before now.
func (s *Store) OverdueApprovals(ctx context.Context, now time.Time) ([]domain.ApprovalRequest, error) {
	var items []approvalItem
	err := s.table.Get("GSI2PK", approvalDuePK).Index(GSI2).
		Range("GSI2SK", dynamo.LessOrEqual, now.UTC().Format(dueTimeFormat)+"#~").All(ctx, &items)
	if err != nil {
		return nil, fmt.Errorf("overdue approval requests: %w", err)
	}
	out := make([]domain.ApprovalRequest, 0, len(items))
	for _, it := range items {
		out = append(out, it.ApprovalRequest)
	}
	return out, nil
}

// grantKeep is how long a grant's row stays after it ends, for the list.
const grantKeep = 30 * 24 * time.Hour

func newGrantItem(g *domain.Grant) *grantItem {
	return &grantItem{Meta: Meta{PK: grantPK(g.WorkspaceID), SK: "GRANT#" + g.ID, Type: "grant",
		GSI1PK: "WS#" + g.WorkspaceID + "#GRANTOF#" + g.UserID, GSI1SK: "GRANT#" + g.ID,
		ExpiresAt: g.ExpiresAt.Add(grantKeep).Unix()}, Grant: *g}
}

// CreateGrant stores a grant.
func (s *Store) CreateGrant(ctx context.Context, g *domain.Grant) error {
	it := newGrantItem(g)
	if err := s.create(ctx, it, ""); err != nil {
		return fmt.Errorf("create grant: %w", err)
	}
	*g = it.Grant
	return nil
}

// GetGrant reads a grant.
func (s *Store) GetGrant(ctx context.Context, ws, id string) (*domain.Grant, error) {
	var it grantItem
	if err := s.get(ctx, grantPK(ws), "GRANT#"+id, "grant", &it); err != nil {
		return nil, err
	}
	return &it.Grant, nil
}

// ListGrants lists a workspace's grants, newest first.
func (s *Store) ListGrants(ctx context.Context, ws string, p Page) (Listed[domain.Grant], error) {
	items, err := list[grantItem](ctx, s, query{pk: grantPK(ws), skPrefix: "GRANT#", newest: true}, p)
	if err != nil {
		return Listed[domain.Grant]{}, fmt.Errorf("list grants: %w", err)
	}
	return mapListed(items, func(it grantItem) domain.Grant { return it.Grant }), nil
}

// ActiveGrants are a user's grants that hold at now.
func (s *Store) ActiveGrants(ctx context.Context, ws, userID string, now time.Time) ([]domain.Grant, error) {
	items, err := all[grantItem](ctx, s, query{index: GSI1, pk: "WS#" + ws + "#GRANTOF#" + userID})
	if err != nil {
		return nil, fmt.Errorf("grants of %s: %w", userID, err)
	}
	var out []domain.Grant
	for _, it := range items {
		if it.Active(now) {
			out = append(out, it.Grant)
		}
	}
	return out, nil
}

// RevokeGrant ends a grant now.
func (s *Store) RevokeGrant(ctx context.Context, ws, id, by string, at time.Time) (*domain.Grant, error) {
	var it grantItem
	err := s.table.Update("PK", grantPK(ws)).Range("SK", "GRANT#"+id).Set("revokedAt", at.UTC()).Set("revokedBy", by).
		If("attribute_exists(PK) AND attribute_not_exists(revokedAt)").Value(ctx, &it)
	if dynamo.IsCondCheckFailed(err) {
		if _, gerr := s.GetGrant(ctx, ws, id); gerr != nil {
			return nil, gerr
		}
		return nil, domain.Conflict("the grant was already revoked")
	}
	if err != nil {
		return nil, fmt.Errorf("revoke grant %s: %w", id, err)
	}
	return &it.Grant, nil
}
