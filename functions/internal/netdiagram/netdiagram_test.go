package netdiagram

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// estates are the estates every invariant is checked on.
var estates = []struct {
	name    string
	records func() []inventory.Record
	parts   func(n int) bool // how many diagrams it may take
}{
	{"demo", demoEstate, func(n int) bool { return n == 1 }},
	{"1 subnet", func() []inventory.Record { return generated(1, 40) }, func(n int) bool { return n == 1 }},
	{"20 subnets", func() []inventory.Record { return generated(20, 40) }, func(n int) bool { return n == 1 }},
	{"200 subnets", func() []inventory.Record { return generated(200, 40) }, func(n int) bool { return n > 1 }},
	{"200 subnets in one VPC", func() []inventory.Record { return generated(200, 200) }, func(n int) bool { return n > 1 }},
	{"10 VPCs of 2 subnets", func() []inventory.Record { return generated(20, 2) }, func(n int) bool { return n >= 1 }},
	{"hostile names", hostileEstate, func(n int) bool { return n == 1 }},
	{"VPCs over four AZs", func() []inventory.Record { return wideEstate(2) }, func(n int) bool { return n == 1 }},
}

func TestInvariants(t *testing.T) {
	for _, tc := range estates {
		t.Run(tc.name, func(t *testing.T) {
			records := tc.records()
			ds := Build(testAccount, testRegion, records)
			if !tc.parts(len(ds)) {
				t.Errorf("%d diagrams", len(ds))
			}
			checkSet(t, records, ds)
			for i, d := range ds {
				checkSVG(t, d)
				if i > 0 && i < len(ds)-1 {
					continue // the first and last parts draw all there is to draw
				}
				size := checkPNG(t, d)
				w, h := d.PixelSize()
				t.Logf("part %d/%d: %.0fx%.0f pt, landscape %v, %d boxes, %d links; PNG %dx%d px, %d bytes",
					d.Part, d.Parts, d.Width, d.Height, d.Landscape(), len(d.Boxes), len(d.Links), w, h, size)
			}
		})
	}
}

// TestBothOrientations checks the layout on each page size, whichever
// Build would choose.
func TestBothOrientations(t *testing.T) {
	for _, tc := range estates {
		for _, page := range []Size{PortraitPage, LandscapePage} {
			t.Run(fmt.Sprintf("%s on %gx%g", tc.name, page.W, page.H), func(t *testing.T) {
				records := tc.records()
				ds := layoutEstate(readEstate(testAccount, testRegion, records), page)
				checkSet(t, records, ds)
				for _, d := range ds {
					if d.Landscape() != (page == LandscapePage) {
						t.Errorf("part %d: %.0f wide, Landscape() = %v", d.Part, d.Width, d.Landscape())
					}
				}
			})
		}
	}
}

// TestOrientation checks Build prefers a portrait page and turns to a
// landscape one only when that takes fewer diagrams.
func TestOrientation(t *testing.T) {
	tests := []struct {
		name      string
		records   []inventory.Record
		landscape bool
	}{
		{"demo", demoEstate(), false},
		{"one VPC over four AZs", wideEstate(1), false},
		{"two VPCs over four AZs", wideEstate(2), true},
		{"20 subnets", generated(20, 40), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, d := range Build(testAccount, testRegion, tc.records) {
				if d.Landscape() != tc.landscape {
					t.Errorf("part %d: Landscape() = %v", d.Part, d.Landscape())
				}
			}
		})
	}
}

// TestConcurrent builds and draws from several goroutines: the font
// measurer is shared.
func TestConcurrent(t *testing.T) {
	records := demoEstate()
	want := Build(testAccount, testRegion, records)
	done := make(chan error)
	for range 4 {
		go func() {
			ds := Build(testAccount, testRegion, records)
			var buf bytes.Buffer
			err := ds[0].SVG(&buf)
			if err == nil {
				err = ds[0].PNG(io.Discard)
			}
			if err == nil && (len(ds) != len(want) || len(ds[0].Boxes) != len(want[0].Boxes)) {
				err = errors.New("a different diagram")
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// checkSVG checks the SVG is well-formed XML with a text for each label
// line, and no markup from the records.
func checkSVG(t *testing.T, d *Diagram) string {
	t.Helper()
	var buf bytes.Buffer
	if err := d.SVG(&buf); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	texts, elements := 0, map[string]bool{}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("part %d: SVG does not parse: %v", d.Part, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			elements[se.Name.Local] = true
			if se.Name.Local == "text" {
				texts++
			}
		}
	}
	for el := range elements {
		if !slices.Contains([]string{"svg", "title", "rect", "text", "g", "polyline", "circle", "line"}, el) {
			t.Errorf("part %d: SVG has a <%s> element", d.Part, el)
		}
	}
	lines := 1 + len(d.Legend.Items)
	for _, b := range d.Boxes {
		lines += len(b.Label)
	}
	for _, l := range d.Links {
		if l.Label != "" {
			lines++
		}
	}
	if texts != lines {
		t.Errorf("part %d: SVG has %d texts, want %d", d.Part, texts, lines)
	}
	if strings.Contains(strings.ToLower(buf.String()), "<script") {
		t.Errorf("part %d: SVG holds <script", d.Part)
	}
	return buf.String()
}

// hostileEstate names everything with what an account's tags may hold.
func hostileEstate() []inventory.Record {
	long := strings.Repeat("very-long-name-", 20) // 300 characters
	names := []string{
		`<script>alert("x")</script>`, `Tom & Jerry's "VPC" <b>`, long, "\u202Egnp.exe\u202C שלום עולם",
		"emoji 🚀🔥 \U0001F469\u200D\U0001F4BB", "ctl\x00\x07\x1b[31m\r\nnext\tline", "bad utf8 \xff\xfe end", "]]><!-- -->",
	}
	recs := demoEstate()
	for i := range recs {
		recs[i].Name = names[i%len(names)]
	}
	recs = append(recs,
		rec("vpc_peering", "pcx-hostile", names[0], &inventory.Net{Peers: []string{"vpc-0a11", "vpc-x"}, Remote: long}, nil),
		rec("customer_gateway", "cgw-hostile", names[1], nil, map[string]string{"IP Address": names[0]}),
		rec("vpn_connection", "vpn-hostile", long, &inventory.Net{Peers: []string{"cgw-hostile", "vgw-0a"}}, nil),
	)
	return recs
}

func TestHostileNames(t *testing.T) {
	ds := Build(testAccount, testRegion, hostileEstate())
	if len(ds) != 1 {
		t.Fatalf("%d diagrams", len(ds))
	}
	d := ds[0]
	svg := checkSVG(t, d)
	for _, raw := range []string{"<script", "<b>", "<!--", "]]>", "\u202E", "\x00", "\x1b"} {
		if strings.Contains(svg, raw) {
			t.Errorf("SVG holds %q", raw)
		}
	}
	for _, want := range []string{"&lt;script&gt;", "&amp;", "&#34;"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks the escaped %q", want)
		}
	}
	cut := 0
	for _, b := range d.Boxes {
		for _, l := range b.Label {
			if !utf8.ValidString(l) {
				t.Errorf("%s %q: label %q is not UTF-8", b.Kind, b.ID, l)
			}
			if strings.HasPrefix(l, "very-long-name-") {
				if !strings.HasSuffix(l, ellipsis) {
					t.Errorf("%s %q: long label %q is not cut", b.Kind, b.ID, l)
				}
				cut++
			}
		}
	}
	if cut == 0 {
		t.Error("no long label was drawn cut")
	}
	checkSet(t, hostileEstate(), ds)
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"  spaced \t\n out  ", "spaced out"},
		{"a\x00b\x07c\x1bd", "abcd"},
		{"\u202Eevil\u202C", "evil"},
		{"zero\u200Bwidth", "zerowidth"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"<tag> & 'q'", "<tag> & 'q'"}, // escaping is the SVG writer's
	}
	for _, tc := range tests {
		if got := clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFit(t *testing.T) {
	tests := []struct {
		text string
		max  float64
		cut  bool
	}{
		{"short", 100, false},
		{strings.Repeat("m", 100), 100, true},
		{"日本語のとても長い名前です", 40, true},
		{"🚀🚀🚀🚀🚀🚀🚀🚀", 30, true},
		{"anything", 2, true},
	}
	for _, tc := range tests {
		got := styleText.fit(tc.text, tc.max)
		if w := styleText.width(got); w > tc.max {
			t.Errorf("fit(%q, %g) = %q, %.2f wide", tc.text, tc.max, got, w)
		}
		if cut := got != tc.text; cut != tc.cut {
			t.Errorf("fit(%q, %g) = %q: cut %v, want %v", tc.text, tc.max, got, cut, tc.cut)
		}
		if tc.cut && got != "" && !strings.HasSuffix(got, ellipsis) {
			t.Errorf("fit(%q, %g) = %q has no ellipsis", tc.text, tc.max, got)
		}
	}
}

// TestPublicSubnets decides public and private subnets from the main
// route table and explicit associations.
func TestPublicSubnets(t *testing.T) {
	const vpc = "vpc-1"
	table := func(id string, main bool, subnets []string, target string) inventory.Record {
		return rec("route_table", id, "", &inventory.Net{VPC: vpc, Main: main, Subnets: subnets, Routes: routes("0.0.0.0/0", target)}, nil)
	}
	tests := []struct {
		name   string
		tables []inventory.Record
		public bool
	}{
		{"main table routes to an internet gateway", []inventory.Record{table("rtb-main", true, nil, "igw-1")}, true},
		{"main table routes to a NAT gateway", []inventory.Record{table("rtb-main", true, nil, "nat-1")}, false},
		{"explicit table overrides a public main table",
			[]inventory.Record{table("rtb-main", true, nil, "igw-1"), table("rtb-priv", false, []string{"subnet-1"}, "nat-1")}, false},
		{"explicit table with an internet gateway, private main table",
			[]inventory.Record{table("rtb-main", true, nil, "nat-1"), table("rtb-pub", false, []string{"subnet-1"}, "igw-1")}, true},
		{"another subnet's explicit table does not count",
			[]inventory.Record{table("rtb-main", true, nil, "nat-1"), table("rtb-pub", false, []string{"subnet-2"}, "igw-1")}, false},
		{"no route table", nil, false},
		{"transit gateway route only", []inventory.Record{table("rtb-main", true, nil, "tgw-1")}, false},
		{"another VPC's main table does not count",
			[]inventory.Record{rec("route_table", "rtb-x", "", &inventory.Net{VPC: "vpc-2", Main: true, Routes: routes("0.0.0.0/0", "igw-2")}, nil)}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			records := append([]inventory.Record{
				rec("vpc", vpc, "", &inventory.Net{CIDR: "10.0.0.0/16"}, nil),
				rec("subnet", "subnet-1", "", &inventory.Net{VPC: vpc, AZ: "eu-west-1a", CIDR: "10.0.0.0/24"}, nil),
			}, tc.tables...)
			ds := Build(testAccount, testRegion, records)
			if len(ds) != 1 {
				t.Fatalf("%d diagrams", len(ds))
			}
			i := slices.IndexFunc(ds[0].Boxes, func(b Box) bool { return b.ID == "subnet-1" })
			if i < 0 {
				t.Fatal("subnet not drawn")
			}
			if b := ds[0].Boxes[i]; b.Public != tc.public || !strings.HasSuffix(b.Label[1], map[bool]string{true: "public", false: "private"}[tc.public]) {
				t.Errorf("Public = %v, label %q; want public %v", b.Public, b.Label, tc.public)
			}
		})
	}
}

// TestBuildScope checks what makes a diagram: only the account and
// region asked for, and only when it has a VPC.
func TestBuildScope(t *testing.T) {
	demo := demoEstate()
	other := slices.Clone(demo)
	for i := range other {
		other[i].Region = "us-east-1"
	}
	tests := []struct {
		name            string
		account, region string
		records         []inventory.Record
		want            int
	}{
		{"no records", testAccount, testRegion, nil, 0},
		{"no VPC", testAccount, testRegion, []inventory.Record{rec("ec2", "i-1", "", nil, nil)}, 0},
		{"another region's records", testAccount, testRegion, other, 0},
		{"another account", "999999999999", testRegion, demo, 0},
		{"mixed regions", testAccount, testRegion, append(slices.Clone(demo), other...), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := len(Build(tc.account, tc.region, tc.records)); got != tc.want {
				t.Errorf("%d diagrams, want %d", got, tc.want)
			}
		})
	}
	all := BuildAll(append(slices.Clone(demo), other...))
	if len(all) != 2 || all[0].Region != testRegion || all[1].Region != "us-east-1" {
		t.Errorf("BuildAll: %d diagrams", len(all))
	}
}

// TestDemoContent checks what the demo diagram says about its estate.
func TestDemoContent(t *testing.T) {
	d := Build(testAccount, testRegion, demoEstate())[0]
	labels := map[string][]string{}
	parent := map[string]string{}
	for _, b := range d.Boxes {
		labels[b.ID] = b.Label
		parent[b.ID] = b.Parent
	}
	tests := []struct {
		id, parent string
		label      []string
	}{
		{"vpc-0a11", "", []string{"VPC prod (vpc-0a11) · 10.0.0.0/16"}},
		{"subnet-pa", "vpc-0a11/eu-west-1a", []string{"public-a", "10.0.0.0/24 · public"}},
		{"subnet-aa", "vpc-0a11/eu-west-1a", []string{"app-a", "10.0.10.0/24 · private"}},
		{"igw-0a", "vpc-0a11", []string{"IGW prod-igw"}},
		{"nat-0a", "subnet-pa", []string{"NAT prod-nat-a"}},
		{"vgw-0a", "vpc-0b22", []string{"VGW shared-vgw"}},
		{"tgw-0hub", "", []string{"Transit gateway", "tgw-0hub"}},
		{"cgw-0office", "", []string{"Customer gateway", "office", "203.0.113.10"}},
		{"ext:vpc-0remote", "", []string{"Peer VPC", "vpc-0remote", "(444455556666, us-east-1)"}},
		{"vpce-s3", "vpc-0a11", []string{"s3 · gateway"}},
		{"vpce-ecr", "vpc-0a11", []string{"ecr.api · interface"}},
		{"arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/1", "subnet-pa", []string{"ALB web +1 subnet"}},
		{"subnet-aa/ec2", "subnet-aa", []string{"EC2 × 4"}},
		{"i-web2", "subnet-ab", []string{"EC2 web-2"}},
		{"orders-db", "subnet-db", []string{"RDS orders-db +1 subnet"}}, // its AZ's subnet
		{"sessions", "subnet-da", []string{"ElastiCache sessions +1 subnet"}},
		{"platform", "subnet-aa", []string{"EKS platform +1 subnet"}},
	}
	for _, tc := range tests {
		if got := labels[tc.id]; !slices.Equal(got, tc.label) || parent[tc.id] != tc.parent {
			t.Errorf("%s: label %q in %q, want %q in %q", tc.id, got, parent[tc.id], tc.label, tc.parent)
		}
	}
	if _, ok := labels["a-bucket"]; ok {
		t.Error("an S3 bucket is drawn")
	}
	links := map[string]Link{}
	for _, l := range d.Links {
		links[string(l.Kind)+" "+l.From+" "+l.To] = l
	}
	for key, label := range map[string]string{
		"peering vpc-0a11 vpc-0b22":        "prod-to-shared (pcx-0a)",
		"peering vpc-0a11 ext:vpc-0remote": "pcx-0b",
		"vpn vgw-0a cgw-0office":           "office-vpn (vpn-0office)",
		"vpn tgw-0hub cgw-0dc":             "vpn-0dc",
		"tgw tgw-0hub vpc-0a11":            "",
		"tgw tgw-0hub vpc-0b22":            "",
	} {
		l, ok := links[key]
		if !ok {
			t.Errorf("no link %s", key)
			continue
		}
		if l.Label != label {
			t.Errorf("link %s: label %q, want %q", key, l.Label, label)
		}
	}
	if len(d.Links) != 6 {
		t.Errorf("%d links, want 6", len(d.Links))
	}
}

// TestGolden compares the demo's layout model with testdata; go test
// -update rewrites it.
func TestGolden(t *testing.T) {
	ds := Build(testAccount, testRegion, demoEstate())
	got, err := json.MarshalIndent(rounded(ds), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "demo.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("layout of the demo estate differs from %s; if the change is meant, run go test -update and review the diff", path)
	}
}

// rounded copies diagrams with coordinates to a hundredth of a point, so
// the golden file does not depend on the last bits of the arithmetic.
func rounded(ds []*Diagram) []Diagram {
	r := func(v *float64) { *v = math.Round(*v*100) / 100 }
	rect := func(x *Rect) { r(&x.X); r(&x.Y); r(&x.W); r(&x.H) }
	out := make([]Diagram, len(ds))
	for i, d := range ds {
		c := *d
		r(&c.Width)
		r(&c.Height)
		c.Boxes = slices.Clone(d.Boxes)
		for j := range c.Boxes {
			b := &c.Boxes[j]
			r(&b.X)
			r(&b.Y)
			r(&b.W)
			r(&b.H)
		}
		c.Links = slices.Clone(d.Links)
		for j := range c.Links {
			l := &c.Links[j]
			l.Points, l.Leader = slices.Clone(l.Points), slices.Clone(l.Leader)
			for _, path := range [][]Point{l.Points, l.Leader} {
				for k := range path {
					r(&path[k].X)
					r(&path[k].Y)
				}
			}
			if l.LabelBox != nil {
				lb := *l.LabelBox
				rect(&lb)
				l.LabelBox = &lb
			}
		}
		c.Legend.Items = slices.Clone(d.Legend.Items)
		rect(&c.Legend.Rect)
		for j := range c.Legend.Items {
			rect(&c.Legend.Items[j].Sample)
			rect(&c.Legend.Items[j].Text)
		}
		out[i] = c
	}
	return out
}
