package netdiagram

import (
	"fmt"
	"image/color"
)

// look is how a box or link is painted: loosely the AWS architecture icon
// colours (VPC green, public subnet green, private subnet teal, networking
// purple, compute orange, database blue and magenta), dark text on pale
// fills or white text on dark ones.
type look struct {
	fill, stroke, text color.RGBA
	width              float64 // stroke, points
	dash               bool
	radius             float64
}

func rgb(hex uint32) color.RGBA {
	return color.RGBA{uint8(hex >> 16), uint8(hex >> 8), uint8(hex), 0xff}
}

var (
	white = rgb(0xffffff)
	ink   = rgb(0x16191f)
	grey  = rgb(0x545b64)
)

// gateway is a dark purple chip with white text.
func gateway(hex uint32) look {
	return look{fill: rgb(hex), stroke: rgb(hex), text: white, width: 0.6, radius: 2}
}

var boxLooks = map[Kind]look{
	KindVPC:          {fill: white, stroke: rgb(0x248814), text: rgb(0x1b660f), width: 1.2},
	KindVPCContinued: {fill: white, stroke: rgb(0x248814), text: rgb(0x1b660f), width: 1.2, dash: true},
	KindAZ:           {fill: white, stroke: rgb(0x147eba), text: rgb(0x0f5e8c), width: 0.7, dash: true},
	KindIGW:          gateway(0x6b2fd6),
	KindNAT:          gateway(0x7a3ee8),
	KindVGW:          gateway(0x4b1fa8),
	KindTGW:          gateway(0x3a1887),
	KindCGW:          {fill: grey, stroke: grey, text: white, width: 0.6, radius: 2},
	KindEndpoint:     {fill: rgb(0xf3edff), stroke: rgb(0x8c4fff), text: ink, width: 0.6, radius: 2},
	KindExternal:     {fill: rgb(0xf2f3f3), stroke: rgb(0x7d8998), text: ink, width: 0.8, dash: true},
	KindRef:          {fill: white, stroke: rgb(0x7d8998), text: grey, width: 0.8, dash: true},
}

var (
	publicLook  = look{fill: rgb(0xeef6e8), stroke: rgb(0x7aa116), text: ink, width: 0.8}
	privateLook = look{fill: rgb(0xe6f6f7), stroke: rgb(0x00a4a6), text: ink, width: 0.8}
)

// workloadLooks colour chips by service: pale fill, strong outline.
var workloadLooks = map[string]look{
	"elb":         {fill: white, stroke: rgb(0x8c4fff), text: ink, width: 0.9, radius: 5},
	"ec2":         {fill: rgb(0xfff1e5), stroke: rgb(0xed7100), text: ink, width: 0.9, radius: 5},
	"eks":         {fill: rgb(0xf6ebe1), stroke: rgb(0x9d4a00), text: ink, width: 0.9, radius: 5},
	"rds":         {fill: rgb(0xebedfb), stroke: rgb(0x3b48cc), text: ink, width: 0.9, radius: 5},
	"elasticache": {fill: rgb(0xfaeafb), stroke: rgb(0xc925d1), text: ink, width: 0.9, radius: 5},
}

var linkLooks = map[LinkKind]look{
	LinkPeering: {stroke: rgb(0x248814), text: rgb(0x1b660f), width: 1.1},
	LinkVPN:     {stroke: rgb(0xc7261b), text: rgb(0x9c1d14), width: 1.1, dash: true},
	LinkTGW:     {stroke: rgb(0x3a1887), text: rgb(0x3a1887), width: 1.1},
}

// boxLook is how a box (or a legend sample) is painted.
func boxLook(kind Kind, service string, public bool) look {
	switch kind {
	case KindSubnet:
		if public {
			return publicLook
		}
		return privateLook
	case KindWorkload:
		if l, ok := workloadLooks[service]; ok {
			return l
		}
		return look{fill: white, stroke: grey, text: ink, width: 0.9, radius: 5}
	}
	if l, ok := boxLooks[kind]; ok {
		return l
	}
	return look{fill: white, stroke: grey, text: ink, width: 0.8}
}

// dashes is the dash pattern of dashed strokes, in points.
var dashes = [2]float64{3, 2}

func hexColor(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }
