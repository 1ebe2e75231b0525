package motoscan

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// The expected cells are written as the scanners format them
// (functions/internal/scanner/format.go and each scanner), from what the
// test created: empty as "-", booleans Yes/No, sizes with units, lists
// joined with ", ". These helpers restate those rules; they do not call the
// scanners' code, so a formatting change shows here as a difference.

const dashCell = "-"

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return dashCell
	}
	return s
}

func list(items ...string) string {
	var kept []string
	for _, it := range items {
		if strings.TrimSpace(it) != "" && it != dashCell {
			kept = append(kept, it)
		}
	}
	return dash(strings.Join(kept, ", "))
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func gib(n int32) string { return strconv.Itoa(int(n)) + " GiB" }

// withDetail is "main (detail)", or main alone without a detail.
func withDetail(main, detail string) string {
	if detail == "" || detail == dashCell {
		return dash(main)
	}
	return dash(main) + " (" + detail + ")"
}

// kmsCell is how a customer managed key shows: "Yes (key/<id>)", the ARN's
// resource part; "No" without a key.
func kmsCell(keyARN string) string {
	if keyARN == "" {
		return "No"
	}
	parts := strings.SplitN(keyARN, ":", 6)
	return "Yes (" + parts[len(parts)-1] + ")"
}

// minuteUTC is a time as the scanners print one: UTC, to the minute.
func minuteUTC(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// setMark starts an expected list cell whose order AWS does not document
// (availability zones, methods, policies): its items are compared as a set.
const setMark = "\x1f"

func anyOrder(items ...string) string { return setMark + list(items...) }

// cellEqual compares a scanned cell with an expected one.
func cellEqual(got, want string) bool {
	if !strings.HasPrefix(want, setMark) {
		return got == want
	}
	split := func(s string) []string {
		items := strings.Split(s, ", ")
		slices.Sort(items)
		return items
	}
	return slices.Equal(split(got), split(strings.TrimPrefix(want, setMark)))
}

// shown is an expected cell as a message prints it.
func shown(want string) string {
	if strings.HasPrefix(want, setMark) {
		return strings.TrimPrefix(want, setMark) + " (any order)"
	}
	return want
}

// glob matches s against a pattern in which * stands for any text.
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return s == pattern
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}
