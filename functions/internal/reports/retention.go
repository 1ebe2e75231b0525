package reports

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// AuditWriter stores audit entries (*store.Store).
type AuditWriter interface {
	PutAudit(ctx context.Context, e *domain.AuditEntry) error
}

// Retention is the daily run as the jobs worker calls it.
func (b *Builder) Retention(audit AuditWriter, log *slog.Logger) func(ctx context.Context, now time.Time) error {
	return func(ctx context.Context, now time.Time) error {
		out, err := b.ExpireReports(ctx, audit, now, log)
		log.InfoContext(ctx, "report retention done", "workspaces", out.Workspaces, "expired", out.Reports)
		return err
	}
}

// Expired is what one retention run removed.
type Expired struct {
	Workspaces int // workspaces with a retention set
	Reports    int // reports removed
}

// ExpireReports removes, in every workspace that keeps reports for N
// days, the reports generated more than N days before now (seed 000's
// cleanup_old_reports). Each report goes document first, then row, and is
// audited as reports.expire by "system": a run that stops halfway leaves
// rows whose document is gone, which the next run removes (deleting a
// missing object succeeds), never a document without its row. It runs
// daily (EventBridge in AWS, the local scheduler locally); one workspace's
// failure does not stop the others.
func (b *Builder) ExpireReports(ctx context.Context, audit AuditWriter, now time.Time, log *slog.Logger) (Expired, error) {
	var out Expired
	wss, err := b.store.ListWorkspaces(ctx)
	if err != nil {
		return out, err
	}
	var errs []error
	for _, ws := range wss {
		days := ws.ReportRetentionDays
		if days <= 0 {
			continue
		}
		out.Workspaces++
		cutoff := now.AddDate(0, 0, -days)
		reps, err := b.store.ReportsGeneratedBefore(ctx, ws.ID, cutoff)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for i := range reps {
			if err := b.expire(ctx, audit, &reps[i], days, now); err != nil {
				errs = append(errs, err)
				continue
			}
			out.Reports++
		}
		log.InfoContext(ctx, "report retention", "workspace", ws.ID, "days", days, "cutoff", cutoff, "expired", len(reps))
	}
	return out, errors.Join(errs...)
}

func (b *Builder) expire(ctx context.Context, audit AuditWriter, rep *domain.Report, days int, now time.Time) error {
	if err := b.docs.Delete(ctx, rep.S3Key); err != nil {
		return fmt.Errorf("expire report %s: %w", rep.ID, err)
	}
	if err := b.store.DeleteReport(ctx, rep); err != nil && !domain.Is(err, domain.KindNotFound) {
		return fmt.Errorf("expire report %s: %w", rep.ID, err)
	}
	e := &domain.AuditEntry{ID: domain.NewID(), WorkspaceID: rep.WorkspaceID, Actor: "system", ActorName: "report retention",
		Action: "reports.expire", ResourceType: "report", ResourceID: rep.ID, Before: rep,
		After:  map[string]any{"reportRetentionDays": days},
		Result: domain.AuditSuccess, Timestamp: now}
	if err := audit.PutAudit(ctx, e); err != nil {
		return fmt.Errorf("audit expiry of report %s: %w", rep.ID, err)
	}
	return nil
}
