package domain

import (
	"encoding/json"
	"time"
)

// AlertSeverity is how urgent a security alert is.
type AlertSeverity string

// Alert severities, lowest first.
const (
	SeverityLow    AlertSeverity = "low"
	SeverityMedium AlertSeverity = "medium"
	SeverityHigh   AlertSeverity = "high"
)

// Valid reports whether s is a known severity.
func (s AlertSeverity) Valid() bool {
	return s == SeverityLow || s == SeverityMedium || s == SeverityHigh
}

// EnumValues lists the severities for the API description.
func (AlertSeverity) EnumValues() []string {
	return []string{string(SeverityLow), string(SeverityMedium), string(SeverityHigh)}
}

// AlertStatus is where an alert is in its handling: open until someone
// acknowledges it (they are looking into it), resolved when it is closed.
type AlertStatus string

// Alert statuses.
const (
	AlertOpen         AlertStatus = "open"
	AlertAcknowledged AlertStatus = "acknowledged"
	AlertResolved     AlertStatus = "resolved"
)

// Valid reports whether s is a known status.
func (s AlertStatus) Valid() bool {
	return s == AlertOpen || s == AlertAcknowledged || s == AlertResolved
}

// EnumValues lists the statuses for the API description.
func (AlertStatus) EnumValues() []string {
	return []string{string(AlertOpen), string(AlertAcknowledged), string(AlertResolved)}
}

// Alert is what the security monitor raised from the audit log: which rule,
// about whom (a user id or a source address), and the audit entries that
// are its evidence.
type Alert struct {
	ID          string        `json:"id" dynamo:"id"`
	WorkspaceID string        `json:"-" dynamo:"workspaceId"`
	Rule        string        `json:"rule" dynamo:"rule"`
	Severity    AlertSeverity `json:"severity" dynamo:"severity"`
	Title       string        `json:"title" dynamo:"title"`
	Message     string        `json:"message" dynamo:"message"`
	// Subject is what the alert is about: a user id, a source address or
	// a role; SubjectName is its readable name where there is one.
	Subject     string `json:"subject" dynamo:"subject"`
	SubjectName string `json:"subjectName,omitempty" dynamo:"subjectName,omitempty"`
	// Evidence are the ids of the audit entries that raised the alert.
	Evidence []string `json:"evidence" dynamo:"evidence"`
	// FiredAt is the time of the audit entry that raised the alert.
	FiredAt time.Time   `json:"firedAt" dynamo:"firedAt"`
	Status  AlertStatus `json:"status" dynamo:"status"`
	// DedupeKey names the rule, subject and window: the monitor raises
	// one alert per key however often it sees the same entries.
	DedupeKey      string     `json:"-" dynamo:"dedupeKey"`
	AcknowledgedBy string     `json:"acknowledgedBy,omitempty" dynamo:"acknowledgedBy,omitempty"`
	AcknowledgedAt *time.Time `json:"acknowledgedAt,omitempty" dynamo:"acknowledgedAt,omitempty"`
	ResolvedBy     string     `json:"resolvedBy,omitempty" dynamo:"resolvedBy,omitempty"`
	ResolvedAt     *time.Time `json:"resolvedAt,omitempty" dynamo:"resolvedAt,omitempty"`
	ResolveComment string     `json:"resolveComment,omitempty" dynamo:"resolveComment,omitempty"`
	// NotifiedAt is when the alert was handed to the notification
	// channels (published as a security.alert event).
	NotifiedAt *time.Time `json:"notifiedAt,omitempty" dynamo:"notifiedAt,omitempty"`
	Stamp
}

// AlertRuleSetting is one monitor rule's setting in a workspace: whether
// it runs and its configuration (JSON of the rule's config type, which
// the monitor package defines and validates). A rule without a stored
// setting runs with its defaults.
type AlertRuleSetting struct {
	WorkspaceID string          `json:"-" dynamo:"workspaceId"`
	Rule        string          `json:"rule" dynamo:"rule"`
	Enabled     bool            `json:"enabled" dynamo:"enabled"`
	Config      json.RawMessage `json:"config" dynamo:"config"`
	UpdatedBy   string          `json:"updatedBy,omitempty" dynamo:"updatedBy,omitempty"`
	Stamp
}
