package channels

import (
	"encoding/json"
	"net/mail"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cloudcensus/cloudcensus/functions/internal/event"
)

func byType(evs []event.Event, typ event.Type) event.Event {
	for _, e := range evs {
		if e.Type == typ {
			return e
		}
	}
	panic("no event " + typ)
}

func TestSlackMessage(t *testing.T) {
	evs := events("nightly scan", 3)
	body, err := renderSlack(summarize(byType(evs, event.TaskCompleted)))
	if err != nil {
		t.Fatal(err)
	}
	p := checkSlack(t, body)
	if p.Text != "Task completed: nightly scan" || p.Blocks[0].Text.Text != "Task completed: nightly scan" {
		t.Errorf("fallback %q, header %q", p.Text, p.Blocks[0].Text.Text)
	}
	var fields []string
	for _, f := range p.Blocks[1].Fields {
		fields = append(fields, f.Text)
	}
	want := []string{"Client: nightly scan", "Project: nightly scan", "Status: completed", "Duration: 12m 34s",
		"Scope: 3 accounts × 4 regions", "Resources found: 12,345", "Schedule: nightly scan"}
	if !reflect.DeepEqual(fields, want) {
		t.Errorf("fields\n got %q\nwant %q", fields, want)
	}
	all := string(body)
	for _, s := range []string{
		`"*Why it failed*"`, `"*Services not covered*"`,
		`• nightly scan (123456789012 / us-east-1): nightly scan 0\n• nightly scan (123456789012 / us-east-1): nightly scan 1`,
		`"<https://console.example.com/tasks/t1|Open the task>"`,
		`CloudCensus · task.completed · event 01JNB5ZQ6Z3V1Q9W2X3Y4Z5A6B · 2025-03-04 05:06 UTC`,
	} {
		if !strings.Contains(all, s) {
			t.Errorf("payload lacks %s", s)
		}
	}
}

func TestChangeCard(t *testing.T) {
	evs := events("web", 3)
	body, err := renderSlack(summarize(byType(evs, event.ChangesDetected)))
	if err != nil {
		t.Fatal(err)
	}
	checkSlack(t, body)
	for _, s := range []string{
		"Changes: 3 added, 3 removed, 6 changed",
		`• web: 0 added, 1 removed, 2 changed\n• web: 1 added, 1 removed, 2 changed`,
		`• Changed Instance web (i-0abc) in 123456789012 / eu-west-1 — web`,
		`• … and 9 more`, // 12 changes, 3 notable shown
		`|Open the changes>`,
	} {
		if !strings.Contains(string(body), s) {
			t.Errorf("payload lacks %s", s)
		}
	}
}

func TestTeamsCard(t *testing.T) {
	evs := events("nightly_scan", 2)
	body, err := renderTeams(summarize(byType(evs, event.TaskFailed)))
	if err != nil {
		t.Fatal(err)
	}
	c := checkTeams(t, body)
	if c.Body[0].Text != `Task failed: nightly\_scan` || c.Body[0].Weight != "Bolder" {
		t.Errorf("title %+v", c.Body[0])
	}
	facts := c.Body[1].Facts
	if facts[0] != (cardFact{Title: "Client", Value: `nightly\_scan`}) || facts[4] != (cardFact{Title: "Scope", Value: "3 accounts × 4 regions"}) {
		t.Errorf("facts %+v", facts)
	}
	if len(c.Actions) != 1 || c.Actions[0].URL != "https://console.example.com/tasks/t1" || c.Actions[0].Title != "Open the task" {
		t.Errorf("actions %+v", c.Actions)
	}
	if !strings.Contains(string(body), `- nightly\\_scan \\(123456789012 / us\\-east\\-1\\): nightly\\_scan 1`) {
		t.Errorf("card lacks the gap list: %s", body)
	}
}

func TestDingTalkMarkdown(t *testing.T) {
	evs := events("nightly scan", 2)
	cfg := Config{WebhookURL: "https://oapi.dingtalk.com/robot/send?access_token=x", AtMobiles: []string{"13800000000", "+852-12345678"}, AtAll: false}
	body, err := renderDingTalk(summarize(byType(evs, event.ScheduleSkipped)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := checkDingTalk(t, body)
	want := "#### Schedule skipped: nightly scan\n\n" +
		"**Due at:** 2025\\-03\\-04 05:06 UTC\n\n" +
		"**Code:** nightly scan\n\n" +
		"**Why it was skipped**\n\nnightly scan\n\n" +
		"[Open the schedule](https://console.example.com/schedules/s1)\n\n" +
		"###### CloudCensus · schedule\\.skipped · event 01JNB5ZQ6Z3V1Q9W2X3Y4Z5A6B · 2025\\-03\\-04 05:06 UTC\n\n" +
		"@13800000000 @+852-12345678"
	if p.Markdown.Text != want {
		t.Errorf("text\n got %q\nwant %q", p.Markdown.Text, want)
	}
	if p.Markdown.Title != "CloudCensus · Schedule skipped" || !reflect.DeepEqual(p.At.AtMobiles, cfg.AtMobiles) || p.At.IsAtAll {
		t.Errorf("title %q, at %+v", p.Markdown.Title, p.At)
	}
}

func TestWebhookBodyIsTheEvent(t *testing.T) {
	for _, ev := range events("<b>\"raw\"</b>", 2) {
		body, err := renderWebhook(ev)
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Version int `json:"version"`
			event.Event
		}
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(ev)
		again, _ := json.Marshal(got.Event)
		if got.Version != WebhookVersion || string(want) != string(again) {
			t.Errorf("%s: body %s", ev.Type, body)
		}
	}
}

func TestEmailMessage(t *testing.T) {
	evs := events("Nächtlicher Scan", 2)
	from, _ := mail.ParseAddress("CloudCensus <notify@example.com>")
	to := []*mail.Address{{Address: "ops@example.com"}, {Name: "Zoë", Address: "zoe@example.com"}}
	raw, err := renderEmail(summarize(byType(evs, event.TaskCompleted)), byType(evs, event.TaskCompleted), from, to, when)
	if err != nil {
		t.Fatal(err)
	}
	subject, text, html := checkEmail(t, raw)
	if subject != "[CloudCensus] Task completed: Nächtlicher Scan" {
		t.Errorf("subject %q", subject)
	}
	for _, s := range []string{"Client: Nächtlicher Scan", "Resources found: 12,345", "- Nächtlicher Scan (123456789012 / us-east-1): Nächtlicher Scan 1", "Open the task: https://console.example.com/tasks/t1"} {
		if !strings.Contains(text, s) {
			t.Errorf("text part lacks %q:\n%s", s, text)
		}
	}
	if !strings.Contains(html, `<a href="https://console.example.com/tasks/t1">Open the task</a>`) {
		t.Errorf("html part lacks the link:\n%s", html)
	}
	if !strings.Contains(string(raw), "Subject: =?utf-8?q?") || !strings.Contains(string(raw), "To: <ops@example.com>, =?utf-8?q?Zo=C3=AB?= <zoe@example.com>") {
		t.Errorf("headers:\n%s", raw[:400])
	}
}

// TestHostileValuesArriveAsText puts each hostile value in every field of
// every event and checks each format: only our constructs are markup, and
// every limit holds.
func TestHostileValuesArriveAsText(t *testing.T) {
	cfg := Config{AtMobiles: []string{"13800000000"}}
	from := &mail.Address{Name: "CloudCensus", Address: "notify@example.com"}
	to := []*mail.Address{{Address: "ops@example.com"}}
	for _, v := range hostile {
		for _, n := range []int{1, 300} {
			for _, ev := range events(v, n) {
				m := summarize(ev)
				name := string(ev.Type) + "/" + firstRunes(v, 12)
				t.Run(name, func(t *testing.T) {
					short := clean(v)
					// Values long enough to be cut, or cut because 300 items
					// tightened the budget, are checked for limits only.
					long := utf8.RuneCountInString(short) > 30 || n > 1

					body, err := renderSlack(m)
					if err != nil {
						t.Fatal(err)
					}
					checkSlack(t, body)
					if !long && ev.Type != event.Test && !strings.Contains(plainTexts(t, body), short) {
						t.Errorf("slack does not show %q as is", short)
					}

					body, err = renderTeams(m)
					if err != nil {
						t.Fatal(err)
					}
					checkTeams(t, body)
					if !long && ev.Type != event.Test && !strings.Contains(string(body), jsonString(escape(short, markdown))) {
						t.Errorf("teams does not show %q escaped", short)
					}

					body, err = renderDingTalk(m, cfg)
					if err != nil {
						t.Fatal(err)
					}
					checkDingTalk(t, body)

					raw, err := renderEmail(m, ev, from, to, when)
					if err != nil {
						t.Fatal(err)
					}
					subject, text, _ := checkEmail(t, raw)
					if strings.ContainsAny(subject, "\r\n") || !strings.HasPrefix(subject, "[CloudCensus] ") {
						t.Errorf("subject %q", subject)
					}
					if !long && ev.Type != event.Test && !strings.Contains(text, short) {
						t.Errorf("e-mail text does not show %q", short)
					}
				})
			}
		}
	}
}

func firstRunes(s string, n int) string {
	r := []rune(clean(s))
	return string(r[:min(n, len(r))])
}

// plainTexts is every plain_text string of a Slack payload, joined.
func plainTexts(t *testing.T, body []byte) string {
	var p slackPayload
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, bl := range p.Blocks {
		for _, tx := range append(append([]slackText{}, bl.Fields...), bl.Elements...) {
			b.WriteString(tx.Text + "\n")
		}
		if bl.Text != nil && bl.Text.Type == "plain_text" {
			b.WriteString(bl.Text.Text + "\n")
		}
	}
	return b.String()
}

func jsonString(s string) string {
	b, _ := marshal(s)
	return strings.Trim(string(b), `"`)
}

func TestCleanKeepsTextOnOneLine(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"name\r\nBcc: x@evil", "name Bcc: x@evil"},
		{"  a \t\t b  ", "a b"},
		{"\x00\x1b[31mred", "[31mred"},
		{"abc\u202Egnp.exe", "abcgnp.exe"},
		{"مرحبا 👩‍💻", "مرحبا 👩‍💻"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"line\u2028sep", "line sep"},
	} {
		if got := clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestClipCutsBetweenEscapes(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		max  int
		esc  escaper
		m    measure
		want string
	}{
		{"fits", "abc", 3, plain, runes, "abc"},
		{"plain", strings.Repeat("a", 100), 40, plain, runes, strings.Repeat("a", 15) + "… and 85 more characters"},
		{"markdown escapes whole", strings.Repeat("*", 100), 40, markdown, runes, strings.Repeat(`\*`, 7) + "… and 93 more characters"},
		{"mrkdwn entities whole", strings.Repeat("<", 100), 40, mrkdwn, runes, strings.Repeat("&lt;", 3) + "… and 97 more characters"},
		{"runes whole", strings.Repeat("界", 100), 80, plain, func(s string) int { return len(s) }, strings.Repeat("界", 17) + "… and 83 more characters"},
		{"emoji in utf-16", strings.Repeat("🚀", 100), 40, plain, utf16Units, strings.Repeat("🚀", 7) + "… and 93 more characters"},
		{"tiny", strings.Repeat("a", 100), 5, plain, runes, "aaaa…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := clip(tc.in, tc.max, tc.esc, tc.m)
			if got != tc.want {
				t.Errorf("clip = %q, want %q", got, tc.want)
			}
			if tc.m(got) > tc.max || !utf8.ValidString(got) {
				t.Errorf("clip measures %d, max %d", tc.m(got), tc.max)
			}
		})
	}
}

func TestListNotesWhatItLeavesOut(t *testing.T) {
	f := listFormat{esc: plain, m: runes, bullet: "- ", sep: "\n"}
	items := []string{"one", "two", "three", "four"}
	for _, tc := range []struct {
		name    string
		omitted int
		b       budget
		max     int
		want    string
	}{
		{"all", 0, budget{100, 10}, 1000, "- one\n- two\n- three\n- four"},
		{"budget", 0, budget{100, 2}, 1000, "- one\n- two\n- … and 2 more"},
		{"omitted", 5, budget{100, 10}, 1000, "- one\n- two\n- three\n- four\n- … and 5 more"},
		{"room", 0, budget{100, 10}, 20, "- one\n- … and 3 more"},
	} {
		if got := f.list(items, tc.omitted, tc.b, tc.max); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
