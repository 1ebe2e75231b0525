package domain

import (
	"testing"
	"time"
)

func TestDocumentNameVersions(t *testing.T) {
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ version, want string }{
		{"1.2", "Acme_LZ_2026-12-04_v1.2"},
		{"v1.2", "Acme_LZ_2026-12-04_v1.2"},
		{"inventory", "Acme_LZ_2026-12-04_inventory"},
		{"v", "Acme_LZ_2026-12-04_v"},
		{"", "Acme_LZ_2026-12-04"},
	} {
		if got := DocumentName("Acme", "LZ", day, tc.version); got != tc.want {
			t.Errorf("version %q: %q, want %q", tc.version, got, tc.want)
		}
	}
}
