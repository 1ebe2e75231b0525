package channels

import (
	"encoding/json"
	"net/mail"
	"testing"
	"unicode/utf8"
)

// FuzzRender puts arbitrary text in every field of every event and
// renders it for every receiver: no panic, valid JSON and UTF-8, only our
// constructs as markup, every limit kept. Seeds are in testdata/fuzz.
func FuzzRender(f *testing.F) {
	f.Add("nightly scan", "<!channel>", 3)
	f.Add("[x](http://evil)", "*bold* {{placeholder}}", 12)
	f.Fuzz(func(t *testing.T, name, reason string, n int) {
		n = max(n, 0) % 64 // beyond maxItems, yet quick enough to fuzz
		from := &mail.Address{Name: "CloudCensus", Address: "notify@example.com"}
		to := []*mail.Address{{Address: "ops@example.com"}}
		for _, ev := range events(name, n) {
			if ev.Task != nil {
				task := *ev.Task
				task.Error = reason
				ev.Task = &task
			}
			if ev.Alert != nil {
				ev.Alert.Message = reason
			}
			m := summarize(ev)
			for _, render := range []struct {
				check func(testing.TB, []byte)
				out   func() ([]byte, error)
			}{
				{func(t testing.TB, b []byte) { checkSlack(t, b) }, func() ([]byte, error) { return renderSlack(m) }},
				{func(t testing.TB, b []byte) { checkTeams(t, b) }, func() ([]byte, error) { return renderTeams(m) }},
				{func(t testing.TB, b []byte) { checkDingTalk(t, b) }, func() ([]byte, error) {
					return renderDingTalk(m, Config{AtMobiles: []string{"13800000000"}})
				}},
				{func(t testing.TB, b []byte) {
					if !json.Valid(b) {
						t.Errorf("webhook body is not JSON")
					}
				}, func() ([]byte, error) { return renderWebhook(ev) }},
			} {
				body, err := render.out()
				if err != nil {
					t.Fatalf("%s: %v", ev.Type, err)
				}
				if !utf8.Valid(body) {
					t.Fatalf("%s: invalid UTF-8", ev.Type)
				}
				render.check(t, body)
			}
			raw, err := renderEmail(m, ev, from, to, when)
			if err != nil {
				t.Fatalf("%s: e-mail: %v", ev.Type, err)
			}
			checkEmail(t, raw)
		}
	})
}
