package netdiagram

import (
	"fmt"
	"math"
)

// Spacing, in points.
const (
	gap        = 6.0  // between sibling containers
	chipGap    = 3.0  // between chips
	chipMaxCut = 3    // at most this many resources of one kind drawn one by one
	minChipW   = 24.0 // a chip narrower than this would show nothing
)

var chipHeight = labelHeight(KindWorkload, 1)

// chip is a one-line box placed by flow: a gateway, endpoint or workload.
type chip struct {
	kind    Kind
	service string
	id      string
	label   string
	tip     string
	r       Rect // relative to the flow's origin
}

// flow places chips left to right in rows no wider than w, cutting labels
// that are wider than a row, and returns the height taken.
func flow(chips []chip, w float64) float64 {
	x, y := 0.0, 0.0
	for i := range chips {
		c := &chips[i]
		cw := min(labelWidth(c.kind, []string{c.label}), w)
		if x > 0 && x+cw > w {
			x, y = 0, y+chipHeight+chipGap
		}
		c.label = fitLabel(c.kind, []string{c.label}, cw)[0]
		c.r = Rect{x, y, cw, chipHeight}
		x += cw + chipGap
	}
	if len(chips) == 0 {
		return 0
	}
	return y + chipHeight
}

// placeChips turns flowed chips into boxes at (x, y) inside parent.
func placeChips(d *Diagram, chips []chip, x, y float64, parent string) {
	for _, c := range chips {
		d.Boxes = append(d.Boxes, Box{Kind: c.kind, ID: c.id, Label: []string{c.label}, Tooltip: c.tip,
			Service: c.service, Parent: parent, X: x + c.r.X, Y: y + c.r.Y, W: c.r.W, H: c.r.H})
	}
}

func nodeChips(nodes []*node) []chip {
	out := make([]chip, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, chip{kind: n.kind, id: n.id, label: n.label[0], tip: n.label[0]})
	}
	return out
}

// servicePrefix names a workload's kind on its chip; load balancers carry
// their own (ALB, NLB).
var servicePrefix = map[string]string{"ec2": "EC2", "eks": "EKS", "rds": "RDS", "elasticache": "ElastiCache", "elb": "ELB"}

// workloadChips draws a subnet's workloads: one chip each when a service
// has at most chipMaxCut of them there, else one chip with the count.
func workloadChips(s *subnet, w float64) []chip {
	var out []chip
	for _, service := range workloadOrder {
		var mine []*workload
		for _, wl := range s.workloads {
			if wl.service == service {
				mine = append(mine, wl)
			}
		}
		if len(mine) > chipMaxCut {
			label := fmt.Sprintf("%s × %d", servicePrefix[service], len(mine))
			out = append(out, chip{kind: KindWorkload, service: service, id: s.id + "/" + service, label: label, tip: label})
			continue
		}
		for _, wl := range mine {
			out = append(out, workloadChip(wl, w))
		}
	}
	return out
}

// workloadChip labels one workload; one that spans subnets says in how
// many others it also sits, and that survives cutting the name.
func workloadChip(wl *workload, w float64) chip {
	name := wl.name
	if wl.service != "elb" {
		name = servicePrefix[wl.service] + " " + name
	}
	suffix := ""
	switch {
	case wl.others == 1:
		suffix = " +1 subnet"
	case wl.others > 1:
		suffix = fmt.Sprintf(" +%d subnets", wl.others)
	}
	room := w - 2*padChipX - styleText.width(suffix)
	label := styleText.fit(name, room) + suffix
	if room <= 0 {
		label = name
	}
	return chip{kind: KindWorkload, service: wl.service, id: wl.id, label: label, tip: name + suffix}
}

// ceilDiv is ⌈a/b⌉ for positive b.
func ceilDiv(a, b int) int { return (a + b - 1) / b }

// fitCount is how many items of width item, gap apart, fit in w; at least 1.
func fitCount(w, item, gap float64) int {
	return max(1, int(math.Floor((w+gap)/(item+gap))))
}
