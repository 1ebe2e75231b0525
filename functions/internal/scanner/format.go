package scanner

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// The helpers below format values for a document, the way the report
// prints them: empty as a dash, booleans as Yes/No, sizes with units.

// dash returns s, or "-" when s is empty.
func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// str dereferences an SDK string.
func str(p *string) string { return dash(aws.ToString(p)) }

// yesNo formats a boolean.
func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// yesNoPtr formats an optional boolean; nil is unknown, a dash.
func yesNoPtr(p *bool) string {
	if p == nil {
		return "-"
	}
	return yesNo(*p)
}

// num formats an optional SDK integer.
func num[T int32 | int64 | int](p *T) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatInt(int64(*p), 10)
}

// gib formats a size given in GiB, as EBS and RDS report storage.
func gib[T int32 | int64 | int](n T) string { return strconv.FormatInt(int64(n), 10) + " GiB" }

// byteSize formats a byte count with binary units: "0 B", "512 B", "1.5 KiB".
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 5; m /= unit {
		div *= unit
		exp++
	}
	v := strconv.FormatFloat(float64(n)/float64(div), 'f', 1, 64)
	return strings.TrimSuffix(v, ".0") + " " + string("KMGTPE"[exp]) + "iB"
}

// list joins the non-empty items with ", ", or returns a dash.
func list(items []string) string {
	var kept []string
	for _, it := range items {
		if strings.TrimSpace(it) != "" && it != "-" {
			kept = append(kept, it)
		}
	}
	return dash(strings.Join(kept, ", "))
}

// timestamp formats a time in UTC to the minute.
func timestamp(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// withDetail formats "main (detail)", or just main when detail is empty.
func withDetail(main, detail string) string {
	if detail == "" || detail == "-" {
		return dash(main)
	}
	return fmt.Sprintf("%s (%s)", dash(main), detail)
}

// tagsOf turns an SDK tag list into a map; kv extracts key and value.
func tagsOf[T any](tags []T, kv func(T) (*string, *string)) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		k, v := kv(t)
		if k != nil {
			m[*k] = aws.ToString(v)
		}
	}
	return m
}

// nameTag returns the Name tag, or fallback when there is none.
func nameTag(tags map[string]string, fallback string) string {
	if n := strings.TrimSpace(tags["Name"]); n != "" {
		return n
	}
	return fallback
}
