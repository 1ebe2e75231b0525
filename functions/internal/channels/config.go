package channels

import (
	"context"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Type names a kind of receiver.
type Type string

// The kinds of receiver.
const (
	DingTalk Type = "dingtalk"
	Slack    Type = "slack"
	Teams    Type = "teams"
	Webhook  Type = "webhook"
	Email    Type = "email"
)

// Types is every receiver type, in display order.
func Types() []Type { return []Type{DingTalk, Slack, Teams, Webhook, Email} }

// EnumValues lists the types for the OpenAPI document.
func (Type) EnumValues() []string {
	out := make([]string, 0, len(Types()))
	for _, t := range Types() {
		out = append(out, string(t))
	}
	return out
}

// Config is the union of every type's settings; Validate says which
// fields a type uses and refuses the others.
//
//	dingtalk  webhookUrl, secret (optional), atMobiles, atAll
//	slack     webhookUrl
//	teams     webhookUrl (a Teams Workflows "post to a channel" webhook)
//	webhook   url, secret
//	email     recipients
type Config struct {
	WebhookURL string   `json:"webhookUrl,omitempty"`
	Secret     string   `json:"secret,omitempty"`
	AtMobiles  []string `json:"atMobiles,omitempty"`
	AtAll      bool     `json:"atAll,omitempty"`
	URL        string   `json:"url,omitempty"`
	Recipients []string `json:"recipients,omitempty"`
}

// Limits of a configuration.
const (
	MaxRecipients      = 50
	MaxAtMobiles       = 20
	MinWebhookSecret   = 16
	maxSecretLength    = 256
	maxRecipientLength = 254
)

// Validate checks cfg for a channel of type typ and, for the types that
// post to a URL, resolves its host and refuses it unless every address is
// allowed by p. The error is a *FieldError.
func Validate(ctx context.Context, typ Type, cfg Config, p Policy) error {
	if err := validateStatic(typ, cfg, p); err != nil {
		return err
	}
	field, raw := destination(typ, cfg)
	if raw == "" {
		return nil
	}
	u, _ := url.Parse(raw) // validateStatic parsed it
	if _, err := p.checkHost(ctx, u.Hostname()); err != nil {
		return invalid(field, err.Error())
	}
	return nil
}

// validateStatic is Validate without the DNS lookup; Send runs it before
// every delivery, and the dialer does the lookup.
func validateStatic(typ Type, cfg Config, p Policy) error {
	var uses map[string]bool
	switch typ {
	case DingTalk:
		uses = map[string]bool{"webhookUrl": true, "secret": true, "atMobiles": true, "atAll": true}
		if err := checkDestination(p, "config.webhookUrl", cfg.WebhookURL); err != nil {
			return err
		}
		if u, _ := url.Parse(cfg.WebhookURL); u.Query().Get("access_token") == "" {
			return invalid("config.webhookUrl", "must be the robot's webhook URL, with its access_token")
		}
		if cfg.Secret != "" {
			if err := checkSecret(cfg.Secret, 1); err != nil {
				return err
			}
		}
		if err := checkMobiles(cfg.AtMobiles); err != nil {
			return err
		}
	case Slack, Teams:
		uses = map[string]bool{"webhookUrl": true}
		if err := checkDestination(p, "config.webhookUrl", cfg.WebhookURL); err != nil {
			return err
		}
	case Webhook:
		uses = map[string]bool{"url": true, "secret": true}
		if err := checkDestination(p, "config.url", cfg.URL); err != nil {
			return err
		}
		if err := checkSecret(cfg.Secret, MinWebhookSecret); err != nil {
			return err
		}
	case Email:
		uses = map[string]bool{"recipients": true}
		if err := checkRecipients(cfg.Recipients); err != nil {
			return err
		}
	default:
		return invalid("type", "must be one of dingtalk, slack, teams, webhook, email")
	}
	set := map[string]bool{
		"webhookUrl": cfg.WebhookURL != "", "secret": cfg.Secret != "",
		"atMobiles": len(cfg.AtMobiles) > 0, "atAll": cfg.AtAll,
		"url": cfg.URL != "", "recipients": len(cfg.Recipients) > 0,
	}
	for _, name := range []string{"webhookUrl", "secret", "atMobiles", "atAll", "url", "recipients"} {
		if set[name] && !uses[name] {
			return invalid("config."+name, fmt.Sprintf("is not used by %s channels", typ))
		}
	}
	return nil
}

// destination is the URL a channel posts to, and its field.
func destination(typ Type, cfg Config) (field, raw string) {
	switch typ {
	case DingTalk, Slack, Teams:
		return "config.webhookUrl", cfg.WebhookURL
	case Webhook:
		return "config.url", cfg.URL
	}
	return "", ""
}

func checkDestination(p Policy, field, raw string) error {
	if _, err := p.checkURL(raw); err != nil {
		return invalid(field, err.Error())
	}
	return nil
}

func checkSecret(s string, min int) error {
	switch {
	case s == "":
		return invalid("config.secret", "is required")
	case len(s) < min:
		return invalid("config.secret", fmt.Sprintf("must be at least %d characters", min))
	case len(s) > maxSecretLength:
		return invalid("config.secret", fmt.Sprintf("must be at most %d characters", maxSecretLength))
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return invalid("config.secret", "must be printable ASCII without spaces")
		}
	}
	return nil
}

// mobile is a number as DingTalk's atMobiles takes it: mainland numbers
// bare ("13800000000"), others with their country code ("+852-12345678").
var mobile = regexp.MustCompile(`^\+?[0-9]{1,4}-?[0-9]{4,16}$`)

func checkMobiles(ms []string) error {
	if len(ms) > MaxAtMobiles {
		return invalid("config.atMobiles", fmt.Sprintf("must list at most %d numbers", MaxAtMobiles))
	}
	for i, m := range ms {
		field := fmt.Sprintf("config.atMobiles[%d]", i)
		if !mobile.MatchString(m) {
			return invalid(field, "must be a mobile number, digits with an optional +country code")
		}
		if slices.Contains(ms[:i], m) {
			return invalid(field, "is listed twice")
		}
	}
	return nil
}

func checkRecipients(rs []string) error {
	switch {
	case len(rs) == 0:
		return invalid("config.recipients", "must list at least one address")
	case len(rs) > MaxRecipients:
		return invalid("config.recipients", fmt.Sprintf("must list at most %d addresses", MaxRecipients))
	}
	seen := map[string]bool{}
	for i, r := range rs {
		field := fmt.Sprintf("config.recipients[%d]", i)
		a, err := parseAddress(r)
		if err != nil {
			return invalid(field, "is not an e-mail address")
		}
		key := strings.ToLower(a.Address)
		if seen[key] {
			return invalid(field, "is listed twice")
		}
		seen[key] = true
	}
	return nil
}

// parseAddress accepts one RFC 5322 address ("a@example.com" or
// "Name <a@example.com>") and nothing that could spill into a header.
func parseAddress(s string) (*mail.Address, error) {
	if len(s) > maxRecipientLength || strings.ContainsAny(s, "\r\n") || !utf8.ValidString(s) {
		return nil, fmt.Errorf("invalid address")
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, err
	}
	if strings.ContainsAny(a.Address, "\r\n<>,;\" ") || !strings.Contains(a.Address, "@") {
		return nil, fmt.Errorf("invalid address")
	}
	return a, nil
}

// Mask returns a copy of cfg safe to show: URLs keep their scheme, host
// and the last 4 characters of path and query ("https://hooks.slack.com/…a1b2"),
// secrets read "********".
func Mask(cfg Config) Config {
	out := cfg
	out.WebhookURL = maskURL(cfg.WebhookURL)
	out.URL = maskURL(cfg.URL)
	if cfg.Secret != "" {
		out.Secret = "********"
	}
	out.AtMobiles = slices.Clone(cfg.AtMobiles)
	out.Recipients = slices.Clone(cfg.Recipients)
	return out
}

func maskURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "********"
	}
	rest := strings.TrimPrefix(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		rest += "?" + u.RawQuery
	}
	tail := ""
	// Keep 4 characters only when at least 8 stay hidden.
	if n := utf8.RuneCountInString(rest); n >= 12 {
		r := []rune(rest)
		tail = string(r[n-4:])
	}
	return u.Scheme + "://" + u.Host + "/…" + tail
}
