package netdiagram

import (
	"cmp"
	"slices"
)

// Link routing, in points.
const (
	laneStep = 6.0  // between lanes in the gutter
	rowStep  = 13.0 // between link rows under the nodes; a label fits one
	slotStep = 6.0  // between links reaching one VPC's edge
)

// router draws links without a general router: every link is a few
// straight segments in space kept free for it. Each link from a node above
// the VPCs drops to a row of its own under the nodes, runs left along it
// to a lane of its own in the gutter, down the lane, and right into the
// VPC's left edge (or the virtual private gateway at the head of the VPC).
// A transit gateway's links share one lane, like a bus. A peering between
// two VPCs of the diagram is a bracket in its lane, its label in its row.
// Links between two nodes run along a row under them.
//
// Rows are ordered by where their link drops, and lanes by row, so a
// row's segment never crosses another link's drop or lane: its label sits
// on it without hiding anything.
type router struct {
	d           *Diagram
	band        map[string]bool
	lanes       []*lane
	pairs       []*pair
	left, right float64
	index       map[string]int
	slots       map[string]int
}

// lane is a gutter lane and its row: the links from one node (or a
// peering's label) to the VPCs.
type lane struct {
	head  string // the node the links leave, or "" for a peering between VPCs
	bus   bool   // a transit gateway's, shared by its links
	links []int  // indexes into d.Links
	drop  float64
	x, y  float64
}

// pair is a link between two nodes above the VPCs, along its row.
type pair struct {
	link         int
	dropA, dropB float64
	y            float64
}

func newRouter(d *Diagram, p *plan, left, right float64) *router {
	rt := &router{d: d, band: p.nodeIDs(), left: left, right: right, slots: map[string]int{}}
	for _, l := range p.links {
		i := len(d.Links)
		d.Links = append(d.Links, Link{Kind: l.kind, From: l.from, To: l.to, Label: l.label})
		switch head := rt.head(l); {
		case rt.band[l.from] && rt.band[l.to]:
			rt.pairs = append(rt.pairs, &pair{link: i})
		case l.kind == LinkTGW && head != "":
			b := rt.bus(head)
			b.links = append(b.links, i)
		default:
			rt.lanes = append(rt.lanes, &lane{head: head, links: []int{i}})
		}
	}
	return rt
}

// head is the end of a link that is a node above the VPCs, if one is.
func (rt *router) head(l linkSpec) string {
	switch {
	case rt.band[l.from]:
		return l.from
	case rt.band[l.to]:
		return l.to
	}
	return ""
}

// bus is the transit lane of head, made on first use.
func (rt *router) bus(head string) *lane {
	for _, l := range rt.lanes {
		if l.head == head && l.bus {
			return l
		}
	}
	l := &lane{head: head, bus: true}
	rt.lanes = append(rt.lanes, l)
	return l
}

// placeRows orders the rows and lanes under the nodes placed so far and
// returns where the VPCs start.
func (rt *router) placeRows(top float64) float64 {
	rows := len(rt.pairs) + len(rt.lanes)
	if rows == 0 {
		return top
	}
	rt.index = rt.d.boxIndex()
	rt.assignDrops()
	slices.SortStableFunc(rt.lanes, func(a, b *lane) int {
		return cmp.Or(cmp.Compare(boolInt(a.head == ""), boolInt(b.head == "")), cmp.Compare(a.drop, b.drop))
	})
	y := top + rowStep/2
	for _, p := range rt.pairs {
		p.y, y = y, y+rowStep
	}
	for j, l := range rt.lanes {
		l.x = rt.left + 2 + laneStep*(float64(j)+0.5)
		l.y, y = y, y+rowStep
	}
	return top + float64(rows)*rowStep + gap
}

// dropCounts is how many links leave each node's bottom edge.
func (rt *router) dropCounts() map[string]int {
	out := map[string]int{}
	for _, p := range rt.pairs {
		l := rt.d.Links[p.link]
		out[l.From]++
		out[l.To]++
	}
	for _, l := range rt.lanes {
		if l.head != "" {
			out[l.head]++
		}
	}
	return out
}

// assignDrops spreads the links leaving each node along its bottom edge.
func (rt *router) assignDrops() {
	ends := map[string][]*float64{}
	for _, p := range rt.pairs {
		l := rt.d.Links[p.link]
		ends[l.From] = append(ends[l.From], &p.dropA)
		ends[l.To] = append(ends[l.To], &p.dropB)
	}
	for _, l := range rt.lanes {
		if l.head != "" {
			ends[l.head] = append(ends[l.head], &l.drop)
		}
	}
	for id, drops := range ends {
		b := &rt.d.Boxes[rt.index[id]]
		for k, at := range drops {
			*at = b.X + b.W*float64(k+1)/float64(len(drops)+1)
		}
	}
}

// route draws the links once the VPCs are placed.
func (rt *router) route() {
	if len(rt.pairs)+len(rt.lanes) == 0 {
		return
	}
	rt.index = rt.d.boxIndex()
	for i, p := range rt.pairs {
		rt.routePair(p, rt.crossings(i))
	}
	for j, l := range rt.lanes {
		if l.head == "" {
			rt.routeBracket(l)
			continue
		}
		for _, i := range l.links {
			rt.routeDrop(l, i, rt.crossings(len(rt.pairs)+j))
		}
	}
}

// crossings are the drops that cross a row, sorted: those of the rows
// under it. Rows count the pairs first, then the lanes.
func (rt *router) crossings(row int) []float64 {
	var xs []float64
	for i, p := range rt.pairs {
		if i > row {
			xs = append(xs, p.dropA, p.dropB)
		}
	}
	for j, l := range rt.lanes {
		if len(rt.pairs)+j > row && l.head != "" {
			xs = append(xs, l.drop)
		}
	}
	slices.Sort(xs)
	return xs
}

func (rt *router) box(id string) *Box { return &rt.d.Boxes[rt.index[id]] }

// routePair runs a link between two nodes along its row, its label in the
// widest stretch no drop crosses.
func (rt *router) routePair(p *pair, cross []float64) {
	l := &rt.d.Links[p.link]
	a, b := rt.box(l.From), rt.box(l.To)
	l.Points = []Point{{p.dropA, a.Y + a.H}, {p.dropA, p.y}, {p.dropB, p.y}, {p.dropB, b.Y + b.H}}
	lo, hi := min(p.dropA, p.dropB), max(p.dropA, p.dropB)
	x0, x1 := widestGap(lo, hi, cross)
	if x1-x0 < labelWidth(KindWorkload, []string{l.Label}) {
		if y0, y1 := widestGap(lo, rt.right, cross); y1-y0 > x1-x0 {
			x0, x1 = y0, y1 // beside the link rather than on it
		}
	}
	l.Label, l.LabelBox = labelAt(l.Label, x0, x1, p.y, false)
}

// routeDrop runs link i from its node down to the lane's row, left to the
// lane, down it and right into the VPC or gateway at its other end.
func (rt *router) routeDrop(ln *lane, i int, cross []float64) {
	l := &rt.d.Links[i]
	h := rt.box(ln.head)
	other := l.To
	if other == ln.head {
		other = l.From
	}
	tx, ty := rt.target(other)
	pts := []Point{{ln.drop, h.Y + h.H}, {ln.drop, ln.y}, {ln.x, ln.y}, {ln.x, ty}, {tx, ty}}
	if l.From != ln.head {
		slices.Reverse(pts)
	}
	l.Points = pts
	if l.Label == "" {
		return
	}
	next := rt.right
	for _, x := range cross {
		if x > ln.drop+0.01 {
			next = x
			break
		}
	}
	onX0, onX1 := ln.x+3, ln.drop-3
	offX0, offX1 := ln.drop+3, next-3
	if need := labelWidth(KindWorkload, []string{l.Label}); onX1-onX0 >= need || onX1-onX0 >= offX1-offX0 {
		l.Label, l.LabelBox = labelAt(l.Label, onX0, onX1, ln.y, true)
		return
	}
	l.Label, l.LabelBox = labelAt(l.Label, offX0, offX1, ln.y, false)
}

// routeBracket joins two VPCs through the lane; a leader climbs the lane
// to the label in its row.
func (rt *router) routeBracket(ln *lane) {
	l := &rt.d.Links[ln.links[0]]
	ax, ay := rt.target(l.From)
	bx, by := rt.target(l.To)
	l.Points = []Point{{ax, ay}, {ln.x, ay}, {ln.x, by}, {bx, by}}
	l.Label, l.LabelBox = labelAt(l.Label, ln.x+3, rt.right, ln.y, false)
	l.Leader = []Point{{ln.x + 3, ln.y}, {ln.x, ln.y}, {ln.x, min(ay, by)}}
}

// target is where a link reaches a box in the VPCs: a virtual private
// gateway at its middle, a VPC at a slot of its own on the left edge.
func (rt *router) target(id string) (x, y float64) {
	b := rt.box(id)
	if b.Kind != KindVPC {
		return b.X, b.Y + b.H/2
	}
	for {
		s := rt.slots[id]
		rt.slots[id]++
		y := b.Y + 7 + slotStep*float64(s)
		if y > b.Y+b.H-3 {
			return b.X, b.Y + b.H - 3
		}
		if !rt.nearGateway(id, y) {
			return b.X, y
		}
	}
}

// nearGateway reports whether y is level with a virtual private gateway
// of the VPC, whose own link comes in there.
func (rt *router) nearGateway(vpcID string, y float64) bool {
	for _, b := range rt.d.Boxes {
		if b.Parent == vpcID && b.Kind == KindVGW && y > b.Y-2 && y < b.Y+b.H+2 {
			return true
		}
	}
	return false
}

// widestGap is the widest stretch of [lo, hi] that no x in cross is near.
func widestGap(lo, hi float64, cross []float64) (x0, x1 float64) {
	const clear = 3.0
	start := lo + clear
	for _, x := range append(slices.Clone(cross), hi+clear) {
		if x <= lo || x > hi+clear {
			continue
		}
		if end := x - clear; end-start > x1-x0 {
			x0, x1 = start, end
		}
		start = x + clear
	}
	return x0, x1
}

// labelAt fits a label into [x0, x1] on a row at y, at the right end when
// right is set; no room, no label.
func labelAt(text string, x0, x1, y float64, right bool) (string, *Rect) {
	w := min(labelWidth(KindWorkload, []string{text}), x1-x0)
	if w < minChipW {
		return "", nil
	}
	x := x0
	if right {
		x = x1 - w
	}
	return fitLabel(KindWorkload, []string{text}, w)[0], &Rect{x, y - chipHeight/2, w, chipHeight}
}

// boxIndex maps box IDs to their index in d.Boxes.
func (d *Diagram) boxIndex() map[string]int {
	out := make(map[string]int, len(d.Boxes))
	for i, b := range d.Boxes {
		out[b.ID] = i
	}
	return out
}
