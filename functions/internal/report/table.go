package report

import (
	"strings"

	"github.com/fumiama/go-docx"
)

const (
	// textWidth is the width between the margins of an A4 portrait page,
	// in twips: 11906 - 2 x 1134.
	textWidth = 9638
	// headerFill shades header rows; labelFill the label column of
	// attribute / value tables.
	headerFill = "1F3864"
	labelFill  = "EDF2F9"
)

// beginTable opens a table of the report's style whose first row, the
// header, Word repeats at the top of every page the table runs onto.
func (b *bodyWriter) beginTable(widths []int64, header []string) {
	grid := make([]*docx.WGridCol, len(widths))
	for i, w := range widths {
		grid[i] = &docx.WGridCol{W: w}
	}
	b.raw("<w:tbl>")
	b.put(&docx.WTableProperties{
		Style: &docx.WTableStyle{Val: "ReportTable"},
		Width: &docx.WTableWidth{W: 5000, Type: "pct"},
		Look:  &docx.WTableLook{Val: "04A0", FirstRow: 1, NoVBand: 1},
	})
	b.put(&docx.WTableGrid{GridCols: grid})
	cells := make([]*docx.WTableCell, len(header))
	for i, h := range header {
		cells[i] = cell(widths[i], "TableHeading", headerFill, h)
	}
	b.put(&row{Props: &rowProps{CantSplit: &onOff{}, TblHeader: &onOff{}}, Cells: cells})
}

// dataRow writes one row of plain cells.
func (b *bodyWriter) dataRow(widths []int64, values []string) {
	cells := make([]*docx.WTableCell, len(values))
	for i, v := range values {
		cells[i] = cell(widths[i], "TableText", "", v)
	}
	b.put(&row{Props: &rowProps{CantSplit: &onOff{}}, Cells: cells})
}

// labelRow writes an attribute / value row: a shaded label and its value.
func (b *bodyWriter) labelRow(widths []int64, label, value string) {
	b.put(&row{Props: &rowProps{CantSplit: &onOff{}}, Cells: []*docx.WTableCell{
		cell(widths[0], "TableLabel", labelFill, label),
		cell(widths[1], "TableText", "", value),
	}})
}

func (b *bodyWriter) endTable() { b.raw("</w:tbl>") }

func cell(width int64, style, fill, text string) *docx.WTableCell {
	props := &docx.WTableCellProperties{TableCellWidth: &docx.WTableCellWidth{W: width, Type: "dxa"}}
	if fill != "" {
		props.Shade = &docx.Shade{Val: "clear", Color: "auto", Fill: fill}
	}
	return &docx.WTableCell{TableCellProperties: props, Paragraphs: []*docx.Paragraph{para(style, text)}}
}

// fitColumns shares the text width between columns the way a word
// processor's autofit would: every column first gets room for its longest
// word, so nothing breaks inside an identifier when the page allows it,
// and what is left goes to the columns whose text would otherwise wrap,
// in proportion to how much more they need. A column never asks for more
// than 40 per cent of the page. When even the longest words do not fit,
// the narrow columns (accounts, regions, counts) keep theirs and the wide
// ones break.
func fitColumns(styles map[string]styleMetrics, header []string, rows [][]string) []int64 {
	head, body := styles["TableHeading"], styles["TableText"]
	const pad = 2*cellPadX + 20
	n := len(header)
	least, want := make([]int, n), make([]int, n)
	measure := func(i int, m styleMetrics, text string) {
		for _, line := range strings.Split(text, "\n") {
			want[i] = max(want[i], m.width(line)+pad)
			for _, w := range strings.Fields(line) {
				least[i] = max(least[i], m.width(w)+pad)
			}
		}
	}
	for i, h := range header {
		measure(i, head, h)
	}
	for _, r := range rows {
		for i, v := range r {
			measure(i, body, v)
		}
	}
	for i := range n {
		want[i] = min(want[i], textWidth*2/5)
		least[i] = min(least[i], want[i])
	}
	sumLeast, sumWant := 0, 0
	for i := range n {
		sumLeast += least[i]
		sumWant += want[i]
	}
	weights := make([]int, n)
	switch {
	case sumWant <= textWidth: // everything fits on one line: share the slack
		copy(weights, want)
	case sumLeast <= textWidth: // words fit: wrap the columns that need it most
		spare, extra := textWidth-sumLeast, sumWant-sumLeast
		for i := range n {
			weights[i] = least[i] + (want[i]-least[i])*spare/max(extra, 1)
		}
	default: // not even the words fit: narrow columns keep their words,
		// the wide ones share the rest and break their longest words
		fair, small, wide := textWidth/n, 0, 0
		for i := range n {
			if least[i] <= fair {
				small += least[i]
			} else {
				wide += least[i]
			}
		}
		for i := range n {
			weights[i] = least[i]
			if least[i] > fair {
				weights[i] = least[i] * (textWidth - small) / max(wide, 1)
			}
		}
	}
	return share(weights)
}

// share splits the text width by weights (at least 1 each), the last
// column taking the rounding.
func share(weights []int) []int64 {
	total := 0
	for i, w := range weights {
		weights[i] = max(w, 1)
		total += weights[i]
	}
	out := make([]int64, len(weights))
	var used int64
	for i, w := range weights {
		out[i] = int64(textWidth * w / total)
		used += out[i]
	}
	out[len(out)-1] += textWidth - used
	return out
}
