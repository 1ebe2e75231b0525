package domain

import (
	"strings"
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

// A long client or project name is cut after its last whole word, never
// inside one.
func TestDocumentNameCutsAtAWord(t *testing.T) {
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ client, want string }{
		{"Very Long Client Name Incorporated International Holdings Group Limited Partnership",
			"Very-Long-Client-Name-Incorporated-International_LZ_2026-12-04_v1"},
		{"Short Client", "Short-Client_LZ_2026-12-04_v1"},
		{strings.Repeat("x", 80), strings.Repeat("x", 48) + "_LZ_2026-12-04_v1"},
	} {
		if got := DocumentName(tc.client, "LZ", day, "1"); got != tc.want {
			t.Errorf("client %q: %q, want %q", tc.client, got, tc.want)
		}
	}
}
