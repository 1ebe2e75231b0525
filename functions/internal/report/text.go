package report

import (
	"encoding/xml"
	"strings"

	"github.com/fumiama/go-docx"
)

// escapeText escapes s for XML character data; characters XML cannot
// carry become U+FFFD.
func escapeText(s string) string {
	var sb strings.Builder
	_ = xml.EscapeText(&sb, []byte(s)) // a strings.Builder never fails
	return sb.String()
}

// runs turns text into go-docx runs: a line break for each newline, a tab
// for each tab, and xml:space="preserve" where leading or trailing spaces
// would otherwise be dropped.
func runs(text string) []any {
	if text == "" {
		return nil
	}
	children := make([]any, 0, 1)
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			children = append(children, &docx.BarterRabbet{})
		}
		for j, piece := range strings.Split(line, "\t") {
			if j > 0 {
				children = append(children, &docx.Tab{})
			}
			if piece == "" {
				continue
			}
			t := &docx.Text{Text: piece}
			if strings.TrimSpace(piece) != piece {
				t.XMLSpace = "preserve"
			}
			children = append(children, t)
		}
	}
	return []any{&docx.Run{Children: children}}
}

// para is a paragraph of one style holding text.
func para(style, text string) *docx.Paragraph {
	return &docx.Paragraph{
		Properties: &docx.ParagraphProperties{Style: &docx.Style{Val: style}},
		Children:   runs(text),
	}
}

// orDash is s, or "-" when s is blank, as the scanners print empty values.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}
