package report

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/layout"
)

func encoded(t *testing.T, w, h int, format string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	var buf bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDiagramIsScaledToThePage(t *testing.T) {
	full := int64(textWidth * emuPerTwip)
	for _, tc := range []struct {
		name         string
		img          []byte
		wantW, wantH int64
	}{
		{"wide PNG takes the text width", encoded(t, 2000, 1000, "png"), full, full / 2},
		{"small JPEG is enlarged to the width", encoded(t, 200, 150, "jpeg"), full, full * 3 / 4},
		{"tall PNG is limited by the page height", encoded(t, 500, 2000, "png"), diagramMaxHeight / 4, diagramMaxHeight},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, _ := build(t, Request{Meta: withDiagram(tc.img), Source: sourceOf(t), TaskID: "T"})
			ext := parseXML(t, "document", doc["word/document.xml"]).first("extent")
			if ext == nil {
				t.Fatal("no picture in the document")
			}
			w, _ := strconv.ParseInt(ext.attrs["cx"], 10, 64)
			h, _ := strconv.ParseInt(ext.attrs["cy"], 10, 64)
			if abs(w-tc.wantW) > 2 || abs(h-tc.wantH) > 2 {
				t.Fatalf("picture %dx%d EMU, want %dx%d", w, h, tc.wantW, tc.wantH)
			}
			media := 0
			for name := range doc {
				if strings.HasPrefix(name, "word/media/") {
					media++
				}
			}
			if media != 1 {
				t.Fatalf("%d media parts, want the diagram", media)
			}
		})
	}
}

func TestUnusableDiagramStillBuildsTheReport(t *testing.T) {
	doc, _ := build(t, Request{Meta: withDiagram([]byte("GIF89a not really")), Source: sourceOf(t), TaskID: "T"})
	text := parseXML(t, "document", doc["word/document.xml"]).plainText()
	if !strings.Contains(text, "could not be included") {
		t.Fatal("the report does not say the diagram was left out")
	}
}

func withDiagram(img []byte) Metadata {
	m := testMeta("111111111111")
	m.Diagram, m.DiagramType = img, "image/png"
	return m
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// failingSource fails the way a blob store can.
type failingSource struct {
	MemSource
	list, get error
}

func (f failingSource) List(ctx context.Context, prefix string) ([]string, error) {
	if f.list != nil {
		return nil, f.list
	}
	return f.MemSource.List(ctx, prefix)
}

func (f failingSource) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	if f.get != nil {
		return nil, f.get
	}
	return f.MemSource.Get(ctx, key)
}

func TestBuildReportsSourceErrors(t *testing.T) {
	boom := errors.New("boom")
	good := sourceOf(t, []*inventory.Result{unitResult("T", inventory.StatusOK, vpc("vpc-a", "a", "10.0.0.0/16"))})
	key := layout.ResultKey("T", "", "111111111111", "eu-west-1")
	corrupt := MemSource{key: []byte("not gzip")}
	for _, tc := range []struct {
		name string
		src  Source
		prev string
		want string
	}{
		{"list fails", failingSource{MemSource: good, list: boom}, "", "list results of task T"},
		{"get fails", failingSource{MemSource: good, get: boom}, "", "get unit result " + key},
		{"corrupt result", corrupt, "", "read unit result"},
		{"previous scan fails", failingSource{MemSource: good, list: boom}, "P", "list results"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(context.Background(), io.Discard, Request{Meta: testMeta(), Source: tc.src, TaskID: "T",
				PreviousTaskID: tc.prev, TempDir: t.TempDir(), Logger: quiet})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
	if _, err := Build(context.Background(), io.Discard, Request{Source: good}); err == nil {
		t.Fatal("a request without a task id builds")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, io.Discard, Request{Source: good, TaskID: "T", TempDir: t.TempDir(), Logger: quiet}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the context's", err)
	}
}

func TestBuildLeavesNoTemporaryFiles(t *testing.T) {
	for _, src := range []Source{
		sourceOf(t, []*inventory.Result{unitResult("T", inventory.StatusOK, vpc("vpc-a", "a", "10.0.0.0/16"))}),
		MemSource{"tasks/T/units/1/eu-west-1.json.gz": []byte("corrupt")},
	} {
		dir := t.TempDir()
		_, _ = Build(context.Background(), io.Discard, Request{Meta: testMeta(), Source: src, TaskID: "T", PreviousTaskID: "T", TempDir: dir, Logger: quiet})
		left, err := os.ReadDir(dir)
		if err != nil || len(left) > 0 {
			t.Fatalf("temporary files left: %v %v", left, err)
		}
	}
}
