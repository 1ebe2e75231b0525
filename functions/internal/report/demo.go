package report

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// WriteDemo writes a demo report of a synthetic estate to w: two accounts,
// two regions, every service of the spec, a previous scan to compare with,
// a few failed service checks and a drawn network diagram. `make
// report-preview` renders it to look at the document without a scan.
func WriteDemo(ctx context.Context, w io.Writer, tempDir string) (Summary, error) {
	req, err := demoRequest(tempDir)
	if err != nil {
		return Summary{}, err
	}
	return Build(ctx, w, req)
}

func demoRequest(tempDir string) (Request, error) {
	accounts := []string{"111122223333", "444455556666"}
	regions := []string{"eu-west-1", "us-east-1"}
	prev := synthesize(synthOptions{taskID: "demo-previous", accounts: accounts, regions: regions, total: 124})
	cur := mutate(synthesize(synthOptions{taskID: "demo-current", accounts: accounts, regions: regions, total: 124,
		fail: map[unitService]inventory.Status{
			{"eks", accounts[1], "us-east-1"}:        inventory.StatusAccessDenied,
			{"cloudtrail", accounts[0], "eu-west-1"}: inventory.StatusThrottled,
		}}), "demo-current")
	src := MemSource{}
	if err := src.Put(prev); err != nil {
		return Request{}, fmt.Errorf("demo estate: %w", err)
	}
	if err := src.Put(cur); err != nil {
		return Request{}, fmt.Errorf("demo estate: %w", err)
	}
	diagram, err := demoDiagram()
	if err != nil {
		return Request{}, err
	}
	day := time.Date(2025, 5, 6, 9, 30, 0, 0, time.UTC)
	revisions := []Revision{
		{Version: "1.0", Date: day.AddDate(0, -2, 0), Author: "Dana Whitfield", Description: "First implementation document"},
		{Version: "1.1", Date: day.AddDate(0, -1, 0), Author: "Dana Whitfield", Description: "Generated from the scan Landing zone, April"},
	}
	return Request{
		Meta: Metadata{
			ClientName: "Example Corp", ProjectName: "Landing Zone Migration",
			BDManager: "Morgan Lee", SolutionsArchitect: "Priya Raman",
			CloudEngineer: "Dana Whitfield", CloudEngineerEmail: "dana.whitfield@example.com",
			Date: day, Version: NextVersion(revisions), Revisions: revisions,
			Diagram: diagram, DiagramType: "image/png",
			TaskName: "Landing zone, May", Accounts: accounts, Regions: regions,
		},
		Source: src, TaskID: "demo-current",
		PreviousTaskID: "demo-previous", PreviousLabel: "Landing zone, April",
		TempDir: tempDir,
	}, nil
}

// demoDiagram draws a small network picture: a region holding a VPC with
// public and private subnets and a few instances.
func demoDiagram() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 1600, 900))
	fill := func(r image.Rectangle, c color.RGBA) { draw.Draw(img, r, &image.Uniform{c}, image.Point{}, draw.Src) }
	frame := func(r image.Rectangle, c color.RGBA, t int) {
		fill(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+t), c)
		fill(image.Rect(r.Min.X, r.Max.Y-t, r.Max.X, r.Max.Y), c)
		fill(image.Rect(r.Min.X, r.Min.Y, r.Min.X+t, r.Max.Y), c)
		fill(image.Rect(r.Max.X-t, r.Min.Y, r.Max.X, r.Max.Y), c)
	}
	fill(img.Bounds(), color.RGBA{255, 255, 255, 255})
	frame(image.Rect(40, 40, 1560, 860), color.RGBA{0x1F, 0x38, 0x64, 255}, 4)   // region
	frame(image.Rect(120, 130, 1480, 800), color.RGBA{0x2E, 0x75, 0xB6, 255}, 4) // VPC
	for i, c := range []color.RGBA{{0xE2, 0xF0, 0xD9, 255}, {0xDE, 0xEB, 0xF7, 255}, {0xDE, 0xEB, 0xF7, 255}} {
		r := image.Rect(180+i*430, 220, 560+i*430, 720)
		fill(r, c)
		frame(r, color.RGBA{0x7F, 0x7F, 0x7F, 255}, 2)
		for j := range 3 {
			box := image.Rect(r.Min.X+90, r.Min.Y+60+j*140, r.Max.X-90, r.Min.Y+150+j*140)
			fill(box, color.RGBA{0xF4, 0xB1, 0x83, 255})
			frame(box, color.RGBA{0xC5, 0x5A, 0x11, 255}, 2)
		}
	}
	fill(image.Rect(560, 460, 610, 466), color.RGBA{0x40, 0x40, 0x40, 255})
	fill(image.Rect(990, 460, 1040, 466), color.RGBA{0x40, 0x40, 0x40, 255})
	fill(image.Rect(770, 60, 830, 130), color.RGBA{0x70, 0xAD, 0x47, 255}) // internet gateway
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("draw demo diagram: %w", err)
	}
	return buf.Bytes(), nil
}
