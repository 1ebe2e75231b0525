package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// The helpers below unzip a built report and walk its XML independently
// of the code that wrote it, so the tests check what a reader would get.

// docxFile is a built report's parts by name.
type docxFile map[string][]byte

func openDocx(t *testing.T, data []byte) docxFile {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("report is not a zip: %v", err)
	}
	out := docxFile{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("open %s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		out[f.Name] = b
	}
	return out
}

// node is an XML element with its children; local names only.
type node struct {
	name     string
	attrs    map[string]string
	children []*node
	text     string
}

func parseXML(t *testing.T, name string, data []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := &node{name: "#root"}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			n := &node{name: v.Name.Local, attrs: map[string]string{}}
			for _, a := range v.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			top := stack[len(stack)-1]
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			stack[len(stack)-1].text += string(v)
		}
	}
	return root
}

func (n *node) find(name string) []*node {
	var out []*node
	for _, c := range n.children {
		if c.name == name {
			out = append(out, c)
		}
		out = append(out, c.find(name)...)
	}
	return out
}

func (n *node) first(name string) *node {
	if f := n.find(name); len(f) > 0 {
		return f[0]
	}
	return nil
}

func (n *node) child(name string) *node {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// plainText is the text of w:t and w:tab descendants (not field code).
func (n *node) plainText() string {
	var sb strings.Builder
	var walk func(*node)
	walk = func(x *node) {
		switch x.name {
		case "t":
			sb.WriteString(x.text)
		case "tab":
			if len(x.attrs) == 0 {
				sb.WriteString("\t")
			}
		case "br":
			sb.WriteString("\n")
		}
		for _, c := range x.children {
			walk(c)
		}
	}
	walk(n)
	return sb.String()
}

// style is a paragraph's pStyle.
func (n *node) style() string {
	if ppr := n.child("pPr"); ppr != nil {
		if s := ppr.child("pStyle"); s != nil {
			return s.attrs["val"]
		}
	}
	return ""
}

// rows is a table's cell texts row by row.
func (n *node) rows() [][]string {
	var out [][]string
	for _, tr := range n.children {
		if tr.name != "tr" {
			continue
		}
		var r []string
		for _, tc := range tr.children {
			if tc.name == "tc" {
				r = append(r, tc.plainText())
			}
		}
		out = append(out, r)
	}
	return out
}

// repeatsHeader reports whether the table's first row is a header row.
func (n *node) repeatsHeader() bool {
	tr := n.child("tr")
	return tr != nil && tr.child("trPr") != nil && tr.child("trPr").child("tblHeader") != nil
}

// bodyItem is a top-level body element with the headings above it.
type bodyItem struct {
	el      *node
	level   int    // heading level when el is a heading
	h1, h3  string // the headings it sits under
	h2      string
	heading string
}

// blocks lists the body's top-level elements in order, each with the
// headings above it.
func blocks(t *testing.T, doc docxFile) []bodyItem {
	t.Helper()
	root := parseXML(t, "word/document.xml", doc["word/document.xml"])
	body := root.first("body")
	var out []bodyItem
	var h1, h2, h3 string
	for _, el := range body.children {
		b := bodyItem{el: el}
		if el.name == "p" {
			switch el.style() {
			case "Heading1":
				h1, h2, h3 = el.plainText(), "", ""
				b.level = 1
			case "Heading2":
				h2, h3 = el.plainText(), ""
				b.level = 2
			case "Heading3":
				h3 = el.plainText()
				b.level = 3
			}
			if b.level > 0 {
				b.heading = el.plainText()
			}
		}
		b.h1, b.h2, b.h3 = h1, h2, h3
		out = append(out, b)
	}
	return out
}

// tablesUnder returns the tables under a heading of the given level.
func tablesUnder(bs []bodyItem, level int, text string) []*node {
	var out []*node
	for _, b := range bs {
		if b.el.name != "tbl" {
			continue
		}
		under := map[int]string{1: b.h1, 2: b.h2, 3: b.h3}[level]
		if under == text {
			out = append(out, b.el)
		}
	}
	return out
}
