package domain

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the caller: it decides the HTTP status and
// whether the message may be shown.
type Kind int

const (
	KindInternal Kind = iota
	KindInvalid
	KindUnauthenticated
	KindForbidden
	KindNotFound
	KindConflict
	KindTooLarge
	KindUnsupportedMedia
	KindThrottled
	KindUnavailable
)

// Error is an error with a kind, a message safe to show a user, and the
// cause for the logs only.
type Error struct {
	Kind  Kind
	Field string            // for KindInvalid: which input field
	Msg   string            // safe to show
	Extra map[string]string // extra details safe to show (e.g. the missing permission)
	Err   error             // the cause, never shown
}

func (e *Error) Error() string {
	msg := e.Msg
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		return msg + ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Invalid is a validation error on one input field.
func Invalid(field, msg string) *Error { return &Error{Kind: KindInvalid, Field: field, Msg: msg} }

// Invalidf is Invalid with a formatted message.
func Invalidf(field, format string, args ...any) *Error {
	return Invalid(field, fmt.Sprintf(format, args...))
}

// NotFound says the resource does not exist or the caller may not see it;
// the two are deliberately indistinguishable so ids cannot be probed.
func NotFound(what string) *Error { return &Error{Kind: KindNotFound, Msg: what + " not found"} }

// Conflict says the write lost a race or breaks a uniqueness rule.
func Conflict(msg string) *Error { return &Error{Kind: KindConflict, Msg: msg} }

// Forbidden names the permission the caller lacks.
func Forbidden(permission string) *Error {
	return &Error{Kind: KindForbidden, Msg: "missing permission " + permission,
		Extra: map[string]string{"permission": permission}}
}

// Refused says the caller holds the permission but may not do this to
// what field names (a user whose role ranks above its own, say).
func Refused(field, msg string) *Error { return &Error{Kind: KindForbidden, Field: field, Msg: msg} }

// Unauthenticated says the caller must sign in (again).
func Unauthenticated(msg string) *Error { return &Error{Kind: KindUnauthenticated, Msg: msg} }

// TooLarge says the input exceeds a size limit.
func TooLarge(msg string) *Error { return &Error{Kind: KindTooLarge, Msg: msg} }

// Throttled is a request refused for its rate (429); msg says when to
// come back.
func Throttled(msg string) *Error { return &Error{Kind: KindThrottled, Msg: msg} }

// Unavailable says a dependency is not ready; the caller may retry.
func Unavailable(msg string, err error) *Error {
	return &Error{Kind: KindUnavailable, Msg: msg, Err: err}
}

// KindOf returns the kind of the first *Error in err's chain, or
// KindInternal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Is reports whether err carries the given kind.
func Is(err error, k Kind) bool { return err != nil && KindOf(err) == k }
