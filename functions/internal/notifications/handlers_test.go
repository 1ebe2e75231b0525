package notifications_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications"
	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
)

func TestRoutes(t *testing.T) {
	h := newHarness(t)
	svc := notifications.New(notifications.Deps{})
	apitest.CheckRoutes(t, h.Harness, svc.Routes())
}

func TestCreateRejects(t *testing.T) {
	h := newHarness(t)
	rcv := newReceiver(t, nil)
	ok := map[string]any{"name": "Team", "type": "webhook", "config": map[string]any{"url": rcv.url(), "secret": webhookSecret},
		"events": []string{"task.completed"}}
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no name", apitest.With(ok, "name", " "), "name"},
		{"control characters in name", apitest.With(ok, "name", "a\x07b"), "name"},
		{"unknown type", apitest.With(ok, "type", "pager"), "type"},
		{"no events", apitest.With(ok, "events", []string{}), "events"},
		{"unknown event", apitest.With(ok, "events", []string{"task.completed", "task.exploded"}), "events[1]"},
		{"event twice", apitest.With(ok, "events", []string{"task.failed", "task.failed"}), "events[1]"},
		{"short secret", apitest.With(ok, "config", map[string]any{"url": rcv.url(), "secret": "short"}), "config.secret"},
		{"no url", apitest.With(ok, "config", map[string]any{"secret": webhookSecret}), "config.url"},
		{"field of another type", apitest.With(ok, "config", map[string]any{"url": rcv.url(), "secret": webhookSecret, "recipients": []string{"a@example.com"}}), "config.recipients"},
		{"private receiver", apitest.With(ok, "config", map[string]any{"url": "http://10.0.0.1/hook", "secret": webhookSecret}), "config.url"},
		{"metadata receiver", apitest.With(ok, "config", map[string]any{"url": "http://169.254.169.254/latest", "secret": webhookSecret}), "config.url"},
		{"bad e-mail", map[string]any{"name": "Mail", "type": "email", "config": map[string]any{"recipients": []string{"not an address"}}, "events": []string{"task.failed"}}, "config.recipients[0]"},
		{"unknown field", apitest.With(ok, "colour", "red"), "colour"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.Expect("u1", "POST", "/api/notification-channels/create", tc.body, http.StatusBadRequest, tc.field)
		})
	}
}

// Deployed, receivers must be public https hosts: names resolving to the
// metadata service, a private address or this machine are refused.
func TestCreateRefusesNonPublicReceiversDeployed(t *testing.T) {
	h := newHarness(t, deployed(map[string][]string{
		"metadata.example.com": {"169.254.169.254"},
		"intranet.example.com": {"10.0.0.1"},
		"mixed.example.com":    {"93.184.216.34", "10.0.0.1"},
		"loop.example.com":     {"127.0.0.1"},
		"hooks.example.com":    {"93.184.216.34"},
	}))
	for _, tc := range []struct{ typ, field, url string }{
		{"webhook", "config.url", "https://metadata.example.com/hook"},
		{"webhook", "config.url", "https://intranet.example.com/hook"},
		{"webhook", "config.url", "https://mixed.example.com/hook"},
		{"webhook", "config.url", "https://loop.example.com/hook"},
		{"webhook", "config.url", "https://localhost/hook"},
		{"webhook", "config.url", "https://169.254.169.254/latest/meta-data"},
		{"webhook", "config.url", "https://10.0.0.1/hook"},
		{"webhook", "config.url", "http://127.0.0.1:8080/hook"},
		{"webhook", "config.url", "http://hooks.example.com/hook"},
		{"slack", "config.webhookUrl", "https://metadata.example.com/services/T/B/x"},
		{"teams", "config.webhookUrl", "https://intranet.example.com/workflows/x"},
		{"dingtalk", "config.webhookUrl", "https://localhost/robot/send?access_token=abc"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			cfg := map[string]any{"webhookUrl": tc.url}
			if tc.typ == "webhook" {
				cfg = map[string]any{"url": tc.url, "secret": webhookSecret}
			}
			raw := h.Expect("u1", "POST", "/api/notification-channels/create",
				map[string]any{"name": "x", "type": tc.typ, "config": cfg, "events": []string{"task.completed"}}, http.StatusBadRequest, tc.field)
			if strings.Contains(raw, "169.254") || strings.Contains(raw, "10.0.0.1\"") {
				t.Fatalf("refusal repeats an internal address: %s", raw)
			}
		})
	}
	h.Expect("u1", "POST", "/api/notification-channels/create", map[string]any{"name": "ok", "type": "webhook",
		"config": map[string]any{"url": "https://hooks.example.com/hook", "secret": webhookSecret}, "events": []string{"task.completed"}}, http.StatusCreated, "")
}

func TestSecretsSealedAndMasked(t *testing.T) {
	h := newHarness(t, deployed(map[string][]string{"oapi.dingtalk.com": {"93.184.216.34"}}))
	const token = "T000/B000/XyZsecretTokenPart"
	const dingSecret = "SECdingtalkrobotsigningsecret"
	url := "https://oapi.dingtalk.com/robot/send?access_token=" + token
	var c domain.Channel
	st, raw := h.Call("u1", "POST", "/api/notification-channels/create", map[string]any{"name": "Ops", "type": "dingtalk",
		"config": map[string]any{"webhookUrl": url, "secret": dingSecret, "atMobiles": []string{"13800000000"}}, "events": []string{"task.failed"}}, &c)
	if st != http.StatusCreated {
		t.Fatalf("%d %s", st, raw)
	}
	if c.Config.Secret != "********" || !strings.HasPrefix(c.Config.WebhookURL, "https://oapi.dingtalk.com/…") || c.Config.AtMobiles[0] != "13800000000" {
		t.Fatalf("answered config %+v", c.Config)
	}
	// An update sending the masked values back keeps the stored ones.
	h.Expect("admin", "POST", "/api/notification-channels/update", map[string]any{"id": c.ID, "version": c.Version, "name": "Ops 2",
		"config": map[string]any{"webhookUrl": c.Config.WebhookURL, "secret": c.Config.Secret, "atAll": true}}, http.StatusOK, "")
	for _, body := range append(h.Bodies(), h.Logs(), h.AuditText()) {
		if strings.Contains(body, token) || strings.Contains(body, dingSecret) {
			t.Fatalf("secret in an answer, log or audit entry: %s", body)
		}
	}
	// The table holds neither the token nor the secret, in any attribute.
	db := dynamodb.NewFromConfig(standin.AWSConfig(endpoint))
	tables, err := db.ListTables(context.Background(), &dynamodb.ListTablesInput{})
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, name := range tables.TableNames {
		out, err := db.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range out.Items {
			text := strings.ToLower(dump(item))
			if strings.Contains(text, strings.ToLower(c.ID)) {
				seen = true
			}
			if strings.Contains(text, strings.ToLower(token)) || strings.Contains(text, strings.ToLower(dingSecret)) {
				t.Fatalf("plaintext in table %s: %s", name, text)
			}
		}
	}
	if !seen {
		t.Fatal("the channel row was not found")
	}
	// The stored configuration still opens to the real one.
	stored, _ := h.Store.GetChannel(context.Background(), ws, c.ID)
	secret, err := h.box.Open(context.Background(), ws, domain.ChannelSecretID(c.ID), *stored.Sealed)
	if err != nil || !strings.Contains(secret.Reveal(), token) || !strings.Contains(secret.Reveal(), dingSecret) || !strings.Contains(secret.Reveal(), `"atAll":true`) {
		t.Fatalf("sealed configuration: %v", err)
	}
}

func TestHostileNamesAreText(t *testing.T) {
	h := newHarness(t)
	rcv := newReceiver(t, nil)
	for _, name := range []string{
		`<script>alert(1)</script>`, `=HYPERLINK("http://evil.example","x")`, `[x](http://evil.example) <!channel> @all`,
		`{{.Secret}} ${jndi:ldap://x} %s`, `"quoted" & 'single' \ back`,
	} {
		c := h.channel("u1", name, rcv.url(), "task.completed")
		var got domain.Channel
		h.Call("u1", "GET", "/api/notification-channels/detail?id="+c.ID, nil, &got)
		if c.Name != name || got.Name != name {
			t.Fatalf("name %q came back as %q / %q", name, c.Name, got.Name)
		}
	}
}

func TestOwnChannelsOnly(t *testing.T) {
	h := newHarness(t)
	rcv := newReceiver(t, nil)
	mine := h.channel("u1", "u1's", rcv.url(), "task.completed")
	h.channel("u2", "u2's", rcv.url(), "task.completed")
	h.channel("pu1", "pu1's", rcv.url(), "task.completed")
	count := func(user string) int {
		var l struct {
			Data       []domain.Channel
			Pagination struct{ Total int }
		}
		h.Call(user, "GET", "/api/notification-channels", nil, &l)
		return l.Pagination.Total
	}
	if count("u1") != 1 || count("u2") != 1 || count("pu2") != 0 || count("admin") != 3 {
		t.Fatalf("lists: u1 %d u2 %d pu2 %d admin %d", count("u1"), count("u2"), count("pu2"), count("admin"))
	}
	h.Expect("u2", "GET", "/api/notification-channels/detail?id="+mine.ID, nil, http.StatusNotFound, "")
	h.Expect("u2", "GET", "/api/notification-channels/deliveries?id="+mine.ID, nil, http.StatusNotFound, "")
	h.Expect("u2", "POST", "/api/notification-channels/test", map[string]any{"id": mine.ID}, http.StatusNotFound, "")
	h.Expect("pu1", "POST", "/api/notification-channels/delete", map[string]any{"id": mine.ID}, http.StatusNotFound, "")
	h.Expect("admin", "GET", "/api/notification-channels/detail?id="+mine.ID, nil, http.StatusOK, "")
	h.Expect("admin", "GET", "/api/notification-channels/detail?id=nope", nil, http.StatusBadRequest, "id")
	h.Expect("admin", "POST", "/api/notification-channels/update", map[string]any{"id": mine.ID, "version": 7, "name": "x"}, http.StatusConflict, "")
	h.Expect("admin", "POST", "/api/notification-channels/delete", map[string]any{"id": mine.ID}, http.StatusNoContent, "")
	h.Expect("u1", "GET", "/api/notification-channels/detail?id="+mine.ID, nil, http.StatusNotFound, "")
	if e := h.Entries("notifications.delete"); len(e) != 2 || e[0].ResourceID != mine.ID || e[0].Result != domain.AuditSuccess || e[1].Result != domain.AuditFailure {
		t.Fatalf("audit %+v", e)
	}
}

func TestSendTest(t *testing.T) {
	h := newHarness(t)
	ok := newReceiver(t, nil)
	refusing := newReceiver(t, func(_ int, w http.ResponseWriter) { w.WriteHeader(http.StatusForbidden) })
	good := h.channel("u1", "good", ok.url(), "task.failed")
	bad := h.channel("u1", "bad", refusing.url(), "task.failed")
	var res notifications.TestResult
	if st, raw := h.Call("u1", "POST", "/api/notification-channels/test", map[string]any{"id": good.ID}, &res); st != http.StatusOK || !res.Delivered || res.StatusCode != 200 || res.Error != "" {
		t.Fatalf("%d %s", st, raw)
	}
	if got := ok.received(); len(got) != 1 || got[0].typ != "channel.test" {
		t.Fatalf("receiver got %+v", got)
	}
	if st, raw := h.Call("u1", "POST", "/api/notification-channels/test", map[string]any{"id": bad.ID}, &res); st != http.StatusOK || res.Delivered || res.StatusCode != 403 || res.Error == "" {
		t.Fatalf("%d %s", st, raw)
	}
	log := h.deliveries("u1", bad.ID)
	if len(log) != 1 || log[0].EventType != "channel.test" || log[0].Status != domain.DeliveryFailed || log[0].Attempts != 1 || log[0].ResponseCode != 403 {
		t.Fatalf("test delivery log %+v", log)
	}
	if e := h.Entries("notifications.test"); len(e) != 2 {
		t.Fatalf("audit entries %d", len(e))
	}
}
