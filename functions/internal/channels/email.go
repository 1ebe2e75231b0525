package channels

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html/template"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/event"
)

// emailMax bounds a rendered message; mail providers take far more (SES:
// 40 MB), this only keeps a hostile event from making a huge one.
const (
	emailMax        = 200_000
	emailSubjectMax = 200
)

// emailView is a message clipped for e-mail, still unescaped: the text
// part shows it as is, html/template escapes it for the HTML part.
type emailView struct {
	Title    string
	Facts    []fact
	Sections []emailSection
	Link     link
	Footer   string
}

type emailSection struct {
	Heading string
	Text    string
	Items   []string
}

var emailList = listFormat{esc: plain, m: runes, bullet: "", sep: "\n"}

func newEmailView(m message, b budget) emailView {
	v := emailView{
		Title:  clip(m.Title, b.text+40, plain, runes),
		Footer: clip(m.Footer, b.text+120, plain, runes),
		Link:   link{Text: m.Link.Text, URL: safeLink(m.Link.URL)},
	}
	for _, f := range m.Facts {
		v.Facts = append(v.Facts, fact{Label: f.Label, Value: clip(f.Value, b.text, plain, runes)})
	}
	for _, s := range m.Sections {
		es := emailSection{Heading: s.Heading}
		if s.Text != "" {
			es.Text = clip(s.Text, b.text, plain, runes)
		}
		if len(s.Items) > 0 || s.Omitted > 0 {
			// Items are one line each (clean made them so).
			es.Items = strings.Split(emailList.list(s.Items, s.Omitted, b, emailMax), "\n")
		}
		v.Sections = append(v.Sections, es)
	}
	return v
}

func (v emailView) text() string {
	var b strings.Builder
	b.WriteString(v.Title + "\n\n")
	for _, f := range v.Facts {
		b.WriteString(f.Label + ": " + f.Value + "\n")
	}
	for _, s := range v.Sections {
		b.WriteString("\n" + s.Heading + "\n")
		if s.Text != "" {
			b.WriteString(s.Text + "\n")
		}
		for _, it := range s.Items {
			b.WriteString("- " + it + "\n")
		}
	}
	if v.Link.URL != "" {
		b.WriteString("\n" + v.Link.Text + ": " + v.Link.URL + "\n")
	}
	b.WriteString("\n-- \n" + v.Footer + "\n")
	return b.String()
}

var emailHTML = template.Must(template.New("email").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1f2328">
<h2 style="font-size:18px">{{.Title}}</h2>
{{- if .Facts}}
<table style="border-collapse:collapse">
{{- range .Facts}}
<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">{{.Label}}</th><td style="padding:2px 0">{{.Value}}</td></tr>
{{- end}}
</table>
{{- end}}
{{- range .Sections}}
<h3 style="font-size:15px;margin-bottom:4px">{{.Heading}}</h3>
{{- if .Text}}
<p style="margin-top:0">{{.Text}}</p>
{{- end}}
{{- if .Items}}
<ul style="margin-top:0">
{{- range .Items}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
{{- end}}
{{- if .Link.URL}}
<p><a href="{{.Link.URL}}">{{.Link.Text}}</a></p>
{{- end}}
<p style="color:#656d76;font-size:12px">{{.Footer}}</p>
</body></html>
`))

// renderEmail writes ev as an RFC 5322 message: multipart/alternative with
// a text and an HTML part, both quoted-printable UTF-8. Nothing from the
// event reaches a header but the subject, cleaned of line breaks and
// encoded, and the event's type and id, reduced to visible ASCII.
func renderEmail(m message, ev event.Event, from *mail.Address, to []*mail.Address, now time.Time) ([]byte, error) {
	return fit(emailMax, func(b budget) ([]byte, error) { return emailMessage(m, ev, from, to, now, b) })
}

func emailMessage(m message, ev event.Event, from *mail.Address, to []*mail.Address, now time.Time, b budget) ([]byte, error) {
	v := newEmailView(m, b)
	var html bytes.Buffer
	if err := emailHTML.Execute(&html, v); err != nil {
		return nil, fmt.Errorf("render e-mail: %w", err)
	}
	boundary := "cloudcensus-" + randomHex(12)

	var out bytes.Buffer
	addrs := make([]string, len(to))
	for i, a := range to {
		addrs[i] = a.String()
	}
	subject := clip("[CloudCensus] "+m.Title, emailSubjectMax, plain, runes)
	headers := []struct{ name, value string }{
		{"From", from.String()},
		{"To", strings.Join(addrs, ", ")},
		{"Subject", encodeSubject(subject)},
		{"Date", now.UTC().Format(time.RFC1123Z)},
		{"Message-ID", messageID(ev, from, now)},
		{"MIME-Version", "1.0"},
		{"Auto-Submitted", "auto-generated"},
		{HeaderEvent, headerToken(string(ev.Type))},
		{HeaderEventID, headerToken(ev.ID)},
		{"Content-Type", `multipart/alternative; boundary="` + boundary + `"`},
	}
	for _, h := range headers {
		if strings.ContainsAny(h.value, "\r\n") {
			return nil, fmt.Errorf("render e-mail: line break in %s header", h.name)
		}
		if h.value == "" {
			continue
		}
		out.WriteString(h.name + ": " + fold(h.value, len(h.name)+2) + "\r\n")
	}
	out.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{
		{"text/plain; charset=utf-8", v.text()},
		{"text/html; charset=utf-8", html.String()},
	} {
		out.WriteString("--" + boundary + "\r\n")
		out.WriteString("Content-Type: " + part.typ + "\r\n")
		out.WriteString("Content-Transfer-Encoding: quoted-printable\r\n\r\n")
		qp := quotedprintable.NewWriter(&out)
		if _, err := qp.Write([]byte(part.body)); err != nil {
			return nil, fmt.Errorf("encode e-mail: %w", err)
		}
		if err := qp.Close(); err != nil {
			return nil, fmt.Errorf("encode e-mail: %w", err)
		}
		out.WriteString("\r\n")
	}
	out.WriteString("--" + boundary + "--\r\n")
	return out.Bytes(), nil
}

// encodeSubject writes a subject as RFC 2047 encoded words when it is not
// plain ASCII, and also when it holds "=?": a mail client would decode
// such a sequence in a plain subject, and a name must arrive as written.
func encodeSubject(s string) string {
	if !strings.Contains(s, "=?") {
		return mime.QEncoding.Encode("utf-8", s)
	}
	var words []string
	var w strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		var enc string
		switch {
		case c == ' ':
			enc = "_"
		case c >= 0x80 || c < ' ' || strings.IndexByte("=?_\"(),.:;<>@[\\]", c) >= 0:
			enc = fmt.Sprintf("=%02X", c)
		default:
			enc = string(c)
		}
		// Never split a UTF-8 sequence across words: start a new word
		// only before a rune's first byte.
		if w.Len()+len(enc) > 60 && c&0xC0 != 0x80 {
			words = append(words, "=?utf-8?q?"+w.String()+"?=")
			w.Reset()
		}
		w.WriteString(enc)
	}
	if w.Len() > 0 {
		words = append(words, "=?utf-8?q?"+w.String()+"?=")
	}
	return strings.Join(words, " ")
}

// fold breaks a header value at spaces so lines stay near 78 characters;
// used is what the header name took of the first line.
func fold(v string, used int) string {
	var b strings.Builder
	line := used
	for i, word := range strings.Split(v, " ") {
		if i > 0 {
			if line+1+len(word) > 78 {
				b.WriteString("\r\n")
				line = 0
			}
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += len(word)
	}
	return b.String()
}

func messageID(ev event.Event, from *mail.Address, now time.Time) string {
	domain := "cloudcensus.invalid"
	if at := strings.LastIndexByte(from.Address, '@'); at >= 0 {
		if d := headerToken(from.Address[at+1:]); d != "" && !strings.ContainsAny(d, "<>[]\"") {
			domain = d
		}
	}
	id := strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return -1
	}, headerToken(ev.ID))
	if id == "" {
		id = "event"
	}
	return fmt.Sprintf("<%s.%d.%s@%s>", id, now.UnixNano(), randomHex(4), domain)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b)
}
