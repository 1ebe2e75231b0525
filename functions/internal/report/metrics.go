package report

import (
	"encoding/xml"
	"fmt"
	"strconv"
)

// styleMetrics is what the pager needs of a paragraph style, read from the
// template's styles part so that the estimate follows the styles.
type styleMetrics struct {
	size          int // half-points
	line          int // line spacing in 240ths of a line
	before, after int // twips
	indent        int // twips
	bold          bool
	border        int  // twips a bottom border adds
	keepNext      bool // stays on the page of what follows
}

// lineHeight is the height of one line, in twips: Arial's ascent and
// descent are 1.149 em.
func (m styleMetrics) lineHeight() int {
	return m.size * 1149 * m.line / 240 / 100
}

// advance is the width of each printable ASCII character in Arial (and
// Liberation Sans, which has the same metrics), in thousandths of an em.
var advance = [95]int{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0-9
	278, 278, 584, 584, 584, 556, 1015, // : to @
	667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A-M
	722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N-Z
	278, 278, 278, 469, 556, 333, // [ to `
	556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a-m
	556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n-z
	334, 260, 334, 584, // { to ~
}

// width is the width of s in twips in this style; bold is about 7 per
// cent wider, and characters beyond ASCII count as a digit.
func (m styleMetrics) width(s string) int {
	total := 0
	for _, r := range s {
		if r >= 32 && r < 127 {
			total += advance[r-32]
		} else {
			total += 556
		}
	}
	if m.bold {
		total = total * 107 / 100
	}
	return total * m.size / 100 // size is in half-points: em/1000 * pt * 20
}

// The subset of styles.xml the metrics come from.
type xmlStyles struct {
	Defaults struct {
		RPr xmlRPr `xml:"rPrDefault>rPr"`
		PPr xmlPPr `xml:"pPrDefault>pPr"`
	} `xml:"docDefaults"`
	Styles []struct {
		ID      string  `xml:"styleId,attr"`
		Type    string  `xml:"type,attr"`
		BasedOn *xmlVal `xml:"basedOn"`
		PPr     xmlPPr  `xml:"pPr"`
		RPr     xmlRPr  `xml:"rPr"`
	} `xml:"style"`
}

type xmlVal struct {
	Val string `xml:"val,attr"`
}

type xmlRPr struct {
	Size *xmlVal `xml:"sz"`
	Bold *xmlVal `xml:"b"`
}

type xmlPPr struct {
	KeepNext *xmlVal `xml:"keepNext"`
	Spacing  *struct {
		Before *int `xml:"before,attr"`
		After  *int `xml:"after,attr"`
		Line   *int `xml:"line,attr"`
	} `xml:"spacing"`
	Ind *struct {
		Left *int `xml:"left,attr"`
	} `xml:"ind"`
	Border *struct {
		Bottom *struct {
			Size  int `xml:"sz,attr"`
			Space int `xml:"space,attr"`
		} `xml:"bottom"`
	} `xml:"pBdr"`
}

func (p xmlPPr) apply(m *styleMetrics) {
	if p.KeepNext != nil {
		m.keepNext = onValue(p.KeepNext.Val)
	}
	if s := p.Spacing; s != nil {
		if s.Before != nil {
			m.before = *s.Before
		}
		if s.After != nil {
			m.after = *s.After
		}
		if s.Line != nil {
			m.line = *s.Line
		}
	}
	if p.Ind != nil && p.Ind.Left != nil {
		m.indent = *p.Ind.Left
	}
	if p.Border != nil && p.Border.Bottom != nil {
		m.border = p.Border.Bottom.Space*20 + p.Border.Bottom.Size*20/8
	}
}

func (r xmlRPr) apply(m *styleMetrics) error {
	if r.Size != nil {
		n, err := strconv.Atoi(r.Size.Val)
		if err != nil {
			return fmt.Errorf("font size %q: %w", r.Size.Val, err)
		}
		m.size = n
	}
	if r.Bold != nil {
		m.bold = onValue(r.Bold.Val)
	}
	return nil
}

// onValue reads a WordprocessingML toggle: present without a value is on.
func onValue(v string) bool { return v == "" || v == "1" || v == "true" || v == "on" }

// parseStyleMetrics resolves every paragraph style of a styles part,
// following basedOn from the document defaults.
func parseStyleMetrics(stylesXML []byte) (map[string]styleMetrics, error) {
	var doc xmlStyles
	if err := xml.Unmarshal(stylesXML, &doc); err != nil {
		return nil, fmt.Errorf("parse styles: %w", err)
	}
	base := styleMetrics{size: 20, line: 240}
	doc.Defaults.PPr.apply(&base)
	if err := doc.Defaults.RPr.apply(&base); err != nil {
		return nil, err
	}
	byID := map[string]int{}
	for i, s := range doc.Styles {
		if s.Type == "paragraph" {
			byID[s.ID] = i
		}
	}
	out := map[string]styleMetrics{}
	var resolve func(id string, depth int) (styleMetrics, error)
	resolve = func(id string, depth int) (styleMetrics, error) {
		if m, ok := out[id]; ok {
			return m, nil
		}
		i, ok := byID[id]
		if !ok || depth > 16 {
			return styleMetrics{}, fmt.Errorf("paragraph style %q is not defined", id)
		}
		s := doc.Styles[i]
		m := base
		if s.BasedOn != nil {
			var err error
			if m, err = resolve(s.BasedOn.Val, depth+1); err != nil {
				return styleMetrics{}, err
			}
		}
		s.PPr.apply(&m)
		if err := s.RPr.apply(&m); err != nil {
			return styleMetrics{}, fmt.Errorf("style %s: %w", id, err)
		}
		out[id] = m
		return m, nil
	}
	for id := range byID {
		if _, err := resolve(id, 0); err != nil {
			return nil, err
		}
	}
	return out, nil
}
