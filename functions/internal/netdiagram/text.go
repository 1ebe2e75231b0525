package netdiagram

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// style is a font size in points and a weight.
type style struct {
	size float64
	bold bool
}

// The text styles. Nothing is smaller than 7 pt: the diagram is placed at
// its natural size, so that is what prints.
var (
	styleTitle   = style{10, true}
	styleVPC     = style{8.5, true}
	styleHeading = style{7.5, true} // AZ and subnet names
	styleBold    = style{7, true}   // first line of a node
	styleText    = style{7, false}
)

const ellipsis = "…"

// lineHeight is the distance between baselines.
func (s style) lineHeight() float64 { return s.size * 1.2 }

// ascent is the height above the baseline.
func (s style) ascent() float64 { return s.size * fonts().ascent }

// typeface is a parsed font and the advance of the runes measured so far,
// in em.
type typeface struct {
	font *sfnt.Font
	mu   sync.Mutex
	buf  sfnt.Buffer
	adv  map[rune]float64
}

type fontSet struct {
	regular, bold *typeface
	ascent        float64 // em
}

var fonts = sync.OnceValue(func() *fontSet {
	fs := &fontSet{regular: parseFace(goregular.TTF), bold: parseFace(gobold.TTF)}
	f := fs.regular.font
	m, err := f.Metrics(&fs.regular.buf, fixed.I(int(f.UnitsPerEm())), font.HintingNone)
	if err != nil {
		panic("netdiagram: Go font metrics: " + err.Error())
	}
	fs.ascent = float64(m.Ascent) / float64(fixed.I(int(f.UnitsPerEm())))
	return fs
})

func parseFace(ttf []byte) *typeface {
	f, err := sfnt.Parse(ttf)
	if err != nil {
		panic("netdiagram: the Go fonts do not parse: " + err.Error())
	}
	return &typeface{font: f, adv: map[rune]float64{}}
}

func (s style) face() *typeface {
	if s.bold {
		return fonts().bold
	}
	return fonts().regular
}

// advance is a rune's width in em; the caller holds t.mu. A rune the font lacks counts as a whole
// em: wider than the box the PNG draws for it, and about what a browser's
// fallback font takes for a CJK ideograph or an emoji in the SVG.
func (t *typeface) advance(r rune) float64 {
	if a, ok := t.adv[r]; ok {
		return a
	}
	a := 1.0
	upem := fixed.I(int(t.font.UnitsPerEm()))
	if i, err := t.font.GlyphIndex(&t.buf, r); err == nil && i != 0 {
		if g, err := t.font.GlyphAdvance(&t.buf, i, upem, font.HintingNone); err == nil {
			a = float64(g) / float64(upem)
		}
	}
	t.adv[r] = a
	return a
}

// width measures text in points. The Go fonts have no kerning, so the
// advances add up.
func (s style) width(text string) float64 {
	t := s.face()
	t.mu.Lock()
	defer t.mu.Unlock()
	em := 0.0
	for _, r := range text {
		em += t.advance(r)
	}
	return em * s.size
}

// fit returns text if it is at most max points wide, else its longest
// prefix that is, with an ellipsis.
func (s style) fit(text string, max float64) string {
	if s.width(text) <= max {
		return text
	}
	room := max - s.width(ellipsis)
	if room <= 0 {
		return ""
	}
	t := s.face()
	t.mu.Lock()
	defer t.mu.Unlock()
	used, cut := 0.0, 0
	for i, r := range text {
		used += t.advance(r) * s.size
		if used > room {
			break
		}
		cut = i + utf8.RuneLen(r)
	}
	return strings.TrimRightFunc(text[:cut], unicode.IsSpace) + ellipsis
}

// clean makes text from a scanned account safe to draw: control and
// formatting characters (bidirectional overrides, zero-width joiners) are
// dropped, white space becomes single spaces, and invalid UTF-8 becomes the
// replacement character. XML escaping is the SVG writer's business.
func clean(text string) string {
	var b strings.Builder
	space := false
	for _, r := range text {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Cs, r),
			r == 0xFFFE, r == 0xFFFF:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// textLine is one line of a box's label, placed.
type textLine struct {
	text  string
	style style
	x, y  float64 // left end of the baseline
}

// Padding inside boxes.
const (
	padContainer = 5.0 // VPC and AZ
	padSubnet    = 3.0
	padChipX     = 3.0
	padChipY     = 1.8
)

// lineStyles are the styles of a box's label lines by kind: containers
// have one heading; a subnet its name and its address; other boxes a bold
// first line when they have more than one.
func lineStyles(kind Kind, lines int) []style {
	out := make([]style, lines)
	for i := range out {
		switch {
		case kind == KindVPC || kind == KindVPCContinued:
			out[i] = styleVPC
		case kind == KindAZ || kind == KindSubnet && i == 0:
			out[i] = styleHeading
		case i == 0 && lines > 1:
			out[i] = styleBold
		default:
			out[i] = styleText
		}
	}
	return out
}

// padding is the room between a box's edge and its text.
func padding(kind Kind) (x, y float64) {
	switch kind {
	case KindVPC, KindVPCContinued, KindAZ:
		return padContainer, padContainer - 1
	case KindSubnet:
		return padSubnet, padSubnet - 0.5
	}
	return padChipX, padChipY
}

// textLines places a box's label: the renderers draw these lines and the
// layout sizes boxes from them.
func textLines(b *Box) []textLine {
	styles := lineStyles(b.Kind, len(b.Label))
	px, py := padding(b.Kind)
	y := b.Y + py
	out := make([]textLine, len(b.Label))
	for i, text := range b.Label {
		s := styles[i]
		out[i] = textLine{text: text, style: s, x: b.X + px, y: y + s.ascent()}
		y += s.lineHeight()
	}
	return out
}

// labelHeight is the height a box's label takes with its padding.
func labelHeight(kind Kind, lines int) float64 {
	_, py := padding(kind)
	h := 2 * py
	for _, s := range lineStyles(kind, lines) {
		h += s.lineHeight()
	}
	return h
}

// labelWidth is the width a box needs for its label with its padding.
func labelWidth(kind Kind, label []string) float64 {
	px, _ := padding(kind)
	w := 0.0
	for i, s := range lineStyles(kind, len(label)) {
		w = max(w, s.width(label[i]))
	}
	return w + 2*px
}

// fitLabel cuts each line to the box width w.
func fitLabel(kind Kind, label []string, w float64) []string {
	px, _ := padding(kind)
	out := make([]string, len(label))
	for i, s := range lineStyles(kind, len(label)) {
		out[i] = s.fit(label[i], w-2*px)
	}
	return out
}
