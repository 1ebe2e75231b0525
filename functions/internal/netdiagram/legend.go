package netdiagram

// Legend geometry, in points.
const (
	sampleW    = 16.0
	sampleH    = 9.0
	legendRow  = 11.0
	legendGap  = 10.0 // between items
	sampleText = 3.0  // between a sample and its text
)

// legendEntries is every legend entry in order; a diagram lists those it
// uses.
var legendEntries = []LegendItem{
	{Box: KindVPC, Label: "VPC"},
	{Box: KindVPCContinued, Label: "VPC continued"},
	{Box: KindAZ, Label: "Availability zone"},
	{Box: KindSubnet, Public: true, Label: "Public subnet"},
	{Box: KindSubnet, Label: "Private subnet"},
	{Box: KindIGW, Label: "Internet gateway"},
	{Box: KindNAT, Label: "NAT gateway"},
	{Box: KindVGW, Label: "Virtual private gateway"},
	{Box: KindTGW, Label: "Transit gateway"},
	{Box: KindCGW, Label: "Customer gateway"},
	{Box: KindEndpoint, Label: "VPC endpoint"},
	{Box: KindExternal, Label: "Peer VPC elsewhere"},
	{Box: KindRef, Label: "Drawn in another part"},
	{Box: KindWorkload, Service: "elb", Label: "Load balancer"},
	{Box: KindWorkload, Service: "ec2", Label: "EC2 instance"},
	{Box: KindWorkload, Service: "eks", Label: "EKS cluster"},
	{Box: KindWorkload, Service: "rds", Label: "RDS instance"},
	{Box: KindWorkload, Service: "elasticache", Label: "ElastiCache cluster"},
	{Link: LinkPeering, Label: "VPC peering"},
	{Link: LinkVPN, Label: "Site-to-site VPN"},
	{Link: LinkTGW, Label: "Transit gateway route"},
}

// placeLegend lists what the diagram uses at y across w points, wrapping,
// and returns its bottom.
func placeLegend(d *Diagram, y, w float64) float64 {
	used := d.usedSymbols()
	lg := Legend{Rect: Rect{X: margin, Y: y, W: w}, Items: []LegendItem{}}
	x, rowY := margin, y+3
	for _, e := range legendEntries {
		if !used[symbolOf(e.Box, e.Service, e.Public, e.Link)] {
			continue
		}
		textW := styleText.width(e.Label)
		itemW := min(sampleW+sampleText+textW, w)
		if x > margin && x+itemW > margin+w {
			x, rowY = margin, rowY+legendRow
		}
		e.Label = styleText.fit(e.Label, itemW-sampleW-sampleText)
		e.Sample = Rect{x, rowY + (legendRow-sampleH)/2 - 1, sampleW, sampleH}
		e.Text = Rect{x + sampleW + sampleText, rowY - 1, styleText.width(e.Label), styleText.lineHeight()}
		lg.Items = append(lg.Items, e)
		x += itemW + legendGap
	}
	lg.H = rowY + legendRow - y
	if len(lg.Items) == 0 {
		lg.H = 0
	}
	d.Legend = lg
	return y + lg.H
}

type symbol struct {
	box     Kind
	service string
	public  bool
	link    LinkKind
}

func symbolOf(box Kind, service string, public bool, link LinkKind) symbol {
	return symbol{box, service, public && box == KindSubnet, link}
}

// usedSymbols is the set of box and link kinds the diagram draws.
func (d *Diagram) usedSymbols() map[symbol]bool {
	used := map[symbol]bool{}
	for _, b := range d.Boxes {
		used[symbolOf(b.Kind, b.Service, b.Public, "")] = true
	}
	for _, l := range d.Links {
		used[symbolOf("", "", false, l.Kind)] = true
	}
	return used
}
