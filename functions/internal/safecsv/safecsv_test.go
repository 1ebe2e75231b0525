package safecsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
)

func TestWriterNeutralisesFormulaCells(t *testing.T) {
	for _, tc := range []struct{ name, cell, want string }{
		{"formula", `=HYPERLINK("http://evil.example","click")`, `"'=HYPERLINK(""http://evil.example"",""click"")"`},
		{"plus", "+SUM(1,2)", `"'+SUM(1,2)"`},
		{"minus", "-2+3", `"'-2+3"`},
		{"at", "@cmd", `"'@cmd"`},
		{"tab", "\t=1", "\"'\t=1\""},
		{"carriage return", "\r=1", "\"'\r=1\""},
		{"plain", "web-server", "web-server"},
		{"formula later in the cell", "a=1", "a=1"},
		{"comma", "a,b", `"a,b"`},
		{"quote", `say "hi"`, `"say ""hi"""`},
		{"brackets and emoji", "ACME [UK] Ltd 🚀", "ACME [UK] Ltd 🚀"},
		{"xml specials", `<a href="x">&amp;</a>`, `"<a href=""x"">&amp;</a>"`},
		{"leading space", " =1", `" =1"`},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			w := NewWriter(&b)
			if err := w.Write([]string{tc.cell, "x"}); err != nil {
				t.Fatal(err)
			}
			w.Flush()
			if got := b.String(); got != tc.want+",x\n" {
				t.Errorf("wrote %q, want %q", got, tc.want+",x\n")
			}
		})
	}
}

func TestWriterKeepsARecordOfOneEmptyCell(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	_ = w.Write([]string{""})
	_ = w.Write([]string{"a"})
	w.Flush()
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("read back %q, %v; want two rows", rows, err)
	}
}

func TestWriterErrorsStick(t *testing.T) {
	w := NewWriter(failing{})
	_ = w.Write([]string{strings.Repeat("x", 10_000)})
	w.Flush()
	if err := w.Write([]string{"y"}); err == nil || w.Error() == nil {
		t.Errorf("a write after a failed flush answered %v, want the failure", err)
	}
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// FuzzWriter: whatever the cells, the file reads back as the same record
// with formula-like cells prefixed by a quote, and no cell a spreadsheet
// reads starts like a formula. The seed corpus is in testdata/fuzz.
func FuzzWriter(f *testing.F) {
	f.Add("=1+1", "plain")
	f.Fuzz(func(t *testing.T, a, b string) {
		var buf bytes.Buffer
		w := NewWriter(&buf)
		if err := w.Write([]string{a, b}); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		r := csv.NewReader(&buf)
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%q does not read back: %v", buf.String(), err)
		}
		if len(rows) != 1 || len(rows[0]) != 2 {
			t.Fatalf("%q read back as %q, want one record of two cells", buf.String(), rows)
		}
		for i, in := range []string{a, b} {
			got := rows[0][i]
			// encoding/csv's reader drops the \r of a \r\n, even quoted.
			want := strings.ReplaceAll(Neutralise(in), "\r\n", "\n")
			if got != want {
				t.Errorf("cell %q read back as %q, want %q", in, got, want)
			}
			if Dangerous(got) {
				t.Errorf("cell %q reads back as %q, which a spreadsheet runs", in, got)
			}
		}
	})
}
