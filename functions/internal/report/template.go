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

// filledTemplate is a template with a report's placeholders replaced.
type filledTemplate struct {
	*Template
	cover, control, closing string            // body fragments
	filled                  map[string]string // header and footer parts by name
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

// PlaceholderHelp says what fills each placeholder, for the README and
// the console's template page.
var PlaceholderHelp = map[string]string{
	"Client Name":          "the task's client name",
	"Project Name":         "the task's project name",
	"BD Manager":           "the business development manager named in the task",
	"Solutions Architect":  "the solutions architect named in the task",
	"Cloud Engineer":       "the cloud engineer named in the task (also the document's author)",
	"Cloud Engineer Email": "the cloud engineer's e-mail address",
	"Report Date":          "the report's date, e.g. 4 December 2026",
	"Version":              "the document version, e.g. 1.2",
	"Task Name":            "the name of the scan task",
	"Platform Name":        PlatformName,
}

// fillTemplate replaces the placeholders of t's fragments, headers and
// footers with m's values. One pass: every marker is replaced or refused,
// and the values are never scanned again, so a client called
// "ACME [UK] Ltd" is text, not a placeholder left unfilled.
func fillTemplate(m Metadata, t *Template) (*filledTemplate, error) {
	values := placeholderValues(m)
	out := &filledTemplate{Template: t, filled: map[string]string{}}
	for _, f := range []struct {
		name string
		from string
		to   *string
	}{{"cover", t.cover, &out.cover}, {"document control", t.control, &out.control}, {"closing", t.closing, &out.closing}} {
		v, err := fillPlaceholders(f.from, values)
		if err != nil {
			return nil, fmt.Errorf("fill template %s: %w", f.name, err)
		}
		*f.to = v
	}
	for _, p := range t.parts {
		if !p.fill {
			continue
		}
		v, err := fillPlaceholders(string(p.data), values)
		if err != nil {
			return nil, fmt.Errorf("fill template %s: %w", p.name, err)
		}
		out.filled[p.name] = v
	}
	return out, nil
}

// bodyOf is the content of a document's <w:body>.
func bodyOf(doc string) (string, error) {
	_, rest, ok := strings.Cut(doc, "<w:body>")
	inner, _, ok2 := strings.Cut(rest, "</w:body>")
	if !ok || !ok2 {
		return "", fmt.Errorf("template fragment has no <w:body>")
	}
	return strings.TrimSpace(inner), nil
}
