package notifications_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/apitest"
	"github.com/cloudcensus/cloudcensus/functions/internal/channels"
	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/event"
	"github.com/cloudcensus/cloudcensus/functions/internal/keys"
	"github.com/cloudcensus/cloudcensus/functions/internal/notifications"
	"github.com/cloudcensus/cloudcensus/functions/internal/secrets"
)

var endpoint string

func TestMain(m *testing.M) { apitest.TestMain(m, &endpoint) }

const (
	ws            = apitest.Workspace
	webhookSecret = "s3cr3t-webhook-signing-key"
)

// harness is the channel routes on the shared API harness (a real store
// on DynamoDB Local), a real secret box, the real sender under the local
// policy (loopback receivers allowed), a notifier with short delays, and
// a local queue running it.
type harness struct {
	*apitest.Harness
	t        *testing.T
	box      *secrets.Box
	sender   *channels.Sender
	notifier *notifications.Notifier
	queue    *notifications.LocalQueue
	pub      *notifications.Publisher
	deps     notifications.NotifierDeps
}

type option func(*harness)

// deployed validates channels under the deployed policy with a resolver
// answering the given names.
func deployed(answers map[string][]string) option {
	return func(h *harness) { h.sender.Policy = channels.Policy{Resolver: fakeResolver(answers)} }
}

func newHarness(t *testing.T, opts ...option) *harness {
	t.Helper()
	api := apitest.New(t, endpoint)
	k, err := keys.OpenLocal(filepath.Join(t.TempDir(), "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{Harness: api, t: t, box: secrets.New(k)}
	h.sender = channels.NewSender(channels.Policy{AllowLoopbackHTTP: true}, channels.EMLDir{Dir: t.TempDir()}, "CloudCensus <notify@example.com>")
	for _, o := range opts {
		o(h)
	}
	h.queue = notifications.NewLocalQueue(api.Store, 4, nil)
	h.deps = notifications.NotifierDeps{Store: api.Store, Box: h.box, Sender: h.sender, Queue: h.queue,
		Logger:    slog.New(slog.NewJSONHandler(api, nil)),
		BaseDelay: 20 * time.Millisecond, MaxDelay: time.Second, Jitter: func(d time.Duration) time.Duration { return d }}
	h.notifier = notifications.NewNotifier(h.deps)
	h.queue.Start(h.notifier)
	t.Cleanup(h.queue.Close)
	h.pub = notifications.NewPublisher(api.Store, notifications.StoreAudience{Store: api.Store}, h.queue, nil)
	svc := notifications.New(notifications.Deps{Store: api.Store, Box: h.box, Sender: h.sender, Policy: h.sender.Policy})
	api.Mount(svc.Routes())
	return h
}

// channel creates a webhook channel as user, posting to url.
func (h *harness) channel(user, name, url string, events ...string) domain.Channel {
	h.t.Helper()
	var c domain.Channel
	body := map[string]any{"name": name, "type": "webhook", "config": map[string]any{"url": url, "secret": webhookSecret}, "events": events}
	if st, raw := h.Call(user, "POST", "/api/notification-channels/create", body, &c); st != http.StatusCreated {
		h.t.Fatalf("create channel %s: %d %s", name, st, raw)
	}
	return c
}

// deliveries is a channel's delivery log as user reads it.
func (h *harness) deliveries(user, channelID string) []domain.Delivery {
	h.t.Helper()
	var l struct{ Data []domain.Delivery }
	if st, raw := h.Call(user, "GET", "/api/notification-channels/deliveries?id="+channelID, nil, &l); st != http.StatusOK {
		h.t.Fatalf("deliveries: %d %s", st, raw)
	}
	return l.Data
}

// settled waits until every delivery of the channel is final.
func (h *harness) settled(channelID string, want int) []domain.Delivery {
	h.t.Helper()
	var ds []domain.Delivery
	eventually(h.t, 10*time.Second, func() bool {
		l, err := h.Store.ListDeliveries(context.Background(), ws, channelID, domain.Page{Number: 1, Size: 100})
		if err != nil {
			h.t.Fatal(err)
		}
		ds = l.Items
		if len(ds) != want {
			return false
		}
		for _, d := range ds {
			if !d.Status.Final() {
				return false
			}
		}
		return true
	})
	return ds
}

func eventually(t *testing.T, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// taskEvent is a task.completed event owned by a user.
func taskEvent(owner, taskID string) event.Event {
	return event.Event{ID: domain.NewID(), Type: event.TaskCompleted, WorkspaceID: ws, Time: time.Now().UTC(), Owner: owner,
		Task: &event.Task{ID: taskID, Name: "Nightly <inventory>", Client: "ACME", Project: "Audit", Status: "completed",
			Accounts: 1, Regions: 2, Resources: 42, URL: "https://console.example.com/tasks/" + taskID}}
}

// receiver is a webhook receiver on 127.0.0.1 that answers each request
// as answer says for its number (from 1) and keeps what it got.
type receiver struct {
	srv    *httptest.Server
	answer func(n int, w http.ResponseWriter)

	mu  sync.Mutex
	got []received
}

type received struct {
	at      time.Time
	eventID string
	typ     string
	body    []byte
	header  http.Header
}

func newReceiver(t *testing.T, answer func(n int, w http.ResponseWriter)) *receiver {
	r := &receiver{answer: answer}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var ev struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		}
		_ = json.Unmarshal(body, &ev)
		r.mu.Lock()
		r.got = append(r.got, received{at: time.Now(), eventID: ev.ID, typ: ev.Type, body: body, header: req.Header.Clone()})
		n := len(r.got)
		r.mu.Unlock()
		if r.answer == nil {
			w.WriteHeader(http.StatusOK)
			return
		}
		r.answer(n, w)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func (r *receiver) url() string { return r.srv.URL + "/hook" }
