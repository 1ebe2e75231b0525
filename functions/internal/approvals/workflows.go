package approvals

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

func (s *Service) listWorkflows(w http.ResponseWriter, r *http.Request) error {
	wfs, err := s.d.Store.ListWorkflows(r.Context(), httpapi.PrincipalFrom(r.Context()).WorkspaceID)
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, Workflows{Workflows: wfs, Operations: Gated})
}

// check validates a workflow's name, operations and steps, naming the
// field at fault. An operation may be held by one workflow only: which
// steps apply must never be a matter of order.
func (s *Service) check(r *http.Request, b WorkflowBody, self string) (WorkflowBody, error) {
	b.Name = strings.TrimSpace(b.Name)
	if err := domain.ValidateName(b.Name); err != nil {
		return b, err
	}
	if len(b.Operations) == 0 {
		return b, domain.Invalid("operations", "name at least one operation")
	}
	others, err := s.d.Store.ListWorkflows(r.Context(), httpapi.PrincipalFrom(r.Context()).WorkspaceID)
	if err != nil {
		return b, err
	}
	for i, op := range b.Operations {
		if !slices.Contains(Gated, op) {
			return b, domain.Invalidf(fmt.Sprintf("operations[%d]", i), "%q cannot be held; these can: %s", op, strings.Join(Gated, ", "))
		}
		for _, o := range others {
			if o.ID != self && slices.Contains(o.Operations, op) {
				return b, domain.Invalidf(fmt.Sprintf("operations[%d]", i), "%s is already held by the workflow %q", op, o.Name)
			}
		}
	}
	switch {
	case len(b.Steps) == 0:
		return b, domain.Invalid("steps", "name at least one approval step")
	case len(b.Steps) > maxSteps:
		return b, domain.Invalidf("steps", "at most %d steps", maxSteps)
	}
	slices.SortStableFunc(b.Steps, func(x, y domain.WorkflowStep) int { return x.Order - y.Order })
	for i := range b.Steps {
		st := &b.Steps[i]
		field := fmt.Sprintf("steps[%d]", i)
		st.Order = i + 1
		switch {
		case (st.ApproverRole == "") == (st.ApproverUserID == ""):
			return b, domain.Invalid(field, "name either an approver role or an approver user")
		case st.ApproverRole != "" && !domain.Role(st.ApproverRole).Valid():
			return b, domain.Invalidf(field+".approverRole", "%q is not a role", st.ApproverRole)
		case st.TimeoutMinutes < 1 || st.TimeoutMinutes > maxTimeout:
			return b, domain.Invalidf(field+".timeoutMinutes", "between 1 and %d minutes", maxTimeout)
		}
		if st.ApproverRole != "" {
			if _, err := s.d.Store.GetRole(r.Context(), httpapi.PrincipalFrom(r.Context()).WorkspaceID, domain.Role(st.ApproverRole)); err != nil {
				if domain.Is(err, domain.KindNotFound) {
					return b, domain.Invalidf(field+".approverRole", "no role named %s in this workspace", st.ApproverRole)
				}
				return b, err
			}
		}
		if st.ApproverUserID != "" {
			if _, err := s.d.Store.GetUser(r.Context(), httpapi.PrincipalFrom(r.Context()).WorkspaceID, st.ApproverUserID); err != nil {
				if domain.Is(err, domain.KindNotFound) {
					return b, domain.Invalid(field+".approverUserId", "no such user in this workspace")
				}
				return b, err
			}
		}
	}
	return b, nil
}

func (s *Service) createWorkflow(w http.ResponseWriter, r *http.Request) error {
	var b WorkflowBody
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	b, err := s.check(r, b, "")
	if err != nil {
		return err
	}
	p := httpapi.PrincipalFrom(r.Context())
	wf := &domain.Workflow{ID: domain.NewID(), WorkspaceID: p.WorkspaceID, Name: b.Name, Operations: b.Operations, Steps: b.Steps, CreatedBy: p.UserID}
	if err := s.d.Store.CreateWorkflow(r.Context(), wf); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID, ev.After = wf.ID, wf
	return httpapi.JSON(w, http.StatusCreated, wf)
}

func (s *Service) updateWorkflow(w http.ResponseWriter, r *http.Request) error {
	var b WorkflowUpdate
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = b.ID
	p := httpapi.PrincipalFrom(r.Context())
	wf, err := s.workflow(r, b.ID)
	if err != nil {
		return err
	}
	if b.WorkflowBody, err = s.check(r, b.WorkflowBody, wf.ID); err != nil {
		return err
	}
	ev.Before = *wf
	wf.Name, wf.Operations, wf.Steps, wf.Version, wf.WorkspaceID = b.Name, b.Operations, b.Steps, b.Version, p.WorkspaceID
	if err := s.d.Store.UpdateWorkflow(r.Context(), wf); err != nil {
		return err
	}
	ev.After = wf
	return httpapi.JSON(w, http.StatusOK, wf)
}

func (s *Service) deleteWorkflow(w http.ResponseWriter, r *http.Request) error {
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	wf, err := s.workflow(r, id)
	if err != nil {
		return err
	}
	ev.Before = wf
	if err := s.d.Store.DeleteWorkflow(r.Context(), wf.WorkspaceID, wf.ID); err != nil {
		return err
	}
	return httpapi.NoContent(w)
}

func (s *Service) workflow(r *http.Request, id string) (*domain.Workflow, error) {
	if !domain.ValidID(id) {
		return nil, domain.Invalid("id", "not a workflow id")
	}
	wf, err := s.d.Store.GetWorkflow(r.Context(), httpapi.PrincipalFrom(r.Context()).WorkspaceID, id)
	if domain.Is(err, domain.KindNotFound) {
		return nil, domain.NotFound("workflow")
	}
	return wf, err
}
