package taskflow

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/cloudcensus/cloudcensus/functions/internal/awsclient"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/orchestrator/workflow"
	"github.com/cloudcensus/cloudcensus/functions/internal/scope"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// ScanUnit scans one unit, writes its result to the results bucket at its
// deterministic key (a retry overwrites), records the unit's outcome once,
// and logs every service that did not complete with where and why.
func (f *Flow) ScanUnit(ctx context.Context, in workflow.UnitInput) (inventory.Summary, error) {
	u := in.Unit
	ws := in.WorkspaceID
	start := f.now()
	t, err := f.Store.GetTask(ctx, ws, in.TaskID)
	if err != nil {
		return inventory.Summary{}, fmt.Errorf("scan unit %s: %w", unitLabel(u), err)
	}
	if t.Status.Final() { // cancelled while queued: do nothing
		return inventory.Summary{Unit: u}, nil
	}
	if err := f.Store.UnitStarted(ctx, ws, t.ID, u.CredentialID, u.AccountID, u.Region, start); err != nil {
		return inventory.Summary{}, err
	}
	if rule := scope.UnitExcluded(t.Exclusions, u.AccountID, u.Region); rule != nil {
		return f.finishUnit(ctx, ws, t, u, excludedUnit(u, rule), start)
	}
	creds, err := f.Store.GetCredentials(ctx, ws, []string{u.CredentialID})
	if err != nil || len(creds) == 0 {
		return inventory.Summary{}, f.failUnit(ctx, ws, u, start, fmt.Errorf("credential %s: %w", u.CredentialID, orNotFound(err)))
	}
	region := u.Region
	if region == spec.GlobalUnit {
		region = spec.GlobalRegion
	}
	member := creds[0].Type == domain.CredentialOrganization && u.AccountID != creds[0].AccountID
	var cfg aws.Config
	if member {
		cfg, err = f.Resolver.MemberConfig(ctx, &creds[0], u.AccountID, region, awsclient.ForTask(t.ID))
	} else {
		cfg, err = f.Resolver.Config(ctx, &creds[0], region, awsclient.ForTask(t.ID))
	}
	if err == nil && cfg.Credentials != nil {
		// Resolve now: a unit that cannot sign in failed as a whole, it
		// did not find every service broken.
		_, err = cfg.Credentials.Retrieve(ctx)
	}
	if err != nil && member {
		// A member whose role cannot be assumed is reported in coverage,
		// service by service, with the account's name: never skipped.
		return f.finishUnit(ctx, ws, t, u, memberDenied(u, &creds[0], t.Members, err), start)
	}
	if err != nil {
		return inventory.Summary{}, f.failUnit(ctx, ws, u, start, fmt.Errorf("credentials of account %s: %w", u.AccountID, err))
	}
	if !member {
		// The credential works: a page showing "not validated" would say
		// otherwise. A failure to note it is not the unit's.
		if err := f.Store.NoteScanSignIn(ctx, ws, creds[0].ID, f.now()); err != nil {
			f.Logger.WarnContext(ctx, "note the scan's sign-in", "credential", creds[0].ID, "error", err.Error())
		}
	}
	return f.finishUnit(ctx, ws, t, u, f.scanScoped(ctx, t, u, cfg), start)
}

// finishUnit writes a unit's result and records the unit's end.
func (f *Flow) finishUnit(ctx context.Context, ws string, t *domain.Task, u inventory.Unit, res *inventory.Result, start time.Time) (inventory.Summary, error) {
	var buf bytes.Buffer
	if err := inventory.Encode(&buf, res); err != nil {
		return inventory.Summary{}, err
	}
	if err := f.Results.Put(ctx, u.Key(), &buf, "application/gzip"); err != nil {
		return inventory.Summary{}, fmt.Errorf("write unit %s: %w", unitLabel(u), err)
	}
	sum := res.Summarize()
	sum.DurationMS = time.Since(start).Milliseconds()
	sum.ResultKey = u.Key()
	st := domain.UnitState{CredentialID: u.CredentialID, AccountID: u.AccountID, Region: u.Region, Resources: sum.Resources, Calls: sum.Calls,
		Throttles: sum.Throttles, DurationMS: sum.DurationMS, Failed: sum.ServicesFailed, Statuses: map[string]int{}}
	for k, v := range sum.Statuses {
		st.Statuses[string(k)] = v
	}
	for _, c := range res.Coverage {
		// The row is what every reader of the task sees: a classified
		// reason, never the SDK's chain (request ids, ARNs, Go types),
		// which the log line's details keep for administrators.
		if c.Error != "" {
			c.Error = serviceReason(c)
		}
		c.Details = ""
		st.Coverage = append(st.Coverage, c)
	}
	counted, err := f.Store.FinishUnit(ctx, ws, t.ID, st, f.now())
	if err != nil {
		return inventory.Summary{}, err
	}
	if !counted {
		if err := f.dropIfDeleted(ctx, ws, t.ID, u.Key()); err != nil {
			return inventory.Summary{}, err
		}
	}
	if counted {
		f.log(ctx, ws, unitLogs(t.ID, u, res, sum)...)
	}
	return sum, nil
}

// dropIfDeleted removes a unit's result when its task was deleted while
// the unit scanned. Deleting a task removes its rows before its objects,
// so a result written before the objects went is removed with them, and
// one written after finds the task gone here.
func (f *Flow) dropIfDeleted(ctx context.Context, ws, taskID, key string) error {
	_, err := f.Store.GetTask(ctx, ws, taskID)
	if !domain.Is(err, domain.KindNotFound) {
		return nil // still there (a unit delivered twice), or unknown: keep it
	}
	if err := f.Results.Delete(ctx, key); err != nil {
		return fmt.Errorf("remove the result of deleted task %s: %w", taskID, err)
	}
	return nil
}

// unitLogs are a unit's log lines: one summary, one per failed service.
func unitLogs(taskID string, u inventory.Unit, res *inventory.Result, sum inventory.Summary) []domain.TaskLog {
	lines := []domain.TaskLog{{TaskID: taskID, Level: domain.LogInfo, AccountID: u.AccountID, Region: u.Region,
		Message: fmt.Sprintf("Unit done: %d resources, %d services read, %d calls, %d throttled, %d ms",
			sum.Resources, sum.ServicesOK, sum.Calls, sum.Throttles, sum.DurationMS)}}
	for _, c := range res.Coverage {
		if c.Status == inventory.StatusPartial {
			lines = append(lines, domain.TaskLog{TaskID: taskID, Level: domain.LogWarning, AccountID: u.AccountID, Region: u.Region, Service: c.Service,
				Message: fmt.Sprintf("%s: listed, but some details could not be read: %s", serviceTitle(c.Service), strings.Join(c.PartialCalls, ", "))})
			continue
		}
		if !c.Failed() {
			continue
		}
		level := domain.LogError
		if c.Status == inventory.StatusAccessDenied || c.Status == inventory.StatusRegionDisabled {
			level = domain.LogWarning
		}
		lines = append(lines, domain.TaskLog{TaskID: taskID, Level: level, AccountID: u.AccountID, Region: u.Region, Service: c.Service,
			Message: fmt.Sprintf("%s: %s", serviceTitle(c.Service), serviceReason(c)), Details: strings.TrimSpace(c.Error + "\n" + c.Details)})
	}
	return lines
}

// serviceTitle is a service as the report heads it ("Lambda"), or its key.
func serviceTitle(key string) string {
	if s, ok := spec.Lookup(key); ok && s.Title != "" {
		return s.Title
	}
	return key
}

// failUnit records a unit that could not scan at all, and returns the
// error so the workflow's Catch sees the failure too (counted once).
func (f *Flow) failUnit(ctx context.Context, ws string, u inventory.Unit, start time.Time, cause error) error {
	reason := signInReason(cause)
	st := domain.UnitState{CredentialID: u.CredentialID, AccountID: u.AccountID, Region: u.Region, Status: "failed", Error: reason,
		DurationMS: time.Since(start).Milliseconds()}
	counted, err := f.Store.FinishUnit(ctx, ws, u.TaskID, st, f.now())
	if err != nil {
		return err
	}
	if counted {
		f.log(ctx, ws, domain.TaskLog{TaskID: u.TaskID, Level: domain.LogError, AccountID: u.AccountID, Region: u.Region,
			Message: "Unit " + unitLabel(u) + " failed: " + reason, Details: fmt.Sprintf("%+v", cause)})
	}
	return fmt.Errorf("scan unit %s: %w", unitLabel(u), cause)
}

func orNotFound(err error) error {
	if err == nil {
		return domain.NotFound("credential")
	}
	return err
}
