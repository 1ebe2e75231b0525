package netdiagram

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Nodes above the VPCs, in points.
const (
	nodeMinW    = 56.0
	nodeMaxW    = 150.0
	nodeSqueeze = 64.0 // narrowest a node gets before the row wraps
)

// draw lays a plan out as a diagram: the title, the nodes outside the
// VPCs in a row under it, the rows where links leave them, the VPCs
// stacked below, right of the gutter the links run down, and the legend.
// The diagram is as wide as its VPCs and its gutter.
func (p *plan) draw(e *estate, vpcW float64, part, parts int) *Diagram {
	left := margin + gutterWidth(p.laneCount())
	d := &Diagram{AccountID: e.account, Region: e.region, Part: part, Parts: parts,
		Width: left + vpcW + margin, Boxes: []Box{}, Links: []Link{}}
	d.Title = styleTitle.fit(diagramTitle(e, part, parts), d.Width-2*margin)
	rt := newRouter(d, p, margin, d.Width-margin)
	y := margin + styleTitle.lineHeight() + gap/2
	y = placeNodes(d, p.orderNodes(), rt.dropCounts(), left, y, vpcW)
	y = rt.placeRows(y)
	for _, pc := range p.pieces {
		pc.place(d, left, y)
		y += pc.h + pieceGap
	}
	rt.route()
	y = placeLegend(d, y-pieceGap+gap, d.Width-2*margin)
	d.Height = y + margin
	return d
}

// orderNodes puts the nodes no link leaves first, so that when the nodes
// take more than one row the linked ones tend to be in the last.
func (p *plan) orderNodes() []*node {
	linked := map[string]bool{}
	for _, l := range p.links {
		linked[l.from], linked[l.to] = true, true
	}
	out := slices.Clone(p.nodes)
	slices.SortStableFunc(out, func(a, b *node) int { return cmp.Compare(boolInt(linked[a.id]), boolInt(linked[b.id])) })
	return out
}

// placeNodes puts nodes in rows at y from x, w wide, narrowing them when
// they would not fit one row. Links drop from a node's bottom edge, evenly
// spread (drops says how many), so a node in a lower row keeps clear of
// the drops of the rows above. It returns where the next thing goes.
func placeNodes(d *Diagram, nodes []*node, drops map[string]int, x, y, w float64) float64 {
	if len(nodes) == 0 {
		return y
	}
	widths := nodeWidths(nodes, w)
	var taken []float64 // drop xs of the rows placed
	for len(nodes) > 0 {
		placed, rowH, rowDrops := 0, 0.0, []float64(nil)
		cx := x
		for i, n := range nodes {
			cx = clearOf(cx, widths[i], taken)
			if placed > 0 && cx+widths[i] > x+w {
				break
			}
			h := labelHeight(n.kind, len(n.label))
			d.Boxes = append(d.Boxes, Box{Kind: n.kind, ID: n.id, Label: fitLabel(n.kind, n.label, widths[i]),
				Tooltip: strings.Join(n.label, ", "), X: cx, Y: y, W: widths[i], H: h})
			for k := range drops[n.id] {
				rowDrops = append(rowDrops, cx+widths[i]*float64(k+1)/float64(drops[n.id]+1))
			}
			cx += widths[i] + gap
			rowH = max(rowH, h)
			placed++
		}
		nodes, widths = nodes[placed:], widths[placed:]
		taken = append(taken, rowDrops...)
		y += rowH + gap
	}
	return y - gap/2
}

// clearOf moves a box w wide at x right until no x in taken is under it.
func clearOf(x, w float64, taken []float64) float64 {
	const clear = 3.0
	for moved := true; moved; {
		moved = false
		for _, t := range taken {
			if t > x-clear && t < x+w+clear {
				x, moved = t+clear, true
			}
		}
	}
	return x
}

// nodeWidths are the nodes' natural widths, narrowed (down to
// nodeSqueeze) to share w when they would not fit.
func nodeWidths(nodes []*node, w float64) []float64 {
	widths := make([]float64, len(nodes))
	gaps := float64(len(nodes)-1) * gap
	total := gaps
	for i, n := range nodes {
		widths[i] = math.Ceil(min(max(labelWidth(n.kind, n.label), nodeMinW), nodeMaxW, w))
		total += widths[i]
	}
	if total > w {
		scale := (w - gaps) / (total - gaps)
		for i := range widths {
			widths[i] = min(widths[i], max(math.Floor(widths[i]*scale), nodeSqueeze))
		}
	}
	return widths
}

// gutterWidth is the width of the left gutter that holds lanes links.
func gutterWidth(lanes int) float64 {
	if lanes == 0 {
		return 0
	}
	return float64(lanes)*laneStep + 4
}
