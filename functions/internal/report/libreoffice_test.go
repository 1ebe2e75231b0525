package report

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// requireTool finds a program of LibreOffice or poppler-utils. CI installs
// them (the Makefile does), so there a missing tool fails the test; on a
// developer's machine it skips.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed; CI needs libreoffice-writer and poppler-utils", name)
	}
	t.Skipf("%s is not installed (apt-get install libreoffice-writer poppler-utils)", name)
	return ""
}

// TestLibreOfficeOpensTheReport converts the demo report to PDF with
// LibreOffice, proving it opens in a real office suite, checks its page
// count is sane, and that the page numbers the table of contents carries
// before any field update are where LibreOffice puts the headings.
func TestLibreOfficeOpensTheReport(t *testing.T) {
	soffice := requireTool(t, "soffice")
	pdfinfo := requireTool(t, "pdfinfo")
	pdftotext := requireTool(t, "pdftotext")
	dir := t.TempDir()
	docPath := filepath.Join(dir, "demo.docx")
	f, err := os.Create(docPath)
	if err != nil {
		t.Fatal(err)
	}
	req, err := demoRequest(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	req.Logger = quiet
	if _, err := Build(context.Background(), f, req); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// A private profile, so parallel runs do not share one.
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, docPath)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := filepath.Join(dir, "demo.pdf")
	info, err := exec.CommandContext(ctx, pdfinfo, pdf).Output()
	if err != nil {
		t.Fatalf("LibreOffice made no readable PDF: %v", err)
	}
	pages := 0
	for _, line := range strings.Split(string(info), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			pages, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	// The demo has 31 services, 124 resources, changes and appendices:
	// a few dozen pages. Far fewer means lost content, far more a layout
	// gone wrong (say a table a character wide).
	if pages < 15 || pages > 60 {
		t.Fatalf("the demo report has %d pages, want between 15 and 60", pages)
	}

	// The page numbers are estimated with Arial's metrics; LibreOffice
	// lays out with Liberation Sans, which has the same, when installed.
	if out, err := exec.CommandContext(ctx, "fc-match", "Arial").Output(); err != nil || !strings.Contains(string(out), "Liberation Sans") {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Arial is not metric-compatible here (fc-match: %q, %v); CI needs fonts-liberation", out, err)
		}
		t.Skipf("Arial resolves to %q: install fonts-liberation to check the TOC page numbers", out)
	}

	// Where each heading really is, read page by page.
	text := make([]string, pages+1)
	for p := 1; p <= pages; p++ {
		out, err := exec.CommandContext(ctx, pdftotext, "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), pdf, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text[p] = string(out)
	}
	doc := openDocx(t, mustRead(t, docPath))
	root := parseXML(t, "document", doc["word/document.xml"])
	page, exact, total := 2, 0, 0 // headings follow the cover
	for _, p := range root.first("body").children {
		if !strings.HasPrefix(p.style(), "TOC") || p.style() == "TOCHeading" {
			continue
		}
		title, cached, _ := strings.Cut(p.first("hyperlink").plainText(), "\t")
		want, err := strconv.Atoi(cached)
		if err != nil {
			t.Fatalf("TOC entry %q has no page number (%q)", title, cached)
		}
		for page <= pages && !hasLine(text[page], title) {
			page++
		}
		if page > pages {
			t.Fatalf("heading %q is not in the PDF", title)
		}
		total++
		switch d := want - page; {
		case d == 0:
			exact++
		case d < -1 || d > 1:
			t.Errorf("TOC says %q is on page %d; LibreOffice puts it on page %d", title, want, page)
		}
	}
	if exact*10 < total*9 {
		t.Errorf("%d of %d TOC page numbers are exact, want 90%%", exact, total)
	}
	t.Logf("%d pages; %d of %d TOC page numbers exact", pages, exact, total)
}

func hasLine(page, line string) bool {
	for _, l := range strings.Split(page, "\n") {
		if strings.TrimSpace(l) == line {
			return true
		}
	}
	return false
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
