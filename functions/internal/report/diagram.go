package report

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // the diagram may be a JPEG
	_ "image/png"  // or a PNG
	"path"

	"github.com/fumiama/go-docx"
)

const (
	emuPerTwip = 635
	// diagramMaxHeight leaves room for the heading and the caption on the
	// page: the printable height of A4 with the report's margins, less
	// about an inch and a half.
	diagramMaxHeight = (16838 - 2*1418 - 2000) * emuPerTwip
	// On a landscape page the text is 16838 - 2 x 1134 twips wide and
	// 11906 - 2 x 1418 high, less the caption.
	landscapeWidth     = (16838 - 2*1134) * emuPerTwip
	landscapeMaxHeight = (11906 - 2*1418 - 1200) * emuPerTwip
)

// picture is the network diagram: go-docx's inline drawing, and the media
// part and relationship it refers to.
type picture struct {
	para             *docx.Paragraph
	relID, target    string // relationship id and target relative to word/
	ext, contentType string
	data             []byte
	height           int64 // EMU, as placed
	landscape        bool  // placed on a landscape page of its own
	caption          string
	file             string // where data waits when it is not in memory
}

// newPicture places a PNG or JPEG as wide as the text, keeping its aspect
// ratio, and lower if that would not fit the page; a landscape picture
// fills a landscape page's text width instead. n numbers the pictures of
// one document: it names the picture's relationship and media part, which
// the template's own pictures (renamed "tpl...") never share.
func newPicture(img []byte, n int, landscape bool) (*picture, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		return nil, fmt.Errorf("read diagram: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("diagram has no size (%dx%d)", cfg.Width, cfg.Height)
	}
	scratch := docx.New()
	p := scratch.AddParagraph().Style("DiagramPara")
	run, err := p.AddInlineDrawing(img)
	if err != nil {
		return nil, fmt.Errorf("place diagram: %w", err)
	}
	d, ok := run.Children[0].(*docx.Drawing)
	if !ok || d.Inline == nil {
		return nil, fmt.Errorf("place diagram: go-docx made no inline drawing")
	}
	w, maxH := int64(textWidth*emuPerTwip), int64(diagramMaxHeight)
	if landscape {
		w, maxH = landscapeWidth, landscapeMaxHeight
	}
	h := w * int64(cfg.Height) / int64(cfg.Width)
	if h > maxH {
		w, h = w*maxH/h, maxH
	}
	d.Inline.Size(w, h)
	d.Inline.DocPr.Name = "Network diagram"
	if pic := d.Inline.Graphic.GraphicData.Pic; pic != nil && pic.NonVisualPicProperties != nil {
		pic.NonVisualPicProperties.NonVisualDrawingProperties.Name = "Network diagram"
	}
	out := &picture{para: p, ext: format, contentType: "image/" + format, height: h, landscape: landscape}
	err = scratch.RangeRelationships(func(r *docx.Relationship) error {
		if r.Type == docx.REL_IMAGE {
			out.relID, out.target = r.ID, r.Target
		}
		return nil
	})
	if err != nil || out.target == "" {
		return nil, fmt.Errorf("place diagram: no image relationship")
	}
	m := scratch.Media(path.Base(out.target))
	if m == nil {
		return nil, fmt.Errorf("place diagram: no media %s", out.target)
	}
	out.data = m.Data
	out.ext = path.Ext(out.target)[1:]
	out.relID = fmt.Sprintf("rIdPicture%d", n)
	out.target = fmt.Sprintf("media/cloudcensus-picture%d.%s", n, out.ext)
	if pic := d.Inline.Graphic.GraphicData.Pic; pic != nil && pic.BlipFill != nil {
		pic.BlipFill.Blip.Embed = out.relID
	} else {
		return nil, fmt.Errorf("place diagram: go-docx made no picture fill")
	}
	return out, nil
}
