package approvals

import (
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

func TestWhoMayDecideAndSee(t *testing.T) {
	req := &domain.ApprovalRequest{RequestedBy: "pu", Status: domain.ApprovalPending,
		Steps: []domain.WorkflowStep{{Order: 1, ApproverRole: "admin"}, {Order: 2, ApproverUserID: "carol"}}}
	admin := &httpapi.Principal{UserID: "ada", Role: "admin"}
	carol := &httpapi.Principal{UserID: "carol", Role: "user"}
	requester := &httpapi.Principal{UserID: "pu", Role: "admin"} // an admin's own request is still its own
	stranger := &httpapi.Principal{UserID: "sam", Role: "user"}
	auditor := &httpapi.Principal{UserID: "aud", Role: "user", Permissions: []string{authz.ApprovalsConfigure}}
	for _, tc := range []struct {
		name         string
		p            *httpapi.Principal
		step         int
		decide, sees bool
	}{
		{"the admin role decides step 1", admin, 0, true, true},
		{"a named user waits for its step", carol, 0, false, true},
		{"the named user decides step 2", carol, 1, true, true},
		{"the admin role does not decide step 2", admin, 1, false, true},
		{"nobody decides their own request", requester, 0, false, true},
		{"a stranger neither decides nor sees", stranger, 0, false, false},
		{"approvals:configure sees every request", auditor, 0, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := *req
			r.CurrentStep = tc.step
			if got := eligible(tc.p, &r) == nil; got != tc.decide {
				t.Errorf("eligible = %v, want %v", got, tc.decide)
			}
			if got := visible(tc.p, &r); got != tc.sees {
				t.Errorf("visible = %v, want %v", got, tc.sees)
			}
		})
	}
}
