package localapp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/system"
)

// The integration tests run the whole product in process against the real
// local servers (DynamoDB Local, versitygw, cognito-local), through HTTP.
// revocationBound is the stack's, short so the tests that wait for a
// revocation stay quick; the product's is rights.Bound.
const revocationBound = 2 * time.Second

var (
	stack    *Local
	server   *httptest.Server
	logs     = &syncBuffer{}
	adminPwd = "Admin-Passw0rd-Test"
	imdsHits atomic.Int64   // requests the stand-in instance metadata service received
	clock    = &fakeClock{} // the local scheduler's time: the real one, advanced by the tests
)

// fakeClock is the real time plus an offset a test advances: the local
// scheduler sees the future at once, and everything else runs for real.
type fakeClock struct{ offset atomic.Int64 }

func (c *fakeClock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

// Advance moves the clock forward by d.
func (c *fakeClock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

// After fires once the clock reaches now+d, however it got there.
func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	at := c.Now().Add(d)
	go func() {
		for {
			if now := c.Now(); !now.Before(at) {
				ch <- now
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return ch
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestMain(m *testing.M) {
	code, err := runTests(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(code)
}

func runTests(m *testing.M) (int, error) {
	// The instance metadata service is a listener that counts its callers:
	// local mode must never ask it (TestStartLeavesInstanceMetadataAlone).
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		imdsHits.Add(1)
		http.Error(w, "not here", http.StatusNotFound)
	}))
	defer imds.Close()
	os.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.URL)
	os.Unsetenv("AWS_EC2_METADATA_DISABLED")
	os.Unsetenv(UseInstanceMetadataEnv)
	dir, err := os.MkdirTemp("", "cloudcensus-it-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	log := slog.New(slog.NewJSONHandler(logs, nil))
	stack, err = Start(context.Background(), Config{DataDir: dir, InMemory: true, AdminUsername: "admin", AdminPassword: adminPwd,
		RevocationBound: revocationBound, Clock: clock}, system.New(), log)
	if err != nil {
		return 0, err
	}
	defer stack.Close()
	mux, err := stack.Mux()
	if err != nil {
		return 0, err
	}
	server = httptest.NewServer(mux)
	defer server.Close()
	code := m.Run()
	if n := imdsHits.Load(); n != 0 && code == 0 {
		return 1, fmt.Errorf("local mode asked the instance metadata service %d times during the tests", n)
	}
	return code, nil
}

// client is a signed-in (or anonymous) caller of the API.
type client struct {
	t       testing.TB
	token   string
	refresh string
}

type answer struct {
	Status int
	Body   []byte
	Header http.Header
}

func (a answer) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(a.Body, v); err != nil {
		t.Fatalf("decode %s: %v", a.Body, err)
	}
}

func (a answer) field() string {
	var eb struct {
		Error struct{ Details map[string]string } `json:"error"`
	}
	_ = json.Unmarshal(a.Body, &eb)
	return eb.Error.Details["field"]
}

// do calls the API; header is pairs of extra header names and values.
func (c *client) do(method, path string, body any, header ...string) answer {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, server.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{Status: resp.StatusCode, Body: b, Header: resp.Header}
}

func (c *client) get(path string) answer            { return c.do("GET", path, nil) }
func (c *client) post(path string, body any) answer { return c.do("POST", path, body) }

func anonymous(t testing.TB) *client { return &client{t: t} }

// signIn logs in and fails the test when it does not work.
func signIn(t testing.TB, username, password string) *client {
	t.Helper()
	a := anonymous(t).post("/api/auth/login", map[string]string{"username": username, "password": password})
	if a.Status != 200 {
		t.Fatalf("sign in %s: %d %s", username, a.Status, a.Body)
	}
	var r struct {
		Token     string
		ExpiresIn int
	}
	a.decode(t, &r)
	var refresh string
	for _, c := range (&http.Response{Header: a.Header}).Cookies() {
		if c.Name == "cc_session" && c.HttpOnly {
			refresh = c.Value
		}
	}
	if r.Token == "" || refresh == "" || r.ExpiresIn <= 0 {
		t.Fatalf("sign in %s: want token and expiresIn in %s and an HttpOnly session cookie in %v", username, a.Body, a.Header)
	}
	return &client{t: t, token: r.Token, refresh: refresh}
}

func asAdmin(t testing.TB) *client { return signIn(t, "admin", adminPwd) }

var seq struct {
	sync.Mutex
	n int
}

// newUser creates a user with a unique name through the API.
func newUser(t testing.TB, role string) (name, password, id string) {
	t.Helper()
	seq.Lock()
	seq.n++
	name = fmt.Sprintf("%s%d", strings.ReplaceAll(role, "_", ""), seq.n)
	seq.Unlock()
	password = "Passw0rd-" + name
	a := asAdmin(t).post("/api/users/create", map[string]any{"username": name, "password": password, "email": name + "@example.com", "role": role})
	if a.Status != 201 {
		t.Fatalf("create %s: %d %s", name, a.Status, a.Body)
	}
	var u struct{ ID string }
	a.decode(t, &u)
	return name, password, u.ID
}

// job starts an export or a rebuild with a POST to path, waits for its job
// as the console does (GET /api/exports/detail), and answers the ended job
// and, for an export that succeeded, the file fetched from its presigned
// link. A start refused answers that answer and no job.
func (c *client) job(path string, body any) (started answer, j jobDetail, file []byte) {
	c.t.Helper()
	started = c.post(path, body)
	if started.Status != http.StatusAccepted {
		return started, j, nil
	}
	started.decode(c.t, &j)
	deadline := time.Now().Add(2 * time.Minute)
	for !(j.Status == "succeeded" || j.Status == "failed") {
		if time.Now().After(deadline) {
			c.t.Fatalf("job %s still %s after 2 minutes", j.ID, j.Status)
		}
		time.Sleep(50 * time.Millisecond)
		a := c.get("/api/exports/detail?id=" + j.ID)
		if a.Status != 200 {
			c.t.Fatalf("job %s: %d %s", j.ID, a.Status, a.Body)
		}
		a.decode(c.t, &j)
	}
	if j.Download != nil {
		resp, err := http.Get(j.Download.URL)
		if err != nil {
			c.t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			c.t.Fatalf("download of job %s: %d", j.ID, resp.StatusCode)
		}
		file, _ = io.ReadAll(resp.Body)
	}
	return started, j, file
}

// jobDetail is GET /api/exports/detail's answer.
type jobDetail struct {
	ID, Kind, Status, Error, FileName, ReportID string
	Size                                        int64
	Records                                     int
	Download                                    *struct {
		URL, FileName string
		ExpiresIn     int
	}
}
