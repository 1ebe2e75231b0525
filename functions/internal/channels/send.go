package channels

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/cloudcensus/cloudcensus/functions/internal/event"
)

// Sender delivers events. Its zero value works once Policy is set (and
// Mailer and From, for e-mail); it is safe for concurrent use.
type Sender struct {
	// HTTP posts to chat tools and webhooks. Leave it nil for
	// NewHTTPClient(Policy); a client of your own bypasses the
	// destination checks done at dial time.
	HTTP   *http.Client
	Policy Policy
	Mailer Mailer
	// From is the sender of e-mail, "CloudCensus <notify@example.com>".
	From string
	// Now is the clock of signatures and e-mail dates; nil is time.Now.
	Now func() time.Time

	once   sync.Once
	client *http.Client
}

// NewSender is a Sender with the package's guarded HTTP client.
func NewSender(p Policy, m Mailer, from string) *Sender {
	return &Sender{HTTP: NewHTTPClient(p), Policy: p, Mailer: m, From: from}
}

// Result is the outcome of one delivery attempt, for the delivery log and
// the retry decision.
type Result struct {
	StatusCode int   // of the receiver's answer; 0 when none came
	Err        error // nil when delivered; never holds a channel's URL or secret
	// Retryable says a later attempt may succeed: transport errors,
	// timeouts, 5xx, 429, DingTalk's rate limit.
	Retryable bool
	// RetryAfter is the receiver's Retry-After, when it sent one.
	RetryAfter time.Duration
	// Body is the start of the receiver's answer (at most 512 bytes).
	Body string
}

// OK reports a delivered message.
func (r Result) OK() bool { return r.Err == nil }

// Send renders ev for a channel of type typ and delivers it once.
func (s *Sender) Send(ctx context.Context, typ Type, cfg Config, ev event.Event) Result {
	if err := validateStatic(typ, cfg, s.Policy); err != nil {
		return Result{Err: fmt.Errorf("channel configuration: %w", err)}
	}
	now := s.now()
	if typ == Email {
		return s.sendEmail(ctx, cfg, ev, now)
	}
	req, err := s.request(typ, cfg, ev, now)
	if err != nil {
		return Result{Err: err}
	}
	return s.post(ctx, req)
}

// outgoing is one HTTP delivery: where, what, and how to read a 2xx
// answer (DingTalk and Slack report some errors with 200).
type outgoing struct {
	url    string
	body   []byte
	header http.Header
	answer func(body []byte) (retryable bool, err error)
}

func (s *Sender) request(typ Type, cfg Config, ev event.Event, now time.Time) (outgoing, error) {
	out := outgoing{header: http.Header{}}
	var err error
	switch typ {
	case DingTalk:
		out.body, err = renderDingTalk(summarize(ev), cfg)
		if err == nil {
			out.url, err = dingTalkURL(cfg.WebhookURL, cfg.Secret, now)
		}
		out.answer = dingTalkAnswer
	case Slack:
		out.url = cfg.WebhookURL
		out.body, err = renderSlack(summarize(ev))
		out.answer = slackAnswer
	case Teams:
		out.url = cfg.WebhookURL
		out.body, err = renderTeams(summarize(ev))
	case Webhook:
		out.url = cfg.URL
		out.body, err = renderWebhook(ev)
		if err == nil {
			out.header = webhookHeaders(cfg.Secret, ev, out.body, now)
		}
	}
	if err != nil {
		return outgoing{}, fmt.Errorf("render %s message: %w", typ, err)
	}
	out.header.Set("Content-Type", "application/json; charset=utf-8")
	out.header.Set("User-Agent", "CloudCensus-Notifier/1")
	return out, nil
}

func (s *Sender) post(ctx context.Context, o outgoing) Result {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.url, bytes.NewReader(o.body))
	if err != nil {
		return Result{Err: fmt.Errorf("post to %s: invalid request", maskURL(o.url))}
	}
	req.Header = o.header
	resp, err := s.httpClient().Do(req)
	if err != nil {
		// *url.Error prints the URL, which holds the channel's token.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return Result{
			Err:       fmt.Errorf("post to %s: %w", maskURL(o.url), err),
			Retryable: !errors.Is(err, ErrBlockedDestination),
		}
	}
	defer resp.Body.Close()
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxReadBody))
	r := Result{StatusCode: resp.StatusCode, Body: logged(body)}
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		if readErr != nil {
			r.Err, r.Retryable = fmt.Errorf("read answer: %w", readErr), true
		} else if o.answer != nil {
			r.Retryable, r.Err = o.answer(body)
		}
	case code >= 300 && code < 400:
		r.Err = fmt.Errorf("receiver answered %d; redirects are not followed", code)
	case code == http.StatusTooManyRequests || code >= 500:
		r.Err, r.Retryable = fmt.Errorf("receiver answered %d", code), true
		r.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), s.now())
	default:
		r.Err = fmt.Errorf("receiver answered %d", code)
	}
	return r
}

// slackAnswer: a Slack incoming webhook answers "ok"; anything else with a
// 2xx is a failure that a retry will not fix.
func slackAnswer(body []byte) (bool, error) {
	if a := strings.TrimSpace(string(body)); a != "ok" {
		return false, fmt.Errorf("slack answered %q", logged([]byte(a)))
	}
	return false, nil
}

func (s *Sender) sendEmail(ctx context.Context, cfg Config, ev event.Event, now time.Time) Result {
	if s.Mailer == nil {
		return Result{Err: errors.New("e-mail is not configured: no mailer")}
	}
	from, err := parseAddress(s.From)
	if err != nil {
		return Result{Err: errors.New("e-mail is not configured: invalid sender address")}
	}
	to := make([]*mail.Address, len(cfg.Recipients))
	envelope := make([]string, len(cfg.Recipients))
	for i, r := range cfg.Recipients {
		to[i], _ = parseAddress(r) // validateStatic parsed them
		envelope[i] = to[i].Address
	}
	raw, err := renderEmail(summarize(ev), ev, from, to, now)
	if err != nil {
		return Result{Err: fmt.Errorf("render e-mail: %w", err)}
	}
	if err := s.Mailer.Send(ctx, from.Address, envelope, raw); err != nil {
		return Result{Err: fmt.Errorf("send e-mail: %w", err), Retryable: !errors.Is(err, ErrPermanent)}
	}
	return Result{}
}

func (s *Sender) httpClient() *http.Client {
	if s.HTTP != nil {
		return s.HTTP
	}
	s.once.Do(func() { s.client = NewHTTPClient(s.Policy) })
	return s.client
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(min(secs, 86400)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), 24*time.Hour)
	}
	return 0
}

// logged is the start of an answer, cut at a rune boundary, as valid UTF-8.
func logged(b []byte) string {
	if len(b) > maxLoggedBody {
		b = b[:maxLoggedBody]
		for len(b) > 0 && !utf8.Valid(b) && len(b) > maxLoggedBody-utf8.UTFMax {
			b = b[:len(b)-1]
		}
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}
