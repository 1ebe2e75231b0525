package report

import (
	"embed"
	"fmt"
	"strings"
)

// template holds the hand-written parts of the document. Parts with
// placeholders are filled per report; the others are copied as they are.
//
//go:embed all:template
var templateFS embed.FS

// filledTemplate is the template with a report's placeholders replaced.
type filledTemplate struct {
	header, footer string // word/header1.xml, word/footer1.xml
	cover, control string // body fragments
}

// placeholderValues maps every placeholder of the template to its text.
func placeholderValues(m Metadata) map[string]string {
	return map[string]string{
		"Client Name":          orDash(m.ClientName),
		"Project Name":         orDash(m.ProjectName),
		"BD Manager":           orDash(m.BDManager),
		"Solutions Architect":  orDash(m.SolutionsArchitect),
		"Cloud Engineer":       orDash(m.CloudEngineer),
		"Cloud Engineer Email": orDash(m.CloudEngineerEmail),
		"Report Date":          formatDate(m.Date),
		"Version":              orDash(m.Version),
		"Task Name":            orDash(m.TaskName),
		"Platform Name":        PlatformName,
	}
}

func fillTemplate(m Metadata) (*filledTemplate, error) {
	values := placeholderValues(m)
	fill := func(name string) (string, error) {
		raw, err := templateFS.ReadFile("template/" + name)
		if err != nil {
			return "", fmt.Errorf("read template %s: %w", name, err)
		}
		// One pass: every marker of the template is replaced or refused,
		// and the values are never scanned again, so a client called
		// "ACME [UK] Ltd" is text, not a placeholder left unfilled.
		out, err := fillPlaceholders(string(raw), values)
		if err != nil {
			return "", fmt.Errorf("fill template %s: %w", name, err)
		}
		return out, nil
	}
	var t filledTemplate
	var err error
	if t.header, err = fill("word/header.xml"); err != nil {
		return nil, err
	}
	if t.footer, err = fill("word/footer.xml"); err != nil {
		return nil, err
	}
	if t.cover, err = fill("word/cover.xml"); err != nil {
		return nil, err
	}
	if t.control, err = fill("word/control.xml"); err != nil {
		return nil, err
	}
	if t.cover, err = bodyOf(t.cover); err != nil {
		return nil, err
	}
	if t.control, err = bodyOf(t.control); err != nil {
		return nil, err
	}
	return &t, nil
}

// bodyOf is the content of a fragment's <w:body>: fragments are kept as
// whole documents so that they stay well-formed and editable.
func bodyOf(doc string) (string, error) {
	_, rest, ok := strings.Cut(doc, "<w:body>")
	inner, _, ok2 := strings.Cut(rest, "</w:body>")
	if !ok || !ok2 {
		return "", fmt.Errorf("template fragment has no <w:body>")
	}
	return strings.TrimSpace(inner), nil
}
