package netdiagram

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// Page furniture, in points.
const (
	margin   = 10.0
	pieceGap = 8.0 // between VPCs
)

// Build draws the network of one account and region from its records
// (records of other accounts, regions and services are ignored). It
// returns no diagram when the region has no VPC, one when everything fits
// a page legibly, and else one per page-sized part, in order.
func Build(accountID, region string, records []inventory.Record) []*Diagram {
	e := readEstate(accountID, region, records)
	if len(e.vpcs) == 0 {
		return nil
	}
	portrait := layoutEstate(e, PortraitPage)
	if len(portrait) == 1 {
		return portrait
	}
	landscape := layoutEstate(e, LandscapePage)
	if len(landscape) < len(portrait) {
		return landscape
	}
	return portrait
}

// BuildAll builds the diagrams of every account and region in records
// that has a VPC (or a subnet, whose VPC the scan missed), ordered by
// account then region.
func BuildAll(records []inventory.Record) []*Diagram {
	type unit struct{ account, region string }
	var units []unit
	for _, r := range records {
		u := unit{r.AccountID, r.Region}
		if (r.Service == "vpc" || r.Service == "subnet") && !slices.Contains(units, u) {
			units = append(units, u)
		}
	}
	slices.SortFunc(units, func(a, b unit) int {
		return cmp.Or(cmp.Compare(a.account, b.account), cmp.Compare(a.region, b.region))
	})
	var out []*Diagram
	for _, u := range units {
		out = append(out, Build(u.account, u.region, records)...)
	}
	return out
}

// layoutEstate lays the estate out on pages of one size. The room the
// title, the nodes outside the VPCs and the legend take on a page depends
// on what lands there, so it is guessed, and the pages are cut again with
// more room on any that came out too tall.
func layoutEstate(e *estate, page Size) []*Diagram {
	whole := connect(e, [][]*piece{vpcPieces(e)})
	vpcW := page.W - 2*margin - gutterWidth(whole[0].laneCount())
	grids := make([]*vpcGrid, len(e.vpcs))
	for i, v := range e.vpcs {
		grids[i] = layoutVPC(v, vpcW)
	}
	room := pageRoom{height: page.H / legibleScale, minimum: minChrome}
	var out []*Diagram
	for range 8 {
		plans := connect(e, paginate(grids, room.avail))
		out = make([]*Diagram, len(plans))
		fits := true
		for i, p := range plans {
			out[i] = p.draw(e, vpcW, i+1, len(plans))
			if out[i].Height > room.height+0.01 {
				room.reserve(i, out[i].Height-p.stackHeight())
				fits = false
			}
		}
		if fits {
			break
		}
	}
	return out
}

// minChrome is the least a page takes besides VPCs: margins, the title
// and a line of legend.
var minChrome = 2*margin + styleTitle.lineHeight() + gap/2 + gap + legendRow + 3

// pageRoom is the height left for VPCs on each page.
type pageRoom struct {
	height  float64   // the most a diagram may be: the page's, over legibleScale
	chrome  []float64 // by page: what is not VPCs, as last seen
	minimum float64   // the least chrome of any page
}

func (r *pageRoom) avail(page int) float64 {
	if page < len(r.chrome) {
		return r.height - r.chrome[page]
	}
	return r.height - r.minimum
}

// reserve makes room for chrome points of furniture on a page.
func (r *pageRoom) reserve(page int, chrome float64) {
	for len(r.chrome) <= page {
		r.chrome = append(r.chrome, r.minimum)
	}
	r.chrome[page] = max(r.chrome[page], chrome)
}

// stackHeight is the height the plan's VPC pieces take.
func (p *plan) stackHeight() float64 {
	h := 0.0
	for i, pc := range p.pieces {
		if i > 0 {
			h += pieceGap
		}
		h += pc.h
	}
	return h
}

// vpcPieces is every VPC whole, for the links of a single page.
func vpcPieces(e *estate) []*piece {
	out := make([]*piece, len(e.vpcs))
	for i, v := range e.vpcs {
		out[i] = &piece{g: &vpcGrid{v: v}}
	}
	return out
}

// startAnyway is how much of a page must be left to start a VPC there that
// is to be cut anyway, being taller than a page.
const startAnyway = 0.4

// paginate fills pages with VPCs, in order. A VPC that does not fit the
// rest of a page starts a new one, unless it is taller than a page and
// much of this one is left; a VPC is cut between rows of subnets and
// continues on the next page.
func paginate(grids []*vpcGrid, avail func(page int) float64) [][]*piece {
	pg := &pager{avail: avail, pages: [][]*piece{nil}}
	for _, g := range grids {
		h, room := g.height(), pg.room()
		if pg.used > 0 && pieceGap+h > room && (h <= avail(len(pg.pages)) || room < startAnyway*avail(len(pg.pages)-1)) {
			pg.newPage()
		}
		pg.start(g, false)
		for b := range g.bands {
			for r := range g.bands[b].rows {
				pg.add(func(p *piece) float64 { return p.rowCost(b, r) }, func(p *piece) { p.addRow(b, r) })
			}
		}
		if g.epH > 0 {
			pg.addTail()
		}
		pg.commit()
	}
	return pg.pages
}

type pager struct {
	avail func(page int) float64
	used  float64 // on the last page
	pages [][]*piece
	cur   *piece
}

// room is what is left of the current page.
func (pg *pager) room() float64 { return pg.avail(len(pg.pages)-1) - pg.used }

func (pg *pager) newPage() {
	pg.pages = append(pg.pages, nil)
	pg.used = 0
}

func (pg *pager) start(g *vpcGrid, cont bool) {
	pg.cur = &piece{g: g}
	pg.cur.begin(cont)
}

// add adds a row to the current piece, first moving on to a new page when
// the row would overflow this one and the piece already holds something.
func (pg *pager) add(cost func(*piece) float64, add func(*piece)) {
	if !pg.fits(cost(pg.cur)) && !pg.cur.empty() {
		pg.breakPage()
	}
	add(pg.cur)
}

// addTail adds the endpoints, which take the last row of subnets with
// them to the next page rather than go there alone.
func (pg *pager) addTail() {
	if !pg.fits(pg.cur.tailCost()) && !pg.cur.empty() {
		b, r, ok := pg.cur.popRow()
		pg.breakPage()
		if ok {
			pg.cur.addRow(b, r)
		}
	}
	pg.cur.addTail()
}

// fits reports whether the current piece can grow by h on this page.
func (pg *pager) fits(h float64) bool {
	sep := 0.0
	if pg.used > 0 {
		sep = pieceGap
	}
	return pg.used+sep+pg.cur.h+h <= pg.avail(len(pg.pages)-1)
}

// breakPage ends the current piece and continues its VPC on a new page.
func (pg *pager) breakPage() {
	g := pg.cur.g
	pg.commit()
	pg.newPage()
	pg.start(g, true)
}

func (pg *pager) commit() {
	last := len(pg.pages) - 1
	if pg.used > 0 {
		pg.used += pieceGap
	}
	pg.used += pg.cur.h
	pg.pages[last] = append(pg.pages[last], pg.cur)
}

func itoa(i int) string { return strconv.Itoa(i) }

// diagramTitle names the account, the region and the part.
func diagramTitle(e *estate, part, parts int) string {
	t := fmt.Sprintf("Network · account %s · %s", clean(e.account), clean(e.region))
	if parts > 1 {
		t += fmt.Sprintf(" · part %d of %d", part, parts)
	}
	return t
}
