package channels

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/event"
)

// The headers of a webhook delivery.
const (
	HeaderEvent     = "X-CloudCensus-Event"     // the event type
	HeaderEventID   = "X-CloudCensus-Event-Id"  // the same across retries: deduplicate on it
	HeaderTimestamp = "X-CloudCensus-Timestamp" // unix seconds, signed
	HeaderSignature = "X-CloudCensus-Signature" // "v1=" + hex HMAC-SHA256
)

// WebhookVersion is the "version" of the body, raised when a field changes
// meaning.
const WebhookVersion = 1

// webhookBody is what a webhook receives: the event as it is, values
// unescaped (the receiver decides how to show them), plus the version.
type webhookBody struct {
	Version int `json:"version"`
	event.Event
}

func renderWebhook(ev event.Event) ([]byte, error) {
	return marshal(webhookBody{Version: WebhookVersion, Event: ev})
}

// webhookHeaders signs body for a delivery at now: the signature covers
// the timestamp, so a captured request cannot be replayed later.
func webhookHeaders(secret string, ev event.Event, body []byte, now time.Time) http.Header {
	ts := strconv.FormatInt(now.Unix(), 10)
	h := http.Header{}
	h.Set(HeaderEvent, headerToken(string(ev.Type)))
	h.Set(HeaderEventID, headerToken(ev.ID))
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderSignature, "v1="+hex.EncodeToString(webhookMAC(secret, ts, body)))
	return h
}

func webhookMAC(secret, timestamp string, body []byte) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp))
	mac.Write([]byte("."))
	mac.Write(body)
	return mac.Sum(nil)
}

// Errors of VerifyWebhook.
var (
	ErrWebhookTimestamp = errors.New("webhook timestamp missing or outside the allowed window")
	ErrWebhookSignature = errors.New("webhook signature does not match")
)

// VerifyWebhook is what a receiver runs on a CloudCensus webhook before
// trusting it: the timestamp must be within window of now (either side,
// for clock skew), and one of the v1 signatures in the signature header
// must be the HMAC-SHA256, keyed with the channel's secret, of
// timestamp + "." + body, compared in constant time. body is the request
// body exactly as received, before any JSON decoding.
//
//	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
//	if err := channels.VerifyWebhook(secret, r.Header, body, time.Now(), 5*time.Minute); err != nil {
//		http.Error(w, "bad signature", http.StatusUnauthorized)
//		return
//	}
//	// Deduplicate on r.Header.Get("X-CloudCensus-Event-Id"): delivery is at least once.
func VerifyWebhook(secret string, header http.Header, body []byte, now time.Time, window time.Duration) error {
	if secret == "" {
		return fmt.Errorf("%w: no secret to verify with", ErrWebhookSignature)
	}
	ts := header.Get(HeaderTimestamp)
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return ErrWebhookTimestamp
	}
	if d := now.Sub(time.Unix(sec, 0)); d > window || d < -window {
		return ErrWebhookTimestamp
	}
	want := webhookMAC(secret, ts, body)
	// Several signatures may come, comma-separated, while a secret rotates.
	for _, part := range strings.Split(header.Get(HeaderSignature), ",") {
		sig, ok := strings.CutPrefix(strings.TrimSpace(part), "v1=")
		if !ok {
			continue
		}
		if got, err := hex.DecodeString(sig); err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return ErrWebhookSignature
}
