package blob

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/standin"
)

var endpoint string

func TestMain(m *testing.M) { standin.TestMain(m, standin.S3ForTests, &endpoint) }

func newStore(t *testing.T) *Store {
	t.Helper()
	s := New(standin.AWSConfig(endpoint), strings.ToLower("b"+domain.NewID()), Options{PathStyle: true})
	if err := s.EnsureBucket(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPutGetListDelete(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for _, k := range []string{"tasks/T/units/1/a.json.gz", "tasks/T/units/1/b.json.gz", "other/x"} {
		// A body that cannot seek (as a bytes.Buffer) is accepted too.
		if err := s.Put(ctx, k, bytes.NewBufferString("data "+k), "application/gzip"); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := s.List(ctx, "tasks/T/")
	if err != nil || len(keys) != 2 {
		t.Fatalf("list = %v, %v", keys, err)
	}
	rc, err := s.Get(ctx, keys[0])
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "data "+keys[0] {
		t.Fatalf("got %q", b)
	}
	if err := s.DeletePrefix(ctx, "tasks/T/"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, keys[0]); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("deleted object: %v, want not found", err)
	}
}

func TestPresignedGetWorksExpiresAndRefusesTampering(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if err := s.Put(ctx, "reports/r.docx", strings.NewReader("PK report"), "application/octet-stream"); err != nil {
		t.Fatal(err)
	}
	url, err := s.PresignGet(ctx, "reports/r.docx", "Client Report v1.docx", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "PK report" {
		t.Fatalf("presigned GET: %d %q", resp.StatusCode, body)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "Client Report v1.docx") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	for name, u := range map[string]string{
		"tampered key":       strings.Replace(url, "reports/r.docx", "reports/x.docx", 1),
		"tampered signature": url[:len(url)-4] + "0000",
	} {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", name, resp.StatusCode)
		}
	}
	short, err := s.PresignGet(ctx, "reports/r.docx", "r.docx", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2100 * time.Millisecond)
	resp, err = http.Get(short)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("expired URL: status %d, want 403", resp.StatusCode)
	}
}

func TestPresignedPut(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	data := []byte("\x89PNG\r\n\x1a\nfake")
	url, hdr, err := s.PresignPut(ctx, "uploads/d.png", "image/png", int64(len(data)), time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPut, url, bytes.NewReader(data))
	for k, v := range hdr {
		if !strings.EqualFold(k, "host") {
			req.Header[k] = v
		}
	}
	req.ContentLength = int64(len(data))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("presigned PUT: %d", resp.StatusCode)
	}
	size, ct, err := s.Head(ctx, "uploads/d.png")
	if err != nil || size != int64(len(data)) || ct != "image/png" {
		t.Fatalf("head: %d %q %v", size, ct, err)
	}
}

func TestBrowserUploadPreflight(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	if err := s.AllowBrowserUploads(ctx, []string{"http://127.0.0.1:8080"}); err != nil {
		t.Fatal(err)
	}
	url, _, err := s.PresignPut(ctx, "uploads/x.png", "image/png", 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		origin string
		ok     bool
	}{{"http://127.0.0.1:8080", true}, {"http://evil.example", false}} {
		req, _ := http.NewRequest(http.MethodOptions, url, nil)
		req.Header.Set("Origin", tc.origin)
		req.Header.Set("Access-Control-Request-Method", "PUT")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		allowed := resp.Header.Get("Access-Control-Allow-Origin") == tc.origin
		if allowed != tc.ok {
			t.Errorf("preflight from %s: %d, allow-origin %q", tc.origin, resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
		}
	}
}
