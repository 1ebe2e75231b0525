// Package netdiagram draws the network of one AWS account and region from
// scan records alone (inventory.Record and its Net), as PNG for the Word
// report and SVG for the web console. It is pure Go: the Go fonts are
// embedded, so the text is measured with the metrics it is drawn with.
//
// Build reads the records into an estate (VPCs, their AZs and subnets,
// gateways, endpoints, connections, workloads), lays it out as a model of
// boxes and links in points (Diagram), and the model renders itself. The
// layout rules, and why:
//
// Pages. A report prints the diagram, so it is laid out for the report's
// text area: 481.9 pt wide on a portrait A4 page, 728.5 on a landscape
// one. Every text is at least 7 pt, and a diagram is at most as wide as
// its page and at most 7.7% taller than the page lets a picture be, so
// the report places it at its natural size or shrinks it a little, and
// nothing prints below 6.5 pt. Build prefers a portrait page (no section
// break) and takes a landscape one only when that needs fewer diagrams,
// as with VPCs over four or five AZs, which wrap on a portrait page.
//
// Growing down, not across. The width is fixed by the page; what does not
// fit across wraps into more rows. VPCs are stacked, each as wide as the
// page. Inside a VPC its AZs are columns side by side, as many as fit at
// 120 pt, wrapped into balanced bands (four AZs on a portrait page are two
// bands of two, not three and one). In an AZ the subnets are stacked,
// public before private; past four high they go side by side as far as
// 105 pt wide subnets fit. Rows line up across the AZs of a band, so the
// public subnets read as one tier.
//
// Splitting. When a region does not fit a page, it becomes several
// diagrams ("part 2 of 3"): VPCs fill pages in order, a VPC that does not
// fit the rest of a page starts the next one, and a VPC taller than a page
// is cut between rows of subnets and continues in a dashed "continued"
// frame with its AZ headings repeated. Every VPC, subnet and gateway is
// drawn exactly once across the set; a link to something drawn in another
// part ends at a dashed stand-in that names the part (KindRef).
//
// Inside a VPC. The heading names the VPC, its id and CIDR; its internet
// and virtual private gateways sit under the heading, the virtual private
// gateway first so that its VPN link reaches it from the left without
// crossing anything; its endpoints are listed at the bottom ("s3 ·
// gateway"). A subnet says its name, CIDR and whether it is public: public
// when its route table (its explicit association, else the VPC's main
// table) routes to an internet gateway; with no route table known it is
// private. Its NAT gateways and workloads are chips in it.
//
// Workloads. Per subnet and service, up to three resources are chips with
// their names ("EC2 web-1"), more are one chip with the count ("EC2 ×
// 12"). A resource in several subnets (a load balancer, an RDS subnet
// group, an EKS cluster, an ElastiCache subnet group) is drawn once, in
// its first subnet in layout order (an RDS instance: the subnet of its
// AZ), saying how many others it spans ("ALB web +1 subnet"): counting it
// in each subnet would show more resources than there are.
//
// Outside the VPCs. Transit gateways (one per region, known only from
// routes and VPN connections), customer gateways with their IP, peer VPCs
// in other accounts or regions (labelled from Net.Remote) and detached
// gateways are nodes in a row above the VPCs.
//
// Links, without a router. Links are orthogonal and run only through room
// kept for them, so they never cross a box: each link from a node drops to
// a row of its own under the nodes, runs left to a lane of its own in a
// gutter left of the VPCs, down it, and right into the VPC's edge (or the
// virtual private gateway at its head). A transit gateway's links share
// one lane, like a bus. A peering between two VPCs of the diagram is a
// bracket in its lane with its label in its row. Rows are ordered by where
// their links drop and lanes by row, so a row's segment is crossed by no
// other link, and its label sits on it without hiding one. Links between
// two nodes (a VPN to a transit gateway) run along a row under them.
//
// Text from the scanned account is hostile until cleaned: control and
// formatting characters (bidirectional overrides, zero-width joiners) are
// dropped, white space collapsed, invalid UTF-8 replaced; every label is
// cut with an ellipsis to the width of its box as measured with the font
// (a glyph the Go fonts lack counts as a full em). The SVG escapes all
// text, gives each text its measured width (textLength) so that it fits in
// whatever font the browser uses, and keeps each box's whole label as a
// tooltip.
//
// Colours follow the AWS architecture icons loosely: VPC green, public
// subnets pale green, private subnets pale teal, AZs dashed blue, gateways
// purple (customer gateways, on premises, grey), compute orange, databases
// blue and magenta; dark text on pale fills, white on dark ones.
package netdiagram
