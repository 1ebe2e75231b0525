package notifications

import "github.com/cloudcensus/cloudcensus/functions/internal/channels"

// CreateBody creates a channel. config holds the fields of its type (see
// channels.Config); events are the event types it takes.
type CreateBody struct {
	Name    string          `json:"name"`
	Type    channels.Type   `json:"type"`
	Config  channels.Config `json:"config"`
	Events  []string        `json:"events"`
	Enabled *bool           `json:"enabled,omitempty"` // default true
}

// UpdateBody changes the fields it names. A config replaces the stored
// one, except that a URL or secret sent back exactly as an answer masked
// it keeps the stored value; changing the type needs a whole config.
type UpdateBody struct {
	ID      string           `json:"id"`
	Version int              `json:"version"`
	Name    *string          `json:"name,omitempty"`
	Type    *channels.Type   `json:"type,omitempty"`
	Config  *channels.Config `json:"config,omitempty"`
	Events  *[]string        `json:"events,omitempty"`
	Enabled *bool            `json:"enabled,omitempty"`
}

// TestResult is the outcome of a test message: the receiver's status (0
// when none answered), whether it took the message, and why not.
type TestResult struct {
	StatusCode int    `json:"statusCode"`
	Delivered  bool   `json:"delivered"`
	Error      string `json:"error,omitempty"`
}
