package channels

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cloudcensus/cloudcensus/functions/internal/event"
)

var when = time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)

// fakeResolver answers from a table; a host with several answers gives
// them in turn, then repeats the last (DNS rebinding in two lines).
type fakeResolver struct {
	mu      sync.Mutex
	answers map[string][]string
	calls   map[string]int
}

func resolver(answers map[string][]string) *fakeResolver {
	return &fakeResolver{answers: answers, calls: map[string]int{}}
}

func (f *fakeResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	seq, ok := f.answers[host]
	if !ok {
		return nil, errors.New("no such host")
	}
	i := min(f.calls[host], len(seq)-1)
	f.calls[host]++
	var out []net.IPAddr
	for _, s := range strings.Split(seq[i], ",") {
		out = append(out, net.IPAddr{IP: net.ParseIP(s)})
	}
	return out, nil
}

// events is one event of each type with v in every field someone else
// writes, and n items in every list.
func events(v string, n int) []event.Event {
	var gaps []event.Gap
	var services []event.ServiceChanges
	var notable []event.Change
	for i := range n {
		gaps = append(gaps, event.Gap{Service: v, Account: "123456789012", Region: "us-east-1", Reason: fmt.Sprintf("%s %d", v, i)})
		services = append(services, event.ServiceChanges{Service: "ec2", Title: v, Added: i, Removed: 1, Changed: 2})
		if i < event.MaxNotable {
			notable = append(notable, event.Change{Kind: event.Changed, Service: "ec2", ResourceType: "Instance",
				Account: "123456789012", Region: "eu-west-1", ID: "i-0abc", Name: v, Detail: v})
		}
	}
	base := event.Event{ID: "01JNB5ZQ6Z3V1Q9W2X3Y4Z5A6B", WorkspaceID: "ws1", Time: when, Owner: "u1"}
	task := &event.Task{ID: "t1", Name: v, Client: v, Project: v, Status: "completed",
		StartedAt: when.Add(-754 * time.Second), CompletedAt: when, Accounts: 3, Regions: 4, Resources: 12345,
		NotCovered: gaps, Error: v, ScheduleName: v, URL: "https://console.example.com/tasks/t1"}
	with := func(typ event.Type, set func(*event.Event)) event.Event {
		e := base
		e.Type = typ
		set(&e)
		return e
	}
	return []event.Event{
		with(event.TaskCompleted, func(e *event.Event) { e.Task = task }),
		with(event.TaskPartiallyCompleted, func(e *event.Event) { e.Task = task }),
		with(event.TaskFailed, func(e *event.Event) { e.Task = task }),
		with(event.ChangesDetected, func(e *event.Event) {
			e.Changes = &event.Changes{TaskID: "t1", TaskName: v, PreviousTaskID: "t0", Client: v, Project: v,
				Services: services, Notable: notable, URL: "https://console.example.com/tasks/t1/changes"}
		}),
		with(event.ScheduleSkipped, func(e *event.Event) {
			e.Schedule = &event.ScheduleSkip{ScheduleID: "s1", Name: v, Reason: v, Code: v, DueAt: when,
				URL: "https://console.example.com/schedules/s1"}
		}),
		with(event.SecurityAlert, func(e *event.Event) { e.Alert = &event.Alert{Kind: v, Message: v} }),
		with(event.Test, func(*event.Event) {}),
	}
}

// hostile are values whose writers hope for more than text.
var hostile = []string{
	"<!channel>",
	"<!here|here> <@U024BE7LH> <#C024BE7LR>",
	"[x](http://evil.example)",
	"*bold* _it_ ~strike~ `code` **strong**",
	"=cmd|' /C calc'!A0",
	"{{placeholder}} ${x} {{DATE(2017-02-14T06:08:39Z, SHORT)}}",
	"name\r\nBcc: x@evil.example",
	"=?utf-8?b?SGFja2Vk?=",
	"مرحبا بالعالم \u202Egnp.exe",
	"🚀 emoji 👩‍💻 ✅",
	"# heading\n> quote\n- item\n1. item\n<script>alert(1)</script>&amp;",
	"\x00\x07\x1b[31m",
	"\xff\xfe invalid utf-8",
	strings.Repeat("x", 10000),
	strings.Repeat("<&>*_", 2000),
	strings.Repeat("界", 10000),
}

// checkSlack asserts a Slack payload is within Block Kit's limits and that
// only our own text is mrkdwn.
func checkSlack(t testing.TB, body []byte) slackPayload {
	t.Helper()
	var p slackPayload
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("slack payload is not JSON: %v", err)
	}
	if len(body) > slackPayloadMax {
		t.Errorf("slack payload is %d bytes", len(body))
	}
	if strings.ContainsAny(p.Text, "<>") {
		t.Errorf("fallback text %q holds a control character", p.Text)
	}
	if len(p.Blocks) == 0 || len(p.Blocks) > slackBlocksMax {
		t.Errorf("%d blocks", len(p.Blocks))
	}
	text := func(tx slackText, max int) {
		if n := utf16Units(tx.Text); n > max || n == 0 {
			t.Errorf("%s text of %d characters (at most %d)", tx.Type, n, max)
		}
		switch tx.Type {
		case "plain_text":
			if tx.Emoji == nil || *tx.Emoji {
				t.Errorf("plain_text %q converts emoji codes", tx.Text)
			}
		case "mrkdwn":
			if !tx.Verbatim || !(slackHeading.MatchString(tx.Text) || slackLink.MatchString(tx.Text)) {
				t.Errorf("mrkdwn %q is not one of ours", tx.Text)
			}
		default:
			t.Errorf("text type %q", tx.Type)
		}
	}
	for i, b := range p.Blocks {
		switch b.Type {
		case "header":
			if b.Text.Type != "plain_text" {
				t.Errorf("header is %s", b.Text.Type)
			}
			text(*b.Text, slackHeaderMax)
		case "section":
			if b.Text != nil {
				text(*b.Text, slackSectionMax)
			}
			if len(b.Fields) > slackFieldsMax {
				t.Errorf("section of %d fields", len(b.Fields))
			}
			for _, f := range b.Fields {
				text(f, slackFieldMax)
			}
		case "context":
			if i != len(p.Blocks)-1 || len(b.Elements) > slackContextMax {
				t.Errorf("context block %d of %d elements", i, len(b.Elements))
			}
			for _, e := range b.Elements {
				text(e, slackSectionMax)
			}
		default:
			t.Errorf("block type %q", b.Type)
		}
	}
	return p
}

var (
	slackHeading = regexp.MustCompile(`^\*[A-Za-z ]+\*$`)
	slackLink    = regexp.MustCompile(`^<https?://[^<>|\s]+\|[A-Za-z ]+>$`)
)

// unescaped lists the Markdown characters of s that no backslash escapes.
func unescaped(s string) string {
	var bad []rune
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\\' && i+1 < len(rs):
			i++
		case rs[i] < utf8.RuneSelf && strings.ContainsRune(markdownSpecial, rs[i]):
			bad = append(bad, rs[i])
		}
	}
	return string(bad)
}

// checkMarkdownLines asserts that every line of md is one of our
// constructs around escaped text.
func checkMarkdownLines(t testing.TB, md string) {
	t.Helper()
	for _, line := range strings.Split(md, "\n") {
		rest := line
		switch {
		case line == "" || mdHeading.MatchString(line) || mdLink.MatchString(line) || mdMentions.MatchString(line):
			continue
		case mdFact.MatchString(line):
			rest = mdFact.FindStringSubmatch(line)[1]
		default:
			for _, p := range []string{"###### ", "#### ", "- "} {
				if r, ok := strings.CutPrefix(line, p); ok {
					rest = r
					break
				}
			}
		}
		if bad := unescaped(rest); bad != "" {
			t.Errorf("line %.80q: unescaped %q", line, bad)
		}
	}
}

var (
	mdHeading  = regexp.MustCompile(`^\*\*[A-Za-z ]+\*\*$`)
	mdFact     = regexp.MustCompile(`^\*\*[A-Za-z ]+:\*\* (.*)$`)
	mdLink     = regexp.MustCompile(`^\[[A-Za-z ]+\]\(https?://[^\s()<>]+\)$`)
	mdMentions = regexp.MustCompile(`^@[0-9+-]+( @[0-9+-]+)*$`)
)

func checkDingTalk(t testing.TB, body []byte) dingTalkPayload {
	t.Helper()
	var p dingTalkPayload
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("dingtalk payload is not JSON: %v", err)
	}
	if len(body) > dingTalkPayloadMax {
		t.Errorf("dingtalk payload is %d bytes", len(body))
	}
	if p.MsgType != "markdown" || !strings.HasPrefix(p.Markdown.Title, "CloudCensus · ") || unescaped(p.Markdown.Title[len("CloudCensus · "):]) != "" {
		t.Errorf("msgtype %q, title %q", p.MsgType, p.Markdown.Title)
	}
	checkMarkdownLines(t, p.Markdown.Text)
	return p
}

func checkTeams(t testing.TB, body []byte) adaptiveCard {
	t.Helper()
	var p teamsPayload
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("teams payload is not JSON: %v", err)
	}
	if len(body) > teamsPayloadMax {
		t.Errorf("teams payload is %d bytes", len(body))
	}
	if p.Type != "message" || len(p.Attachments) != 1 || p.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" {
		t.Fatalf("teams envelope %+v", p)
	}
	c := p.Attachments[0].Content
	if c.Type != "AdaptiveCard" || c.Version != "1.4" {
		t.Errorf("card %s %s", c.Type, c.Version)
	}
	for _, e := range c.Body {
		var texts []string
		switch e.Type {
		case "TextBlock":
			texts = strings.Split(e.Text, "\n")
		case "FactSet":
			for _, f := range e.Facts {
				texts = append(texts, f.Title, f.Value)
			}
		default:
			t.Errorf("element type %q", e.Type)
		}
		for _, s := range texts {
			if bad := unescaped(strings.TrimPrefix(s, "- ")); bad != "" {
				t.Errorf("%s text %.80q: unescaped %q", e.Type, s, bad)
			}
		}
	}
	for _, a := range c.Actions {
		if a.Type != "Action.OpenUrl" || !strings.HasPrefix(a.URL, "https://console.example.com/") {
			t.Errorf("action %+v", a)
		}
	}
	return c
}

// emailTags are the only HTML elements an e-mail may hold.
var emailTags = map[string]bool{"!DOCTYPE": true, "html": true, "head": true, "meta": true, "title": true,
	"body": true, "h2": true, "h3": true, "table": true, "tr": true, "th": true, "td": true, "p": true,
	"ul": true, "li": true, "a": true}

var htmlTag = regexp.MustCompile(`<(/?)([!A-Za-z][A-Za-z0-9]*)([^>]*)>`)

// checkEmail parses raw as net/mail does and returns its subject, text
// and HTML parts.
func checkEmail(t testing.TB, raw []byte) (subject, text, html string) {
	t.Helper()
	if len(raw) > emailMax {
		t.Errorf("e-mail is %d bytes", len(raw))
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("net/mail cannot read the message: %v", err)
	}
	want := map[string]bool{"From": true, "To": true, "Subject": true, "Date": true, "Message-Id": true,
		"Mime-Version": true, "Auto-Submitted": true, "X-Cloudcensus-Event": true,
		"X-Cloudcensus-Event-Id": true, "Content-Type": true}
	for k := range msg.Header {
		if !want[k] {
			t.Errorf("unexpected header %q", k)
		}
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line of %d characters", len(line))
		}
	}
	subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Errorf("subject: %v", err)
	}
	if _, err := msg.Header.AddressList("To"); err != nil {
		t.Errorf("To: %v", err)
	}
	_, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("content type: %v", err)
	}
	parts := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := parts.NextPart()
		if err != nil {
			break
		}
		switch ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); ct {
		case "text/plain":
			text = readAll(t, p)
		case "text/html":
			html = readAll(t, p)
		}
	}
	if !utf8.ValidString(text) || !utf8.ValidString(html) || text == "" || html == "" {
		t.Fatalf("parts: text %d bytes, html %d bytes", len(text), len(html))
	}
	links := 0
	for _, m := range htmlTag.FindAllStringSubmatch(html, -1) {
		if !emailTags[m[2]] {
			t.Errorf("HTML holds a <%s> element", m[2])
		}
		if m[1] == "" && m[2] == "a" {
			links++
			if !strings.HasPrefix(m[3], ` href="https://console.example.com/`) {
				t.Errorf("HTML link %q", m[0])
			}
		}
	}
	if links > 1 {
		t.Errorf("HTML holds %d links", links)
	}
	return subject, text, html
}

func readAll(t testing.TB, p *multipart.Part) string {
	t.Helper()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := p.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}
