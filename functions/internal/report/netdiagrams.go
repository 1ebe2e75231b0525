package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/netdiagram"
)

// drawn is a network diagram drawn from the scan: its picture (whose PNG
// waits in a temporary file until the package is written, so memory holds
// one diagram at a time however many regions have VPCs) and its title.
type drawn struct {
	title string
	pic   *picture
}

// drawUnit draws the networks of one unit as it is collected.
func (b *builder) drawUnit(dir string) func(account, region string, recs []inventory.Record) error {
	return func(account, region string, recs []inventory.Record) error {
		for _, d := range netdiagram.Build(account, region, recs) {
			var png bytes.Buffer
			if err := d.PNG(&png); err != nil {
				return fmt.Errorf("draw network of %s in %s: %w", account, region, err)
			}
			pic, err := newPicture(png.Bytes(), len(b.pictures)+1, d.Landscape())
			if err != nil {
				return fmt.Errorf("place network diagram of %s in %s: %w", account, region, err)
			}
			pic.file = filepath.Join(dir, fmt.Sprintf("diagram-%d.%s", len(b.pictures)+1, pic.ext))
			if err := os.WriteFile(pic.file, pic.data, 0o600); err != nil {
				return fmt.Errorf("spool network diagram: %w", err)
			}
			pic.data = nil
			pic.caption = d.Title
			b.pictures = append(b.pictures, pic)
			b.drawn = append(b.drawn, drawn{title: d.Title, pic: pic})
		}
		return nil
	}
}

// networkDiagram writes the uploaded diagram first, then the diagrams
// drawn from the scan, each under its own heading; a wide one gets a
// landscape page of its own.
func (b *builder) networkDiagram(_ context.Context, body sink) {
	body.heading(b.outline.diagram)
	figure := 0
	switch {
	case b.diagram != nil:
		figure++
		body.picture(b.diagram)
		body.text("BodyNote", fmt.Sprintf("Figure %d: network diagram of %s, as provided.", figure, orDash(b.req.Meta.ProjectName)))
	case len(b.req.Meta.Diagram) > 0:
		body.text("BodyNote", "The uploaded network diagram could not be included: it is not a PNG or JPEG image.")
	}
	if len(b.drawn) == 0 {
		if b.diagram == nil {
			body.text("BodyNote", "No VPC was found in the accounts and regions scanned, so there is no network to draw.")
		}
		return
	}
	body.text("Normal", "The diagrams below are drawn from the scan alone, one per account and region with a VPC: "+
		"each VPC with its CIDR, its subnets by availability zone (public when their route table leads to an internet gateway), "+
		"its gateways and endpoints, the workloads in each subnet, and the peering and VPN links. Each has its legend.")
	// Each diagram opens a page, so its heading never stays behind at the
	// foot of the page before.
	for i, d := range b.drawn {
		if d.pic.landscape {
			body.sectionBreak(false)
		} else {
			body.pageBreak()
		}
		body.heading(b.outline.diagrams[i])
		figure++
		body.picture(d.pic)
		body.text("BodyNote", fmt.Sprintf("Figure %d: %s, drawn from the scan.", figure, d.title))
		if d.pic.landscape {
			body.sectionBreak(true)
		}
	}
}
