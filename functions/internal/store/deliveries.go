package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Delivery rows (one event on its way to one channel):
//
//	delivery  PK WS#<ws>#DLV   SK DLV#<id>
//	          GSI1 WS#<ws>#CHANDLV#<channel> / DLV#<createdAt>#<id>   (a channel's delivery log, newest first)
//	          GSI2 DLVDUE / <nextAttemptAt>#<ws>#<id>            (only while pending: the restart sweep)
//
// The id is domain.DeliveryID(channel, event), so creating a delivery is
// a conditional put that a repeated publish of the same event cannot
// double; the id carries no time, so the log sorts by creation time. The due index is the one partition outside a workspace besides
// the unique markers: the sweep after a restart must find every pending
// delivery before it knows the workspaces; rows leave it when they reach
// a final status. Final deliveries expire after DeliveryRetention.
type deliveryItem struct {
	Meta
	domain.Delivery
}

// DeliveryRetention is how long a finished delivery stays in the log.
const DeliveryRetention = 30 * 24 * time.Hour

const (
	deliveryDuePK = "DLVDUE"
	dueTimeFormat = "2006-01-02T15:04:05.000000000Z"
)

func deliveryPK(ws string) string            { return "WS#" + ws + "#DLV" }
func deliverySK(id string) string            { return "DLV#" + id }
func channelDeliveryPK(ws, ch string) string { return "WS#" + ws + "#CHANDLV#" + ch }

func newDeliveryItem(d *domain.Delivery) *deliveryItem {
	it := &deliveryItem{
		Meta: Meta{PK: deliveryPK(d.WorkspaceID), SK: deliverySK(d.ID), Type: "delivery",
			GSI1PK: channelDeliveryPK(d.WorkspaceID, d.ChannelID),
			GSI1SK: "DLV#" + d.CreatedAt.UTC().Format(dueTimeFormat) + "#" + d.ID},
		Delivery: *d,
	}
	if d.Status == domain.DeliveryPending {
		due := d.CreatedAt
		if d.NextAttemptAt != nil {
			due = *d.NextAttemptAt
		}
		it.GSI2PK = deliveryDuePK
		it.GSI2SK = due.UTC().Format(dueTimeFormat) + "#" + d.WorkspaceID + "#" + d.ID
	} else {
		it.ExpiresAt = d.UpdatedAt.Add(DeliveryRetention).Unix()
	}
	return it
}

// CreateDelivery stores a pending delivery unless the delivery of the
// same event to the same channel exists; then d becomes the stored one
// and created is false.
func (s *Store) CreateDelivery(ctx context.Context, d *domain.Delivery) (created bool, err error) {
	now := s.now()
	d.CreatedAt, d.UpdatedAt = now, now
	if d.Status == "" {
		d.Status = domain.DeliveryPending
	}
	it := newDeliveryItem(d)
	err = s.table.Put(it).If("attribute_not_exists(PK)").Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		existing, err := s.GetDelivery(ctx, d.WorkspaceID, d.ID)
		if err != nil {
			return false, err
		}
		*d = *existing
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("create delivery %s: %w", d.ID, err)
	}
	return true, nil
}

// GetDelivery reads a delivery of a workspace.
func (s *Store) GetDelivery(ctx context.Context, ws, id string) (*domain.Delivery, error) {
	var it deliveryItem
	if err := s.get(ctx, deliveryPK(ws), deliverySK(id), "delivery", &it); err != nil {
		return nil, err
	}
	return &it.Delivery, nil
}

// RecordAttempt writes d (its status, attempts, code, error and next
// attempt) if the stored delivery is still pending with readAttempts
// attempts: of two workers handed the same delivery, one records, the
// other gets a conflict.
func (s *Store) RecordAttempt(ctx context.Context, d *domain.Delivery, readAttempts int) error {
	d.UpdatedAt = s.now()
	it := newDeliveryItem(d)
	err := s.table.Put(it).If("attribute_exists(PK) AND attempts = ? AND $ = ?", readAttempts, "status", domain.DeliveryPending).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return domain.Conflict("delivery changed by another attempt")
	}
	if err != nil {
		return fmt.Errorf("record attempt of delivery %s: %w", d.ID, err)
	}
	return nil
}

// ListDeliveries is a channel's delivery log, newest first.
func (s *Store) ListDeliveries(ctx context.Context, ws, channelID string, p Page) (Listed[domain.Delivery], error) {
	items, err := list[deliveryItem](ctx, s, query{index: GSI1, pk: channelDeliveryPK(ws, channelID), newest: true}, p)
	if err != nil {
		return Listed[domain.Delivery]{}, fmt.Errorf("list deliveries of %s: %w", channelID, err)
	}
	return mapListed(items, func(it deliveryItem) domain.Delivery { return it.Delivery }), nil
}

// DuePending returns the pending deliveries of every workspace whose next
// attempt is due at now or before, earliest first: what a restarted
// worker picks up.
func (s *Store) DuePending(ctx context.Context, now time.Time) ([]domain.Delivery, error) {
	var items []deliveryItem
	err := s.table.Get("GSI2PK", deliveryDuePK).Index(GSI2).
		Range("GSI2SK", dynamo.LessOrEqual, now.UTC().Format(dueTimeFormat)+"#~").All(ctx, &items)
	if err != nil {
		return nil, fmt.Errorf("due deliveries: %w", err)
	}
	out := make([]domain.Delivery, 0, len(items))
	for _, it := range items {
		out = append(out, it.Delivery)
	}
	return out, nil
}

// ClaimDelivery takes a pending delivery for one attempt until until, if
// it still has readAttempts attempts and no other claim is running: of
// two workers handed the same delivery at once, one sends. Recording the
// attempt (RecordAttempt rewrites the row) ends the claim.
func (s *Store) ClaimDelivery(ctx context.Context, ws, id string, readAttempts int, now, until time.Time) (bool, error) {
	err := s.table.Update("PK", deliveryPK(ws)).Range("SK", deliverySK(id)).Set("claimedUntil", until.UnixNano()).
		If("attribute_exists(PK) AND attempts = ? AND $ = ? AND (attribute_not_exists(claimedUntil) OR claimedUntil < ?)",
			readAttempts, "status", domain.DeliveryPending, now.UnixNano()).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim delivery %s: %w", id, err)
	}
	return true, nil
}
