package approvals

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// eligible says whether p may decide the current step of req, and if not
// why: nobody decides their own request, and a step is for its role or
// its user.
func eligible(p *httpapi.Principal, req *domain.ApprovalRequest) error {
	if req.RequestedBy == p.UserID {
		return &domain.Error{Kind: domain.KindForbidden, Msg: "nobody approves or rejects their own request"}
	}
	if req.CurrentStep >= len(req.Steps) {
		return domain.Conflict("the request has no step left to decide")
	}
	st := req.Steps[req.CurrentStep]
	if (st.ApproverUserID != "" && st.ApproverUserID == p.UserID) || p.HasRole(st.ApproverRole) {
		return nil
	}
	who := "the role " + st.ApproverRole
	if st.ApproverUserID != "" {
		who = "a named user"
	}
	return &domain.Error{Kind: domain.KindForbidden, Msg: fmt.Sprintf("step %d of this request is for %s", st.Order, who)}
}

// visible is a request p may see: its own, one whose steps name p (by
// role or as the user), one p decided, or any with approvals:configure.
func visible(p *httpapi.Principal, req *domain.ApprovalRequest) bool {
	if req.RequestedBy == p.UserID || p.Can(authz.ApprovalsConfigure) {
		return true
	}
	if slices.ContainsFunc(req.Steps, func(st domain.WorkflowStep) bool {
		return st.ApproverUserID == p.UserID || p.HasRole(st.ApproverRole)
	}) {
		return true
	}
	return slices.ContainsFunc(req.History, func(d domain.ApprovalDecision) bool { return d.Actor == p.UserID })
}

func (s *Service) request(r *http.Request, id string) (*domain.ApprovalRequest, error) {
	if !domain.ValidID(id) {
		return nil, domain.Invalid("id", "not a request id")
	}
	p := httpapi.PrincipalFrom(r.Context())
	req, err := s.d.Store.GetApproval(r.Context(), p.WorkspaceID, id)
	if domain.Is(err, domain.KindNotFound) || (err == nil && !visible(p, req)) {
		return nil, domain.NotFound("approval request")
	}
	return req, err
}

func (s *Service) listRequests(w http.ResponseWriter, r *http.Request) error {
	p := httpapi.PrincipalFrom(r.Context())
	q := r.URL.Query()
	status := domain.ApprovalStatus(q.Get("status"))
	if status != "" && !slices.Contains(status.EnumValues(), string(status)) {
		return domain.Invalidf("status", "one of %s", strings.Join(status.EnumValues(), ", "))
	}
	switch filter := q.Get("filter"); filter {
	case "", "mine":
		return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.ApprovalRequest], error) {
			return s.d.Store.ListApprovals(r.Context(), p.WorkspaceID, store.ApprovalFilter{RequestedBy: p.UserID, Status: status}, page)
		})
	case "all":
		if !p.Can(authz.ApprovalsConfigure) {
			return domain.Forbidden(authz.ApprovalsConfigure)
		}
		return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.ApprovalRequest], error) {
			return s.d.Store.ListApprovals(r.Context(), p.WorkspaceID, store.ApprovalFilter{Status: status}, page)
		})
	case "awaiting":
		pending, err := s.d.Store.PendingApprovals(r.Context(), p.WorkspaceID)
		if err != nil {
			return err
		}
		out := []domain.ApprovalRequest{}
		for i := range pending {
			if eligible(p, &pending[i]) == nil {
				out = append(out, pending[i])
			}
		}
		slices.SortFunc(out, func(a, b domain.ApprovalRequest) int { return strings.Compare(b.ID, a.ID) })
		return httpapi.JSON(w, http.StatusOK, httpapi.NewList(domain.Listed[domain.ApprovalRequest]{Items: out, Total: len(out)},
			domain.Page{Number: 1, Size: max(len(out), 1)}))
	default:
		return domain.Invalid("filter", "one of mine, awaiting, all")
	}
}

func (s *Service) detail(w http.ResponseWriter, r *http.Request) error {
	req, err := s.request(r, r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, req)
}

// requestAccess files an access request (the 403's apply link leads here):
// permissions the caller lacks, for at most a week, approved by the
// workflow that holds AccessOperation or else by an administrator.
func (s *Service) requestAccess(w http.ResponseWriter, r *http.Request) error {
	var b AccessBody
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	p := httpapi.PrincipalFrom(r.Context())
	b.Reason = strings.TrimSpace(b.Reason)
	switch {
	case b.Kind != domain.ApprovalAccess:
		return domain.Invalid("kind", `must be "access" (operations are held by their own routes)`)
	case len(b.Permissions) == 0:
		return domain.Invalid("permissions", "name at least one permission")
	case b.Reason == "" || len([]rune(b.Reason)) > maxComment:
		return domain.Invalidf("reason", "say why, in at most %d characters", maxComment)
	case b.DurationHours < 1 || b.DurationHours > maxAccessHours:
		return domain.Invalidf("durationHours", "between 1 and %d hours", maxAccessHours)
	}
	if k, ok := authz.Known(b.Permissions); !ok {
		return domain.Invalidf("permissions", "%q is not a permission", k)
	}
	for _, perm := range b.Permissions {
		if p.Can(perm) {
			return domain.Invalidf("permissions", "you already hold %s", perm)
		}
		if perm == authz.ApprovalsConfigure || perm == authz.RolesUpdate {
			return domain.Invalidf("permissions", "%s cannot be granted for a while: it changes who approves", perm)
		}
	}
	steps, wfID, err := s.stepsFor(r.Context(), p.WorkspaceID, AccessOperation)
	if err != nil {
		return err
	}
	if steps == nil {
		steps = defaultAccessSteps
	}
	req := s.newRequest(p, domain.ApprovalAccess, wfID, steps)
	req.Permissions, req.Reason, req.DurationHours = slices.Clone(b.Permissions), b.Reason, b.DurationHours
	if err := s.d.Store.CreateApproval(r.Context(), req); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID, ev.After = req.ID, req
	return httpapi.JSON(w, http.StatusCreated, req)
}

// stepsFor finds the workflow that holds op, if any.
func (s *Service) stepsFor(ctx context.Context, ws, op string) ([]domain.WorkflowStep, string, error) {
	wfs, err := s.d.Store.ListWorkflows(ctx, ws)
	if err != nil {
		return nil, "", err
	}
	for _, wf := range wfs {
		if slices.Contains(wf.Operations, op) {
			return wf.Steps, wf.ID, nil
		}
	}
	return nil, "", nil
}

func (s *Service) newRequest(p *httpapi.Principal, kind, workflowID string, steps []domain.WorkflowStep) *domain.ApprovalRequest {
	now := s.d.Now()
	return &domain.ApprovalRequest{ID: domain.NewID(), WorkspaceID: p.WorkspaceID, Kind: kind, WorkflowID: workflowID,
		Steps: slices.Clone(steps), StepDeadline: now.Add(time.Duration(steps[0].TimeoutMinutes) * time.Minute),
		Status: domain.ApprovalPending, RequestedBy: p.UserID, RequestedByName: p.Username,
		History: []domain.ApprovalDecision{{Step: 0, Decision: "requested", Actor: p.UserID, ActorName: p.Username, At: now}}}
}

func (s *Service) decision(r *http.Request) (DecisionBody, *domain.ApprovalRequest, error) {
	var b DecisionBody
	if err := httpapi.Decode(r, &b); err != nil {
		return b, nil, err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = b.ID
	b.Comment = strings.TrimSpace(b.Comment)
	if len([]rune(b.Comment)) > maxComment {
		return b, nil, domain.Invalidf("comment", "at most %d characters", maxComment)
	}
	req, err := s.request(r, b.ID)
	if err != nil {
		return b, nil, err
	}
	if req.Status != domain.ApprovalPending {
		return b, nil, domain.Conflict(fmt.Sprintf("the request is %s: there is nothing left to decide", req.Status))
	}
	if !req.StepDeadline.IsZero() && !s.d.Now().Before(req.StepDeadline) {
		s.expire(r.Context(), req)
		return b, nil, domain.Conflict("the request expired: its step was not decided in time")
	}
	return b, req, nil
}

func (s *Service) approve(w http.ResponseWriter, r *http.Request) error {
	b, req, err := s.decision(r)
	if err != nil {
		return err
	}
	p := httpapi.PrincipalFrom(r.Context())
	if err := eligible(p, req); err != nil {
		return err
	}
	now := s.d.Now()
	req.History = append(req.History, domain.ApprovalDecision{Step: req.Steps[req.CurrentStep].Order, Decision: "approved",
		Actor: p.UserID, ActorName: p.Username, Comment: b.Comment, At: now})
	last := req.CurrentStep == len(req.Steps)-1
	if last {
		req.Status, req.StepDeadline = domain.ApprovalApproved, time.Time{}
	} else {
		req.CurrentStep++
		req.StepDeadline = now.Add(time.Duration(req.Steps[req.CurrentStep].TimeoutMinutes) * time.Minute)
	}
	// The version makes one of two approvers of a step win.
	if err := s.d.Store.SaveApproval(r.Context(), req); err != nil {
		return err
	}
	if last {
		if req, err = s.run(r.Context(), req); err != nil {
			return err
		}
	}
	httpapi.AuditOf(r).After = req
	return httpapi.JSON(w, http.StatusOK, req)
}

func (s *Service) reject(w http.ResponseWriter, r *http.Request) error {
	b, req, err := s.decision(r)
	if err != nil {
		return err
	}
	p := httpapi.PrincipalFrom(r.Context())
	if err := eligible(p, req); err != nil {
		return err
	}
	return s.end(w, r, req, domain.ApprovalRejected, "rejected", b.Comment)
}

func (s *Service) cancel(w http.ResponseWriter, r *http.Request) error {
	b, req, err := s.decision(r)
	if err != nil {
		return err
	}
	if req.RequestedBy != httpapi.PrincipalFrom(r.Context()).UserID {
		return &domain.Error{Kind: domain.KindForbidden, Msg: "only the one who made a request may cancel it"}
	}
	return s.end(w, r, req, domain.ApprovalCancelled, "cancelled", b.Comment)
}

// end closes a pending request without running anything.
func (s *Service) end(w http.ResponseWriter, r *http.Request, req *domain.ApprovalRequest, status domain.ApprovalStatus, decision, comment string) error {
	p := httpapi.PrincipalFrom(r.Context())
	step := 0
	if req.CurrentStep < len(req.Steps) {
		step = req.Steps[req.CurrentStep].Order
	}
	req.Status, req.StepDeadline = status, time.Time{}
	req.History = append(req.History, domain.ApprovalDecision{Step: step, Decision: decision, Actor: p.UserID, ActorName: p.Username,
		Comment: comment, At: s.d.Now()})
	if err := s.d.Store.SaveApproval(r.Context(), req); err != nil {
		return err
	}
	httpapi.AuditOf(r).After = req
	return httpapi.JSON(w, http.StatusOK, req)
}

// run carries out an approved request: grants the access, or replays the
// held call (whose release records its outcome). A replay that never
// reached the release (the requester lost the permission, the route
// refused the body) is recorded as failed here, so it never runs later.
func (s *Service) run(ctx context.Context, req *domain.ApprovalRequest) (*domain.ApprovalRequest, error) {
	if req.Kind == domain.ApprovalAccess {
		return s.grant(ctx, req)
	}
	rt, ok := s.findRoute(req.Route)
	if !ok {
		return s.fail(ctx, req, http.StatusNotFound, "the route "+req.Route+" no longer exists")
	}
	status, answer, err := s.d.Executor.Execute(ctx, req, rt, &httpapi.Principal{UserID: req.RequestedBy, Username: req.RequestedByName, WorkspaceID: req.WorkspaceID})
	if err != nil {
		return s.fail(ctx, req, http.StatusBadGateway, "the operation could not be started: "+err.Error())
	}
	cur, err := s.d.Store.GetApproval(ctx, req.WorkspaceID, req.ID)
	if err != nil {
		return nil, err
	}
	if !cur.Executed {
		return s.fail(ctx, cur, status, string(answer))
	}
	return cur, nil
}

// fail records that an approved request did not run, and marks it run so
// it never does.
func (s *Service) fail(ctx context.Context, req *domain.ApprovalRequest, status int, reason string) (*domain.ApprovalRequest, error) {
	return s.settle(ctx, req, &domain.ApprovalResult{Status: status, Body: truncate(reason)}, "failed", summary(status, reason), s.d.Now())
}

// settle marks an approved request run (so it never runs again) with its
// result and the system's entry in its history, and saves it.
func (s *Service) settle(ctx context.Context, req *domain.ApprovalRequest, result *domain.ApprovalResult, decision, comment string, at time.Time) (*domain.ApprovalRequest, error) {
	req.Executed, req.Result = true, result
	req.History = append(req.History, domain.ApprovalDecision{Decision: decision, Actor: "system", ActorName: "approvals", Comment: comment, At: at})
	if err := s.d.Store.SaveApproval(ctx, req); err != nil {
		return nil, err
	}
	return req, nil
}

// grant makes the grant of an approved access request: its id is the
// request's, so a retried run makes it once.
func (s *Service) grant(ctx context.Context, req *domain.ApprovalRequest) (*domain.ApprovalRequest, error) {
	now := s.d.Now()
	g := &domain.Grant{ID: req.ID, WorkspaceID: req.WorkspaceID, UserID: req.RequestedBy, Username: req.RequestedByName,
		Permissions: req.Permissions, RequestID: req.ID, ExpiresAt: now.Add(time.Duration(req.DurationHours) * time.Hour)}
	if err := s.d.Store.CreateGrant(ctx, g); err != nil && !domain.Is(err, domain.KindConflict) {
		return nil, err
	}
	return s.settle(ctx, req, &domain.ApprovalResult{Status: http.StatusCreated, GrantID: g.ID}, "executed",
		fmt.Sprintf("granted %s until %s", strings.Join(req.Permissions, ", "), g.ExpiresAt.Format(time.RFC3339)), now)
}

func (s *Service) listGrants(w http.ResponseWriter, r *http.Request) error {
	ws := httpapi.PrincipalFrom(r.Context()).WorkspaceID
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.Grant], error) {
		return s.d.Store.ListGrants(r.Context(), ws, page)
	})
}

func (s *Service) revokeGrant(w http.ResponseWriter, r *http.Request) error {
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	p := httpapi.PrincipalFrom(r.Context())
	g, err := s.d.Store.RevokeGrant(r.Context(), p.WorkspaceID, id, p.UserID, s.d.Now())
	if domain.Is(err, domain.KindNotFound) {
		return domain.NotFound("grant")
	}
	if err != nil {
		return err
	}
	ev.After = g
	return httpapi.JSON(w, http.StatusOK, g)
}

// truncate keeps a recorded answer small.
func truncate(s string) string {
	if len(s) > 2048 {
		return s[:2048] + "…"
	}
	return s
}

// summary is a failure in words for the history.
func summary(status int, reason string) string {
	return fmt.Sprintf("not done (%d): %s", status, truncate(reason))
}
