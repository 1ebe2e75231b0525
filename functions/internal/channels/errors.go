package channels

import "errors"

// FieldError is a channel configuration refused by Validate. Field names
// the offending input as the API spells it ("type", "config.webhookUrl",
// "config.recipients[2]"); Reason is safe to show the user.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

func invalid(field, reason string) *FieldError { return &FieldError{Field: field, Reason: reason} }

// ErrBlockedDestination is wrapped by a send refused because the
// destination resolved, at dial time, to an address Policy forbids. It is
// never retryable.
var ErrBlockedDestination = errors.New("destination address not allowed")

// ErrPermanent marks a Mailer error that a retry cannot fix (an address
// the provider rejects, say): wrap it, and Send reports the failure as not
// retryable. Any other Mailer error is taken as transient.
var ErrPermanent = errors.New("permanent delivery failure")
