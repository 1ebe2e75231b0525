package monitor

import "fmt"

// Audit entries keep Before and After as plain JSON data (audit.Redact),
// read back from the table as maps, lists, strings and numbers: these
// read a field of them whatever the decoder made.

// field is the value of a field of an object, or nil.
func field(v any, name string) any {
	switch m := v.(type) {
	case map[string]any:
		return m[name]
	case map[string]string:
		return m[name]
	}
	return nil
}

// str is a value as a string: "" for anything but a string.
func str(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case fmt.Stringer:
		return s.String()
	}
	return ""
}

// strs is a list of strings; other items are skipped.
func strs(v any) []string {
	switch l := v.(type) {
	case []string:
		return l
	case []any:
		out := make([]string, 0, len(l))
		for _, x := range l {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
