package layout

import (
	"testing"
	"time"
)

func TestResultsExpireAtTheNextMidnightAfterTheirDays(t *testing.T) {
	r := Retention{ResultsDays: 30}
	for _, tc := range []struct{ written, want string }{
		{"2026-01-01T10:30:00Z", "2026-02-01T00:00:00Z"},
		{"2026-01-01T00:00:00Z", "2026-01-31T00:00:00Z"},
		{"2026-01-31T23:59:59+02:00", "2026-03-03T00:00:00Z"}, // 21:59:59 UTC on the 31st
	} {
		w, _ := time.Parse(time.RFC3339, tc.written)
		if got := r.ResultsExpireAt(w).Format(time.RFC3339); got != tc.want {
			t.Errorf("written %s: expire %s, want %s", tc.written, got, tc.want)
		}
	}
}

func TestRetainIsAPolicy(t *testing.T) {
	if Retain.ResultsDays < 1 || Retain.UploadsDays < 1 || Retain.TemplatesDays < 1 || Retain.DeletedReportsDays < 1 {
		t.Fatalf("every retention is at least a day: %+v", Retain)
	}
}
