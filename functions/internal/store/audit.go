package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Audit rows:
//
//	PK WS#<ws>#AUDIT  SK AUDIT#<id>   GSI1 WS#<ws>#AUDITACTOR#<actor> / AUDIT#<id>
//
// Ids are ULIDs, so the sort key orders entries by time and a time range
// is a sort key range. expiresAt (TTL) is the entry's time plus the
// retention period.
type auditItem struct {
	Meta
	domain.AuditEntry
	domain.Stamp
	// SearchText is the entry's words in lower case (actor, action,
	// resource type and id, address, user agent), for the free-text filter.
	SearchText string `dynamo:"searchText,omitempty"`
}

// auditSearchText is what the free-text filter of the audit log matches.
func auditSearchText(e *domain.AuditEntry) string {
	return strings.ToLower(strings.Join([]string{e.ActorName, e.Actor, e.Action, e.ResourceType, e.ResourceID, e.ResourceName, string(e.Result), e.IP, e.UserAgent}, " "))
}

// DefaultAuditRetention is how long entries are kept unless configured.
const DefaultAuditRetention = 365 * 24 * time.Hour

// SetAuditRetention changes how long new audit entries are kept.
func (s *Store) SetAuditRetention(d time.Duration) { s.auditRetention = d }

// PutAudit writes one audit entry.
func (s *Store) PutAudit(ctx context.Context, e *domain.AuditEntry) error {
	if e.WorkspaceID == "" {
		e.WorkspaceID = "none" // failed sign-ins of unknown users still leave a trace
	}
	if e.ResourceName == "" {
		e.ResourceName = e.NameOfResource()
	}
	retention := s.auditRetention
	if retention == 0 {
		retention = DefaultAuditRetention
	}
	it := &auditItem{Meta: Meta{PK: "WS#" + e.WorkspaceID + "#AUDIT", SK: "AUDIT#" + e.ID, Type: "audit",
		GSI1PK: "WS#" + e.WorkspaceID + "#AUDITACTOR#" + e.Actor, GSI1SK: "AUDIT#" + e.ID,
		ExpiresAt: e.Timestamp.Add(retention).Unix()}, AuditEntry: *e, SearchText: auditSearchText(e)}
	if err := s.create(ctx, it, ""); err != nil {
		return fmt.Errorf("put audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditFilter narrows the audit list.
type AuditFilter struct {
	Actor        string
	Action       string
	ResourceType string
	Result       domain.AuditResult
	ResourceID   string
	// Text is free text: entries whose actor, action, resource, address
	// or user agent contain it (case-insensitive).
	Text     string
	From, To time.Time
}

// auditQuery builds the Query of a filter: by actor on GSI1, else the
// workspace's partition; the time range is a sort key range on the ULIDs.
func auditQuery(ws string, f AuditFilter) query {
	q := query{pk: "WS#" + ws + "#AUDIT", newest: true}
	if f.Actor != "" {
		q = query{index: GSI1, pk: "WS#" + ws + "#AUDITACTOR#" + f.Actor, newest: true}
	}
	q.skFrom, q.skTo = "AUDIT#", "AUDIT#~"
	if !f.From.IsZero() {
		q.skFrom = "AUDIT#" + domain.IDPrefixAt(f.From)
	}
	if !f.To.IsZero() {
		q.skTo = "AUDIT#" + domain.IDPrefixAt(f.To.Add(time.Millisecond))
	}
	if f.Action != "" {
		q.filters = append(q.filters, filter{"$ = ?", []any{"action", f.Action}})
	}
	if f.ResourceType != "" {
		q.filters = append(q.filters, filter{"$ = ?", []any{"resourceType", f.ResourceType}})
	}
	if f.Result != "" {
		q.filters = append(q.filters, filter{"$ = ?", []any{"result", f.Result}})
	}
	if f.ResourceID != "" {
		q.filters = append(q.filters, filter{"$ = ?", []any{"resourceId", f.ResourceID}})
	}
	if t := strings.ToLower(strings.TrimSpace(f.Text)); t != "" {
		q.filters = append(q.filters, filter{"contains($, ?)", []any{"searchText", t}})
	}
	return q
}

// ListAudit lists entries newest first.
func (s *Store) ListAudit(ctx context.Context, ws string, f AuditFilter, p Page) (Listed[domain.AuditEntry], error) {
	l, err := list[auditItem](ctx, s, auditQuery(ws, f), p)
	if err != nil {
		return Listed[domain.AuditEntry]{}, fmt.Errorf("list audit: %w", err)
	}
	return mapListed(l, func(it auditItem) domain.AuditEntry {
		if it.ResourceName == "" { // an entry written before names were kept
			it.ResourceName = it.NameOfResource()
		}
		return it.AuditEntry
	}), nil
}

// EachAudit streams every entry of a filter, newest first, a DynamoDB page
// at a time, for the CSV export.
func (s *Store) EachAudit(ctx context.Context, ws string, f AuditFilter, fn func(*domain.AuditEntry) error) error {
	it := s.build(auditQuery(ws, f)).Iter()
	var row auditItem
	for it.Next(ctx, &row) {
		if err := fn(&row.AuditEntry); err != nil {
			return err
		}
		row = auditItem{}
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("export audit: %w", err)
	}
	return nil
}
