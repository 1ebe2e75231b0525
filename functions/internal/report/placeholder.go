package report

import (
	"fmt"
	"html"
	"regexp"
	"strings"
)

// A placeholder is a [Capitalised Words] marker in a template part. Word
// may save one across several runs ("[Client", " Na", "me]") when it has
// spell-checked or re-formatted part of it, so markers are found in the
// text of a whole paragraph and rewritten across the runs that hold them.

var (
	placeholderRE = regexp.MustCompile(`\[([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)*)\]`)
	textNodeRE    = regexp.MustCompile(`<w:t(?:\s[^>]*)?>([^<]*)</w:t>`)
)

const paragraphEnd = "</w:p>"

// textNode is one <w:t> element: where it sits in the part and its
// unescaped text.
type textNode struct {
	start, end int
	text       string
}

// paragraphText is the text nodes of one paragraph and their joined text.
type paragraphText struct {
	nodes []textNode
	text  string
}

// paragraphs groups the text nodes of a part by paragraph. A paragraph
// ends at </w:p>; the templates do not nest paragraphs (no text boxes).
func paragraphs(part string) []paragraphText {
	var out []paragraphText
	var cur paragraphText
	var sb strings.Builder
	flush := func() {
		if len(cur.nodes) > 0 {
			cur.text = sb.String()
			out = append(out, cur)
		}
		cur, sb = paragraphText{}, strings.Builder{}
	}
	nextEnd := strings.Index(part, paragraphEnd)
	for _, m := range textNodeRE.FindAllStringSubmatchIndex(part, -1) {
		for nextEnd >= 0 && nextEnd < m[0] {
			flush()
			if i := strings.Index(part[nextEnd+len(paragraphEnd):], paragraphEnd); i >= 0 {
				nextEnd += len(paragraphEnd) + i
			} else {
				nextEnd = -1
			}
		}
		n := textNode{start: m[0], end: m[1], text: html.UnescapeString(part[m[2]:m[3]])}
		cur.nodes = append(cur.nodes, n)
		sb.WriteString(n.text)
	}
	flush()
	return out
}

// Placeholders returns the [placeholder] markers left in the text of an
// XML part, joined across runs, in order. A finished part has none.
func Placeholders(part string) []string {
	var found []string
	for _, p := range paragraphs(part) {
		found = append(found, placeholderRE.FindAllString(p.text, -1)...)
	}
	return found
}

// fillPlaceholders replaces every [Name] marker of a WordprocessingML part
// with values[Name], also where the marker spans several runs: the value
// goes into the run where the marker starts and the rest of the marker is
// cut from the runs that follow, so each run keeps its formatting. A marker
// with no value is an error, so a template typo never reaches a client.
func fillPlaceholders(part string, values map[string]string) (string, error) {
	var out strings.Builder
	last := 0
	for _, p := range paragraphs(part) {
		matches := placeholderRE.FindAllStringSubmatchIndex(p.text, -1)
		if len(matches) == 0 {
			continue
		}
		texts, err := rewriteRuns(p, matches, values)
		if err != nil {
			return "", err
		}
		for i, n := range p.nodes {
			if texts[i] == n.text {
				continue
			}
			out.WriteString(part[last:n.start])
			out.WriteString(`<w:t xml:space="preserve">`)
			out.WriteString(escapeText(texts[i]))
			out.WriteString(`</w:t>`)
			last = n.end
		}
	}
	out.WriteString(part[last:])
	return out.String(), nil
}

// rewriteRuns returns the new text of each node of p once the matched
// markers are replaced.
func rewriteRuns(p paragraphText, matches [][]int, values map[string]string) ([]string, error) {
	bounds := make([]int, len(p.nodes)+1) // node i covers [bounds[i], bounds[i+1]) of p.text
	for i, n := range p.nodes {
		bounds[i+1] = bounds[i] + len(n.text)
	}
	texts := make([]string, len(p.nodes))
	copyRange := func(from, to int) {
		for i := range p.nodes {
			lo, hi := max(from, bounds[i]), min(to, bounds[i+1])
			if lo < hi {
				texts[i] += p.text[lo:hi]
			}
		}
	}
	pos := 0
	for _, m := range matches {
		name := p.text[m[2]:m[3]]
		value, ok := values[name]
		if !ok {
			return nil, fmt.Errorf("template placeholder [%s] has no value", name)
		}
		copyRange(pos, m[0])
		for i := range p.nodes {
			if m[0] >= bounds[i] && m[0] < bounds[i+1] {
				texts[i] += value
				break
			}
		}
		pos = m[1]
	}
	copyRange(pos, len(p.text))
	return texts, nil
}
