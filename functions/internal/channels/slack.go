package channels

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Slack's Block Kit limits (docs.slack.dev/reference/block-kit/blocks):
// a header's text 150 characters, a section's text 3000, a section's
// fields 10 of 2000 characters each, a context's elements 10, a message's
// blocks 50. The whole payload is also kept under 12,000 bytes: Slack
// refuses long block messages (msg_blocks_too_long) well below its
// documented 40,000-character text limit.
const (
	slackHeaderMax   = 150
	slackSectionMax  = 3000
	slackFieldMax    = 2000
	slackFieldsMax   = 10
	slackContextMax  = 10
	slackBlocksMax   = 50
	slackPayloadMax  = 12000
	slackFallbackMax = 150
)

// Slack text objects. Text written by others goes in plain_text, which
// Slack shows as is: mrkdwn has no escape for *, _, ~ and `, so only
// plain_text keeps "*bold*" from turning bold. The mrkdwn objects (the
// section headings and the link, ours) escape &, < and > all the same,
// and are verbatim so Slack links nothing on its own.
type slackText struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Emoji    *bool  `json:"emoji,omitempty"`
	Verbatim bool   `json:"verbatim,omitempty"`
}

type slackBlock struct {
	Type     string      `json:"type"`
	Text     *slackText  `json:"text,omitempty"`
	Fields   []slackText `json:"fields,omitempty"`
	Elements []slackText `json:"elements,omitempty"`
}

type slackPayload struct {
	Text        string       `json:"text"` // the notification's fallback
	Blocks      []slackBlock `json:"blocks"`
	UnfurlLinks bool         `json:"unfurl_links"`
	UnfurlMedia bool         `json:"unfurl_media"`
}

var noEmoji = false

func slackPlain(s string) slackText { return slackText{Type: "plain_text", Text: s, Emoji: &noEmoji} }

func slackMrkdwn(s string) slackText { return slackText{Type: "mrkdwn", Text: s, Verbatim: true} }

var slackPlainList = listFormat{esc: plain, m: utf16Units, bullet: "• ", sep: "\n"}

func renderSlack(m message) ([]byte, error) {
	return fit(slackPayloadMax, func(b budget) ([]byte, error) { return marshal(slackMessage(m, b)) })
}

func slackMessage(m message, b budget) slackPayload {
	p := slackPayload{Text: clip(m.Title, slackFallbackMax, mrkdwn, utf16Units)}
	add := func(bl slackBlock) {
		if len(p.Blocks) < slackBlocksMax-1 { // the last place is the footer's
			p.Blocks = append(p.Blocks, bl)
		}
	}
	title := slackPlain(clip(m.Title, min(slackHeaderMax, b.text+40), plain, utf16Units))
	add(slackBlock{Type: "header", Text: &title})

	var fields []slackText
	for _, f := range m.Facts {
		label := f.Label + ": "
		fields = append(fields, slackPlain(label+clip(f.Value, min(b.text, slackFieldMax-utf16Units(label)), plain, utf16Units)))
	}
	for len(fields) > 0 {
		n := min(len(fields), slackFieldsMax)
		add(slackBlock{Type: "section", Fields: fields[:n]})
		fields = fields[n:]
	}

	for _, s := range m.Sections {
		heading := slackMrkdwn("*" + clip(s.Heading, slackSectionMax-2, mrkdwn, utf16Units) + "*")
		add(slackBlock{Type: "section", Text: &heading})
		var parts []string
		if s.Text != "" {
			parts = append(parts, clip(s.Text, min(b.text, slackSectionMax), plain, utf16Units))
		}
		if len(s.Items) > 0 || s.Omitted > 0 {
			room := slackSectionMax
			if len(parts) > 0 {
				room -= utf16Units(parts[0]) + 1
			}
			if l := slackPlainList.list(s.Items, s.Omitted, b, room); l != "" {
				parts = append(parts, l)
			}
		}
		if len(parts) > 0 {
			body := slackPlain(strings.Join(parts, "\n"))
			add(slackBlock{Type: "section", Text: &body})
		}
	}

	if u := safeLink(m.Link.URL); u != "" {
		l := slackMrkdwn("<" + escape(u, mrkdwn) + "|" + escape(m.Link.Text, mrkdwn) + ">")
		add(slackBlock{Type: "section", Text: &l})
	}
	footer := slackPlain(clip(m.Footer, min(slackSectionMax, b.text+120), plain, utf16Units))
	p.Blocks = append(p.Blocks, slackBlock{Type: "context", Elements: []slackText{footer}})
	return p
}

// marshal writes JSON without Go's HTML escaping (\u003c for <), which
// would only inflate a payload measured against a byte limit.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode payload: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
