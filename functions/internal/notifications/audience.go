package notifications

import (
	"context"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/rights"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
	"github.com/cloudcensus/cloudcensus/functions/internal/visibility"
)

// AudienceStore is what StoreAudience reads (*store.Store).
type AudienceStore interface {
	GetUser(ctx context.Context, ws, id string) (*domain.User, error)
	GetRole(ctx context.Context, ws string, role domain.Role) (*domain.RolePermissions, error)
	GetTask(ctx context.Context, ws, id string) (*domain.Task, error)
	CredentialsCreatedBy(ctx context.Context, ws, userID string) ([]domain.Credential, error)
}

var _ AudienceStore = (*store.Store)(nil)

// StoreAudience applies the console's rules with the user's current role:
// an inactive or deleted user sees nothing; a security alert goes to
// those who read the audit log; a task or its changes to the task's
// owner, to scope:all, and to a scope:managed user who manages every
// credential the task used (visibility.CanSee), all with tasks:read; a
// skipped schedule run to the schedule's owner and scope:all.
type StoreAudience struct{ Store AudienceStore }

var _ Audience = StoreAudience{}

// MaySee implements Audience.
func (a StoreAudience) MaySee(ctx context.Context, ws, userID string, ev event.Event) (bool, error) {
	u, err := a.Store.GetUser(ctx, ws, userID)
	if domain.Is(err, domain.KindNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if u.Status != domain.UserActive {
		return false, nil
	}
	reader, err := rights.PrincipalOf(ctx, a.Store, u)
	if err != nil {
		return false, err
	}
	can := reader.Can
	switch ev.Type {
	case event.SecurityAlert:
		return can(authz.AuditRead), nil
	case event.Test:
		return true, nil
	case event.ScheduleSkipped:
		return can(authz.SchedulesRead) && (ev.Owner == userID || can(authz.ScopeAll)), nil
	case event.TaskCompleted, event.TaskPartiallyCompleted, event.TaskFailed, event.ChangesDetected:
		if !can(authz.TasksRead) {
			return false, nil
		}
		if ev.Owner == userID || can(authz.ScopeAll) {
			return true, nil
		}
		if !can(authz.ScopeManaged) {
			return false, nil
		}
		return a.managesTask(ctx, ws, userID, ev)
	}
	return false, nil
}

// managesTask: a power user sees a task made only with credentials it
// manages.
func (a StoreAudience) managesTask(ctx context.Context, ws, userID string, ev event.Event) (bool, error) {
	var taskID string
	switch {
	case ev.Task != nil:
		taskID = ev.Task.ID
	case ev.Changes != nil:
		taskID = ev.Changes.TaskID
	}
	if taskID == "" {
		return false, nil
	}
	t, err := a.Store.GetTask(ctx, ws, taskID)
	if domain.Is(err, domain.KindNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	creds, err := a.Store.CredentialsCreatedBy(ctx, ws, userID)
	if err != nil {
		return false, err
	}
	v := &store.Visibility{OwnerID: userID}
	for _, c := range creds {
		v.CredentialIDs = append(v.CredentialIDs, c.ID)
	}
	return visibility.CanSee(v, t.CreatedBy, t.CredentialIDs), nil
}
