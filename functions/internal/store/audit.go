package store

import (
	"context"
	"fmt"
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
	retention := s.auditRetention
	if retention == 0 {
		retention = DefaultAuditRetention
	}
	it := &auditItem{Meta: Meta{PK: "WS#" + e.WorkspaceID + "#AUDIT", SK: "AUDIT#" + e.ID, Type: "audit",
		GSI1PK: "WS#" + e.WorkspaceID + "#AUDITACTOR#" + e.Actor, GSI1SK: "AUDIT#" + e.ID,
		ExpiresAt: e.Timestamp.Add(retention).Unix()}, AuditEntry: *e}
	if err := s.create(ctx, it, ""); err != nil {
		return fmt.Errorf("put audit %s: %w", e.Action, err)
	}
	return nil
}
