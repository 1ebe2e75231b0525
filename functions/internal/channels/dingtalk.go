package channels

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// dingTalkPayloadMax is DingTalk's limit on a robot message's body:
// larger ones are refused with errcode 460101 "message too long, exceed
// 20000 bytes" (github.com/timonwong/prometheus-webhook-dingtalk/issues/30,
// github.com/Le0nsec/SecCrawler/issues/12).
const dingTalkPayloadMax = 20000

// dingTalkRateLimited is the errcode of a robot sending faster than its
// 20 messages a minute: worth retrying later.
const dingTalkRateLimited = 130101

type dingTalkPayload struct {
	MsgType  string           `json:"msgtype"`
	Markdown dingTalkMarkdown `json:"markdown"`
	At       dingTalkAt       `json:"at"`
}

type dingTalkMarkdown struct {
	Title string `json:"title"` // shown in the chat list and notification
	Text  string `json:"text"`
}

type dingTalkAt struct {
	AtMobiles []string `json:"atMobiles,omitempty"`
	IsAtAll   bool     `json:"isAtAll"`
}

var dingTalkList = listFormat{esc: markdown, m: runes, bullet: "- ", sep: "\n"}

func renderDingTalk(m message, cfg Config) ([]byte, error) {
	return fit(dingTalkPayloadMax, func(b budget) ([]byte, error) { return marshal(dingTalkMessage(m, cfg, b)) })
}

// dingTalkMessage writes the event as DingTalk Markdown. The title holds
// only our words (and "CloudCensus", which a robot's keyword filter can
// match); names appear in the text, escaped. DingTalk mentions no one
// from the text: only the numbers in at.atMobiles are notified, and the
// text must name each as "@number" for the mention to show.
func dingTalkMessage(m message, cfg Config, b budget) dingTalkPayload {
	var t strings.Builder
	t.WriteString("#### " + clip(m.Title, b.text+40, markdown, runes) + "\n\n")
	for _, f := range m.Facts {
		t.WriteString("**" + escape(f.Label, markdown) + ":** " + clip(f.Value, b.text, markdown, runes) + "\n\n")
	}
	for _, s := range m.Sections {
		t.WriteString("**" + escape(s.Heading, markdown) + "**\n\n")
		if s.Text != "" {
			t.WriteString(clip(s.Text, b.text, markdown, runes) + "\n\n")
		}
		if len(s.Items) > 0 || s.Omitted > 0 {
			t.WriteString(dingTalkList.list(s.Items, s.Omitted, b, dingTalkPayloadMax) + "\n\n")
		}
	}
	if u := safeLink(m.Link.URL); u != "" {
		t.WriteString("[" + escape(m.Link.Text, markdown) + "](" + u + ")\n\n")
	}
	t.WriteString("###### " + clip(m.Footer, b.text+120, markdown, runes))
	if len(cfg.AtMobiles) > 0 {
		t.WriteString("\n\n@" + strings.Join(cfg.AtMobiles, " @"))
	}
	return dingTalkPayload{
		MsgType:  "markdown",
		Markdown: dingTalkMarkdown{Title: "CloudCensus · " + m.Kind, Text: t.String()},
		At:       dingTalkAt{AtMobiles: cfg.AtMobiles, IsAtAll: cfg.AtAll},
	}
}

// dingTalkURL adds the signature of a robot with a secret, as DingTalk's
// custom robot documents it: timestamp in milliseconds, and sign =
// urlEncode(base64(HmacSHA256(key secret, timestamp+"\n"+secret))). The
// query encoding of url.Values is the urlEncode.
func dingTalkURL(raw, secret string, now time.Time) (string, error) {
	if secret == "" {
		return raw, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("parse webhook URL: %w", err)
	}
	ts := strconv.FormatInt(now.UnixMilli(), 10)
	q := u.Query()
	q.Set("timestamp", ts)
	q.Set("sign", dingTalkSign(secret, ts))
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func dingTalkSign(secret, timestamp string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// dingTalkAnswer reads the body of a 2xx answer: DingTalk reports its
// errors there, with HTTP 200.
func dingTalkAnswer(body []byte) (retryable bool, err error) {
	var a struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if json.Unmarshal(body, &a) != nil || a.ErrCode == nil {
		return false, fmt.Errorf("dingtalk: unexpected answer")
	}
	if *a.ErrCode != 0 {
		return *a.ErrCode == dingTalkRateLimited, fmt.Errorf("dingtalk: errcode %d: %s", *a.ErrCode, clip(clean(a.ErrMsg), 200, plain, runes))
	}
	return false, nil
}
