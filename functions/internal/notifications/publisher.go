package notifications

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// PublishStore is what the publisher needs of the table (*store.Store).
type PublishStore interface {
	ChannelsFor(ctx context.Context, ws, eventType string) ([]domain.Channel, error)
	CreateDelivery(ctx context.Context, d *domain.Delivery) (bool, error)
}

var _ PublishStore = (*store.Store)(nil)

// Audience decides whether a channel's creator may see what an event is
// about: a channel never tells its receivers more than its creator could
// read in the console.
type Audience interface {
	MaySee(ctx context.Context, ws, userID string, ev event.Event) (bool, error)
}

// Publisher turns an event into deliveries.
type Publisher struct {
	store    PublishStore
	audience Audience
	queue    Queue
	log      *slog.Logger
}

// NewPublisher builds a publisher; a nil logger is slog.Default.
func NewPublisher(s PublishStore, a Audience, q Queue, log *slog.Logger) *Publisher {
	if log == nil {
		log = slog.Default()
	}
	return &Publisher{store: s, audience: a, queue: q, log: log}
}

// Publish stores one delivery of ev for every enabled channel subscribed
// to its type whose creator may see it, then enqueues each. It sends
// nothing itself and waits on no receiver. Publishing the same event
// again (at-least-once producers) finds the deliveries it made and
// creates no other; it enqueues again only those never attempted, so a
// publish interrupted between storing and enqueueing is completed.
//
// An error means some delivery may be missing: the caller retries the
// whole publish.
func (p *Publisher) Publish(ctx context.Context, ev event.Event) error {
	if ev.ID == "" || ev.WorkspaceID == "" || ev.Type == "" {
		return fmt.Errorf("publish: event without id, workspace or type")
	}
	chans, err := p.store.ChannelsFor(ctx, ev.WorkspaceID, string(ev.Type))
	if err != nil {
		return fmt.Errorf("publish %s %s: %w", ev.Type, ev.ID, err)
	}
	if len(chans) == 0 {
		return nil
	}
	raw, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("publish %s %s: %w", ev.Type, ev.ID, err)
	}
	sees := map[string]bool{} // by creator
	var errs []error
	for _, c := range chans {
		may, known := sees[c.CreatedBy]
		if !known {
			if may, err = p.audience.MaySee(ctx, ev.WorkspaceID, c.CreatedBy, ev); err != nil {
				errs = append(errs, fmt.Errorf("audience of channel %s: %w", c.ID, err))
				continue
			}
			sees[c.CreatedBy] = may
		}
		if !may {
			continue
		}
		d := &domain.Delivery{ID: domain.DeliveryID(c.ID, ev.ID), WorkspaceID: ev.WorkspaceID, ChannelID: c.ID,
			EventID: ev.ID, EventType: string(ev.Type), Event: string(raw)}
		created, err := p.store.CreateDelivery(ctx, d)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !created && (d.Status.Final() || d.Attempts > 0) {
			continue
		}
		if err := p.queue.Enqueue(ctx, ev.WorkspaceID, d.ID, 0); err != nil {
			// Stored: a restart's sweep (local) or the next publish finds it.
			errs = append(errs, fmt.Errorf("enqueue delivery %s: %w", d.ID, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("publish %s %s: %w", ev.Type, ev.ID, err)
	}
	return nil
}
