package netdiagram

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"image/color"
	"io"
	"strconv"
	"strings"
)

// fontFamily lists the Go font the layout measured first; a browser
// without it uses its own sans-serif, which textLength stretches or
// squeezes to the measured width so that labels still fit their boxes.
const fontFamily = "Go, 'Go Regular', 'Helvetica Neue', Arial, sans-serif"

// SVG writes the diagram as SVG, in points. Every text from the records is
// XML-escaped; each box carries its uncut label as a tooltip.
func (d *Diagram) SVG(w io.Writer) error {
	s := &svgWriter{w: bufio.NewWriter(w)}
	s.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%spt" height="%spt" viewBox="0 0 %s %s" font-family="%s" role="img" aria-label="`,
		num(d.Width), num(d.Height), num(d.Width), num(d.Height), fontFamily)
	s.escape(d.Title)
	s.printf("\">\n<title>")
	s.escape(d.Title)
	s.printf("</title>\n<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n")
	s.text(d.Title, styleTitle, margin, margin+styleTitle.ascent(), ink)
	for i := range d.Boxes {
		s.box(&d.Boxes[i])
	}
	for i := range d.Links {
		s.link(&d.Links[i])
	}
	for _, it := range d.Legend.Items {
		s.legendItem(it)
	}
	s.printf("</svg>\n")
	return s.w.Flush()
}

// svgWriter writes SVG; bufio keeps the first error, which Flush returns.
type svgWriter struct{ w *bufio.Writer }

func (s *svgWriter) printf(format string, args ...any) { fmt.Fprintf(s.w, format, args...) }

// escape writes text as XML character data, safe in attributes too.
func (s *svgWriter) escape(text string) { _ = xml.EscapeText(s.w, []byte(text)) }

func (s *svgWriter) box(b *Box) {
	lk := boxLook(b.Kind, b.Service, b.Public)
	s.printf(`<g class="%s">`, b.Kind)
	if b.Tooltip != "" {
		s.printf("<title>")
		s.escape(b.Tooltip)
		s.printf("</title>")
	}
	s.shape(b.Rect(), lk)
	for _, l := range textLines(b) {
		s.text(l.text, l.style, l.x, l.y, lk.text)
	}
	s.printf("</g>\n")
}

// shape draws a rectangle with its stroke inside its edge, as the PNG does.
func (s *svgWriter) shape(r Rect, lk look) {
	hw := lk.width / 2
	s.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="%s" fill="%s" stroke="%s" stroke-width="%s"%s/>`,
		num(r.X+hw), num(r.Y+hw), num(r.W-lk.width), num(r.H-lk.width), num(max(lk.radius-hw, 0)),
		hexColor(lk.fill), hexColor(lk.stroke), num(lk.width), dashAttr(lk.dash))
}

func dashAttr(dashed bool) string {
	if !dashed {
		return ""
	}
	return fmt.Sprintf(` stroke-dasharray="%s %s"`, num(dashes[0]), num(dashes[1]))
}

func (s *svgWriter) link(l *Link) {
	lk := linkLooks[l.Kind]
	s.printf(`<g class="link %s">`, l.Kind)
	for _, path := range [][]Point{l.Points, l.Leader} {
		if len(path) > 1 {
			s.printf(`<polyline points="%s" fill="none" stroke="%s" stroke-width="%s"%s/>`,
				points(path), hexColor(lk.stroke), num(lk.width), dashAttr(lk.dash))
		}
	}
	if n := len(l.Points); n > 0 {
		for _, p := range []Point{l.Points[0], l.Points[n-1]} {
			s.printf(`<circle cx="%s" cy="%s" r="1.6" fill="%s"/>`, num(p.X), num(p.Y), hexColor(lk.stroke))
		}
	}
	if r := l.LabelBox; r != nil {
		s.printf(`<rect x="%s" y="%s" width="%s" height="%s" rx="2" fill="#ffffff"/>`, num(r.X), num(r.Y), num(r.W), num(r.H))
		lb := labelBox(l)
		for _, t := range textLines(&lb) {
			s.text(t.text, t.style, t.x, t.y, lk.text)
		}
	}
	s.printf("</g>\n")
}

func (s *svgWriter) legendItem(it LegendItem) {
	r := it.Sample
	if it.Link != "" {
		lk := linkLooks[it.Link]
		s.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`,
			num(r.X), num(r.Y+r.H/2), num(r.right()), num(r.Y+r.H/2), hexColor(lk.stroke), num(lk.width), dashAttr(lk.dash))
	} else {
		s.shape(r, boxLook(it.Box, it.Service, it.Public))
	}
	s.text(it.Label, styleText, it.Text.X, legendBaseline(it.Text), ink)
	s.printf("\n")
}

// text writes one line at its measured width, so that it fits its box in
// whatever font the viewer has.
func (s *svgWriter) text(text string, st style, x, y float64, col color.RGBA) {
	if text == "" {
		return
	}
	weight := ""
	if st.bold {
		weight = ` font-weight="bold"`
	}
	s.printf(`<text x="%s" y="%s" font-size="%s"%s fill="%s" textLength="%s" lengthAdjust="spacingAndGlyphs">`,
		num(x), num(y), num(st.size), weight, hexColor(col), num(st.width(text)))
	s.escape(text)
	s.printf("</text>")
}

func points(ps []Point) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p.X) + "," + num(p.Y))
	}
	return b.String()
}

// num formats a coordinate to a hundredth of a point.
func num(v float64) string { return strconv.FormatFloat(roundTo(v, 100), 'f', -1, 64) }

func roundTo(v, per float64) float64 {
	r := float64(int64(v*per+0.5*sign(v))) / per
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}
