package identity

import (
	"encoding/base64"
	"testing"
	"time"
)

func TestExpiresInFromTheToken(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	payload := base64.RawURLEncoding.EncodeToString([]byte(`{"exp":1700003600}`))
	for _, tc := range []struct {
		raw  string
		want int32
	}{
		{"h." + payload + ".s", 3600},
		{"not-a-jwt", 0},
		{"h.!!!.s", 0},
		{"h." + base64.RawURLEncoding.EncodeToString([]byte(`{}`)) + ".s", 0},
	} {
		if got := expiresIn(tc.raw, now); got != tc.want {
			t.Errorf("expiresIn(%q) = %d, want %d", tc.raw, got, tc.want)
		}
	}
}
