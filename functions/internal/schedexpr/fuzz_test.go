package schedexpr

import (
	"errors"
	"testing"
	"time"
)

// FuzzParse: Parse never panics, refuses with an *Error that says why, and
// whatever it accepts comes back unchanged through String and evaluates
// alike. The seed corpus is in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"rate(1 days)", "cron(0/30 20-2 ? * MON-FRI *)", "cron(15 10 ? * 6L 2019-2022)",
		"cron(0 9 ? jan,jul 2#1 *)", "cron(0 12 015w * ? *)", "at(2025-11-02T01:30:00)",
	} {
		f.Add(s)
	}
	ny, err := LoadZone("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Field != "expression" || pe.Reason == "" {
				t.Fatalf("Parse(%q) error %#v is not an *Error with a reason", s, err)
			}
			return
		}
		again, err := Parse(e.String())
		if err != nil {
			t.Fatalf("Parse(%q) = %q, which does not parse: %v", s, e, err)
		}
		if again.String() != e.String() || again.Kind() != e.Kind() || again.MinInterval() != e.MinInterval() {
			t.Fatalf("Parse(%q) = %q %v, reparsed %q %v", s, e, e.MinInterval(), again, again.MinInterval())
		}
		for _, after := range []time.Time{wednesday, time.Date(2025, 11, 2, 6, 10, 0, 0, time.UTC)} {
			a, okA := e.Next(after, wednesday, ny)
			b, okB := again.Next(after, wednesday, ny)
			if okA != okB || !a.Equal(b) {
				t.Fatalf("%q and its canonical form disagree: %v %v / %v %v", s, a, okA, b, okB)
			}
			if okA && !a.After(after) {
				t.Fatalf("%q: Next(%v) = %v, not after", s, after, a)
			}
		}
	})
}
