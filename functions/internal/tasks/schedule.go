package tasks

import (
	"context"
	"fmt"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

// ScheduledRun is what an EventBridge Scheduler schedule sends the
// schedule-run function: who the task runs as, and the task to create.
// ScheduledTime is the schedule's <aws.scheduler.scheduled-time>, so a
// retried delivery of the same run creates one task.
type ScheduledRun struct {
	WorkspaceID   string        `json:"workspaceId"`
	UserID        string        `json:"userId"`
	ScheduleID    string        `json:"scheduleId"`
	ScheduledTime string        `json:"scheduledTime"`
	Task          CreateRequest `json:"task"`
}

// Directory resolves who a scheduled run acts as.
type Directory interface {
	GetUser(ctx context.Context, ws, id string) (*domain.User, error)
	GetRole(ctx context.Context, ws string, role domain.Role) (*domain.RolePermissions, error)
}

// RunScheduled creates and starts a task from a schedule through the same
// path as POST /api/tasks/create, with the permissions the schedule's owner
// has now: an owner that lost the right, or was deactivated, starts nothing.
func (s *Service) RunScheduled(ctx context.Context, dir Directory, in ScheduledRun) (*domain.Task, error) {
	if in.WorkspaceID == "" || in.UserID == "" || in.ScheduleID == "" {
		return nil, fmt.Errorf("scheduled run: workspaceId, userId and scheduleId are required")
	}
	u, err := dir.GetUser(ctx, in.WorkspaceID, in.UserID)
	if err != nil {
		return nil, fmt.Errorf("scheduled run %s: owner: %w", in.ScheduleID, err)
	}
	if u.Status != domain.UserActive {
		return nil, fmt.Errorf("scheduled run %s: the owner %s is %s", in.ScheduleID, u.Username, u.Status)
	}
	rp, err := dir.GetRole(ctx, in.WorkspaceID, u.Role)
	if err != nil {
		return nil, err
	}
	p := &httpapi.Principal{UserID: u.ID, Username: u.Username, Role: string(u.Role), WorkspaceID: in.WorkspaceID, Permissions: rp.Permissions}
	if !p.Can("tasks:create") {
		return nil, fmt.Errorf("scheduled run %s: the owner %s may no longer create tasks", in.ScheduleID, u.Username)
	}
	req := in.Task
	if when := strings.TrimSpace(in.ScheduledTime); when != "" {
		req.Name = strings.TrimSpace(req.Name) + " (" + when + ")"
	}
	t, _, err := s.createTask(ctx, p, req, "schedule:"+in.ScheduleID+":"+in.ScheduledTime, true)
	if err != nil {
		return nil, fmt.Errorf("scheduled run %s: %w", in.ScheduleID, err)
	}
	if t.ScheduleID == "" {
		t.ScheduleID = in.ScheduleID
	}
	return t, nil
}
