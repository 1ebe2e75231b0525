package netdiagram

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"unicode"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// drawnOnce are the kinds every input resource of which appears exactly
// once across a diagram set.
var drawnOnce = map[Kind]bool{KindVPC: true, KindSubnet: true, KindIGW: true, KindNAT: true,
	KindVGW: true, KindTGW: true, KindCGW: true}

// checkSet checks everything a set of diagrams of one account and region
// promises.
func checkSet(t *testing.T, records []inventory.Record, ds []*Diagram) {
	t.Helper()
	if len(ds) == 0 {
		t.Fatal("no diagram")
	}
	for i, d := range ds {
		if d.Part != i+1 || d.Parts != len(ds) {
			t.Errorf("diagram %d says part %d of %d", i+1, d.Part, d.Parts)
		}
		checkDiagram(t, d)
	}
	checkOnce(t, records, ds)
}

func checkDiagram(t *testing.T, d *Diagram) {
	t.Helper()
	where := fmt.Sprintf("part %d", d.Part)
	checkPage(t, where, d)
	byID := checkParents(t, where, d)
	checkOverlaps(t, where, d, byID)
	checkLabels(t, where, d)
	checkLinks(t, where, d, byID)
}

// checkPage checks the diagram fits its page legibly: the report shrinks
// it to the page, and its smallest text must then print at 6.5 pt or more.
func checkPage(t *testing.T, where string, d *Diagram) {
	t.Helper()
	page := d.Page()
	scale := placedScale(d)
	if d.Width > page.W+0.01 || styleText.size*scale < 6.5-1e-9 {
		t.Errorf("%s: %.1fx%.1f on a %.1fx%.1f page prints its %g pt text at %.2f pt",
			where, d.Width, d.Height, page.W, page.H, styleText.size, styleText.size*scale)
	}
	if d.Landscape() != (d.Width > PortraitPage.W+0.5) || d.Landscape() && d.Width <= d.Height {
		t.Errorf("%s: %.1fx%.1f: Landscape() = %v", where, d.Width, d.Height, d.Landscape())
	}
	if w := styleTitle.width(d.Title); w > d.Width-2*margin+0.01 {
		t.Errorf("%s: title %q is %.1f wide", where, d.Title, w)
	}
}

// placedScale is how the report scales a diagram: to the text width of
// its page, less when that would be taller than the page.
func placedScale(d *Diagram) float64 {
	page := d.Page()
	s := page.W / d.Width
	if d.Height*s > page.H {
		s = page.H / d.Height
	}
	return s
}

// checkParents checks IDs are unique, parents come first and hold their
// children, and top-level boxes are inside the diagram.
func checkParents(t *testing.T, where string, d *Diagram) map[string]*Box {
	t.Helper()
	byID := map[string]*Box{}
	page := Rect{0, 0, d.Width, d.Height}
	for i := range d.Boxes {
		b := &d.Boxes[i]
		if byID[b.ID] != nil {
			t.Errorf("%s: box ID %q twice", where, b.ID)
		}
		outer := page
		if b.Parent != "" {
			p := byID[b.Parent]
			if p == nil {
				t.Errorf("%s: %s %q: parent %q not drawn before it", where, b.Kind, b.ID, b.Parent)
				continue
			}
			outer = p.Rect()
		}
		if !outer.contains(b.Rect()) {
			t.Errorf("%s: %s %q %+v is not inside its parent %q %+v", where, b.Kind, b.ID, b.Rect(), b.Parent, outer)
		}
		byID[b.ID] = b
	}
	if !page.contains(d.Legend.Rect) {
		t.Errorf("%s: legend %+v is outside the diagram", where, d.Legend.Rect)
	}
	return byID
}

func ancestor(byID map[string]*Box, a, b *Box) bool {
	for p := byID[b.Parent]; p != nil; p = byID[p.Parent] {
		if p == a {
			return true
		}
	}
	return false
}

// checkOverlaps checks no two boxes overlap unless one holds the other,
// and that the legend and link labels overlap no box.
func checkOverlaps(t *testing.T, where string, d *Diagram, byID map[string]*Box) {
	t.Helper()
	for i := range d.Boxes {
		a := &d.Boxes[i]
		for j := i + 1; j < len(d.Boxes); j++ {
			b := &d.Boxes[j]
			if a.Rect().overlaps(b.Rect()) && !ancestor(byID, a, b) && !ancestor(byID, b, a) {
				t.Errorf("%s: %s %q %+v overlaps %s %q %+v", where, a.Kind, a.ID, a.Rect(), b.Kind, b.ID, b.Rect())
			}
		}
		if a.Rect().overlaps(d.Legend.Rect) {
			t.Errorf("%s: %s %q overlaps the legend", where, a.Kind, a.ID)
		}
		for _, l := range d.Links {
			if l.LabelBox != nil && a.Rect().overlaps(*l.LabelBox) {
				t.Errorf("%s: label of link %s–%s overlaps %s %q", where, l.From, l.To, a.Kind, a.ID)
			}
		}
	}
	for i, l := range d.Links {
		for _, o := range d.Links[i+1:] {
			if l.LabelBox != nil && o.LabelBox != nil && l.LabelBox.overlaps(*o.LabelBox) {
				t.Errorf("%s: labels %q and %q overlap", where, l.Label, o.Label)
			}
		}
	}
}

// checkLabels measures every text with the font: each line fits its box,
// is clean, and the lines fit the box's height.
func checkLabels(t *testing.T, where string, d *Diagram) {
	t.Helper()
	for i := range d.Boxes {
		b := &d.Boxes[i]
		px, _ := padding(b.Kind)
		for _, l := range textLines(b) {
			if w := l.style.width(l.text); w > b.W-2*px+0.01 {
				t.Errorf("%s: %s %q: %q is %.2f wide in a %.2f box", where, b.Kind, b.ID, l.text, w, b.W)
			}
			checkClean(t, where, l.text)
		}
		if len(b.Label) > 0 && labelHeight(b.Kind, len(b.Label)) > b.H+0.01 {
			t.Errorf("%s: %s %q: %d lines do not fit %.1f high", where, b.Kind, b.ID, len(b.Label), b.H)
		}
	}
	for _, l := range d.Links {
		if l.LabelBox == nil {
			if l.Label != "" {
				t.Errorf("%s: link label %q has no place", where, l.Label)
			}
			continue
		}
		if w := labelWidth(KindWorkload, []string{l.Label}); w > l.LabelBox.W+0.01 {
			t.Errorf("%s: link label %q is %.2f wide in %.2f", where, l.Label, w, l.LabelBox.W)
		}
		checkClean(t, where, l.Label)
	}
	for _, it := range d.Legend.Items {
		if w := styleText.width(it.Label); w > it.Text.W+0.01 || !d.Legend.Rect.contains(it.Text) || !d.Legend.Rect.contains(it.Sample) {
			t.Errorf("%s: legend item %q does not fit", where, it.Label)
		}
	}
}

func checkClean(t *testing.T, where, text string) {
	t.Helper()
	for _, r := range text {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			t.Errorf("%s: %q holds control or format character %U", where, text, r)
		}
	}
}

// checkLinks checks links start and end on the edges of their boxes and
// run straight across or down.
func checkLinks(t *testing.T, where string, d *Diagram, byID map[string]*Box) {
	t.Helper()
	for _, l := range d.Links {
		from, to := byID[l.From], byID[l.To]
		if from == nil || to == nil || len(l.Points) < 2 {
			t.Errorf("%s: link %s %s–%s has no boxes or path", where, l.Kind, l.From, l.To)
			continue
		}
		if !onEdge(from.Rect(), l.Points[0]) || !onEdge(to.Rect(), l.Points[len(l.Points)-1]) {
			t.Errorf("%s: link %s %s–%s does not start and end on its boxes: %v", where, l.Kind, l.From, l.To, l.Points)
		}
		for _, path := range [][]Point{l.Points, l.Leader} {
			for i := 1; i < len(path); i++ {
				if path[i].X != path[i-1].X && path[i].Y != path[i-1].Y {
					t.Errorf("%s: link %s–%s has a slanted segment", where, l.From, l.To)
				}
			}
		}
	}
}

func onEdge(r Rect, p Point) bool {
	const eps = 0.01
	in := Rect{r.X - eps, r.Y - eps, r.W + 2*eps, r.H + 2*eps}.contains(Rect{p.X, p.Y, 0, 0})
	return in && (abs(p.X-r.X) < eps || abs(p.X-r.right()) < eps || abs(p.Y-r.Y) < eps || abs(p.Y-r.bottom()) < eps)
}

func abs(v float64) float64 { return max(v, -v) }

// checkOnce checks every VPC, subnet and gateway of the input is drawn
// exactly once across the set, and nothing else of those kinds is.
func checkOnce(t *testing.T, records []inventory.Record, ds []*Diagram) {
	t.Helper()
	want := expectedOnce(records)
	got := map[string]int{}
	for _, d := range ds {
		for _, b := range d.Boxes {
			if drawnOnce[b.Kind] {
				got[string(b.Kind)+" "+b.ID]++
			}
		}
	}
	for k := range want {
		if got[k] != 1 {
			t.Errorf("%s drawn %d times", k, got[k])
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("%s drawn but not in the input", k)
		}
	}
}

var onceServices = map[string]Kind{"vpc": KindVPC, "subnet": KindSubnet, "internet_gateway": KindIGW,
	"nat_gateway": KindNAT, "virtual_private_gateway": KindVGW, "customer_gateway": KindCGW}

// expectedOnce lists the input's VPCs, subnets and gateways, with the
// transit and customer gateways named only by routes and VPNs.
func expectedOnce(records []inventory.Record) map[string]bool {
	want := map[string]bool{}
	for _, r := range records {
		if k, ok := onceServices[r.Service]; ok {
			want[string(k)+" "+r.ID] = true
		}
		if r.Net == nil {
			continue
		}
		for _, rt := range r.Net.Routes {
			if strings.HasPrefix(rt.Target, "tgw-") {
				want["tgw "+rt.Target] = true
			}
		}
		if r.Service == "vpn_connection" {
			for _, p := range r.Net.Peers {
				if strings.HasPrefix(p, "tgw-") {
					want["tgw "+p] = true
				}
				if strings.HasPrefix(p, "cgw-") {
					want["cgw "+p] = true
				}
			}
		}
	}
	return want
}

// checkPNG decodes the PNG and checks its size: the pixels the diagram
// promises, at least 150 pixels per inch where the report places it, and
// at most 4 MB.
func checkPNG(t *testing.T, d *Diagram) int {
	t.Helper()
	var buf bytes.Buffer
	if err := d.PNG(&buf); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("part %d: PNG does not decode: %v", d.Part, err)
	}
	w, h := d.PixelSize()
	if img.Bounds().Dx() != w || img.Bounds().Dy() != h {
		t.Errorf("part %d: PNG is %v, want %dx%d", d.Part, img.Bounds().Size(), w, h)
	}
	placed := placedScale(d) * d.Width / 72 // inches wide as placed
	if dpi := float64(w) / placed; dpi < 150 {
		t.Errorf("part %d: %d pixels across %.2f in is %.0f DPI", d.Part, w, placed, dpi)
	}
	if buf.Len() > 4<<20 {
		t.Errorf("part %d: PNG is %d bytes", d.Part, buf.Len())
	}
	return buf.Len()
}
