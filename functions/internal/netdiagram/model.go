package netdiagram

// Kind says what a box stands for.
type Kind string

// Box kinds. VPCs, subnets and the gateways (igw, nat, vgw, tgw, cgw) of
// the input each appear exactly once across a diagram set; the others are
// containers, chips or stand-ins.
const (
	KindVPC          Kind = "vpc"           // a VPC: label, gateways, AZs, endpoints
	KindVPCContinued Kind = "vpc-continued" // the rest of a VPC that did not fit its part
	KindAZ           Kind = "az"            // an availability zone column inside a VPC
	KindSubnet       Kind = "subnet"        // a subnet; Public says which kind
	KindIGW          Kind = "igw"           // internet gateway
	KindNAT          Kind = "nat"           // NAT gateway
	KindVGW          Kind = "vgw"           // virtual private gateway
	KindTGW          Kind = "tgw"           // transit gateway
	KindCGW          Kind = "cgw"           // customer gateway
	KindEndpoint     Kind = "endpoint"      // VPC endpoint
	KindExternal     Kind = "external"      // a peer VPC outside this account and region
	KindRef          Kind = "ref"           // stands for something drawn in another part
	KindWorkload     Kind = "workload"      // resources of one service in a subnet; see Service
)

// LinkKind says what a link stands for.
type LinkKind string

// Link kinds.
const (
	LinkPeering LinkKind = "peering" // VPC peering connection
	LinkVPN     LinkKind = "vpn"     // site-to-site VPN connection
	LinkTGW     LinkKind = "tgw"     // a VPC's route to a transit gateway
)

// Size is a width and a height in points.
type Size struct {
	W float64 `json:"w"`
	H float64 `json:"h"`
}

// The pages a diagram is laid out for, in points: the report's text width
// on A4 (2 cm side margins, 2.5 cm top and bottom) and the height it lets a
// picture take under its heading and above its caption. A diagram is at
// most as wide as its page, and at most 7.7% taller (legibleScale): the
// report places it at its natural size, or shrinks it a little, so that
// 7 pt text prints at 6.5 pt or more.
var (
	PortraitPage  = Size{W: 9638.0 / 20, H: 12002.0 / 20} // 481.9 x 600.1
	LandscapePage = Size{W: 14570.0 / 20, H: 7870.0 / 20} // 728.5 x 393.5
)

// legibleScale is the most the report may shrink a diagram to fit its
// page: the smallest text, 7 pt, then prints at 6.5 pt. A diagram is at
// most its page's height divided by this.
const legibleScale = 6.5 / 7

// Diagram is the drawing of one account and region, or of one part of it
// when it does not fit a page. Coordinates are points from the top left.
type Diagram struct {
	Title     string  `json:"title"`
	AccountID string  `json:"accountId"`
	Region    string  `json:"region"`
	Part      int     `json:"part"`  // 1-based
	Parts     int     `json:"parts"` // how many diagrams the account and region take
	Width     float64 `json:"width"`
	Height    float64 `json:"height"`
	Boxes     []Box   `json:"boxes"`
	Links     []Link  `json:"links"`
	Legend    Legend  `json:"legend"`
}

// Box is a rectangle with a label: a container (VPC, AZ, subnet), a
// gateway or endpoint, a workload chip or a node outside the VPCs. Boxes
// are listed parents first.
type Box struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"` // unique in the diagram; the AWS id when there is one
	// Label is the text drawn, one line each, already cleaned and cut to
	// fit the box.
	Label []string `json:"label"`
	// Tooltip is the whole text before cutting, for the SVG's hover text.
	Tooltip string  `json:"tooltip,omitempty"`
	Service string  `json:"service,omitempty"` // a workload's service: ec2, elb, rds, elasticache, eks
	Public  bool    `json:"public,omitempty"`  // a subnet that routes to an internet gateway
	Parent  string  `json:"parent,omitempty"`  // the containing box's ID; empty: the diagram
	X       float64 `json:"x"`
	Y       float64 `json:"y"`
	W       float64 `json:"w"`
	H       float64 `json:"h"`
}

// Rect is the box's rectangle.
func (b *Box) Rect() Rect { return Rect{b.X, b.Y, b.W, b.H} }

// Point is a position in points.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Rect is a rectangle in points.
type Rect struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	W float64 `json:"w"`
	H float64 `json:"h"`
}

// Link joins two boxes by an orthogonal path.
type Link struct {
	Kind  LinkKind `json:"kind"`
	From  string   `json:"from"` // box IDs
	To    string   `json:"to"`
	Label string   `json:"label,omitempty"` // cut to fit LabelBox
	// Points is the path from From's edge to To's edge.
	Points []Point `json:"points"`
	// LabelBox is where the label sits, on or beside the path.
	LabelBox *Rect `json:"labelBox,omitempty"`
	// Leader joins a label that is not on the path to it.
	Leader []Point `json:"leader,omitempty"`
}

// Legend explains the symbols the diagram uses, and only those.
type Legend struct {
	Rect
	Items []LegendItem `json:"items"`
}

// LegendItem is a sample of a box or a link followed by its meaning.
type LegendItem struct {
	Box     Kind     `json:"box,omitempty"` // the sample is a box of this kind…
	Service string   `json:"service,omitempty"`
	Public  bool     `json:"public,omitempty"`
	Link    LinkKind `json:"link,omitempty"` // …or a link of this kind
	Label   string   `json:"label"`
	Sample  Rect     `json:"sample"`
	Text    Rect     `json:"text"`
}

// Landscape reports whether the diagram is laid out for a landscape page:
// wider than the portrait text width (and then wider than tall). A diagram
// that fits a portrait page is laid out for it, so the report needs no
// landscape section for it.
func (d *Diagram) Landscape() bool { return d.Width > PortraitPage.W+0.5 }

// Page is the page the diagram is laid out for.
func (d *Diagram) Page() Size {
	if d.Landscape() {
		return LandscapePage
	}
	return PortraitPage
}

func (r Rect) right() float64  { return r.X + r.W }
func (r Rect) bottom() float64 { return r.Y + r.H }

// overlaps reports whether two rectangles share more than an edge.
func (r Rect) overlaps(o Rect) bool {
	const eps = 0.01
	return r.X+eps < o.right() && o.X+eps < r.right() && r.Y+eps < o.bottom() && o.Y+eps < r.bottom()
}

// contains reports whether o lies inside r.
func (r Rect) contains(o Rect) bool {
	const eps = 0.01
	return o.X >= r.X-eps && o.Y >= r.Y-eps && o.right() <= r.right()+eps && o.bottom() <= r.bottom()+eps
}
