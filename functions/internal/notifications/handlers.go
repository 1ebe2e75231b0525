package notifications

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/channels"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
)

func (s *Service) list(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	by := p.UserID
	if p.Can(authz.ScopeAll) {
		by = ""
	}
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.Channel], error) {
		return s.d.Store.ListChannels(ctx, p.WorkspaceID, by, page)
	})
}

// load reads a channel the caller may see: its own, or any with
// scope:all. Anything else is not found, so ids cannot be probed.
func (s *Service) load(ctx context.Context, p *httpapi.Principal, id string) (*domain.Channel, error) {
	if !domain.ValidID(id) {
		return nil, domain.Invalid("id", "is not a channel id")
	}
	c, err := s.d.Store.GetChannel(ctx, p.WorkspaceID, id)
	if err != nil {
		return nil, err
	}
	if c.CreatedBy != p.UserID && !p.Can(authz.ScopeAll) {
		return nil, domain.NotFound("channel")
	}
	return c, nil
}

func (s *Service) detail(w http.ResponseWriter, r *http.Request) error {
	c, err := s.load(r.Context(), httpapi.PrincipalFrom(r.Context()), r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	return httpapi.JSON(w, http.StatusOK, c)
}

func (s *Service) create(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	var b CreateBody
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	c := &domain.Channel{ID: domain.NewID(), WorkspaceID: p.WorkspaceID, Name: strings.TrimSpace(b.Name),
		Type: string(b.Type), Events: b.Events, Enabled: b.Enabled == nil || *b.Enabled, CreatedBy: p.UserID}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = c.ID
	if err := s.check(ctx, c, b.Config); err != nil {
		return err
	}
	if err := s.seal(ctx, c, b.Config); err != nil {
		return err
	}
	if err := s.d.Store.CreateChannel(ctx, c); err != nil {
		return err
	}
	ev.After = c
	return httpapi.JSON(w, http.StatusCreated, c)
}

// check validates a channel with the configuration it will hold. The
// configuration check resolves the receiver's host and refuses one the
// policy forbids.
func (s *Service) check(ctx context.Context, c *domain.Channel, cfg channels.Config) error {
	if err := domain.ValidateChannelName(c.Name); err != nil {
		return err
	}
	if !slices.Contains(channels.Types(), channels.Type(c.Type)) {
		return domain.Invalid("type", "must be one of dingtalk, slack, teams, webhook, email")
	}
	if err := checkEvents(c.Events); err != nil {
		return err
	}
	if err := channels.Validate(ctx, channels.Type(c.Type), cfg, s.d.Policy); err != nil {
		var fe *channels.FieldError
		if errors.As(err, &fe) {
			return domain.Invalid(fe.Field, fe.Reason)
		}
		return err
	}
	return nil
}

func checkEvents(evs []string) error {
	if len(evs) == 0 {
		return domain.Invalid("events", "must name at least one event")
	}
	known := event.Type("").EnumValues()
	for i, e := range evs {
		field := fmt.Sprintf("events[%d]", i)
		if !slices.Contains(known, e) {
			return domain.Invalid(field, "must be one of "+strings.Join(known, ", "))
		}
		if slices.Contains(evs[:i], e) {
			return domain.Invalid(field, "is listed twice")
		}
	}
	return nil
}

// seal stores cfg in c: sealed whole, and masked for answers.
func (s *Service) seal(ctx context.Context, c *domain.Channel, cfg channels.Config) error {
	raw, err := json.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("encode channel configuration: %w", err)
	}
	sealed, err := s.d.Box.Seal(ctx, c.WorkspaceID, domain.ChannelSecretID(c.ID), domain.Secret(raw))
	clear(raw)
	if err != nil {
		return err
	}
	c.Sealed = &sealed
	c.Config = domain.ChannelSettings(channels.Mask(cfg))
	return nil
}

func (s *Service) update(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	var b UpdateBody
	if err := httpapi.Decode(r, &b); err != nil {
		return err
	}
	ev := httpapi.AuditOf(r)
	ev.ResourceID = b.ID
	before, err := s.load(ctx, p, b.ID)
	if err != nil {
		return err
	}
	ev.Before = before
	if b.Version != before.Version {
		return domain.Conflict("changed by someone else since it was read: reload and try again")
	}
	c := *before
	if b.Name != nil {
		c.Name = strings.TrimSpace(*b.Name)
	}
	if b.Events != nil {
		c.Events = *b.Events
	}
	if b.Enabled != nil {
		c.Enabled = *b.Enabled
	}
	cfg, err := openConfig(ctx, s.d.Box, before)
	if err != nil {
		return err
	}
	if b.Type != nil && string(*b.Type) != before.Type {
		if b.Config == nil {
			return domain.Invalid("config", "is required when the type changes")
		}
		c.Type, cfg = string(*b.Type), *b.Config
	} else if b.Config != nil {
		cfg = keepMasked(*b.Config, cfg)
	}
	if err := s.check(ctx, &c, cfg); err != nil {
		return err
	}
	if err := s.seal(ctx, &c, cfg); err != nil {
		return err
	}
	if err := s.d.Store.UpdateChannel(ctx, &c); err != nil {
		return err
	}
	ev.After = &c
	return httpapi.JSON(w, http.StatusOK, &c)
}

// keepMasked is next with every URL or secret that reads exactly as the
// answer masked the stored one replaced by the stored value: a form sends
// back what it was shown.
func keepMasked(next, stored channels.Config) channels.Config {
	m := channels.Mask(stored)
	if next.WebhookURL != "" && next.WebhookURL == m.WebhookURL {
		next.WebhookURL = stored.WebhookURL
	}
	if next.URL != "" && next.URL == m.URL {
		next.URL = stored.URL
	}
	if next.Secret != "" && next.Secret == m.Secret {
		next.Secret = stored.Secret
	}
	return next
}

// openConfig unseals a channel's configuration.
func openConfig(ctx context.Context, box Box, c *domain.Channel) (channels.Config, error) {
	var cfg channels.Config
	if c.Sealed == nil {
		return cfg, fmt.Errorf("channel %s has no stored configuration", c.ID)
	}
	secret, err := box.Open(ctx, c.WorkspaceID, domain.ChannelSecretID(c.ID), *c.Sealed)
	if err != nil {
		return cfg, fmt.Errorf("open configuration of channel %s: %w", c.ID, err)
	}
	raw := []byte(secret.Reveal())
	defer clear(raw)
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return cfg, fmt.Errorf("decode configuration of channel %s: %w", c.ID, err)
	}
	return cfg, nil
}

func (s *Service) delete(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	c, err := s.load(ctx, p, id)
	if err != nil {
		return err
	}
	ev.Before = c
	if err := s.d.Store.DeleteChannel(ctx, p.WorkspaceID, c.ID); err != nil {
		return err
	}
	return httpapi.NoContent(w)
}

// test sends a channel.test event now, whatever the channel subscribed to
// and even when it is disabled, and logs it as a delivery of one attempt.
func (s *Service) test(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	id, ev, err := httpapi.DecodeID(r)
	if err != nil {
		return err
	}
	c, err := s.load(ctx, p, id)
	if err != nil {
		return err
	}
	cfg, err := openConfig(ctx, s.d.Box, c)
	if err != nil {
		return err
	}
	now := s.d.Now().UTC()
	e := event.Event{ID: domain.NewID(), Type: event.Test, WorkspaceID: p.WorkspaceID, Time: now, Owner: p.UserID}
	res := s.d.Sender.Send(ctx, channels.Type(c.Type), cfg, e)
	out := TestResult{StatusCode: res.StatusCode, Delivered: res.OK()}
	if res.Err != nil {
		out.Error = res.Err.Error()
	}
	if err := s.logTest(ctx, c, e, res); err != nil {
		httpapi.Logger(ctx).Warn("test delivery not logged", "channel", c.ID, "error", err.Error())
	}
	ev.After = out
	return httpapi.JSON(w, http.StatusOK, out)
}

func (s *Service) logTest(ctx context.Context, c *domain.Channel, e event.Event, res channels.Result) error {
	raw, err := json.Marshal(e)
	if err != nil {
		return err
	}
	d := &domain.Delivery{ID: domain.DeliveryID(c.ID, e.ID), WorkspaceID: c.WorkspaceID, ChannelID: c.ID,
		EventID: e.ID, EventType: string(e.Type), Event: string(raw)}
	if _, err := s.d.Store.CreateDelivery(ctx, d); err != nil {
		return err
	}
	record(d, res)
	d.Status = domain.DeliveryDelivered
	if !res.OK() {
		d.Status = domain.DeliveryFailed
	}
	return s.d.Store.RecordAttempt(ctx, d, 0)
}

func (s *Service) deliveries(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), httpapi.PrincipalFrom(r.Context())
	c, err := s.load(ctx, p, r.URL.Query().Get("id"))
	if err != nil {
		return err
	}
	return httpapi.ServeList(w, r, func(page domain.Page) (domain.Listed[domain.Delivery], error) {
		return s.d.Store.ListDeliveries(ctx, p.WorkspaceID, c.ID, page)
	})
}
