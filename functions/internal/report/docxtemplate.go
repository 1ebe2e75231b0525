package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// A report template is a .docx (or .dotx) whose body holds the cover, the
// two anchors and, between them, the document-control fragment:
//
//	cover ... [Document Control] control fragment ... [Report Body] closing ...
//
// The builder writes the Document Control heading and the revision history
// at the first anchor, and everything it generates (contents, network
// diagram, Implementation List, changes, appendices) at the second. The
// template brings its styles (fonts, colours, headings), its theme, its
// font table with embedded fonts, its header and footer (with their
// pictures) and the pictures of its cover. The product's built-in
// template is such a file too, read by this same code (BuiltinTemplate).
//
// The page size and margins stay the product's (A4, see pack.go): tables
// and the contents' page numbers are measured for them.

// Template limits and anchors.
const (
	MaxTemplateSize = 10 << 20 // bytes of the .docx
	maxTemplateFile = 20 << 20 // bytes of one part once inflated
	maxTemplateAll  = 60 << 20 // bytes of all parts once inflated
	maxTemplateN    = 500      // parts in the package

	AnchorControl = "Document Control"
	AnchorBody    = "Report Body"
)

// TemplateError says why a template cannot be used, in words for the
// person who uploaded it.
type TemplateError struct{ Reason string }

func (e *TemplateError) Error() string { return "template: " + e.Reason }

func refuse(format string, args ...any) error {
	return &TemplateError{Reason: fmt.Sprintf(format, args...)}
}

// Template is a parsed report template: its body fragments still hold
// their placeholders, which each report fills.
type Template struct {
	cover, control, closing string
	styles                  string
	fontTable               string
	sectRefs                string // the body section's header and footer references, titlePg
	parts                   []templatePart
	rels                    []relationship // carried document relationships, ids renamed
	defaults                map[string]string
	// Placeholders are the distinct placeholders the template uses, in
	// the order first met.
	Placeholders []string
}

// templatePart is a part copied from the template: headers and footers
// are filled per report, the rest (pictures, fonts, theme, numbering,
// their relationships) copied as they are.
type templatePart struct {
	name, contentType string
	data              []byte
	fill              bool
}

type relationship struct {
	ID         string `xml:"Id,attr"`
	Type       string `xml:"Type,attr"`
	Target     string `xml:"Target,attr"`
	TargetMode string `xml:"TargetMode,attr,omitempty"`
}

type relationships struct {
	XMLName xml.Name       `xml:"Relationships"`
	Rels    []relationship `xml:"Relationship"`
}

type contentTypeList struct {
	Defaults []struct {
		Extension   string `xml:"Extension,attr"`
		ContentType string `xml:"ContentType,attr"`
	} `xml:"Default"`
	Overrides []struct {
		PartName    string `xml:"PartName,attr"`
		ContentType string `xml:"ContentType,attr"`
	} `xml:"Override"`
}

// Relationship types a template's document may carry. Any other internal
// relationship is dropped; an external one other than a hyperlink is
// refused, so a template cannot make every report fetch a file from a
// server when opened.
var (
	carriedRels = map[string]bool{
		relBase + "header": true, relBase + "footer": true, relBase + "image": true,
		relBase + "theme": true, relBase + "numbering": true, relBase + "hyperlink": true,
	}
	replacedRels = map[string]bool{
		relBase + "styles": true, relBase + "settings": true, relBase + "fontTable": true,
	}
	mainTypes = map[string]bool{
		ctMain: true,
		"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": true,
	}
	relAttrRE  = regexp.MustCompile(`\br:(id|embed|link|pict|dm|lo|qs|cs|href)="([^"]*)"`)
	styleRE    = regexp.MustCompile(`(?s)<w:style\b[^>]*?w:styleId="([^"]+)"[^>]*?(?:/>|>.*?</w:style>)`)
	sectPrRE   = regexp.MustCompile(`(?s)<w:sectPr\b[^>]*>.*?</w:sectPr>\s*$`)
	sectRefsRE = regexp.MustCompile(`<w:(?:header|footer)Reference\b[^>]*/>|<w:titlePg\s*/>`)
)

// templateFile is the package read into memory, name -> bytes.
type templateFile map[string][]byte

// readPackage inflates a .docx with bounds on parts, part sizes and the
// total, so a zip bomb is refused rather than filling memory.
func readPackage(data []byte) (templateFile, error) {
	if len(data) > MaxTemplateSize {
		return nil, refuse("the file is larger than %d MB", MaxTemplateSize>>20)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, refuse("the file is not a Word document (.docx): %v", err)
	}
	if len(zr.File) > maxTemplateN {
		return nil, refuse("the document has %d parts; at most %d are accepted", len(zr.File), maxTemplateN)
	}
	files, total := templateFile{}, 0
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		name := strings.TrimPrefix(f.Name, "/")
		if !fs.ValidPath(name) {
			return nil, refuse("the document holds a part with an invalid name %q", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, refuse("part %s cannot be read: %v", name, err)
		}
		b, err := io.ReadAll(io.LimitReader(rc, maxTemplateFile+1))
		rc.Close()
		if err != nil {
			return nil, refuse("part %s cannot be read: %v", name, err)
		}
		total += len(b)
		if len(b) > maxTemplateFile || total > maxTemplateAll {
			return nil, refuse("the document inflates to more than %d MB", maxTemplateAll>>20)
		}
		files[name] = b
	}
	return files, nil
}

// ParseTemplate reads and checks a template: a real Word document without
// macros, both anchors present once and in order, every placeholder known,
// every relationship the kept parts use resolvable.
func ParseTemplate(data []byte) (*Template, error) {
	files, err := readPackage(data)
	if err != nil {
		return nil, err
	}
	var ct contentTypeList
	if err := xml.Unmarshal(files["[Content_Types].xml"], &ct); err != nil {
		return nil, refuse("the document has no readable [Content_Types].xml")
	}
	t := &Template{defaults: map[string]string{}}
	overrides := map[string]string{}
	for _, d := range ct.Defaults {
		t.defaults[strings.ToLower(d.Extension)] = d.ContentType
	}
	for _, o := range ct.Overrides {
		overrides[strings.TrimPrefix(o.PartName, "/")] = o.ContentType
	}
	switch mt := overrides["word/document.xml"]; {
	case strings.Contains(mt, "macroEnabled"):
		return nil, refuse("the document contains macros; save it as a .docx without macros")
	case !mainTypes[mt]:
		return nil, refuse("the document has no Word main part (word/document.xml)")
	}
	doc := string(files["word/document.xml"])
	rels, err := readRels(files, "word/document.xml")
	if err != nil {
		return nil, err
	}
	body, err := bodyOf(doc)
	if err != nil {
		return nil, refuse("word/document.xml has no body")
	}
	sect := sectPrRE.FindString(body)
	body = strings.TrimSpace(strings.TrimSuffix(body, sect))
	if err := t.split(body); err != nil {
		return nil, err
	}
	t.sectRefs = strings.Join(sectRefsRE.FindAllString(sect, -1), "")

	used := map[string]bool{}
	for _, frag := range []*string{&t.cover, &t.control, &t.closing, &t.sectRefs} {
		if *frag, err = renameRels(*frag, rels, used); err != nil {
			return nil, err
		}
	}
	if err := t.carry(files, rels, overrides, used); err != nil {
		return nil, err
	}
	if t.styles, err = mergeStyles(files["word/styles.xml"]); err != nil {
		return nil, err
	}
	t.fontTable = string(files["word/fontTable.xml"])
	if t.fontTable == "" {
		b, err := templateFS.ReadFile("template/word/fontTable.xml")
		if err != nil {
			return nil, fmt.Errorf("read product font table: %w", err)
		}
		t.fontTable = string(b)
	} else if err := t.carryPartRels(files, "word/fontTable.xml", overrides); err != nil {
		return nil, err
	}
	return t, t.checkPlaceholders()
}

// split cuts the body at the two anchors, each of which must stand alone
// in its paragraph, once, control first.
func (t *Template) split(body string) error {
	var at [2][2]int // paragraph start and end of each anchor
	found := [2]int{}
	for _, p := range paragraphs(body) {
		for i, a := range []string{AnchorControl, AnchorBody} {
			marker := "[" + a + "]"
			if !strings.Contains(p.text, marker) {
				continue
			}
			if strings.TrimSpace(p.text) != marker {
				return refuse("the anchor %s must be alone in its paragraph", marker)
			}
			found[i]++
			start := max(strings.LastIndex(body[:p.nodes[0].start], "<w:p>"), strings.LastIndex(body[:p.nodes[0].start], "<w:p "))
			end := strings.Index(body[p.nodes[0].end:], paragraphEnd)
			if start < 0 || end < 0 {
				return refuse("the anchor %s is not in a paragraph of the body", marker)
			}
			at[i] = [2]int{start, p.nodes[0].end + end + len(paragraphEnd)}
		}
	}
	for i, a := range []string{AnchorControl, AnchorBody} {
		switch found[i] {
		case 0:
			return refuse("the required anchor [%s] is missing: put it alone in a paragraph where %s", a, anchorPlace[a])
		case 1:
		default:
			return refuse("the anchor [%s] appears %d times; it must appear once", a, found[i])
		}
	}
	if at[0][1] > at[1][0] {
		return refuse("the anchor [%s] must come before [%s]", AnchorControl, AnchorBody)
	}
	t.cover = strings.TrimSpace(body[:at[0][0]])
	t.control = strings.TrimSpace(body[at[0][1]:at[1][0]])
	t.closing = strings.TrimSpace(body[at[1][1]:])
	return nil
}

var anchorPlace = map[string]string{
	AnchorControl: "the Document Control section starts (after the cover)",
	AnchorBody:    "the generated sections start (contents, diagram, resources, appendices)",
}

// readRels reads a part's relationships, if it has any.
func readRels(files templateFile, part string) (map[string]relationship, error) {
	name := path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
	out := map[string]relationship{}
	raw, ok := files[name]
	if !ok {
		return out, nil
	}
	var rs relationships
	if err := xml.Unmarshal(raw, &rs); err != nil {
		return nil, refuse("%s cannot be read: %v", name, err)
	}
	for _, r := range rs.Rels {
		out[r.ID] = r
	}
	return out, nil
}

// renameRels prefixes the relationship ids a fragment uses, so they never
// meet the ids of the parts the builder adds, and records which it used.
func renameRels(frag string, rels map[string]relationship, used map[string]bool) (string, error) {
	var err error
	out := relAttrRE.ReplaceAllStringFunc(frag, func(m string) string {
		sub := relAttrRE.FindStringSubmatch(m)
		r, ok := rels[sub[2]]
		switch {
		case !ok:
			err = refuse("the document refers to a relationship %q it does not define", sub[2])
		case replacedRels[r.Type] || (!carriedRels[r.Type] && r.TargetMode != "External"):
			err = refuse("the cover refers to a %s part, which templates cannot carry", path.Base(r.Type))
		}
		used[sub[2]] = true
		return `r:` + sub[1] + `="tpl` + sub[2] + `"`
	})
	return out, err
}

// carry keeps the relationships the fragments use and copies their parts.
func (t *Template) carry(files templateFile, rels map[string]relationship, overrides map[string]string, used map[string]bool) error {
	for _, id := range slices.Sorted(maps.Keys(used)) {
		r := rels[id]
		if r.TargetMode == "External" {
			if r.Type != relBase+"hyperlink" {
				return refuse("the document links to an outside file (%s); embed it instead", r.Target)
			}
			t.rels = append(t.rels, relationship{ID: "tpl" + id, Type: r.Type, Target: r.Target, TargetMode: "External"})
			continue
		}
		name := path.Clean(path.Join("word", r.Target))
		if strings.HasPrefix(r.Target, "/") {
			name = strings.TrimPrefix(r.Target, "/")
		}
		if _, ok := files[name]; !ok {
			return refuse("the document refers to %s, which it does not contain", name)
		}
		rel, _ := strings.CutPrefix(name, "word/")
		t.rels = append(t.rels, relationship{ID: "tpl" + id, Type: r.Type, Target: rel})
		if err := t.copyPart(files, name, overrides, r.Type == relBase+"header" || r.Type == relBase+"footer"); err != nil {
			return err
		}
		if err := t.carryPartRels(files, name, overrides); err != nil {
			return err
		}
	}
	return nil
}

// carryPartRels copies a part's own relationships and their internal
// targets (a header's logo, a font table's embedded fonts).
func (t *Template) carryPartRels(files templateFile, name string, overrides map[string]string) error {
	rels, err := readRels(files, name)
	if err != nil || len(rels) == 0 {
		return err
	}
	relsName := path.Join(path.Dir(name), "_rels", path.Base(name)+".rels")
	if err := t.copyPart(files, relsName, overrides, false); err != nil {
		return err
	}
	for _, r := range rels {
		if r.TargetMode == "External" {
			if r.Type != relBase+"hyperlink" {
				return refuse("%s links to an outside file (%s); embed it instead", name, r.Target)
			}
			continue
		}
		target := path.Clean(path.Join(path.Dir(name), r.Target))
		if _, ok := files[target]; !ok {
			return refuse("%s refers to %s, which the document does not contain", name, target)
		}
		if err := t.copyPart(files, target, overrides, false); err != nil {
			return err
		}
	}
	return nil
}

func (t *Template) copyPart(files templateFile, name string, overrides map[string]string, fill bool) error {
	for _, p := range t.parts {
		if p.name == name {
			return nil
		}
	}
	ct := overrides[name]
	if ct == "" {
		ct = t.defaults[strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))]
	}
	if ct == "" {
		return refuse("the document gives %s no content type", name)
	}
	t.parts = append(t.parts, templatePart{name: name, contentType: ct, data: files[name], fill: fill})
	return nil
}

// mergeStyles keeps the template's styles and adds the product's styles
// it lacks (by style id), so a template restyles Heading 1 or the table
// text without having to define every style the generated sections use.
func mergeStyles(theirs []byte) (string, error) {
	ours, err := templateFS.ReadFile("template/word/styles.xml")
	if err != nil {
		return "", fmt.Errorf("read product styles: %w", err)
	}
	if len(theirs) == 0 {
		return string(ours), nil
	}
	if err := xml.Unmarshal(theirs, new(struct{})); err != nil {
		return "", refuse("word/styles.xml cannot be read: %v", err)
	}
	s := string(theirs)
	have := map[string]bool{}
	for _, m := range styleRE.FindAllStringSubmatch(s, -1) {
		have[m[1]] = true
	}
	var add strings.Builder
	for _, m := range styleRE.FindAllStringSubmatch(string(ours), -1) {
		if !have[m[1]] {
			add.WriteString(m[0])
		}
	}
	end := strings.LastIndex(s, "</w:styles>")
	if end < 0 {
		return "", refuse("word/styles.xml has no <w:styles> element")
	}
	return s[:end] + add.String() + s[end:], nil
}

// checkPlaceholders refuses a placeholder the product does not fill,
// naming it, and lists the ones used.
func (t *Template) checkPlaceholders() error {
	known := placeholderValues(Metadata{})
	seen := map[string]bool{}
	check := func(where, part string) error {
		for _, p := range Placeholders(part) {
			name := strings.Trim(p, "[]")
			if _, ok := known[name]; !ok {
				return refuse("unknown placeholder %s in %s; the known ones are %s", p, where, strings.Join(KnownPlaceholders(), ", "))
			}
			if !seen[name] {
				seen[name] = true
				t.Placeholders = append(t.Placeholders, name)
			}
		}
		return nil
	}
	for _, f := range []struct{ where, part string }{{"the cover", t.cover}, {"the document control", t.control}, {"the closing", t.closing}} {
		if err := check(f.where, f.part); err != nil {
			return err
		}
	}
	for _, p := range t.parts {
		if p.fill {
			if err := check(p.name, string(p.data)); err != nil {
				return err
			}
		}
	}
	return nil
}

// KnownPlaceholders are the placeholders a template may use, sorted.
func KnownPlaceholders() []string {
	return slices.Sorted(maps.Keys(placeholderValues(Metadata{})))
}

// BuiltinTemplate is the product's own template as a .docx, packed from
// the embedded folder: the file an uploaded template is modelled on.
func BuiltinTemplate() ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := fs.WalkDir(templateFS, "template", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(name)
		if err != nil {
			return err
		}
		w, err := zw.Create(strings.TrimPrefix(name, "template/"))
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("pack built-in template: %w", err)
	}
	return buf.Bytes(), nil
}

var builtin = sync.OnceValues(func() (*Template, error) {
	data, err := BuiltinTemplate()
	if err != nil {
		return nil, err
	}
	t, err := ParseTemplate(data)
	if err != nil {
		return nil, fmt.Errorf("built-in template: %w", err)
	}
	return t, nil
})
