package netdiagram

import (
	"cmp"
	"slices"
)

// Grid sizes, in points.
const (
	minAZWidth     = 120.0 // an AZ column narrower than this wraps to a new band
	minSubnetWidth = 105.0 // subnets side by side in an AZ are at least this wide
	subnetGap      = 4.0   // between subnets
	maxStack       = 4     // subnets stacked in an AZ before they go side by side
)

var (
	vpcHeadHeight = labelHeight(KindVPC, 1)
	azHeadHeight  = labelHeight(KindAZ, 1)
	subnetHead    = labelHeight(KindSubnet, 2)
)

// vpcGrid is a VPC laid out at a given width with positions relative to
// its box: the rows the pager may split between parts.
type vpcGrid struct {
	v       *vpc
	w       float64
	label   string // the heading, before cutting
	gwChips []chip // edge gateways under the heading
	headH   float64
	bands   []band
	epChips []chip // endpoints at the bottom
	epH     float64
}

// band is a row of AZ columns; a VPC with more AZs than fit across has
// several.
type band struct {
	azs   []*az
	azW   float64
	k     int     // subnets side by side in each AZ
	subW  float64 // subnet width
	cells [][]subnetBox
	rows  []float64 // row heights: the tallest subnet of the row in any AZ
}

// subnetBox is a subnet laid out at its width.
type subnetBox struct {
	s     *subnet
	label []string
	tip   string
	chips []chip
	h     float64
}

func (v *vpc) heading() string {
	if v.id == unknownVPC {
		return "VPC unknown"
	}
	label := title(v.name, v.id)
	if v.name != "" {
		label += " (" + clean(v.id) + ")"
	}
	if v.cidr != "" {
		label += " · " + clean(v.cidr)
	}
	return "VPC " + label
}

// layoutVPC lays a VPC out w points wide.
func layoutVPC(v *vpc, w float64) *vpcGrid {
	g := &vpcGrid{v: v, w: w, label: v.heading()}
	inner := w - 2*padContainer
	gws := slices.Clone(v.gateways)
	slices.SortStableFunc(gws, func(a, b *node) int { return cmp.Compare(edgeOrder[a.kind], edgeOrder[b.kind]) })
	g.gwChips = nodeChips(gws)
	g.headH = vpcHeadHeight
	if h := flow(g.gwChips, inner); h > 0 {
		g.headH += h + 2
	}
	g.bands = layoutBands(v.azs, inner)
	g.epChips = nodeChips(v.endpoints)
	g.epH = flow(g.epChips, inner)
	return g
}

// edgeOrder puts a VPC's virtual private gateways first, where a VPN link
// from the left reaches them without crossing anything.
var edgeOrder = map[Kind]int{KindVGW: 0, KindIGW: 1, KindNAT: 2}

// layoutBands puts AZ columns side by side, as many as fit at minAZWidth,
// balanced over as few bands as that needs.
func layoutBands(azs []*az, w float64) []band {
	if len(azs) == 0 {
		return nil
	}
	cols := min(len(azs), fitCount(w, minAZWidth, gap))
	nBands := ceilDiv(len(azs), cols)
	cols = ceilDiv(len(azs), nBands)
	azW := (w - float64(cols-1)*gap) / float64(cols)
	var out []band
	for chunk := range slices.Chunk(azs, cols) {
		out = append(out, layoutBand(chunk, azW))
	}
	return out
}

// layoutBand stacks each AZ's subnets up to maxStack high, then puts them
// side by side as far as they fit; rows line up across the AZs.
func layoutBand(azs []*az, azW float64) band {
	b := band{azs: azs, azW: azW}
	inner := azW - 2*padContainer
	most := 0
	for _, z := range azs {
		most = max(most, len(z.subnets))
	}
	b.k = max(1, min(ceilDiv(most, maxStack), fitCount(inner, minSubnetWidth, subnetGap)))
	b.subW = (inner - float64(b.k-1)*subnetGap) / float64(b.k)
	b.rows = make([]float64, ceilDiv(most, b.k))
	for _, z := range azs {
		cells := make([]subnetBox, len(z.subnets))
		for i, s := range z.subnets {
			cells[i] = layoutSubnet(s, b.subW)
			b.rows[i/b.k] = max(b.rows[i/b.k], cells[i].h)
		}
		b.cells = append(b.cells, cells)
	}
	return b
}

func layoutSubnet(s *subnet, w float64) subnetBox {
	kind := "private"
	if s.public {
		kind = "public"
	}
	cidr := clean(s.cidr)
	if cidr == "" {
		cidr = "CIDR unknown"
	}
	label := []string{title(s.name, s.id), cidr + " · " + kind}
	tip := label[0]
	if s.name != "" {
		tip += " (" + clean(s.id) + ")"
	}
	sb := subnetBox{s: s, label: fitLabel(KindSubnet, label, w), tip: tip + ", " + label[1]}
	inner := w - 2*padSubnet
	sb.chips = append(nodeChips(s.nats), workloadChips(s, inner)...)
	sb.h = subnetHead
	if h := flow(sb.chips, inner); h > 0 {
		sb.h += h + padSubnet
	}
	return sb
}

// height is the whole VPC's height in one piece.
func (g *vpcGrid) height() float64 {
	p := &piece{g: g}
	p.begin(false)
	for b := range g.bands {
		for r := range g.bands[b].rows {
			p.addRow(b, r)
		}
	}
	p.addTail()
	return p.h
}

// piece is the part of a VPC drawn in one diagram: its heading (or a
// continuation heading), some rows of its bands, and the endpoints at the
// end.
type piece struct {
	g     *vpcGrid
	cont  bool
	spans []span
	tail  bool
	h     float64
}

// span is rows [from, to) of one band.
type span struct{ band, from, to int }

func (p *piece) begin(cont bool) {
	p.cont, p.spans, p.tail = cont, nil, false
	p.h = vpcHeadHeight + padContainer
	if !cont {
		p.h = p.g.headH + padContainer
	}
}

// rowCost is the height row r of band b adds to the piece.
func (p *piece) rowCost(b, r int) float64 {
	row := p.g.bands[b].rows[r]
	if n := len(p.spans); n > 0 && p.spans[n-1].band == b {
		return subnetGap + row
	}
	return gap + azHeadHeight + row + padContainer
}

func (p *piece) addRow(b, r int) {
	p.h += p.rowCost(b, r)
	if n := len(p.spans); n > 0 && p.spans[n-1].band == b {
		p.spans[n-1].to = r + 1
		return
	}
	p.spans = append(p.spans, span{b, r, r + 1})
}

// popRow takes the last row off a piece that has more than one, and says
// which it was.
func (p *piece) popRow() (b, r int, ok bool) {
	rows := 0
	for _, s := range p.spans {
		rows += s.to - s.from
	}
	if rows < 2 {
		return 0, 0, false
	}
	spans := p.spans
	last := spans[len(spans)-1]
	p.begin(p.cont)
	for _, s := range spans {
		for row := s.from; row < s.to; row++ {
			if s != last || row < s.to-1 {
				p.addRow(s.band, row)
			}
		}
	}
	return last.band, last.to - 1, true
}

func (p *piece) tailCost() float64 {
	if p.g.epH == 0 {
		return 0
	}
	return gap + p.g.epH
}

func (p *piece) addTail() { p.h += p.tailCost(); p.tail = true }

func (p *piece) empty() bool { return len(p.spans) == 0 && !p.tail }

// boxID is the ID of the piece's VPC box.
func (p *piece) boxID(part int) string {
	if p.cont {
		return p.g.v.id + "#part" + itoa(part)
	}
	return p.g.v.id
}

// place draws the piece at (x, y) and returns its VPC box's ID.
func (p *piece) place(d *Diagram, x, y float64) string {
	g := p.g
	id := p.boxID(d.Part)
	kind, label := KindVPC, g.label
	if p.cont {
		kind, label = KindVPCContinued, g.label+" (continued)"
	}
	d.Boxes = append(d.Boxes, Box{Kind: kind, ID: id, Label: fitLabel(kind, []string{label}, g.w),
		Tooltip: label, X: x, Y: y, W: g.w, H: p.h})
	inX := x + padContainer
	cy := y + vpcHeadHeight
	if !p.cont {
		placeChips(d, g.gwChips, inX, cy, id)
		cy = y + g.headH
	}
	for _, s := range p.spans {
		cy += gap
		cy += p.placeSpan(d, s, inX, cy, id)
	}
	if p.tail && g.epH > 0 {
		placeChips(d, g.epChips, inX, cy+gap, id)
	}
	return id
}

// placeSpan draws one band's AZ columns with rows [from, to) and returns
// their height.
func (p *piece) placeSpan(d *Diagram, s span, x, y float64, parent string) float64 {
	b := &p.g.bands[s.band]
	h := azHeadHeight + padContainer
	for r := s.from; r < s.to; r++ {
		h += b.rows[r]
	}
	h += float64(s.to-s.from-1) * subnetGap
	for i, z := range b.azs {
		azX := x + float64(i)*(b.azW+gap)
		id := parent + "/" + azName(z)
		d.Boxes = append(d.Boxes, Box{Kind: KindAZ, ID: id, Label: fitLabel(KindAZ, []string{azName(z)}, b.azW),
			Tooltip: azName(z), Parent: parent, X: azX, Y: y, W: b.azW, H: h})
		p.placeCells(d, b, b.cells[i], s, azX+padContainer, y+azHeadHeight, id)
	}
	return h
}

func azName(z *az) string {
	if z.name == "" {
		return "AZ unknown"
	}
	return z.name
}

// placeCells draws the subnets of one AZ in rows [from, to), each as tall
// as its row.
func (p *piece) placeCells(d *Diagram, b *band, cells []subnetBox, s span, x, y float64, parent string) {
	rowY := y
	for r := s.from; r < s.to; r++ {
		for c := 0; c < b.k; c++ {
			i := r*b.k + c
			if i >= len(cells) {
				break
			}
			sb := &cells[i]
			sx := x + float64(c)*(b.subW+subnetGap)
			d.Boxes = append(d.Boxes, Box{Kind: KindSubnet, ID: sb.s.id, Label: sb.label, Tooltip: sb.tip,
				Public: sb.s.public, Parent: parent, X: sx, Y: rowY, W: b.subW, H: b.rows[r]})
			placeChips(d, sb.chips, sx+padSubnet, rowY+subnetHead, sb.s.id)
		}
		rowY += b.rows[r] + subnetGap
	}
}
