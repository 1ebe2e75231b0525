package domain

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// DocumentName names a document of a project, without its extension,
// from its client, project, date and version, e.g.
// "Acme-Corp_Landing-Zone_2025-05-06_v1.2". It is safe on every OS:
// letters and digits of any script, '-' and '.', no separators or
// characters Windows forbids, no reserved device name, no leading or
// trailing dot, and short enough for any file system. The report and the
// inventory exports are named by it.
func DocumentName(client, project string, date time.Time, version string) string {
	var parts []string
	for _, p := range []struct {
		s   string
		max int
	}{{client, 48}, {project, 64}} {
		if c := fileSafe(p.s, p.max); c != "" {
			parts = append(parts, c)
		}
	}
	if !date.IsZero() {
		parts = append(parts, date.Format("2006-01-02"))
	}
	if v := fileSafe(version, 16); v != "" {
		v = strings.TrimPrefix(strings.TrimPrefix(v, "v"), "V")
		if v != "" && v[0] >= '0' && v[0] <= '9' {
			v = "v" + v // a version number; a word such as "inventory" stays as it is
		} else {
			v = fileSafe(version, 16)
		}
		parts = append(parts, v)
	}
	stem := strings.Join(parts, "_")
	if stem == "" {
		stem = "report"
	}
	if reservedName(stem) {
		stem = "report-" + stem
	}
	return stem
}

// fileSafe keeps letters, digits, marks, '-' and '.', turns every other
// run of characters into one '-', trims '-' and '.' from the ends and cuts
// to at most max runes.
func fileSafe(s string, max int) string {
	var sb strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '.':
			if dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			dash = false
			sb.WriteRune(r)
		default: // spaces, '-', separators, punctuation, controls
			dash = true
		}
	}
	out := sb.String()
	if utf8.RuneCountInString(out) > max {
		// Cut at the last word that fits, so no name ends mid-word; a
		// single word longer than max is cut where it must be.
		cut := string([]rune(out)[:max+1])
		if i := strings.LastIndexByte(cut, '-'); i > 0 {
			out = cut[:i]
		} else {
			out = string([]rune(out)[:max])
		}
	}
	return strings.Trim(out, "-.")
}

// reservedName reports whether Windows reserves a name (CON, NUL, COM1...),
// with or without an extension.
func reservedName(stem string) bool {
	base, _, _ := strings.Cut(strings.ToUpper(stem), ".")
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		return base[3] >= '0' && base[3] <= '9'
	}
	return false
}
