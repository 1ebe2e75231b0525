package report

import (
	"encoding/xml"

	"github.com/fumiama/go-docx"
)

// The elements below are what go-docx has no type for. They sit in the
// Children of go-docx paragraphs and runs, which marshal any value, so the
// body stays go-docx's and only these leaves are ours.

// fldChar marks the beginning, separator or end of a complex field.
type fldChar struct {
	XMLName xml.Name `xml:"w:fldChar"`
	Type    string   `xml:"w:fldCharType,attr"`
	Dirty   string   `xml:"w:dirty,attr,omitempty"`
}

// instrText is a field instruction, such as "TOC \o" or "PAGEREF".
type instrText struct {
	XMLName xml.Name `xml:"w:instrText"`
	Space   string   `xml:"xml:space,attr"`
	Text    string   `xml:",chardata"`
}

// bookmarkStart and bookmarkEnd enclose a heading so the TOC can point to it.
type bookmarkStart struct {
	XMLName xml.Name `xml:"w:bookmarkStart"`
	ID      int      `xml:"w:id,attr"`
	Name    string   `xml:"w:name,attr"`
}

type bookmarkEnd struct {
	XMLName xml.Name `xml:"w:bookmarkEnd"`
	ID      int      `xml:"w:id,attr"`
}

// anchorLink is a hyperlink to a bookmark of the same document (go-docx's
// Hyperlink only targets external relationships).
type anchorLink struct {
	XMLName  xml.Name `xml:"w:hyperlink"`
	Anchor   string   `xml:"w:anchor,attr"`
	History  string   `xml:"w:history,attr"`
	Children []any
}

// field returns the runs of a complex field with its cached result, which
// is what a reader sees until the field is updated.
func field(instruction, cached string) []any {
	out := []any{
		&docx.Run{Children: []any{&fldChar{Type: "begin"}}},
		&docx.Run{Children: []any{&instrText{Space: "preserve", Text: " " + instruction + " "}}},
		&docx.Run{Children: []any{&fldChar{Type: "separate"}}},
	}
	if cached != "" {
		out = append(out, runs(cached)...)
	}
	return append(out, &docx.Run{Children: []any{&fldChar{Type: "end"}}})
}

// onOff is an empty WordprocessingML toggle such as <w:tblHeader/>.
type onOff struct{}

// rowProps are a table row's properties: go-docx's have no tblHeader or
// cantSplit.
type rowProps struct {
	XMLName   xml.Name `xml:"w:trPr"`
	CantSplit *onOff   `xml:"w:cantSplit"`
	TblHeader *onOff   `xml:"w:tblHeader"`
}

// row is a table row of go-docx cells with our row properties.
type row struct {
	XMLName xml.Name `xml:"w:tr"`
	Props   *rowProps
	Cells   []*docx.WTableCell
}
