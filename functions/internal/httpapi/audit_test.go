package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// recorder is an Auditor that keeps what it was given and can fail.
type recorder struct {
	events []AuditEvent
	errs   []error
	fail   error
}

func (r *recorder) Record(_ *http.Request, ev AuditEvent, err error) error {
	r.events = append(r.events, ev)
	r.errs = append(r.errs, err)
	if err == nil && r.fail != nil {
		return r.fail
	}
	return err
}

func auditedServer(t *testing.T, rec *recorder, h Handler) *httptest.Server {
	t.Helper()
	routes := []Route{
		{Method: "POST", Path: "/api/things/delete", Perm: "things:delete", Audit: Audited("things.delete", "thing"), Handler: h},
		{Method: "GET", Path: "/api/things", Perm: "things:read", Handler: func(w http.ResponseWriter, r *http.Request) error {
			AuditOf(r).ResourceID = "ignored" // not audited: a throwaway
			return JSON(w, http.StatusOK, map[string]any{"ok": true})
		}},
	}
	mux, err := NewMux(routes, Options{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), Auditor: rec,
		Auth: fakeAuth{&Principal{UserID: "u1", Permissions: []string{"things:delete"}}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func post(t *testing.T, url, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// deleteThing is a handler as the domains write them: decode, name the
// resource, act, answer; no audit call of its own.
func deleteThing(w http.ResponseWriter, r *http.Request) error {
	var b IDBody
	if err := Decode(r, &b); err != nil {
		return err
	}
	AuditOf(r).ResourceID = b.ID
	if b.ID == "missing" {
		return domain.NotFound("thing")
	}
	AuditOf(r).Before = map[string]string{"id": b.ID}
	w.Header().Set("X-Thing", b.ID)
	return JSON(w, http.StatusOK, map[string]string{"deleted": b.ID})
}

func TestAuditedRouteRecordsEveryOutcome(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		status     int
		resource   string
		failed     bool
	}{
		{"success", `{"id":"t1"}`, 200, "t1", false},
		{"a failure after the resource is named", `{"id":"missing"}`, 404, "missing", true},
		{"a body that does not decode", `{"id":`, 400, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			srv := auditedServer(t, rec, deleteThing)
			resp, _ := post(t, srv.URL+"/api/things/delete", tc.body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if len(rec.events) != 1 {
				t.Fatalf("%d audit events, want 1", len(rec.events))
			}
			ev := rec.events[0]
			if ev.Action != "things.delete" || ev.ResourceType != "thing" || ev.ResourceID != tc.resource || (rec.errs[0] != nil) != tc.failed {
				t.Fatalf("event %+v with error %v", ev, rec.errs[0])
			}
		})
	}
}

func TestAnUnauditedChangeIsNotASuccess(t *testing.T) {
	rec := &recorder{fail: errors.New("table unavailable")}
	srv := auditedServer(t, rec, deleteThing)
	resp, body := post(t, srv.URL+"/api/things/delete", `{"id":"t1"}`)
	if resp.StatusCode != 500 || resp.Header.Get("X-Thing") != "" || strings.Contains(body, "deleted") {
		t.Fatalf("status %d, header %q, body %s: the held answer went out although its audit entry was not written",
			resp.StatusCode, resp.Header.Get("X-Thing"), body)
	}
}

func TestTheHeldAnswerGoesOutWhole(t *testing.T) {
	srv := auditedServer(t, &recorder{}, deleteThing)
	resp, body := post(t, srv.URL+"/api/things/delete", `{"id":"t1"}`)
	if resp.Header.Get("X-Thing") != "t1" || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("headers %v", resp.Header)
	}
	var out map[string]string
	if err := json.Unmarshal([]byte(body), &out); err != nil || out["deleted"] != "t1" {
		t.Fatalf("body %q", body)
	}
}

func TestAReplayIsNotRecordedTwice(t *testing.T) {
	rec := &recorder{}
	srv := auditedServer(t, rec, func(w http.ResponseWriter, r *http.Request) error {
		AuditOf(r).Skip = true
		return JSON(w, http.StatusOK, map[string]string{"same": "answer"})
	})
	if resp, _ := post(t, srv.URL+"/api/things/delete", `{}`); resp.StatusCode != 200 || len(rec.events) != 0 {
		t.Fatalf("status %d, %d events: a replay was recorded", resp.StatusCode, len(rec.events))
	}
}

func TestADeniedRequestIsAudited(t *testing.T) {
	rec := &recorder{}
	srv := auditedServer(t, rec, deleteThing)
	req, _ := http.NewRequest("GET", srv.URL+"/api/things", nil)
	req.Header.Set("Authorization", "Bearer x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 || len(rec.events) != 1 || rec.events[0].Action != "access.denied" || rec.events[0].ResourceID != "GET /api/things" {
		t.Fatalf("status %d, events %+v", resp.StatusCode, rec.events)
	}
}

func TestEmptyListsAreArrays(t *testing.T) {
	type inner struct {
		Tags []string `json:"tags"`
	}
	type answer struct {
		Items    []inner          `json:"items"`
		Nested   *inner           `json:"nested"`
		ByName   map[string]inner `json:"byName"`
		Any      any              `json:"any"`
		Raw      json.RawMessage  `json:"raw,omitempty"`
		Bytes    []byte           `json:"bytes"`
		Optional []string         `json:"optional,omitempty"`
		hidden   []string
	}
	v := answer{Items: []inner{{}}, Nested: &inner{}, ByName: map[string]inner{"a": {}}, Any: inner{}, hidden: nil}
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(EmptyLists(v)); err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(b.String())
	want := `{"items":[{"tags":[]}],"nested":{"tags":[]},"byName":{"a":{"tags":[]}},"any":{"tags":[]},"bytes":null}`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if v.Items[0].Tags != nil {
		t.Fatal("EmptyLists changed its argument")
	}
	if EmptyLists(3) != 3 || EmptyLists(nil) != nil {
		t.Fatal("a value without slices must pass through")
	}
}

func TestSchemaNamesAreUnique(t *testing.T) {
	type IDBody struct {
		Other string `json:"other"`
	}
	h := func(w http.ResponseWriter, r *http.Request) error { return nil }
	defer func() {
		if recover() == nil {
			t.Fatal("two types named IDBody became one schema")
		}
	}()
	// httpapi.IDBody and this test's IDBody both want "IDBody".
	OpenAPI("t", "1", []Route{
		{Method: "POST", Path: "/api/a", Public: true, Body: IDBody{}, Handler: h},
		{Method: "POST", Path: "/api/b", Public: true, Body: struct{ IDBody }{}, Handler: h},
		{Method: "POST", Path: "/api/c", Public: true, Body: IDBodyAlias{}, Handler: h},
	})
}

// IDBodyAlias is a distinct type of this package named like another.
type IDBodyAlias = IDBody

// The request's log line names the signed-in user and the socket's
// address, never the address a client claims in X-Forwarded-For.
func TestRequestLogNamesTheUserAndTheRealAddress(t *testing.T) {
	var logs bytes.Buffer
	mux, err := NewMux([]Route{{Method: "GET", Path: "/api/things", Perm: "things:read", Handler: func(w http.ResponseWriter, r *http.Request) error {
		return JSON(w, http.StatusOK, map[string]string{"ip": ClientIP(r.Context())})
	}}}, Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil)),
		Auth: fakeAuth{&Principal{UserID: "u1", Username: "ana", Permissions: []string{"things:read"}}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/api/things", nil)
	req.Header.Set("Authorization", "Bearer x")
	req.Header.Set("X-Forwarded-For", "198.51.100.9")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"ip":"127.0.0.1"`) {
		t.Fatalf("handler saw %s", b)
	}
	var line struct {
		Msg, User, ClientIP string
	}
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		_ = json.Unmarshal([]byte(l), &m)
		if m["msg"] == "request" {
			line.User, _ = m["user"].(string)
			line.ClientIP, _ = m["clientIp"].(string)
		}
	}
	if line.User != "ana" || line.ClientIP != "127.0.0.1" {
		t.Fatalf("request line user %q ip %q: %s", line.User, line.ClientIP, logs.String())
	}
}
