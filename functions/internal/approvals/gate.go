package approvals

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
)

// Hold stores a call a workflow covers as a pending request. users:update
// is held only when it raises the user's role.
func (s *Service) Hold(r *http.Request, rt httpapi.Route, body []byte) (*httpapi.Held, error) {
	if !slices.Contains(Gated, rt.Perm) {
		return nil, nil
	}
	ctx := r.Context()
	p := httpapi.PrincipalFrom(ctx)
	steps, wfID, err := s.stepsFor(ctx, p.WorkspaceID, rt.Perm)
	if err != nil || steps == nil {
		return nil, err
	}
	var fields struct {
		ID   string `json:"id"`
		Role string `json:"role"`
	}
	_ = json.Unmarshal(body, &fields) // the route decodes it strictly; here only what it acts on matters
	if rt.Perm == authz.UsersUpdate {
		raises, err := s.raisesRole(ctx, p.WorkspaceID, fields.ID, fields.Role)
		if err != nil || !raises {
			return nil, err
		}
	}
	if len(body) > maxPayloadSaved {
		return nil, domain.TooLarge("the call is too large to be held for approval")
	}
	req := s.newRequest(p, domain.ApprovalOperation, wfID, steps)
	req.Operation, req.Route, req.Payload = rt.Perm, rt.Key(), string(body)
	req.ResourceType, req.ResourceID = rt.Audit.ResourceType, fields.ID
	if req.ResourceVersion, err = s.versionOf(ctx, p.WorkspaceID, req.ResourceType, req.ResourceID); err != nil {
		return nil, err
	}
	if err := s.d.Store.CreateApproval(ctx, req); err != nil {
		return nil, err
	}
	s.audit(r, "approvals.requests.hold", "approval", req.ID, req)
	return &httpapi.Held{ApprovalRequestID: req.ID, Status: req.Status,
		Message: fmt.Sprintf("%s needs approval (%d steps): nothing was done yet; it runs on the last approval", rt.Perm, len(steps))}, nil
}

// raisesRole reports whether an update gives user id a higher role.
func (s *Service) raisesRole(ctx context.Context, ws, id, role string) (bool, error) {
	if role == "" || !domain.ValidID(id) {
		return false, nil
	}
	u, err := s.d.Store.GetUser(ctx, ws, id)
	if domain.Is(err, domain.KindNotFound) {
		return false, nil // the route answers 404
	}
	if err != nil {
		return false, err
	}
	was, err := rights.UserRank(ctx, s.d.Store, u)
	if err != nil {
		return false, err
	}
	next, err := rights.RolesRank(ctx, s.d.Store, ws, domain.Role(role))
	if err != nil {
		return false, err
	}
	return next > was, nil
}

// versionOf is the version of what a held call acts on, for the types
// whose change since the request must stop the run; 0: not checked (the
// call's own version field, when it has one, is checked by its route).
func (s *Service) versionOf(ctx context.Context, ws, resourceType, id string) (int, error) {
	if !domain.ValidID(id) {
		return 0, nil
	}
	var v int
	var err error
	switch resourceType {
	case "credential":
		var c *domain.Credential
		if c, err = s.d.Store.GetCredential(ctx, ws, id); err == nil {
			v = c.Version
		}
	case "user":
		var u *domain.User
		if u, err = s.d.Store.GetUser(ctx, ws, id); err == nil {
			v = u.Version
		}
	default:
		return 0, nil
	}
	if domain.Is(err, domain.KindNotFound) {
		return 0, nil // the route answers 404, now or at the run
	}
	return v, err
}

// Release lets the replay of an approved request through, once: the same
// route, body and requester, the thing it acts on unchanged. done records
// the outcome in the request's history.
func (s *Service) Release(r *http.Request, rt httpapi.Route, id string, body []byte) (func(int, []byte), error) {
	ctx := r.Context()
	p := httpapi.PrincipalFrom(ctx)
	if !domain.ValidID(id) {
		return nil, domain.Invalid(httpapi.ApprovalHeader, "not a request id")
	}
	req, err := s.d.Store.GetApproval(ctx, p.WorkspaceID, id)
	if domain.Is(err, domain.KindNotFound) {
		return nil, domain.NotFound("approval request")
	}
	switch {
	case err != nil:
		return nil, err
	case req.Kind != domain.ApprovalOperation || req.Route != rt.Key() || req.Payload != string(body) || req.RequestedBy != p.UserID:
		return nil, &domain.Error{Kind: domain.KindForbidden, Msg: "this call is not the one that was approved"}
	case req.Status != domain.ApprovalApproved:
		return nil, domain.Conflict(fmt.Sprintf("the request is %s, not approved", req.Status))
	case req.Executed:
		return nil, domain.Conflict("the approved operation already ran")
	}
	now, err := s.versionOf(ctx, p.WorkspaceID, req.ResourceType, req.ResourceID)
	if err != nil {
		return nil, err
	}
	if req.ResourceVersion != 0 && now != req.ResourceVersion {
		reason := fmt.Sprintf("the %s changed after the request was made (version %d then, %d now): nothing was done; make the request again",
			req.ResourceType, req.ResourceVersion, now)
		if _, err := s.fail(ctx, req, http.StatusConflict, reason); err != nil {
			return nil, err
		}
		return nil, domain.Conflict(reason)
	}
	req.Executed = true // the claim: the version makes it once
	if err := s.d.Store.SaveApproval(ctx, req); err != nil {
		return nil, err
	}
	return func(status int, answer []byte) {
		s.recordOutcome(context.WithoutCancel(ctx), req, status, answer)
	}, nil
}

// recordOutcome writes the run's result into the request, reading it
// again if someone saved it meanwhile.
func (s *Service) recordOutcome(ctx context.Context, req *domain.ApprovalRequest, status int, answer []byte) {
	decision, comment := "executed", fmt.Sprintf("done (%d)", status)
	if status >= 400 {
		decision, comment = "failed", summary(status, string(answer))
	}
	for range 3 {
		req.Result = &domain.ApprovalResult{Status: status, Body: truncate(string(answer))}
		req.History = append(req.History, domain.ApprovalDecision{Decision: decision, Actor: "system", ActorName: "approvals",
			Comment: comment, At: s.d.Now()})
		err := s.d.Store.SaveApproval(ctx, req)
		if err == nil || !domain.Is(err, domain.KindConflict) {
			return
		}
		cur, gerr := s.d.Store.GetApproval(ctx, req.WorkspaceID, req.ID)
		if gerr != nil {
			return
		}
		req = cur
	}
}
