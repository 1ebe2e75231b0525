package netdiagram

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// DPI is the PNG's resolution at the size the diagram is laid out for: a
// full landscape page is about 1800 pixels wide.
const DPI = 180.0

// PNG draws the diagram as a PNG at DPI.
func (d *Diagram) PNG(w io.Writer) error {
	c := newCanvas(d.Width, d.Height, DPI/72)
	defer c.close()
	c.paint(d)
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, c.img)
}

// PixelSize is the PNG's size in pixels.
func (d *Diagram) PixelSize() (w, h int) {
	return int(math.Ceil(d.Width * DPI / 72)), int(math.Ceil(d.Height * DPI / 72))
}

// canvas paints shapes and text in points on an RGBA image scale pixels
// per point.
type canvas struct {
	img   *image.RGBA
	scale float64
	z     vector.Rasterizer
	faces map[style]font.Face
}

func newCanvas(w, h, scale float64) *canvas {
	img := image.NewRGBA(image.Rect(0, 0, int(math.Ceil(w*scale)), int(math.Ceil(h*scale))))
	draw.Draw(img, img.Bounds(), image.NewUniform(white), image.Point{}, draw.Src)
	return &canvas{img: img, scale: scale, faces: map[style]font.Face{}}
}

func (c *canvas) close() {
	for _, f := range c.faces {
		f.Close()
	}
}

// paint draws the title, the boxes (parents first), the links over them,
// and the legend.
func (c *canvas) paint(d *Diagram) {
	c.text(d.Title, styleTitle, margin, margin+styleTitle.ascent(), ink)
	for i := range d.Boxes {
		c.box(&d.Boxes[i])
	}
	for i := range d.Links {
		c.link(&d.Links[i])
	}
	for _, it := range d.Legend.Items {
		c.legendItem(it)
	}
}

func (c *canvas) box(b *Box) {
	lk := boxLook(b.Kind, b.Service, b.Public)
	c.shape(b.Rect(), lk)
	for _, l := range textLines(b) {
		c.text(l.text, l.style, l.x, l.y, lk.text)
	}
}

// shape fills a rectangle and strokes its inside edge.
func (c *canvas) shape(r Rect, lk look) {
	if !lk.dash {
		c.roundRect(r, lk.radius, lk.stroke)
		in := lk.width
		c.roundRect(Rect{r.X + in, r.Y + in, r.W - 2*in, r.H - 2*in}, max(lk.radius-in, 0), lk.fill)
		return
	}
	c.roundRect(r, 0, lk.fill)
	hw := lk.width / 2
	x0, y0, x1, y1 := r.X+hw, r.Y+hw, r.right()-hw, r.bottom()-hw
	for _, seg := range [][2]Point{{{x0, y0}, {x1, y0}}, {{x1, y0}, {x1, y1}}, {{x1, y1}, {x0, y1}}, {{x0, y1}, {x0, y0}}} {
		c.segment(seg[0], seg[1], lk.width, lk.stroke, true)
	}
}

func (c *canvas) link(l *Link) {
	lk := linkLooks[l.Kind]
	for _, path := range [][]Point{l.Points, l.Leader} {
		for i := 1; i < len(path); i++ {
			c.segment(path[i-1], path[i], lk.width, lk.stroke, lk.dash)
		}
	}
	for _, end := range []int{0, len(l.Points) - 1} {
		if len(l.Points) > 0 {
			c.dot(l.Points[end], 1.6, lk.stroke)
		}
	}
	if l.LabelBox != nil {
		c.roundRect(*l.LabelBox, 2, white)
		lb := labelBox(l)
		for _, t := range textLines(&lb) {
			c.text(t.text, t.style, t.x, t.y, lk.text)
		}
	}
}

// labelBox is a link's label as a box, to place its text like a chip's.
func labelBox(l *Link) Box {
	r := l.LabelBox
	return Box{Kind: KindWorkload, Label: []string{l.Label}, X: r.X, Y: r.Y, W: r.W, H: r.H}
}

func (c *canvas) legendItem(it LegendItem) {
	s := it.Sample
	if it.Link != "" {
		lk := linkLooks[it.Link]
		c.segment(Point{s.X, s.Y + s.H/2}, Point{s.right(), s.Y + s.H/2}, lk.width, lk.stroke, lk.dash)
	} else {
		c.shape(s, boxLook(it.Box, it.Service, it.Public))
	}
	c.text(it.Label, styleText, it.Text.X, legendBaseline(it.Text), ink)
}

// legendBaseline centres a legend text on its row.
func legendBaseline(r Rect) float64 {
	return r.Y + (r.H-styleText.size)/2 + styleText.ascent()
}

// segment draws a horizontal or vertical line w points wide, dashed or not.
func (c *canvas) segment(a, b Point, w float64, col color.RGBA, dashed bool) {
	if !dashed {
		c.roundRect(lineRect(a, b, w), 0, col)
		return
	}
	length := math.Hypot(b.X-a.X, b.Y-a.Y)
	if length == 0 {
		return
	}
	dx, dy := (b.X-a.X)/length, (b.Y-a.Y)/length
	for t := 0.0; t < length; t += dashes[0] + dashes[1] {
		e := min(t+dashes[0], length)
		c.roundRect(lineRect(Point{a.X + dx*t, a.Y + dy*t}, Point{a.X + dx*e, a.Y + dy*e}, w), 0, col)
	}
}

// lineRect is the rectangle an orthogonal line w wide covers.
func lineRect(a, b Point, w float64) Rect {
	x0, x1 := min(a.X, b.X)-w/2, max(a.X, b.X)+w/2
	y0, y1 := min(a.Y, b.Y)-w/2, max(a.Y, b.Y)+w/2
	return Rect{x0, y0, x1 - x0, y1 - y0}
}

// roundRect fills a rectangle with corners of radius rad, anti-aliased.
func (c *canvas) roundRect(r Rect, rad float64, col color.RGBA) {
	if r.W <= 0 || r.H <= 0 {
		return
	}
	if rad <= 0 {
		c.fillRect(r, col)
		return
	}
	s := c.scale
	px := image.Rect(int(math.Floor(r.X*s)), int(math.Floor(r.Y*s)), int(math.Ceil(r.right()*s)), int(math.Ceil(r.bottom()*s)))
	px = px.Intersect(c.img.Bounds())
	if px.Empty() {
		return
	}
	c.z.Reset(px.Dx(), px.Dy())
	ox, oy := float64(px.Min.X), float64(px.Min.Y)
	pt := func(x, y float64) (float32, float32) { return float32(x*s - ox), float32(y*s - oy) }
	rad = min(rad, r.W/2, r.H/2)
	x0, y0, x1, y1 := r.X, r.Y, r.right(), r.bottom()
	c.z.MoveTo(pt(x0+rad, y0))
	c.z.LineTo(pt(x1-rad, y0))
	c.corner(pt, x1, y0, x1, y0+rad, rad)
	c.z.LineTo(pt(x1, y1-rad))
	c.corner(pt, x1, y1, x1-rad, y1, rad)
	c.z.LineTo(pt(x0+rad, y1))
	c.corner(pt, x0, y1, x0, y1-rad, rad)
	c.z.LineTo(pt(x0, y0+rad))
	c.corner(pt, x0, y0, x0+rad, y0, rad)
	c.z.ClosePath()
	c.z.Draw(c.img, px, image.NewUniform(col), image.Point{})
}

// fillRect fills a square-cornered rectangle: the pixels it covers with
// draw.Draw, those on its edges blended by the part covered, as the
// rasterizer would, many times faster for the large boxes.
func (c *canvas) fillRect(r Rect, col color.RGBA) {
	s := c.scale
	x0, y0, x1, y1 := r.X*s, r.Y*s, r.right()*s, r.bottom()*s
	in := image.Rect(int(math.Ceil(x0)), int(math.Ceil(y0)), int(math.Floor(x1)), int(math.Floor(y1)))
	if !in.Empty() {
		draw.Draw(c.img, in, image.NewUniform(col), image.Point{}, draw.Src)
	}
	bounds := c.img.Bounds()
	for py := max(int(math.Floor(y0)), bounds.Min.Y); py < min(int(math.Ceil(y1)), bounds.Max.Y); py++ {
		cy := cover(py, y0, y1)
		for px := max(int(math.Floor(x0)), bounds.Min.X); px < min(int(math.Ceil(x1)), bounds.Max.X); px++ {
			if image.Pt(px, py).In(in) {
				px = in.Max.X - 1 // skip the inside, drawn already
				continue
			}
			c.blend(px, py, col, cover(px, x0, x1)*cy)
		}
	}
}

// cover is how much of pixel p's span [p, p+1) lies in [a, b).
func cover(p int, a, b float64) float64 {
	return max(0, min(float64(p+1), b)-max(float64(p), a))
}

// blend paints col over the pixel at coverage a.
func (c *canvas) blend(x, y int, col color.RGBA, a float64) {
	if a <= 0 {
		return
	}
	i := c.img.PixOffset(x, y)
	p := c.img.Pix[i : i+4 : i+4]
	for k, v := range [3]uint8{col.R, col.G, col.B} {
		p[k] = uint8(float64(v)*a + float64(p[k])*(1-a) + 0.5)
	}
	p[3] = 0xff
}

// corner curves through the corner (cx, cy) to (x, y) when rad > 0.
func (c *canvas) corner(pt func(x, y float64) (float32, float32), cx, cy, x, y, rad float64) {
	if rad <= 0 {
		return
	}
	bx, by := pt(cx, cy)
	ex, ey := pt(x, y)
	c.z.QuadTo(bx, by, ex, ey)
}

// dot fills a small circle.
func (c *canvas) dot(p Point, rad float64, col color.RGBA) {
	c.roundRect(Rect{p.X - rad, p.Y - rad, 2 * rad, 2 * rad}, rad, col)
}

// text draws one line with its baseline's left end at (x, y).
func (c *canvas) text(s string, st style, x, y float64, col color.RGBA) {
	if s == "" {
		return
	}
	dr := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: c.face(st),
		Dot: fixed.Point26_6{X: fixed.Int26_6(x * c.scale * 64), Y: fixed.Int26_6(y * c.scale * 64)}}
	dr.DrawString(s)
}

func (c *canvas) face(st style) font.Face {
	if f, ok := c.faces[st]; ok {
		return f
	}
	f, err := opentype.NewFace(st.face().font, &opentype.FaceOptions{Size: st.size * c.scale, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic("netdiagram: Go font face: " + err.Error()) // the embedded fonts always make faces
	}
	c.faces[st] = f
	return f
}
