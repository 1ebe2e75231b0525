package netdiagram

import (
	"fmt"
	"slices"
)

// plan is what one diagram holds before geometry: pieces of VPCs, the
// nodes drawn above them (transit and customer gateways, peers elsewhere,
// detached gateways, stand-ins for what another part draws) and the links.
type plan struct {
	pieces []*piece
	nodes  []*node
	links  []linkSpec
}

type linkSpec struct {
	kind     LinkKind
	from, to string // box IDs in the plan's diagram
	label    string
}

// connector decides which part draws each node and link. A node lives in
// the first part that links to it; a link is drawn in the part of its VPC
// (of both VPCs, for a peering cut between parts), and an end drawn in
// another part is replaced there by a stand-in.
type connector struct {
	e     *estate
	owner map[string]int // VPC or node id: the part that draws it
	plans []*plan
	short map[string]string // what a stand-in says it stands for
}

// connect plans each page: a VPC and its edge gateways belong to the part
// of the VPC's first piece.
func connect(e *estate, pages [][]*piece) []*plan {
	c := &connector{e: e, owner: map[string]int{}, plans: make([]*plan, len(pages)), short: map[string]string{}}
	for i, pcs := range pages {
		c.plans[i] = &plan{pieces: pcs}
		for _, p := range pcs {
			if !p.cont {
				c.own(p.g.v.id, i)
				for _, g := range p.g.v.gateways {
					c.own(g.id, i)
				}
			}
		}
	}
	c.placeNodes()
	c.linkTransit()
	c.linkVPNs()
	c.linkPeerings()
	return c.plans
}

// own records that part draws id, unless an earlier part does.
func (c *connector) own(id string, part int) {
	if p, ok := c.owner[id]; !ok || part < p {
		c.owner[id] = part
	}
}

// placeNodes gives each node outside the VPCs to the first part linking
// to it, or to the first part.
func (c *connector) placeNodes() {
	e := c.e
	for _, v := range e.vpcs {
		for _, t := range v.tgws {
			c.own(t, c.owner[v.id])
		}
		c.short[v.id] = "VPC " + title(v.name, v.id)
	}
	for _, v := range e.vpns {
		c.own(v.cgw, c.owner[v.gw])
	}
	for _, p := range e.peerings {
		ends := c.peeringEnds(p)
		for _, end := range ends {
			if c.e.vpcByID[end] != nil {
				for _, other := range ends {
					if c.e.vpcByID[other] == nil {
						c.own(other, c.owner[end])
					}
				}
			}
		}
	}
	for _, group := range [][]*node{e.tgws, e.cgws, e.externals, e.loose} {
		for _, n := range group {
			c.own(n.id, 0)
			c.plans[c.owner[n.id]].nodes = append(c.plans[c.owner[n.id]].nodes, n)
			c.short[n.id] = n.short
		}
	}
	for _, v := range e.vpcs {
		for _, g := range v.gateways {
			c.short[g.id] = g.short
		}
	}
}

// peeringEnds are the box IDs of a peering's VPCs.
func (c *connector) peeringEnds(p peering) []string {
	out := make([]string, len(p.vpcs))
	for i, id := range p.vpcs {
		out[i] = id
		if c.e.vpcByID[id] == nil {
			out[i] = "ext:" + id
		}
	}
	return out
}

// linkTransit links each transit gateway to the VPCs routing to it.
func (c *connector) linkTransit() {
	for _, v := range c.e.vpcs {
		for _, t := range v.tgws {
			c.link(c.owner[v.id], LinkTGW, t, v.id, "")
		}
	}
}

// linkVPNs links each VPN's gateway to its customer gateway.
func (c *connector) linkVPNs() {
	for _, v := range c.e.vpns {
		c.link(c.owner[v.gw], LinkVPN, v.gw, v.cgw, v.label)
	}
}

// linkPeerings draws a peering in the part of each of its VPCs.
func (c *connector) linkPeerings() {
	for _, p := range c.e.peerings {
		ends := c.peeringEnds(p)
		if len(ends) < 2 {
			continue
		}
		var hosts []int
		for _, end := range ends[:2] {
			if h := c.owner[end]; c.e.vpcByID[end] != nil && !slices.Contains(hosts, h) {
				hosts = append(hosts, h)
			}
		}
		if len(hosts) == 0 {
			hosts = []int{c.owner[ends[0]]}
		}
		for _, h := range hosts {
			c.link(h, LinkPeering, ends[0], ends[1], p.label)
		}
	}
}

// link adds a link to a part, standing in for ends another part draws.
func (c *connector) link(part int, kind LinkKind, from, to, label string) {
	p := c.plans[part]
	p.links = append(p.links, linkSpec{kind: kind, from: c.end(part, from), to: c.end(part, to), label: label})
}

// end is the ID of id's box in part: its own, or a stand-in's.
func (c *connector) end(part int, id string) string {
	o := c.owner[id]
	if o == part {
		return id
	}
	ref := "ref:" + id
	p := c.plans[part]
	if !slices.ContainsFunc(p.nodes, func(n *node) bool { return n.id == ref }) {
		p.nodes = append(p.nodes, &node{kind: KindRef, id: ref,
			label: []string{c.short[id], fmt.Sprintf("drawn in part %d", o+1)}})
	}
	return ref
}

// laneCount is how many lanes the plan's links take in the left gutter:
// one per link into the VPCs, but one for all of a transit gateway's.
func (p *plan) laneCount() int {
	band := p.nodeIDs()
	lanes := map[string]bool{}
	for i, l := range p.links {
		if band[l.from] && band[l.to] {
			continue
		}
		key := fmt.Sprint(i)
		if l.kind == LinkTGW && band[l.from] {
			key = "bus:" + l.from
		}
		lanes[key] = true
	}
	return len(lanes)
}

func (p *plan) nodeIDs() map[string]bool {
	out := make(map[string]bool, len(p.nodes))
	for _, n := range p.nodes {
		out[n.id] = true
	}
	return out
}
