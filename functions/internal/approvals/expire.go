package approvals

import (
	"context"
	"errors"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Expire ends every pending request whose current step's deadline has
// passed: run once a minute (EventBridge into the jobs function in AWS,
// the local scheduler's clock locally), so a request expires without
// anyone visiting it. An approval racing the expiry loses or wins by the
// request's version, never both.
func (s *Service) Expire(ctx context.Context, now time.Time) (int, error) {
	due, err := s.d.Store.OverdueApprovals(ctx, now)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for i := range due {
		req, err := s.d.Store.GetApproval(ctx, due[i].WorkspaceID, due[i].ID)
		if err != nil {
			if !domain.Is(err, domain.KindNotFound) {
				errs = append(errs, err)
			}
			continue
		}
		if req.Status != domain.ApprovalPending || now.Before(req.StepDeadline) {
			continue
		}
		if s.expire(ctx, req) {
			n++
		}
	}
	return n, errors.Join(errs...)
}

// expire marks req expired; false when it changed meanwhile.
func (s *Service) expire(ctx context.Context, req *domain.ApprovalRequest) bool {
	step := 0
	if req.CurrentStep < len(req.Steps) {
		step = req.Steps[req.CurrentStep].Order
	}
	req.Status, req.StepDeadline = domain.ApprovalExpired, time.Time{}
	req.History = append(req.History, domain.ApprovalDecision{Step: step, Decision: "expired", Actor: "system", ActorName: "approvals",
		Comment: "the step was not decided in time", At: s.d.Now()})
	return s.d.Store.SaveApproval(ctx, req) == nil
}
