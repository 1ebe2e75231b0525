package domain

import (
	"time"
)

// ChannelSettings is a notification channel's configuration as answers
// show it: the fields of channels.Config (same names and types, so one
// converts to the other), masked by channels.Mask. The real values are
// only ever stored sealed (Channel.Sealed).
type ChannelSettings struct {
	WebhookURL string   `json:"webhookUrl,omitempty" dynamo:"webhookUrl,omitempty"`
	Secret     string   `json:"secret,omitempty" dynamo:"secret,omitempty"`
	AtMobiles  []string `json:"atMobiles,omitempty" dynamo:"atMobiles,omitempty"`
	AtAll      bool     `json:"atAll,omitempty" dynamo:"atAll,omitempty"`
	URL        string   `json:"url,omitempty" dynamo:"url,omitempty"`
	Recipients []string `json:"recipients,omitempty" dynamo:"recipients,omitempty"`
}

// ChannelHealth is how a channel's recent deliveries went. A run of
// failed attempts marks it unhealthy (the console flags it to its owner
// in the channel list); one success clears it.
type ChannelHealth struct {
	ConsecutiveFailures int        `json:"consecutiveFailures" dynamo:"consecutiveFailures"`
	Unhealthy           bool       `json:"unhealthy" dynamo:"unhealthy"`
	UnhealthySince      *time.Time `json:"unhealthySince,omitempty" dynamo:"unhealthySince,omitempty"`
	LastError           string     `json:"lastError,omitempty" dynamo:"lastError,omitempty"`
	LastDeliveredAt     *time.Time `json:"lastDeliveredAt,omitempty" dynamo:"lastDeliveredAt,omitempty"`
}

// Channel is a notification receiver (a DingTalk or Slack robot, a Teams
// workflow, a signed webhook, e-mail recipients) and the events it
// subscribed to. Its configuration holds tokens in URLs and signing
// secrets, so it is stored sealed whole (Sealed, opened only to send) and
// shown masked (Config).
type Channel struct {
	ID          string          `json:"id" dynamo:"id"`
	WorkspaceID string          `json:"-" dynamo:"workspaceId"`
	Name        string          `json:"name" dynamo:"name"`
	Type        string          `json:"type" dynamo:"channelType"`
	Config      ChannelSettings `json:"config" dynamo:"config"`
	Sealed      *SealedSecret   `json:"-" dynamo:"sealedConfig,omitempty"`
	Events      []string        `json:"events" dynamo:"events"`
	Enabled     bool            `json:"enabled" dynamo:"enabled"`
	Health      ChannelHealth   `json:"health" dynamo:"health"`
	CreatedBy   string          `json:"createdBy" dynamo:"createdBy"`
	Stamp
}

// Subscribed reports whether the channel takes events of type t.
func (c *Channel) Subscribed(t string) bool {
	for _, e := range c.Events {
		if e == t {
			return true
		}
	}
	return false
}

// ChannelSecretID names a channel's configuration in its encryption
// context, where a credential's id would be: the key policy allows only
// the context keys workspace and credential.
func ChannelSecretID(channelID string) string { return "channel:" + channelID }

// ValidateChannelName checks a channel's display name (ValidateName).
func ValidateChannelName(s string) error { return ValidateName(s) }

// DeliveryStatus is where a delivery is: waiting for an attempt,
// delivered, failed for good (a refusal a retry cannot fix) or dead
// (every attempt used).
type DeliveryStatus string

// Delivery statuses.
const (
	DeliveryPending   DeliveryStatus = "pending"
	DeliveryDelivered DeliveryStatus = "delivered"
	DeliveryFailed    DeliveryStatus = "failed"
	DeliveryDead      DeliveryStatus = "dead"
)

// Final reports whether no more attempts will be made.
func (s DeliveryStatus) Final() bool { return s != DeliveryPending }

// Delivery is one event on its way to one channel: stored before the
// first attempt, with the event itself, so a restart or a lost queue
// message loses nothing.
type Delivery struct {
	ID            string         `json:"id" dynamo:"id"`
	WorkspaceID   string         `json:"-" dynamo:"workspaceId"`
	ChannelID     string         `json:"channelId" dynamo:"channelId"`
	EventID       string         `json:"eventId" dynamo:"eventId"`
	EventType     string         `json:"eventType" dynamo:"eventType"`
	Status        DeliveryStatus `json:"status" dynamo:"status"`
	Attempts      int            `json:"attempts" dynamo:"attempts"`
	ResponseCode  int            `json:"responseCode,omitempty" dynamo:"responseCode,omitempty"`
	LastError     string         `json:"lastError,omitempty" dynamo:"lastError,omitempty"`
	NextAttemptAt *time.Time     `json:"nextAttemptAt,omitempty" dynamo:"nextAttemptAt,omitempty"`
	// Event is the event as JSON (event.Event), what every attempt sends.
	Event     string    `json:"-" dynamo:"event"`
	CreatedAt time.Time `json:"createdAt" dynamo:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt" dynamo:"updatedAt"`
}

// DeliveryID is the id of the delivery of an event to a channel, drawn
// from the pair alone: a repeated publish of the same event (whatever
// time it carries) finds the delivery it made before. It has the shape of
// an id (a ULID at time zero); the delivery log is ordered by creation
// time, not by id.
func DeliveryID(channelID, eventID string) string {
	return IDFor(time.UnixMilli(0), "delivery\x00"+channelID+"\x00"+eventID)
}

// EnumValues lists the statuses for the API description.
func (DeliveryStatus) EnumValues() []string {
	return []string{string(DeliveryPending), string(DeliveryDelivered), string(DeliveryFailed), string(DeliveryDead)}
}
