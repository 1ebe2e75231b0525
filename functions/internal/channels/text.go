package channels

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// clean makes a value written by someone else fit for any message, before
// any format escapes it: valid UTF-8, one line, single spaces, no control
// characters and no bidirectional overrides (which could reorder the text
// around it). Right-to-left letters, emoji and joiners stay.
func clean(s string) string {
	if len(s) > maxValueBytes {
		// No receiver shows this much; the rest is not worth reading.
		cut := maxValueBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space := true // drops leading spaces
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u2028' || r == '\u2029':
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		case unicode.IsControl(r), bidiControl(r):
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// maxValueBytes is what clean reads of one value.
const maxValueBytes = 16 << 10

func bidiControl(r rune) bool {
	return '\u202A' <= r && r <= '\u202E' || '\u2066' <= r && r <= '\u2069'
}

// An escaper writes one rune of text in a format's escaped form. Escaping
// rune by rune is what lets clip cut anywhere without splitting an escape
// sequence or a rune.
type escaper func(b *strings.Builder, r rune)

func plain(b *strings.Builder, r rune) { b.WriteRune(r) }

// markdownSpecial is every character that starts or ends a construct in
// the Markdown dialects of DingTalk and Adaptive Cards (emphasis, links,
// headings, lists, quotes, tables, HTML and entities, line-start
// underlines), and the braces of Adaptive Cards' {{DATE()}} functions.
// Each is ASCII punctuation, which CommonMark lets a backslash escape.
const markdownSpecial = "\\`*_{}[]()#+-.!|<>~$&="

func markdown(b *strings.Builder, r rune) {
	if r < utf8.RuneSelf && strings.IndexByte(markdownSpecial, byte(r)) >= 0 {
		b.WriteByte('\\')
	}
	b.WriteRune(r)
}

// mrkdwn escapes Slack's three control characters, which is what stops
// text from forming links, mentions (<!channel>) and dates.
func mrkdwn(b *strings.Builder, r rune) {
	switch r {
	case '&':
		b.WriteString("&amp;")
	case '<':
		b.WriteString("&lt;")
	case '>':
		b.WriteString("&gt;")
	default:
		b.WriteRune(r)
	}
}

func escape(s string, esc escaper) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		esc(&b, r)
	}
	return b.String()
}

// A measure is how a receiver counts the length of text.
type measure func(string) int

func runes(s string) int { return utf8.RuneCountInString(s) }

// utf16Units counts as JavaScript does, which is at least the number of
// characters however a receiver counts them.
func utf16Units(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
		if r == utf8.RuneError {
			n++ // counted as one, but never less than a rune
		}
	}
	return n
}

// clip escapes s and, if it measures more than max, cuts it where the
// escaped text plus a note "… and N more characters" fits. The cut falls
// between two escaped runes: never inside a rune, never inside an escape.
// It reads s only as far as max reaches.
func clip(s string, max int, esc escaper, m measure) string {
	total := utf8.RuneCountInString(s)
	note := func(n int) string { return escape("… and "+count(n)+" more characters", esc) }
	limit := max - m(note(total)) // the note never grows as the cut moves right
	if limit < 0 {
		note = func(int) string { return "…" }
		limit = max - 1
	}
	var b, one strings.Builder
	used, kept := 0, 0
	cut, cutKept := -1, 0 // where the text stops if it does not fit whole
	for _, r := range s {
		one.Reset()
		esc(&one, r)
		w := m(one.String())
		if cut < 0 && used+w > limit {
			cut, cutKept = b.Len(), kept
		}
		if used+w > max {
			if cut < 0 || limit < 0 {
				return ""
			}
			return strings.TrimRight(b.String()[:cut], " ") + note(total-cutKept)
		}
		b.WriteString(one.String())
		used += w
		kept++
	}
	return b.String()
}

// listFormat says how a format writes a list: bullet and separator
// around each item, the escaping of items, how the receiver measures.
type listFormat struct {
	esc    escaper
	m      measure
	bullet string
	sep    string
}

// list writes at most b.items items, each clipped to b.text, and as many
// of them as fit in max; a last line "… and N more" counts the items left
// out here and the omitted ones left out before.
func (f listFormat) list(items []string, omitted int, b budget, max int) string {
	total := len(items) + omitted
	if len(items) > b.items {
		items = items[:b.items]
	}
	lines := make([]string, len(items))
	for i, it := range items {
		lines[i] = f.bullet + clip(it, b.text, f.esc, f.m)
	}
	note := func(n int) string { return f.bullet + escape("… and "+count(n)+" more", f.esc) }
	for k := len(lines); k >= 0; k-- {
		out := strings.Join(lines[:k], f.sep)
		if rest := total - k; rest > 0 {
			if k > 0 {
				out += f.sep
			}
			out += note(rest)
		}
		if f.m(out) <= max {
			return out
		}
	}
	return ""
}

// count writes n with thousands separators.
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + count(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}

// duration writes how long something ran, to the second: "45s",
// "12m 5s", "2h 3m".
func duration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%dh %dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm %ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}

func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// safeLink is a URL fit to place in a link of any format, or "" when raw
// is not one: an absolute http(s) URL without credentials, with the
// characters that end a link in Markdown, mrkdwn or HTML percent-encoded.
// Links come from the product (the console's own address), but are checked
// all the same.
func safeLink(raw string) string {
	if raw == "" || len(raw) > maxURLLength {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return ""
	}
	s := u.String()
	head := u.Scheme + "://" + u.Host
	if !strings.HasPrefix(s, head) {
		return ""
	}
	return head + linkEscaper.Replace(s[len(head):])
}

var linkEscaper = strings.NewReplacer(
	" ", "%20", "\"", "%22", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E",
	"[", "%5B", "]", "%5D", "\\", "%5C", "^", "%5E", "`", "%60", "{", "%7B",
	"|", "%7C", "}", "%7D",
)

// headerToken keeps what may travel in an HTTP or mail header value of
// ours (event ids and types): visible ASCII, at most 128 bytes.
func headerToken(s string) string {
	var b strings.Builder
	for i := 0; i < len(s) && b.Len() < 128; i++ {
		if c := s[i]; c > ' ' && c <= '~' {
			b.WriteByte(c)
		}
	}
	return b.String()
}
