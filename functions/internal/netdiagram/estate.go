package netdiagram

import (
	"cmp"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// estate is one account and region's network, read from its records: what
// the layout draws, before any geometry.
type estate struct {
	account, region string
	vpcs            []*vpc
	vpcByID         map[string]*vpc
	subnetByID      map[string]*subnet
	gateways        map[string]*node // every gateway and peer VPC node by id, wherever it is drawn
	tgws            []*node          // transit gateways, outside the VPCs
	cgws            []*node          // customer gateways
	externals       []*node          // peer VPCs outside the account and region
	loose           []*node          // gateways and endpoints whose VPC is not drawn
	peerings        []peering
	vpns            []vpn
}

// unknownVPC holds the subnets whose VPC the records do not say.
const unknownVPC = "vpc-unknown"

// node is a gateway, endpoint or external peer: something drawn as one box.
type node struct {
	kind  Kind
	id    string
	label []string
	short string // one line, for a stand-in in another part
}

type vpc struct {
	id, name, cidr string
	gateways       []*node // internet and virtual private gateways, NATs without a subnet
	endpoints      []*node
	azs            []*az
	tgws           []string // transit gateways its route tables route to
}

type az struct {
	name    string
	subnets []*subnet
}

type subnet struct {
	id, name, cidr string
	public         bool
	nats           []*node
	workloads      []*workload // in display order
}

// workload is a resource drawn as a chip in its home subnet: the first of
// its subnets in layout order, or the one in its availability zone.
type workload struct {
	service, id, name string
	others            int // other subnets it also sits in
}

type peering struct {
	id, label string
	vpcs      []string // requester and accepter
	remote    string
}

type vpn struct {
	id, label string
	cgw, gw   string // customer gateway; virtual private or transit gateway
}

// services lists the record kinds the diagram reads.
var services = map[string]bool{
	"vpc": true, "subnet": true, "route_table": true, "internet_gateway": true,
	"nat_gateway": true, "vpc_endpoint": true, "vpc_peering": true,
	"customer_gateway": true, "virtual_private_gateway": true, "vpn_connection": true,
	"ec2": true, "elb": true, "rds": true, "elasticache": true, "eks": true,
}

// workloadOrder is the order of workload chips in a subnet.
var workloadOrder = []string{"elb", "ec2", "eks", "rds", "elasticache"}

// readEstate reads the records of one account and region.
func readEstate(account, region string, records []inventory.Record) *estate {
	e := &estate{account: account, region: region, vpcByID: map[string]*vpc{},
		subnetByID: map[string]*subnet{}, gateways: map[string]*node{}}
	by := map[string][]*inventory.Record{}
	seen := map[[2]string]bool{}
	for i := range records {
		r := &records[i]
		key := [2]string{r.Service, r.ID}
		if r.AccountID == account && r.Region == region && services[r.Service] && r.ID != "" && !seen[key] {
			seen[key] = true
			by[r.Service] = append(by[r.Service], r)
		}
	}
	for _, s := range by {
		slices.SortStableFunc(s, func(a, b *inventory.Record) int { return cmp.Compare(a.ID, b.ID) })
	}
	e.readVPCs(by["vpc"], by["subnet"])
	e.readRoutes(by["route_table"])
	e.readGateways(by)
	e.readEndpoints(by["vpc_endpoint"])
	e.readPeerings(by["vpc_peering"])
	e.readVPNs(by["customer_gateway"], by["vpn_connection"])
	e.readWorkloads(by)
	return e
}

// netOf is a record's network relations; none when the scanner gave none.
func netOf(r *inventory.Record) inventory.Net {
	if r.Net == nil {
		return inventory.Net{}
	}
	return *r.Net
}

// title is a resource's name, or its id when it has none.
func title(name, id string) string {
	if name = clean(name); name != "" {
		return name
	}
	return clean(id)
}

// column is a record's column, empty when the document shows a dash.
func column(r *inventory.Record, name string) string {
	if v := r.Columns[name]; v != "-" {
		return v
	}
	return ""
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func (e *estate) readVPCs(vpcs, subnets []*inventory.Record) {
	for _, r := range vpcs {
		e.addVPC(r.ID, r.Name, firstNonEmpty(netOf(r).CIDR, column(r, "CIDR")))
	}
	zones := map[*vpc]map[string]*az{}
	for _, r := range subnets {
		n := netOf(r)
		vpcID := firstNonEmpty(n.VPC, unknownVPC)
		v := e.vpcByID[vpcID]
		if v == nil {
			v = e.addVPC(vpcID, "", "") // a subnet of a VPC the scan did not list
		}
		zone := clean(firstNonEmpty(n.AZ, column(r, "AZ")))
		if zones[v] == nil {
			zones[v] = map[string]*az{}
		}
		z := zones[v][zone]
		if z == nil {
			z = &az{name: zone}
			zones[v][zone] = z
			v.azs = append(v.azs, z)
		}
		s := &subnet{id: r.ID, name: r.Name, cidr: firstNonEmpty(n.CIDR, column(r, "CIDR"))}
		z.subnets = append(z.subnets, s)
		e.subnetByID[r.ID] = s
	}
	slices.SortFunc(e.vpcs, func(a, b *vpc) int {
		return cmp.Or(cmp.Compare(title(a.name, a.id), title(b.name, b.id)), cmp.Compare(a.id, b.id))
	})
}

func (e *estate) addVPC(id, name, cidr string) *vpc {
	if v := e.vpcByID[id]; v != nil {
		return v
	}
	v := &vpc{id: id, name: name, cidr: cidr}
	e.vpcByID[id] = v
	e.vpcs = append(e.vpcs, v)
	return v
}

// readRoutes decides which subnets are public and which VPCs route to a
// transit gateway. A subnet uses its explicitly associated route table,
// else its VPC's main one; it is public when that table routes to an
// internet gateway. Subnets are then sorted: public first, by name.
func (e *estate) readRoutes(tables []*inventory.Record) {
	explicit, main := map[string]inventory.Net{}, map[string]inventory.Net{}
	for _, r := range tables {
		n := netOf(r)
		for _, s := range n.Subnets {
			explicit[s] = n
		}
		if n.Main {
			main[n.VPC] = n
		}
		if v := e.vpcByID[n.VPC]; v != nil {
			for _, rt := range n.Routes {
				if strings.HasPrefix(rt.Target, "tgw-") && !slices.Contains(v.tgws, rt.Target) {
					v.tgws = append(v.tgws, rt.Target)
				}
			}
		}
	}
	for _, v := range e.vpcs {
		slices.Sort(v.tgws)
		for _, t := range v.tgws {
			e.transit(t)
		}
		for _, z := range v.azs {
			for _, s := range z.subnets {
				table, ok := explicit[s.id]
				if !ok {
					table = main[v.id]
				}
				s.public = routesToIGW(table.Routes)
			}
			slices.SortFunc(z.subnets, compareSubnets)
		}
		slices.SortFunc(v.azs, func(a, b *az) int { return cmp.Compare(a.name, b.name) })
	}
}

func routesToIGW(routes []inventory.Route) bool {
	return slices.ContainsFunc(routes, func(r inventory.Route) bool { return strings.HasPrefix(r.Target, "igw-") })
}

func compareSubnets(a, b *subnet) int {
	if a.public != b.public {
		if a.public {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(title(a.name, a.id), title(b.name, b.id)), cmp.Compare(a.id, b.id))
}

// transit returns the transit gateway node of id, adding it on first use:
// transit gateways have no records of their own.
func (e *estate) transit(id string) *node {
	if n := e.gateways[id]; n != nil {
		return n
	}
	n := &node{kind: KindTGW, id: id, label: []string{"Transit gateway", clean(id)}, short: "Transit gateway " + clean(id)}
	e.gateways[id] = n
	e.tgws = append(e.tgws, n)
	return n
}

// attached is the first drawn VPC a gateway is attached to.
func (e *estate) attached(n inventory.Net) *vpc {
	for _, id := range append([]string{n.VPC}, n.Peers...) {
		if v := e.vpcByID[id]; v != nil && id != "" {
			return v
		}
	}
	return nil
}

func (e *estate) readGateways(by map[string][]*inventory.Record) {
	for _, r := range by["internet_gateway"] {
		e.placeEdge(r, KindIGW, "IGW", "Internet gateway")
	}
	for _, r := range by["virtual_private_gateway"] {
		e.placeEdge(r, KindVGW, "VGW", "Virtual private gateway")
	}
	for _, r := range by["nat_gateway"] {
		n := netOf(r)
		g := &node{kind: KindNAT, id: r.ID, label: []string{"NAT " + title(r.Name, r.ID)}, short: "NAT " + title(r.Name, r.ID)}
		e.gateways[r.ID] = g
		switch s, v := e.subnetOf(n.Subnets), e.vpcByID[n.VPC]; {
		case s != nil:
			s.nats = append(s.nats, g)
		case v != nil:
			v.gateways = append(v.gateways, g)
		default:
			g.label = []string{"NAT gateway", title(r.Name, r.ID), "VPC not drawn"}
			e.loose = append(e.loose, g)
		}
	}
}

// placeEdge puts an internet or virtual private gateway on its VPC's edge,
// or outside the VPCs when it is detached.
func (e *estate) placeEdge(r *inventory.Record, kind Kind, short, long string) {
	g := &node{kind: kind, id: r.ID, label: []string{short + " " + title(r.Name, r.ID)}, short: short + " " + title(r.Name, r.ID)}
	e.gateways[r.ID] = g
	if v := e.attached(netOf(r)); v != nil {
		v.gateways = append(v.gateways, g)
		return
	}
	g.label = []string{long, title(r.Name, r.ID), "detached"}
	e.loose = append(e.loose, g)
}

func (e *estate) subnetOf(ids []string) *subnet {
	for _, id := range ids {
		if s := e.subnetByID[id]; s != nil {
			return s
		}
	}
	return nil
}

func (e *estate) readEndpoints(records []*inventory.Record) {
	for _, r := range records {
		label := shortService(column(r, "Service Name"), e.region)
		if t := strings.ToLower(clean(column(r, "Type"))); t != "" {
			label += " · " + t
		}
		g := &node{kind: KindEndpoint, id: r.ID, label: []string{label}, short: "Endpoint " + label}
		if v := e.vpcByID[firstNonEmpty(netOf(r).VPC, column(r, "VPC"))]; v != nil {
			v.endpoints = append(v.endpoints, g)
			continue
		}
		g.label = []string{"VPC endpoint", label}
		e.loose = append(e.loose, g)
	}
}

// shortService shortens an endpoint's service name:
// com.amazonaws.eu-west-1.s3 is s3, com.amazonaws.vpce.eu-west-1.vpce-svc-1
// is vpce-svc-1.
func shortService(name, region string) string {
	if name = clean(name); name == "" {
		return "endpoint"
	}
	if region != "" {
		if _, after, ok := strings.Cut(name, "."+region+"."); ok {
			return after
		}
	}
	return strings.TrimPrefix(name, "com.amazonaws.")
}

func (e *estate) readPeerings(records []*inventory.Record) {
	for _, r := range records {
		n := netOf(r)
		p := peering{id: r.ID, label: connectionLabel(r), remote: clean(n.Remote)}
		for _, id := range n.Peers {
			if id != "" && !slices.Contains(p.vpcs, id) {
				p.vpcs = append(p.vpcs, id)
			}
		}
		if len(p.vpcs) == 0 {
			continue
		}
		remote := p.remote
		for _, id := range p.vpcs {
			if e.vpcByID[id] == nil {
				e.external(id, remote)
				remote = ""
			}
		}
		e.peerings = append(e.peerings, p)
	}
}

// connectionLabel names a peering or VPN connection by its name and id.
func connectionLabel(r *inventory.Record) string {
	if name := clean(r.Name); name != "" {
		return name + " (" + clean(r.ID) + ")"
	}
	return clean(r.ID)
}

// external returns the node of a peer VPC outside the unit.
func (e *estate) external(id, remote string) *node {
	key := "ext:" + id
	if n := e.gateways[key]; n != nil {
		return n
	}
	n := &node{kind: KindExternal, id: key, label: append([]string{"Peer VPC"}, remoteLines(id, remote)...),
		short: "Peer VPC " + clean(id)}
	e.gateways[key] = n
	e.externals = append(e.externals, n)
	return n
}

// remoteLines says where a peer VPC lives in two lines when Remote reads
// "vpc-123 (111122223333, us-east-1)", as the scanner writes it.
func remoteLines(id, remote string) []string {
	if head, rest, ok := strings.Cut(remote, " ("); ok && strings.HasSuffix(rest, ")") {
		return []string{head, "(" + rest}
	}
	return []string{firstNonEmpty(remote, clean(id))}
}

func (e *estate) readVPNs(cgws, conns []*inventory.Record) {
	for _, r := range cgws {
		e.customer(r.ID, title(r.Name, r.ID), column(r, "IP Address"))
	}
	for _, r := range conns {
		c := vpn{id: r.ID, label: connectionLabel(r)}
		for _, id := range netOf(r).Peers {
			switch {
			case strings.HasPrefix(id, "cgw-"):
				c.cgw = id
				e.customer(id, clean(id), "")
			case strings.HasPrefix(id, "tgw-"):
				c.gw = id
				e.transit(id)
			case strings.HasPrefix(id, "vgw-"):
				c.gw = id
			}
		}
		if c.cgw != "" && c.gw != "" && e.gateways[c.gw] != nil {
			e.vpns = append(e.vpns, c)
		}
	}
}

// customer returns the node of a customer gateway, adding it on first use.
func (e *estate) customer(id, name, ip string) *node {
	if n := e.gateways[id]; n != nil {
		return n
	}
	if ip = clean(ip); ip == "" {
		ip = "IP unknown"
	}
	n := &node{kind: KindCGW, id: id, label: []string{"Customer gateway", name, ip}, short: "Customer gateway " + name}
	e.gateways[id] = n
	e.cgws = append(e.cgws, n)
	return n
}

// readWorkloads homes each workload in one subnet: the first of its
// subnets in layout order, or for an RDS instance the one in its zone.
func (e *estate) readWorkloads(by map[string][]*inventory.Record) {
	order := map[string]int{}
	zone := map[string]string{}
	for _, v := range e.vpcs {
		for _, z := range v.azs {
			for _, s := range z.subnets {
				order[s.id] = len(order)
				zone[s.id] = z.name
			}
		}
	}
	for _, service := range workloadOrder {
		for _, r := range by[service] {
			n := netOf(r)
			var mine []string
			for _, id := range n.Subnets {
				if _, ok := order[id]; ok && !slices.Contains(mine, id) {
					mine = append(mine, id)
				}
			}
			if len(mine) == 0 {
				continue
			}
			elsewhere := func(id string) int { return boolInt(n.AZ == "" || zone[id] != n.AZ) }
			home := slices.MinFunc(mine, func(a, b string) int {
				return cmp.Or(cmp.Compare(elsewhere(a), elsewhere(b)), cmp.Compare(order[a], order[b]))
			})
			s := e.subnetByID[home]
			s.workloads = append(s.workloads, &workload{service: service, id: r.ID,
				name: workloadName(r), others: len(mine) - 1})
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// balancerKinds name load balancers by their Type column; a classic one
// has none.
var balancerKinds = map[string]string{"application": "ALB", "network": "NLB", "gateway": "GWLB"}

// workloadName is a chip's name; a load balancer's says its kind and
// whether it is internal.
func workloadName(r *inventory.Record) string {
	name := title(r.Name, r.ID)
	if r.Service != "elb" {
		return name
	}
	kind := balancerKinds[strings.ToLower(column(r, "Type"))]
	if kind == "" {
		kind = "ELB"
	}
	if strings.EqualFold(column(r, "Scheme"), "internal") {
		return kind + " " + name + " (internal)"
	}
	return kind + " " + name
}
