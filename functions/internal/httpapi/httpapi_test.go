package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

type body struct {
	Name    string   `json:"name"`
	Regions []string `json:"regions"`
	Count   int      `json:"count"`
}

type fakeAuth struct{ p *Principal }

func (f fakeAuth) Authenticate(r *http.Request, _ Route) (*Principal, error) {
	if r.Header.Get("Authorization") == "" {
		return nil, domain.Unauthenticated("sign in")
	}
	return f.p, nil
}

func testServer(t *testing.T, logs io.Writer) *httptest.Server {
	t.Helper()
	rts := []Route{
		{Method: "POST", Path: "/api/things/create", Perm: "things:create", Handler: func(w http.ResponseWriter, r *http.Request) error {
			var b body
			if err := Decode(r, &b); err != nil {
				return err
			}
			return JSON(w, http.StatusCreated, b)
		}},
		{Method: "GET", Path: "/api/things", Perm: "things:read", Handler: func(w http.ResponseWriter, r *http.Request) error {
			return ServeList(w, r, func(p domain.Page) (domain.Listed[string], error) {
				return domain.Listed[string]{Items: []string{"a"}, Total: 41}, nil
			})
		}},
		{Method: "GET", Path: "/api/things/detail", Perm: "things:admin", Handler: func(w http.ResponseWriter, r *http.Request) error { return nil }},
		{Method: "GET", Path: "/api/panic", Public: true, Handler: func(w http.ResponseWriter, r *http.Request) error {
			panic("secret internal detail")
		}},
	}
	mux, err := NewMux(rts, Options{Logger: slog.New(slog.NewJSONHandler(logs, nil)),
		Auth: fakeAuth{&Principal{UserID: "u1", Permissions: []string{"things:create", "things:read"}}}, AllowedOrigins: []string{"http://spa.test"}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func do(t *testing.T, srv *httptest.Server, method, path, ctype, payload string) (*http.Response, ErrorBody) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(payload))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Authorization", "Bearer x")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var eb ErrorBody
	raw, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(raw, &eb)
	if resp.Header.Get("X-Request-Id") == "" {
		t.Errorf("%s %s: no X-Request-Id", method, path)
	}
	return resp, eb
}

func TestStrictDecoding(t *testing.T) {
	srv := testServer(t, io.Discard)
	for _, tc := range []struct {
		name, ctype, body string
		status            int
		field             string
	}{
		{"ok", "application/json", `{"name":"a","regions":["eu-west-1"],"count":1}`, 201, ""},
		{"charset ok", "application/json; charset=utf-8", `{"name":"a"}`, 201, ""},
		{"wrong content type", "text/plain", `{"name":"a"}`, 415, ""},
		{"unknown field", "application/json", `{"name":"a","nmae":"b"}`, 400, "nmae"},
		{"type mismatch", "application/json", `{"regions":"eu-west-1"}`, 400, "regions"},
		{"number as string", "application/json", `{"count":"3"}`, 400, "count"},
		{"trailing data", "application/json", `{"name":"a"} {"name":"b"}`, 400, "body"},
		{"malformed", "application/json", `{"name":`, 400, "body"},
		{"empty", "application/json", ``, 400, "body"},
		{"too large", "application/json", `{"name":"` + strings.Repeat("x", MaxBody) + `"}`, 413, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, eb := do(t, srv, "POST", "/api/things/create", tc.ctype, tc.body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d (%+v)", resp.StatusCode, tc.status, eb)
			}
			if tc.field != "" && eb.Error.Details["field"] != tc.field {
				t.Fatalf("details.field = %q, want %q", eb.Error.Details["field"], tc.field)
			}
			if tc.status >= 400 && (eb.Error.Code == "" || eb.Error.Message == "") {
				t.Fatalf("no envelope: %+v", eb)
			}
		})
	}
}

func TestPaginationParameters(t *testing.T) {
	srv := testServer(t, io.Discard)
	for _, tc := range []struct {
		query  string
		status int
		field  string
	}{
		{"", 200, ""},
		{"?page=2&page_size=100", 200, ""},
		{"?page=0", 400, "page"},
		{"?page=x", 400, "page"},
		{"?page_size=0", 400, "page_size"},
		{"?page_size=101", 400, "page_size"},
		{"?page_size=1.5", 400, "page_size"},
	} {
		resp, eb := do(t, srv, "GET", "/api/things"+tc.query, "", "")
		if resp.StatusCode != tc.status || eb.Error.Details["field"] != tc.field {
			t.Errorf("%q: %d %+v", tc.query, resp.StatusCode, eb)
		}
	}
	resp, err := http.Get(srv.URL + "/api/things?page=2&page_size=20")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

func TestListEnvelope(t *testing.T) {
	l := NewList(domain.Listed[int]{Items: []int{1}, Total: 41, Next: "c"}, domain.Page{Number: 3, Size: 20})
	b, _ := json.Marshal(l)
	want := `{"data":[1],"pagination":{"page":3,"page_size":20,"total":41,"total_pages":3},"next_cursor":"c"}`
	if string(b) != want {
		t.Fatalf("got %s\nwant %s", b, want)
	}
	if b, _ := json.Marshal(NewList(domain.Listed[int]{}, domain.Page{Number: 1, Size: 20})); !bytes.Contains(b, []byte(`"data":[]`)) {
		t.Fatalf("empty list must be [] not null: %s", b)
	}
}

func TestPanicIs500WithRequestIDAndNoInternals(t *testing.T) {
	var logs bytes.Buffer
	srv := testServer(t, &logs)
	resp, eb := do(t, srv, "GET", "/api/panic", "", "")
	if resp.StatusCode != 500 || eb.Error.Code != "INTERNAL" {
		t.Fatalf("status %d %+v", resp.StatusCode, eb)
	}
	if eb.Error.Details["requestId"] != resp.Header.Get("X-Request-Id") {
		t.Fatalf("envelope request id %q != header %q", eb.Error.Details["requestId"], resp.Header.Get("X-Request-Id"))
	}
	b, _ := json.Marshal(eb)
	if strings.Contains(string(b), "secret internal detail") {
		t.Fatal("panic value leaked to the client")
	}
	if !strings.Contains(logs.String(), "secret internal detail") || !strings.Contains(logs.String(), resp.Header.Get("X-Request-Id")) {
		t.Fatal("panic not logged with the request id")
	}
}

func TestAuthAndPermissions(t *testing.T) {
	srv := testServer(t, io.Discard)
	req, _ := http.NewRequest("GET", srv.URL+"/api/things", nil)
	resp, _ := http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("no token: %d", resp.StatusCode)
	}
	resp2, eb := do(t, srv, "GET", "/api/things/detail", "", "")
	if resp2.StatusCode != 403 || eb.Error.Details["permission"] != "things:admin" || eb.Error.Details["applyUrl"] == "" {
		t.Fatalf("missing permission: %d %+v", resp2.StatusCode, eb)
	}
}

func TestUnknownRouteAndMethod(t *testing.T) {
	srv := testServer(t, io.Discard)
	if resp, eb := do(t, srv, "GET", "/api/nothing", "", ""); resp.StatusCode != 404 || eb.Error.Code != "NOT_FOUND" {
		t.Fatalf("unknown route: %d %+v", resp.StatusCode, eb)
	}
	resp, eb := do(t, srv, "DELETE", "/api/things", "", "")
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET" || eb.Error.Code != "METHOD_NOT_ALLOWED" {
		t.Fatalf("wrong method: %d %q %+v", resp.StatusCode, resp.Header.Get("Allow"), eb)
	}
}

func TestCORSAndSecurityHeaders(t *testing.T) {
	srv := testServer(t, io.Discard)
	req, _ := http.NewRequest("OPTIONS", srv.URL+"/api/things", nil)
	req.Header.Set("Origin", "http://spa.test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != "http://spa.test" {
		t.Fatalf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
	req.Header.Set("Origin", "http://evil.test")
	resp, _ = http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatal("CORS allowed an unknown origin")
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("security headers missing: %v", resp.Header)
	}
}

func TestMuxRefusesAnIncompleteTable(t *testing.T) {
	h := func(w http.ResponseWriter, r *http.Request) error { return nil }
	for _, tc := range []struct {
		name   string
		routes []Route
	}{
		{"a route without a handler", []Route{{Method: "GET", Path: "/api/a", Public: true}}},
		{"a route twice", []Route{{Method: "GET", Path: "/api/a", Public: true, Handler: h}, {Method: "GET", Path: "/api/a", Public: true, Handler: h}}},
		{"a protected route without an authenticator", []Route{{Method: "GET", Path: "/api/a", Perm: "a:read", Handler: h}}},
		{"an audited route without an auditor", []Route{{Method: "POST", Path: "/api/a", Public: true, Audit: Audited("a.do", "a"), Handler: h}}},
	} {
		if _, err := NewMux(tc.routes, Options{}); err == nil {
			t.Errorf("%s was accepted", tc.name)
		}
	}
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	type reply struct {
		ID   string   `json:"id"`
		Tags []string `json:"tags,omitempty"`
	}
	rts := []Route{
		{Method: "GET", Path: "/api/things", Perm: "things:read", Query: []Param{{Name: "page"}}, Reply: reply{}},
		{Method: "POST", Path: "/api/things/create", Perm: "things:create", Body: body{}, Reply: reply{}, Status: 201},
		{Method: "GET", Path: "/api/health", Public: true},
	}
	doc := OpenAPI("t", "1", rts)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Paths map[string]map[string]struct {
			Responses map[string]any `json:"responses"`
			Security  *[]any         `json:"security"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &parsed); err != nil {
		t.Fatal(err)
	}
	for _, rt := range rts {
		op, ok := parsed.Paths[rt.Path][strings.ToLower(rt.Method)]
		if !ok {
			t.Fatalf("%s missing from the document", rt.Key())
		}
		if rt.Public != (op.Security != nil) {
			t.Errorf("%s: public=%v but security=%v", rt.Key(), rt.Public, op.Security)
		}
	}
	if _, ok := parsed.Paths["/api/things/create"]["post"].Responses["201"]; !ok {
		t.Error("create's 201 not described")
	}
	if _, ok := parsed.Components.Schemas["reply"]; !ok {
		t.Errorf("reply schema missing: %v", parsed.Components.Schemas)
	}
}

func TestStatusOfEveryKind(t *testing.T) {
	for k, want := range map[error]int{
		domain.Invalid("a", "b"):     400,
		domain.Unauthenticated("x"):  401,
		domain.Forbidden("p"):        403,
		domain.NotFound("x"):         404,
		domain.Conflict("x"):         409,
		domain.TooLarge("x"):         413,
		errors.New("anything else"):  500,
		domain.Unavailable("x", nil): 503,
	} {
		if got := StatusOf(k); got != want {
			t.Errorf("%v: %d, want %d", k, got, want)
		}
	}
}

func TestParseTimeRange(t *testing.T) {
	for _, tc := range []struct {
		query, field string
		from         bool
	}{
		{"", "", false},
		{"?from=2026-01-31T00:00:00Z", "", true},
		{"?from=yesterday", "from", false},
		{"?to=2026-13-01T00:00:00Z", "to", false},
	} {
		r := httptest.NewRequest("GET", "/api/x"+tc.query, nil)
		from, _, err := ParseTimeRange(r)
		var de *domain.Error
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%q: %v", tc.query, err)
		case tc.field != "" && (!errors.As(err, &de) || de.Field != tc.field):
			t.Errorf("%q: err %v, want a 400 on %s", tc.query, err, tc.field)
		case tc.from != !from.IsZero():
			t.Errorf("%q: from = %v", tc.query, from)
		}
	}
}

type StampLike struct {
	Version int       `json:"version"`
	At      time.Time `json:"at"`
}

type versioned struct {
	Version string    `json:"version"` // shadows StampLike.Version, as encoding/json does
	Started time.Time `json:"started,omitzero"`
	StampLike
}

// The document says what encoding/json writes: an outer field shadows an
// embedded one of the same name, and omitzero fields are optional.
func TestOpenAPIFollowsEncodingJSON(t *testing.T) {
	set := &schemaSet{schemas: map[string]any{}, types: map[string]reflect.Type{}}
	s := structSchema(reflect.TypeOf(versioned{}), set)
	props := s["properties"].(map[string]any)
	if v := fmt.Sprint(props["version"]); !strings.Contains(v, "string") {
		t.Fatalf("version %s, want the outer string", v)
	}
	if _, ok := props["at"]; !ok {
		t.Fatal("the embedded struct's other field is lost")
	}
	if req := fmt.Sprint(s["required"]); req != "[at version]" {
		t.Fatalf("required %s, want [at version]", req)
	}
}
