package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Notification channel rows:
//
//	channel  PK WS#<ws>#CHAN   SK CHAN#<id>
//	         GSI1 WS#<ws>#CHANBY#<createdBy> / CHAN#<id>   (a user's own channels)
//
// The configuration is stored sealed (sealedConfig) beside its masked
// view (config); this package never sees a plaintext. A workspace has a
// handful of channels, so finding the ones subscribed to an event reads
// the partition with a filter.
type channelItem struct {
	Meta
	domain.Channel
}

func channelPK(ws string) string       { return "WS#" + ws + "#CHAN" }
func channelSK(id string) string       { return "CHAN#" + id }
func channelByPK(ws, by string) string { return "WS#" + ws + "#CHANBY#" + by }

func newChannelItem(c *domain.Channel) *channelItem {
	return &channelItem{
		Meta: Meta{PK: channelPK(c.WorkspaceID), SK: channelSK(c.ID), Type: "channel",
			GSI1PK: channelByPK(c.WorkspaceID, c.CreatedBy), GSI1SK: channelSK(c.ID)},
		Channel: *c,
	}
}

// CreateChannel stores a new channel at version 1.
func (s *Store) CreateChannel(ctx context.Context, c *domain.Channel) error {
	it := newChannelItem(c)
	if err := s.create(ctx, it, owner(c.WorkspaceID, c.ID)); err != nil {
		return fmt.Errorf("create channel %s: %w", c.ID, err)
	}
	*c = it.Channel
	return nil
}

// GetChannel reads a channel of a workspace.
func (s *Store) GetChannel(ctx context.Context, ws, id string) (*domain.Channel, error) {
	var it channelItem
	if err := s.get(ctx, channelPK(ws), channelSK(id), "channel", &it); err != nil {
		return nil, err
	}
	return &it.Channel, nil
}

// UpdateChannel writes what a user edits of c (name, type, configuration,
// events, enabled) if the stored version is still c.Version. The health
// fields are left as they are: deliveries change them concurrently.
func (s *Store) UpdateChannel(ctx context.Context, c *domain.Channel) error {
	read := c.Version
	now := s.now()
	var it channelItem
	err := s.table.Update("PK", channelPK(c.WorkspaceID)).Range("SK", channelSK(c.ID)).
		Set("name", c.Name).Set("channelType", c.Type).Set("config", c.Config).
		Set("sealedConfig", c.Sealed).Set("events", c.Events).Set("enabled", c.Enabled).
		Set("updatedAt", now).Set("version", read+1).
		If("attribute_exists(PK) AND version = ?", read).Value(ctx, &it)
	if dynamo.IsCondCheckFailed(err) {
		return domain.Conflict("changed by someone else since it was read: reload and try again")
	}
	if err != nil {
		return fmt.Errorf("update channel %s: %w", c.ID, err)
	}
	*c = it.Channel
	return nil
}

// DeleteChannel removes a channel. Its deliveries stay in the log until
// they expire; pending ones are dropped when their turn comes.
func (s *Store) DeleteChannel(ctx context.Context, ws, id string) error {
	if err := s.remove(ctx, channelPK(ws), channelSK(id)); err != nil {
		if domain.Is(err, domain.KindNotFound) {
			return domain.NotFound("channel")
		}
		return fmt.Errorf("delete channel %s: %w", id, err)
	}
	return nil
}

// ListChannels lists a workspace's channels, oldest first; with createdBy
// only those that user created.
func (s *Store) ListChannels(ctx context.Context, ws, createdBy string, p Page) (Listed[domain.Channel], error) {
	q := query{pk: channelPK(ws), skPrefix: "CHAN#"}
	if createdBy != "" {
		q = query{index: GSI1, pk: channelByPK(ws, createdBy)}
	}
	items, err := list[channelItem](ctx, s, q, p)
	if err != nil {
		return Listed[domain.Channel]{}, fmt.Errorf("list channels: %w", err)
	}
	return mapListed(items, func(it channelItem) domain.Channel { return it.Channel }), nil
}

// ChannelsFor returns the enabled channels of a workspace subscribed to
// an event type.
func (s *Store) ChannelsFor(ctx context.Context, ws, eventType string) ([]domain.Channel, error) {
	items, err := all[channelItem](ctx, s, query{pk: channelPK(ws), skPrefix: "CHAN#", filters: []filter{
		{"$ = ?", []any{"enabled", true}}, {"contains($, ?)", []any{"events", eventType}}}})
	if err != nil {
		return nil, fmt.Errorf("channels for %s: %w", eventType, err)
	}
	out := make([]domain.Channel, 0, len(items))
	for _, it := range items {
		out = append(out, it.Channel)
	}
	return out, nil
}

// RecordChannelResult keeps a channel's health after a delivery attempt:
// a success clears the run of failures, a failure lengthens it and, once
// it reaches unhealthyAfter, marks the channel unhealthy from at. It is not an
// edit: the version stays, so a form open on the channel can still save.
// became reports the attempt that turned the channel unhealthy.
func (s *Store) RecordChannelResult(ctx context.Context, ws, id string, ok bool, lastError string, at time.Time, unhealthyAfter int) (c *domain.Channel, became bool, err error) {
	var it channelItem
	u := s.table.Update("PK", channelPK(ws)).Range("SK", channelSK(id)).If("attribute_exists(PK)")
	if ok {
		u = u.Set("health.consecutiveFailures", 0).Set("health.unhealthy", false).
			Set("health.lastDeliveredAt", at.UTC()).Remove("health.lastError").Remove("health.unhealthySince")
	} else {
		u = u.Add("health.consecutiveFailures", 1).Set("health.lastError", lastError)
	}
	err = u.Value(ctx, &it)
	if dynamo.IsCondCheckFailed(err) {
		return nil, false, domain.NotFound("channel")
	}
	if err != nil {
		return nil, false, fmt.Errorf("record result of channel %s: %w", id, err)
	}
	if ok || it.Health.Unhealthy || it.Health.ConsecutiveFailures < unhealthyAfter {
		return &it.Channel, false, nil
	}
	err = s.table.Update("PK", channelPK(ws)).Range("SK", channelSK(id)).
		Set("health.unhealthy", true).Set("health.unhealthySince", at.UTC()).
		If("attribute_exists(PK) AND health.unhealthy = ?", false).Value(ctx, &it)
	if dynamo.IsCondCheckFailed(err) {
		return &it.Channel, false, nil // deleted, or another attempt got there first
	}
	if err != nil {
		return nil, false, fmt.Errorf("mark channel %s unhealthy: %w", id, err)
	}
	return &it.Channel, true, nil
}
