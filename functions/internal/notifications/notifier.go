package notifications

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"
	"unicode/utf8"

	"github.com/cloudcensus/cloudcensus/functions/internal/channels"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/secrets"
	"github.com/cloudcensus/cloudcensus/functions/internal/store"
)

// Queue hands a stored delivery to whatever calls Notifier.Deliver, after
// delay: SQSQueue in AWS, LocalQueue in local mode. It must not wait for
// the delivery.
type Queue interface {
	Enqueue(ctx context.Context, ws, deliveryID string, delay time.Duration) error
}

// DeliveryStore is what the notifier needs of the table (*store.Store).
type DeliveryStore interface {
	GetDelivery(ctx context.Context, ws, id string) (*domain.Delivery, error)
	GetChannel(ctx context.Context, ws, id string) (*domain.Channel, error)
	ClaimDelivery(ctx context.Context, ws, id string, readAttempts int, now, until time.Time) (bool, error)
	RecordAttempt(ctx context.Context, d *domain.Delivery, readAttempts int) error
	RecordChannelResult(ctx context.Context, ws, id string, ok bool, lastError string, at time.Time, unhealthyAfter int) (*domain.Channel, bool, error)
}

var _ DeliveryStore = (*store.Store)(nil)

// Retry policy of a delivery: six attempts over about an hour (waits of
// 2, 4, 8, 16 and 32 minutes, each spread by ±20 %, never shorter than a
// receiver's Retry-After), and five failed attempts in a row, of any
// deliveries, mark the channel unhealthy.
const (
	DefaultMaxAttempts    = 6
	DefaultBaseDelay      = 2 * time.Minute
	DefaultMaxDelay       = time.Hour
	DefaultUnhealthyAfter = 5
	// claimFor covers one attempt (the sender gives up after 10 s): a
	// second worker handed the same delivery meanwhile leaves it alone.
	claimFor      = 30 * time.Second
	maxErrorChars = 500
)

// NotifierDeps are the notifier's dependencies and its retry policy; the
// zero values of the policy take the defaults above.
type NotifierDeps struct {
	Store  DeliveryStore
	Box    Box
	Sender Sender
	Queue  Queue
	Logger *slog.Logger

	MaxAttempts    int           // attempts before a delivery is dead
	BaseDelay      time.Duration // delay before the second attempt; it doubles after each
	MaxDelay       time.Duration // cap of one delay (a receiver's Retry-After may go beyond it)
	UnhealthyAfter int           // failed attempts in a row that mark a channel unhealthy
	Now            func() time.Time
	// Jitter spreads a delay; nil is a uniform draw in [0.8 d, 1.2 d].
	Jitter func(time.Duration) time.Duration
}

// Notifier delivers stored deliveries.
type Notifier struct {
	d NotifierDeps
}

// NewNotifier builds a notifier.
func NewNotifier(d NotifierDeps) *Notifier {
	if d.MaxAttempts <= 0 {
		d.MaxAttempts = DefaultMaxAttempts
	}
	if d.BaseDelay <= 0 {
		d.BaseDelay = DefaultBaseDelay
	}
	if d.MaxDelay <= 0 {
		d.MaxDelay = DefaultMaxDelay
	}
	if d.UnhealthyAfter <= 0 {
		d.UnhealthyAfter = DefaultUnhealthyAfter
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Jitter == nil {
		d.Jitter = func(t time.Duration) time.Duration {
			return time.Duration(float64(t) * (0.8 + 0.4*rand.Float64()))
		}
	}
	return &Notifier{d: d}
}

// Deliver makes the next attempt of a delivery: it loads the delivery and
// its channel, opens the configuration, sends once, records the outcome
// and, for a failure worth retrying, enqueues the next attempt. It is what
// both the notifier Lambda (HandleSQS) and the local worker call, and it
// is safe to call twice for the same delivery: the second call finds it
// claimed or done. It answers an error only when the attempt could not be
// made or recorded, so the queue hands it over again.
func (n *Notifier) Deliver(ctx context.Context, ws, deliveryID string) error {
	d, err := n.d.Store.GetDelivery(ctx, ws, deliveryID)
	if domain.Is(err, domain.KindNotFound) {
		n.d.Logger.Warn("delivery not found", "workspace", ws, "delivery", deliveryID)
		return nil
	}
	if err != nil {
		return err
	}
	if d.Status.Final() {
		return nil
	}
	now := n.d.Now().UTC()
	if d.NextAttemptAt != nil && d.NextAttemptAt.Sub(now) > 500*time.Millisecond {
		// Early: a queue's delay is capped (SQS: 15 minutes), or this is a
		// second copy of the message. Wait again.
		return n.d.Queue.Enqueue(ctx, ws, d.ID, d.NextAttemptAt.Sub(now))
	}
	read := d.Attempts
	c, err := n.d.Store.GetChannel(ctx, ws, d.ChannelID)
	switch {
	case domain.Is(err, domain.KindNotFound):
		return n.drop(ctx, d, read, "channel deleted")
	case err != nil:
		return err
	case !c.Enabled:
		return n.drop(ctx, d, read, "channel disabled")
	}
	claimed, err := n.d.Store.ClaimDelivery(ctx, ws, d.ID, read, now, now.Add(claimFor))
	if err != nil {
		return err
	}
	if !claimed {
		return nil // another worker has it, or recorded it already
	}
	res := n.send(ctx, c, d)
	record(d, res)
	var delay time.Duration
	switch {
	case res.OK():
		d.Status = domain.DeliveryDelivered
	case !res.Retryable:
		d.Status = domain.DeliveryFailed
	case d.Attempts >= n.d.MaxAttempts:
		d.Status = domain.DeliveryDead
	default:
		delay = n.backoff(d.Attempts, res.RetryAfter)
		next := now.Add(delay)
		d.NextAttemptAt = &next
	}
	if err := n.d.Store.RecordAttempt(ctx, d, read); err != nil {
		if domain.Is(err, domain.KindConflict) {
			return nil
		}
		return err
	}
	n.health(ctx, c, d, res, now)
	if d.Status == domain.DeliveryPending {
		return n.d.Queue.Enqueue(ctx, ws, d.ID, delay)
	}
	if d.Status != domain.DeliveryDelivered {
		n.d.Logger.Warn("delivery gave up", "workspace", ws, "delivery", d.ID, "channel", c.ID,
			"status", d.Status, "attempts", d.Attempts, "error", d.LastError)
	}
	return nil
}

// send opens the channel's configuration and the stored event and sends
// them once. A configuration that cannot be opened is a failed attempt
// like any other: retried unless the sealed value is unreadable.
func (n *Notifier) send(ctx context.Context, c *domain.Channel, d *domain.Delivery) channels.Result {
	var ev event.Event
	if err := json.Unmarshal([]byte(d.Event), &ev); err != nil {
		return channels.Result{Err: fmt.Errorf("stored event unreadable: %w", err)}
	}
	cfg, err := openConfig(ctx, n.d.Box, c)
	if err != nil {
		n.d.Logger.Error("channel configuration not opened", "channel", c.ID, "error", err.Error())
		return channels.Result{Err: errors.New("channel configuration could not be opened"), Retryable: !errors.Is(err, secrets.ErrOpen)}
	}
	return n.d.Sender.Send(ctx, channels.Type(c.Type), cfg, ev)
}

// backoff is the delay before the attempt after attempt number n (from
// 1): BaseDelay doubling, capped, spread by jitter, and never shorter
// than what the receiver asked for.
func (n *Notifier) backoff(attempt int, retryAfter time.Duration) time.Duration {
	d := n.d.BaseDelay
	for i := 1; i < attempt && d < n.d.MaxDelay; i++ {
		d *= 2
	}
	d = n.d.Jitter(min(d, n.d.MaxDelay))
	return max(d, retryAfter)
}

// drop ends a delivery whose channel is gone or disabled, without an
// attempt.
func (n *Notifier) drop(ctx context.Context, d *domain.Delivery, read int, why string) error {
	d.Status, d.LastError, d.NextAttemptAt = domain.DeliveryFailed, why, nil
	if err := n.d.Store.RecordAttempt(ctx, d, read); err != nil && !domain.Is(err, domain.KindConflict) {
		return err
	}
	return nil
}

// health keeps the channel's run of failures; the attempt that turns it
// unhealthy is logged as a warning for its owner.
func (n *Notifier) health(ctx context.Context, c *domain.Channel, d *domain.Delivery, res channels.Result, at time.Time) {
	_, became, err := n.d.Store.RecordChannelResult(ctx, c.WorkspaceID, c.ID, res.OK(), d.LastError, at, n.d.UnhealthyAfter)
	if err != nil && !domain.Is(err, domain.KindNotFound) {
		n.d.Logger.Error("channel health not recorded", "channel", c.ID, "error", err.Error())
		return
	}
	if became {
		n.d.Logger.Warn("notification channel unhealthy", "workspace", c.WorkspaceID, "channel", c.ID,
			"name", c.Name, "owner", c.CreatedBy, "failures", n.d.UnhealthyAfter, "error", d.LastError)
	}
}

// record writes one attempt's outcome into d; the status is the caller's.
func record(d *domain.Delivery, res channels.Result) {
	d.Attempts++
	d.ResponseCode = res.StatusCode
	d.LastError, d.NextAttemptAt = "", nil
	if res.Err != nil {
		d.LastError = clip(res.Err.Error(), maxErrorChars)
	}
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
