package channels

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/event"
)

var local = Policy{AllowLoopbackHTTP: true}

// receiver is an httptest server on 127.0.0.1 that records the last
// request and answers as told.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	req    *http.Request
	body   []byte
	hits   int
	answer func(w http.ResponseWriter)
}

func newReceiver(t *testing.T, answer func(w http.ResponseWriter)) *receiver {
	rc := &receiver{answer: answer}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.req, rc.body = r, body
		rc.hits++
		rc.mu.Unlock()
		rc.answer(w)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func answer(status int, body string, header ...string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func fixedSender(now time.Time) *Sender {
	s := NewSender(local, nil, "")
	s.Now = func() time.Time { return now }
	return s
}

func TestDingTalkSignature(t *testing.T) {
	rc := newReceiver(t, answer(200, `{"errcode":0,"errmsg":"ok"}`))
	secret := "SEC0123456789abcdef+/="
	cfg := Config{WebhookURL: rc.URL + "/robot/send?access_token=tok123", Secret: secret, AtMobiles: []string{"13800000000"}, AtAll: true}
	r := fixedSender(when).Send(context.Background(), DingTalk, cfg, events("nightly", 2)[0])
	if !r.OK() || r.StatusCode != 200 {
		t.Fatalf("result %+v", r)
	}
	q := rc.req.URL.Query()
	ts := q.Get("timestamp")
	if ts != strconv.FormatInt(when.UnixMilli(), 10) || q.Get("access_token") != "tok123" {
		t.Errorf("query %q", rc.req.URL.RawQuery)
	}
	// Recomputed as DingTalk documents it, from what arrived.
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "\n" + secret))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if q.Get("sign") != want || !strings.Contains(rc.req.URL.RawQuery, "sign="+url.QueryEscape(want)) {
		t.Errorf("sign %q, want %q (url-encoded in %q)", q.Get("sign"), want, rc.req.URL.RawQuery)
	}
	if ct := rc.req.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	p := checkDingTalk(t, rc.body)
	if !p.At.IsAtAll || len(p.At.AtMobiles) != 1 || !strings.HasSuffix(p.Markdown.Text, "\n\n@13800000000") {
		t.Errorf("at %+v, text ends %q", p.At, p.Markdown.Text[max(0, len(p.Markdown.Text)-30):])
	}
}

func TestDingTalkWithoutSecretIsUnsigned(t *testing.T) {
	rc := newReceiver(t, answer(200, `{"errcode":0,"errmsg":"ok"}`))
	cfg := Config{WebhookURL: rc.URL + "/robot/send?access_token=tok123"}
	if r := fixedSender(when).Send(context.Background(), DingTalk, cfg, events("x", 1)[6]); !r.OK() {
		t.Fatalf("result %+v", r)
	}
	if q := rc.req.URL.Query(); q.Has("sign") || q.Has("timestamp") {
		t.Errorf("query %q", rc.req.URL.RawQuery)
	}
}

func TestWebhookSignature(t *testing.T) {
	rc := newReceiver(t, answer(204, ""))
	secret := "0123456789abcdef-secret"
	ev := events(`<"hostile">`, 2)[3]
	r := fixedSender(when).Send(context.Background(), Webhook, Config{URL: rc.URL + "/hook", Secret: secret}, ev)
	if !r.OK() || r.StatusCode != 204 {
		t.Fatalf("result %+v", r)
	}
	h, body := rc.req.Header, rc.body
	if h.Get(HeaderEvent) != "changes.detected" || h.Get(HeaderEventID) != ev.ID || h.Get(HeaderTimestamp) != strconv.FormatInt(when.Unix(), 10) {
		t.Errorf("headers %v", h)
	}
	if !strings.HasPrefix(h.Get(HeaderSignature), "v1=") {
		t.Errorf("signature %q", h.Get(HeaderSignature))
	}
	var got struct {
		Version int `json:"version"`
		event.Event
	}
	if err := json.Unmarshal(body, &got); err != nil || got.Version != 1 || got.ID != ev.ID || got.Changes.TaskName != ev.Changes.TaskName {
		t.Errorf("body %s (%v)", body, err)
	}

	for _, tc := range []struct {
		name   string
		secret string
		body   []byte
		now    time.Time
		header func(http.Header)
		want   error
	}{
		{"as sent", secret, body, when.Add(30 * time.Second), nil, nil},
		{"clock behind", secret, body, when.Add(-4 * time.Minute), nil, nil},
		{"rotating secrets", secret, body, when, func(h http.Header) {
			h.Set(HeaderSignature, "v1=00ff, "+h.Get(HeaderSignature))
		}, nil},
		{"replayed later", secret, body, when.Add(10 * time.Minute), nil, ErrWebhookTimestamp},
		{"from the future", secret, body, when.Add(-10 * time.Minute), nil, ErrWebhookTimestamp},
		{"timestamp changed", secret, body, when, func(h http.Header) {
			h.Set(HeaderTimestamp, strconv.FormatInt(when.Unix()+1, 10))
		}, ErrWebhookSignature},
		{"no timestamp", secret, body, when, func(h http.Header) { h.Del(HeaderTimestamp) }, ErrWebhookTimestamp},
		{"tampered body", secret, append([]byte(nil), strings.Replace(string(body), `"version":1`, `"version":2`, 1)...), when, nil, ErrWebhookSignature},
		{"wrong secret", "another-secret-0123", body, when, nil, ErrWebhookSignature},
		{"no signature", secret, body, when, func(h http.Header) { h.Del(HeaderSignature) }, ErrWebhookSignature},
		{"other scheme", secret, body, when, func(h http.Header) {
			h.Set(HeaderSignature, strings.Replace(h.Get(HeaderSignature), "v1=", "v0=", 1))
		}, ErrWebhookSignature},
		{"empty secret", "", body, when, nil, ErrWebhookSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hdr := h.Clone()
			if tc.header != nil {
				tc.header(hdr)
			}
			err := VerifyWebhook(tc.secret, hdr, tc.body, tc.now, 5*time.Minute)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("VerifyWebhook = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSlackAndTeamsPayloadsArrive(t *testing.T) {
	slack := newReceiver(t, answer(200, "ok"))
	teams := newReceiver(t, answer(202, ""))
	s := fixedSender(when)
	for _, ev := range events("<!channel> [x](http://evil.example)", 3) {
		if r := s.Send(context.Background(), Slack, Config{WebhookURL: slack.URL + "/services/T/B/X"}, ev); !r.OK() {
			t.Errorf("slack %s: %+v", ev.Type, r)
		}
		checkSlack(t, slack.body)
		if r := s.Send(context.Background(), Teams, Config{WebhookURL: teams.URL + "/workflows/x"}, ev); !r.OK() {
			t.Errorf("teams %s: %+v", ev.Type, r)
		}
		checkTeams(t, teams.body)
	}
}

// TestResults: which answers are failures, and which are worth a retry.
func TestResults(t *testing.T) {
	secretPath := "/services/T000/B000/SECRETTOKEN"
	for _, tc := range []struct {
		name       string
		typ        Type
		answer     func(http.ResponseWriter)
		ok         bool
		retryable  bool
		status     int
		retryAfter time.Duration
	}{
		{"webhook 2xx", Webhook, answer(200, "thanks"), true, false, 200, 0},
		{"bad request", Webhook, answer(400, "bad"), false, false, 400, 0},
		{"gone", Slack, answer(410, "channel_is_archived"), false, false, 410, 0},
		{"not found", Teams, answer(404, ""), false, false, 404, 0},
		{"server error", Webhook, answer(500, "oops"), false, true, 500, 0},
		{"unavailable with date", Teams, answer(503, "", "Retry-After", when.Add(90*time.Second).Format(http.TimeFormat)), false, true, 503, 90 * time.Second},
		{"rate limited", Slack, answer(429, "rate_limited", "Retry-After", "30"), false, true, 429, 30 * time.Second},
		{"slack ok", Slack, answer(200, "ok"), true, false, 200, 0},
		{"slack error with 200", Slack, answer(200, "invalid_blocks"), false, false, 200, 0},
		{"dingtalk error with 200", DingTalk, answer(200, `{"errcode":310000,"errmsg":"sign not match"}`), false, false, 200, 0},
		{"dingtalk rate limit", DingTalk, answer(200, `{"errcode":130101,"errmsg":"send too fast"}`), false, true, 200, 0},
		{"dingtalk not json", DingTalk, answer(200, `<html>`), false, false, 200, 0},
		{"teams accepted", Teams, answer(202, ""), true, false, 202, 0},
		{"redirect", Webhook, answer(302, "", "Location", "http://127.0.0.1:1/elsewhere"), false, false, 302, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rc := newReceiver(t, tc.answer)
			cfg := map[Type]Config{
				Webhook:  {URL: rc.URL + secretPath, Secret: "0123456789abcdef"},
				Slack:    {WebhookURL: rc.URL + secretPath},
				Teams:    {WebhookURL: rc.URL + secretPath},
				DingTalk: {WebhookURL: rc.URL + "/robot/send?access_token=SECRETTOKEN", Secret: "SECxyz"},
			}[tc.typ]
			r := fixedSender(when).Send(context.Background(), tc.typ, cfg, events("x", 1)[0])
			if r.OK() != tc.ok || r.Retryable != tc.retryable || r.StatusCode != tc.status || r.RetryAfter != tc.retryAfter {
				t.Errorf("result %+v", r)
			}
			if r.Err != nil && strings.Contains(r.Err.Error(), "SECRETTOKEN") {
				t.Errorf("error shows the channel's token: %v", r.Err)
			}
		})
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	target := newReceiver(t, answer(200, "ok"))
	rc := newReceiver(t, answer(307, "", "Location", target.URL+"/stolen"))
	r := fixedSender(when).Send(context.Background(), Slack, Config{WebhookURL: rc.URL + "/x"}, events("x", 1)[0])
	if r.OK() || r.Retryable || r.StatusCode != 307 || target.hits != 0 {
		t.Errorf("result %+v, redirect target hit %d times", r, target.hits)
	}
}

func TestTransportErrorsAreRetryable(t *testing.T) {
	// A port nothing listens on: connection refused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()
	r := fixedSender(when).Send(context.Background(), Slack, Config{WebhookURL: closed + "/services/SECRETTOKEN"}, events("x", 1)[0])
	if r.OK() || !r.Retryable || r.StatusCode != 0 || strings.Contains(r.Err.Error(), "SECRETTOKEN") {
		t.Errorf("connection refused: %+v", r)
	}

	// A receiver slower than the caller's deadline.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	r = fixedSender(when).Send(ctx, Teams, Config{WebhookURL: slow.URL + "/x"}, events("x", 1)[0])
	if r.OK() || !r.Retryable {
		t.Errorf("timeout: %+v", r)
	}
}

func TestResultBodyIsCut(t *testing.T) {
	rc := newReceiver(t, answer(500, strings.Repeat("é", 1000)))
	r := fixedSender(when).Send(context.Background(), Webhook, Config{URL: rc.URL, Secret: "0123456789abcdef"}, events("x", 1)[0])
	if len(r.Body) > maxLoggedBody || !strings.HasPrefix(r.Body, "éé") || strings.ContainsRune(r.Body, '\uFFFD') {
		t.Errorf("body of %d bytes: %q…", len(r.Body), r.Body[:10])
	}
}

func TestSendRefusesInvalidConfig(t *testing.T) {
	r := NewSender(Policy{}, nil, "").Send(context.Background(), Slack, Config{WebhookURL: "http://127.0.0.1:1/x"}, events("x", 1)[0])
	var fe *FieldError
	if !errors.As(r.Err, &fe) || fe.Field != "config.webhookUrl" || r.Retryable {
		t.Errorf("result %+v", r)
	}
}

type recordingMailer struct {
	from string
	to   []string
	raw  []byte
	err  error
}

func (m *recordingMailer) Send(_ context.Context, from string, to []string, raw []byte) error {
	m.from, m.to, m.raw = from, to, raw
	return m.err
}

func TestEmailSend(t *testing.T) {
	m := &recordingMailer{}
	s := &Sender{Policy: local, Mailer: m, From: "CloudCensus <notify@example.com>", Now: func() time.Time { return when }}
	cfg := Config{Recipients: []string{"ops@example.com", "Zoë <zoe@example.com>"}}
	ev := events("name\r\nBcc: x@evil.example", 2)[2]
	if r := s.Send(context.Background(), Email, cfg, ev); !r.OK() {
		t.Fatalf("result %+v", r)
	}
	if m.from != "notify@example.com" || strings.Join(m.to, ",") != "ops@example.com,zoe@example.com" {
		t.Errorf("envelope %q → %q", m.from, m.to)
	}
	subject, _, _ := checkEmail(t, m.raw)
	if subject != "[CloudCensus] Task failed: name Bcc: x@evil.example" {
		t.Errorf("subject %q", subject)
	}

	m.err = errors.New("throttled")
	if r := s.Send(context.Background(), Email, cfg, ev); r.OK() || !r.Retryable {
		t.Errorf("transient mailer error: %+v", r)
	}
	m.err = errors.Join(ErrPermanent, errors.New("address rejected"))
	if r := s.Send(context.Background(), Email, cfg, ev); r.OK() || r.Retryable {
		t.Errorf("permanent mailer error: %+v", r)
	}
	s.From = ""
	if r := s.Send(context.Background(), Email, cfg, ev); r.OK() || r.Retryable {
		t.Errorf("no sender address: %+v", r)
	}
}

func TestEMLDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail")
	s := &Sender{Policy: local, Mailer: EMLDir{Dir: dir}, From: "notify@example.com"}
	for _, ev := range events("=?utf-8?b?SGFja2Vk?= Zoë", 2) {
		if r := s.Send(context.Background(), Email, Config{Recipients: []string{"ops@example.com"}}, ev); !r.OK() {
			t.Fatalf("%s: %+v", ev.Type, r)
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil || len(files) != 7 {
		t.Fatalf("%d .eml files (%v)", len(files), err)
	}
	subjects := map[string]bool{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		subject, _, _ := checkEmail(t, raw)
		subjects[subject] = true
	}
	if want := "[CloudCensus] Task completed: =?utf-8?b?SGFja2Vk?= Zoë"; !subjects[want] {
		t.Errorf("subjects %v lack %q", subjects, want)
	}
}
