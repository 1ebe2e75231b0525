package schedexpr

import "fmt"

// Error is a refused schedule expression or time zone. Reason is written
// for the person who typed the value: it says what is wrong and, where it
// helps, what to write instead.
type Error struct {
	Field  string // "expression" or "timezone"
	Reason string
}

func (e *Error) Error() string { return e.Field + ": " + e.Reason }

func refuse(format string, args ...any) *Error {
	return &Error{Field: "expression", Reason: fmt.Sprintf(format, args...)}
}
