package report

import (
	"fmt"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// heading is one heading of the document. The outline is decided before
// the body is written, so the table of contents printed near the start
// lists exactly the headings that follow.
type heading struct {
	level    int
	text     string
	id       int
	bookmark string
}

// outline holds the document's headings in order, and the ones the
// writer needs by name.
type outline struct {
	all []heading

	control, revisions, diagram      heading
	diagrams                         []heading // one per generated network diagram
	implementation, summary          heading
	families                         map[spec.Family]heading
	services                         map[string]heading
	changes, added, removed, changed heading
	coverage, errors                 heading
}

func (o *outline) add(level int, text string) heading {
	id := len(o.all) + 1
	h := heading{level: level, text: text, id: id, bookmark: fmt.Sprintf("_Toc%08d", id)}
	o.all = append(o.all, h)
	return h
}

// newOutline lays out the headings for the services that have records,
// in spec order and grouped by family. The changes section has its
// subsections only when there is a previous scan to compare with.
func newOutline(withRecords func(key string) bool, compared bool, diagrams []string) *outline {
	o := &outline{families: map[spec.Family]heading{}, services: map[string]heading{}}
	o.control = o.add(1, "Document Control")
	o.revisions = o.add(2, "Revision History")
	o.diagram = o.add(1, "Network Diagram")
	for _, d := range diagrams {
		o.diagrams = append(o.diagrams, o.add(2, d))
	}
	o.implementation = o.add(1, "Implementation List")
	o.summary = o.add(2, "Summary")
	all := spec.All()
	for _, f := range spec.Families {
		for _, s := range all {
			if s.Family != f || !withRecords(s.Key) {
				continue
			}
			if _, ok := o.families[f]; !ok {
				o.families[f] = o.add(2, familyTitle(f))
			}
			o.services[s.Key] = o.add(3, s.Title)
		}
	}
	o.changes = o.add(1, "Changes since the previous scan")
	if compared {
		o.added = o.add(2, "Added resources")
		o.removed = o.add(2, "Removed resources")
		o.changed = o.add(2, "Changed resources")
	}
	o.coverage = o.add(1, "Appendix A: Scan Coverage")
	o.errors = o.add(1, "Appendix B: Scan Errors")
	return o
}

// familyTitle is the chapter title of a family: its name, capitalised.
func familyTitle(f spec.Family) string { return capitalize(string(f)) }

// capitalize upper-cases the first letter of an ASCII word.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
