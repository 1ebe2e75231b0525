package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Report rows:
//
//	PK WS#<ws>#REPORT  SK REPORT#<id>
//	GSI1 WS#<ws>#REPORTTASK#<task> / REPORT#<id>        (a task's reports)
//	GSI2 WS#<ws>#REPORTPROJECT#<hash> / REPORT#<id>     (a project's versions, for document control)
type reportItem struct {
	Meta
	domain.Report
	SearchText string `dynamo:"searchText,omitempty"` // lower-case words of the report, for the free-text filter
}

func reportPK(ws string) string { return "WS#" + ws + "#REPORT" }

// ProjectKey identifies a client's project across reports.
func ProjectKey(client, project string) string {
	sum := sha256.Sum256([]byte(client + "\x00" + project))
	return hex.EncodeToString(sum[:12])
}

func newReportItem(r *domain.Report) *reportItem {
	return &reportItem{Meta: Meta{PK: reportPK(r.WorkspaceID), SK: "REPORT#" + r.ID, Type: "report",
		GSI1PK: "WS#" + r.WorkspaceID + "#REPORTTASK#" + r.TaskID, GSI1SK: "REPORT#" + r.ID,
		GSI2PK: "WS#" + r.WorkspaceID + "#REPORTPROJECT#" + r.Project, GSI2SK: "REPORT#" + r.ID}, Report: *r,
		SearchText: strings.ToLower(strings.Join([]string{r.TaskName, r.ClientName, r.ProjectName, r.FileName, r.Version, r.Author}, " "))}
}

// CreateReport stores a report.
func (s *Store) CreateReport(ctx context.Context, r *domain.Report) error {
	it := newReportItem(r)
	if err := s.create(ctx, it, ""); err != nil {
		return fmt.Errorf("create report: %w", err)
	}
	*r = it.Report
	return nil
}

// GetReport reads a report.
func (s *Store) GetReport(ctx context.Context, ws, id string) (*domain.Report, error) {
	var it reportItem
	if err := s.get(ctx, reportPK(ws), "REPORT#"+id, "report", &it); err != nil {
		return nil, err
	}
	return &it.Report, nil
}

// ReportFilter narrows a report list.
type ReportFilter struct {
	TaskID  string
	Visible *Visibility // nil: every report
	// Text is free text: reports whose task, client, project, file name,
	// version or author contain it (case-insensitive).
	Text string
}

// ListReports lists reports newest first.
func (s *Store) ListReports(ctx context.Context, ws string, f ReportFilter, p Page) (Listed[domain.Report], error) {
	q := query{pk: reportPK(ws), skPrefix: "REPORT#", newest: true}
	if f.TaskID != "" {
		q = query{index: GSI1, pk: "WS#" + ws + "#REPORTTASK#" + f.TaskID, newest: true}
	}
	if f.Visible != nil {
		q.filters = append(q.filters, visibilityFilter(f.Visible))
	}
	if t := strings.ToLower(strings.TrimSpace(f.Text)); t != "" {
		q.filters = append(q.filters, filter{"contains($, ?)", []any{"searchText", t}})
	}
	l, err := list[reportItem](ctx, s, q, p)
	if err != nil {
		return Listed[domain.Report]{}, fmt.Errorf("list reports: %w", err)
	}
	return mapListed(l, func(it reportItem) domain.Report { return it.Report }), nil
}

// ProjectReports lists every report of a project, oldest first: the
// revision history of its document control.
func (s *Store) ProjectReports(ctx context.Context, ws, project string) ([]domain.Report, error) {
	items, err := all[reportItem](ctx, s, query{index: GSI2, pk: "WS#" + ws + "#REPORTPROJECT#" + project})
	if err != nil {
		return nil, fmt.Errorf("project reports: %w", err)
	}
	out := make([]domain.Report, 0, len(items))
	for _, it := range items {
		out = append(out, it.Report)
	}
	return out, nil
}

// DeleteReport removes a report's row.
func (s *Store) DeleteReport(ctx context.Context, r *domain.Report) error {
	if err := s.remove(ctx, reportPK(r.WorkspaceID), "REPORT#"+r.ID); err != nil {
		return err
	}
	// The task no longer names a report that is gone (its detail would
	// offer a download that answers 404); a newer report it names stays.
	err := s.table.Update("PK", taskPK(r.WorkspaceID)).Range("SK", taskSK(r.TaskID)).Remove("reportId").
		If("reportId = ?", r.ID).Run(ctx)
	if err != nil && !dynamo.IsCondCheckFailed(err) {
		return fmt.Errorf("unlink report %s from task %s: %w", r.ID, r.TaskID, err)
	}
	return nil
}

// Report version rows reserve a project's version numbers:
//
//	PK WS#<ws>#REPORTVERSION#<project>  SK VERSION#<version>  owner <report id>
//
// A version is taken with a conditional put, so concurrent builds of one
// project never share a version (and so never a file name); the row stays
// when its report is deleted, so a version is never given twice.
func reportVersionPK(ws, project string) string { return "WS#" + ws + "#REPORTVERSION#" + project }

// ReserveReportVersion takes version for the report reportID. It answers a
// conflict when another report holds it; taking it again for the same
// report (a retried build) succeeds.
func (s *Store) ReserveReportVersion(ctx context.Context, ws, project, version, reportID string) error {
	m := marker{PK: reportVersionPK(ws, project), SK: "VERSION#" + version, Owner: reportID}
	err := s.table.Put(m).If("attribute_not_exists(PK) OR $ = ?", "owner", reportID).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return domain.Conflict("report version " + version + " is taken")
	}
	if err != nil {
		return fmt.Errorf("reserve report version %s: %w", version, err)
	}
	return nil
}

// ReportVersionOf answers the version reserved for reportID, or "" when
// none is: a retried build finds the version its first attempt took.
func (s *Store) ReportVersionOf(ctx context.Context, ws, project, reportID string) (string, error) {
	var rows []marker
	if err := s.table.Get("PK", reportVersionPK(ws, project)).Filter("$ = ?", "owner", reportID).Consistent(true).All(ctx, &rows); err != nil {
		return "", fmt.Errorf("report version of %s: %w", reportID, err)
	}
	if len(rows) == 0 {
		return "", nil
	}
	return strings.TrimPrefix(rows[0].SK, "VERSION#"), nil
}

// ReportsGeneratedBefore lists a workspace's reports generated before
// cutoff (times are stored as UTC RFC 3339 text, which sorts as time).
func (s *Store) ReportsGeneratedBefore(ctx context.Context, ws string, cutoff time.Time) ([]domain.Report, error) {
	items, err := all[reportItem](ctx, s, query{pk: reportPK(ws), skPrefix: "REPORT#",
		filters: []filter{{"$ < ?", []any{"generatedAt", cutoff.UTC()}}}})
	if err != nil {
		return nil, fmt.Errorf("reports of %s generated before %s: %w", ws, cutoff.Format(time.RFC3339), err)
	}
	out := make([]domain.Report, 0, len(items))
	for _, it := range items {
		out = append(out, it.Report)
	}
	return out, nil
}
