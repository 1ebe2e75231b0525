package domain

import "strings"

// ValidateName checks a display name a person types (a channel, a
// template). Any text is kept as written (documents, renderers and the
// console escape it); only its length and control characters are refused.
func ValidateName(s string) error {
	n := len([]rune(strings.TrimSpace(s)))
	switch {
	case n == 0:
		return Invalid("name", "is required")
	case n > 100:
		return Invalid("name", "at most 100 characters")
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			return Invalid("name", "must not contain control characters")
		}
	}
	return nil
}
