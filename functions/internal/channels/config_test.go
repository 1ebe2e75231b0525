package channels

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// public resolves every host of these tests to a public address.
var public = resolver(map[string][]string{
	"oapi.dingtalk.com":       {"203.119.129.100"},
	"hooks.slack.com":         {"52.89.214.238"},
	"prod.logic.azure.com":    {"20.42.65.90"},
	"receiver.example.com":    {"93.184.216.34"},
	"receiver.example.com.":   {"93.184.216.34"},
	"dual.example.com":        {"93.184.216.34,2606:2800:220:1:248:1893:25c8:1946"},
	"nat64-public.example.cn": {"64:ff9b::5db8:d822"}, // 93.184.216.34 through DNS64
})

var deployed = Policy{Resolver: public}

func validConfigs() map[Type]Config {
	return map[Type]Config{
		DingTalk: {WebhookURL: "https://oapi.dingtalk.com/robot/send?access_token=abc123", Secret: "SECabc",
			AtMobiles: []string{"13800000000", "+852-12345678"}},
		Slack:   {WebhookURL: "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX"},
		Teams:   {WebhookURL: "https://prod.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=xyz"},
		Webhook: {URL: "https://receiver.example.com/cloudcensus", Secret: "0123456789abcdef"},
		Email:   {Recipients: []string{"ops@example.com", "Zoë <zoe@example.com>"}},
	}
}

func TestValidateAccepts(t *testing.T) {
	for typ, cfg := range validConfigs() {
		if err := Validate(context.Background(), typ, cfg, deployed); err != nil {
			t.Errorf("%s: %v", typ, err)
		}
	}
	for _, u := range []string{"https://dual.example.com/x", "https://nat64-public.example.cn/x", "https://receiver.example.com./x"} {
		if err := Validate(context.Background(), Slack, Config{WebhookURL: u}, deployed); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}

func TestValidateRejects(t *testing.T) {
	valid := validConfigs()
	with := func(typ Type, change func(*Config)) Config {
		c := valid[typ]
		c.AtMobiles = append([]string(nil), c.AtMobiles...)
		c.Recipients = append([]string(nil), c.Recipients...)
		change(&c)
		return c
	}
	many := func(n int, f func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		typ   Type
		cfg   Config
		field string
	}{
		{"unknown type", "pager", Config{}, "type"},
		{"no webhook URL", Slack, Config{}, "config.webhookUrl"},
		{"relative URL", Slack, Config{WebhookURL: "/services/x"}, "config.webhookUrl"},
		{"http", Slack, Config{WebhookURL: "http://hooks.slack.com/services/x"}, "config.webhookUrl"},
		{"ftp", Teams, Config{WebhookURL: "ftp://prod.logic.azure.com/x"}, "config.webhookUrl"},
		{"credentials in URL", Slack, Config{WebhookURL: "https://user:pw@hooks.slack.com/x"}, "config.webhookUrl"},
		{"unresolvable host", Slack, Config{WebhookURL: "https://nowhere.example.com/x"}, "config.webhookUrl"},
		{"bad host name", Slack, Config{WebhookURL: "https://exa mple.com/x"}, "config.webhookUrl"},
		{"long URL", Slack, Config{WebhookURL: "https://hooks.slack.com/" + strings.Repeat("a", 2048)}, "config.webhookUrl"},
		{"secret on slack", Slack, with(Slack, func(c *Config) { c.Secret = "x" }), "config.secret"},
		{"url on teams", Teams, with(Teams, func(c *Config) { c.URL = "https://receiver.example.com" }), "config.url"},
		{"recipients on webhook", Webhook, with(Webhook, func(c *Config) { c.Recipients = []string{"a@b.c"} }), "config.recipients"},
		{"webhook URL on email", Email, with(Email, func(c *Config) { c.WebhookURL = "https://hooks.slack.com/x" }), "config.webhookUrl"},
		{"dingtalk without token", DingTalk, with(DingTalk, func(c *Config) { c.WebhookURL = "https://oapi.dingtalk.com/robot/send" }), "config.webhookUrl"},
		{"dingtalk secret with space", DingTalk, with(DingTalk, func(c *Config) { c.Secret = "SEC a" }), "config.secret"},
		{"dingtalk mobile", DingTalk, with(DingTalk, func(c *Config) { c.AtMobiles = []string{"13800000000", "@all"} }), "config.atMobiles[1]"},
		{"dingtalk mobile twice", DingTalk, with(DingTalk, func(c *Config) { c.AtMobiles = []string{"13800000000", "13800000000"} }), "config.atMobiles[1]"},
		{"dingtalk too many mobiles", DingTalk, with(DingTalk, func(c *Config) {
			c.AtMobiles = many(21, func(i int) string { return fmt.Sprintf("138000000%02d", i) })
		}), "config.atMobiles"},
		{"webhook without secret", Webhook, with(Webhook, func(c *Config) { c.Secret = "" }), "config.secret"},
		{"webhook short secret", Webhook, with(Webhook, func(c *Config) { c.Secret = "short" }), "config.secret"},
		{"webhook without URL", Webhook, with(Webhook, func(c *Config) { c.URL = "" }), "config.url"},
		{"no recipients", Email, Config{}, "config.recipients"},
		{"bad recipient", Email, with(Email, func(c *Config) { c.Recipients = []string{"ops@example.com", "not an address"} }), "config.recipients[1]"},
		{"header injection", Email, with(Email, func(c *Config) { c.Recipients = []string{"ops@example.com\r\nBcc: x@evil.example"} }), "config.recipients[0]"},
		{"recipient twice", Email, with(Email, func(c *Config) { c.Recipients = []string{"ops@example.com", "OPS@example.com"} }), "config.recipients[1]"},
		{"51 recipients", Email, Config{Recipients: many(51, func(i int) string { return fmt.Sprintf("u%d@example.com", i) })}, "config.recipients"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(context.Background(), tc.typ, tc.cfg, deployed)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("error %v, want one on %s", err, tc.field)
			}
			if fe.Reason == "" || strings.Contains(fe.Reason, "93.184") {
				t.Errorf("reason %q", fe.Reason)
			}
		})
	}
}

func TestMask(t *testing.T) {
	cfgs := validConfigs()
	for _, tc := range []struct {
		typ  Type
		want Config
	}{
		{DingTalk, Config{WebhookURL: "https://oapi.dingtalk.com/…c123", Secret: "********", AtMobiles: cfgs[DingTalk].AtMobiles}},
		{Slack, Config{WebhookURL: "https://hooks.slack.com/…XXXX"}},
		{Teams, Config{WebhookURL: "https://prod.logic.azure.com/…=xyz"}},
		{Webhook, Config{URL: "https://receiver.example.com/…", Secret: "********"}},
		{Email, cfgs[Email]},
	} {
		if got := Mask(cfgs[tc.typ]); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %+v, want %+v", tc.typ, got, tc.want)
		}
	}
	for raw, want := range map[string]string{
		"https://example.com/short": "https://example.com/…",
		"not a url":                 "********",
		"":                          "",
	} {
		if got := maskURL(raw); got != want {
			t.Errorf("maskURL(%q) = %q, want %q", raw, got, want)
		}
	}
}
