// Package safecsv writes the CSV files the product hands out (the task
// inventory export, the audit export) so that a spreadsheet opens every
// cell as text: a cell a spreadsheet would read as a formula (it starts
// with =, +, -, @, a tab or a carriage return) gets a leading single quote
// and is quoted, as OWASP's "CSV injection" guidance says. Resource
// names, tags and user agents are written by whoever controls the scanned
// account or sends the request, so every export goes through it.
//
// It is a leaf: it imports only the standard library.
package safecsv

import (
	"bufio"
	"io"
	"strings"
)

// Writer writes records like encoding/csv's Writer (comma-separated,
// "\n" line ends, fields quoted when they need it), with every cell
// neutralised.
type Writer struct {
	w   *bufio.Writer
	err error
}

// NewWriter writes CSV to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: bufio.NewWriter(w)} }

// Dangerous reports whether a spreadsheet would treat a cell starting
// like s as a formula (or strip its first character and then do so).
func Dangerous(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// Neutralise is the cell as written: a formula-like cell with a leading
// single quote, anything else unchanged.
func Neutralise(s string) string {
	if Dangerous(s) {
		return "'" + s
	}
	return s
}

// Write writes one record. Errors stick: once a write failed, every
// later call answers the same error.
func (w *Writer) Write(record []string) error {
	if w.err != nil {
		return w.err
	}
	for i, cell := range record {
		if i > 0 {
			w.w.WriteByte(',')
		}
		quote := Dangerous(cell) || needsQuotes(cell)
		cell = Neutralise(cell)
		if !quote {
			w.w.WriteString(cell)
			continue
		}
		w.w.WriteByte('"')
		w.w.WriteString(strings.ReplaceAll(cell, `"`, `""`))
		w.w.WriteByte('"')
	}
	// A record of one empty cell would be an empty line, which readers
	// skip: quote it so the row stays.
	if len(record) == 1 && record[0] == "" {
		w.w.WriteString(`""`)
	}
	_, w.err = w.w.WriteString("\n")
	return w.err
}

// needsQuotes is encoding/csv's rule: a separator, a quote or a line
// break inside, or a leading space (which some readers trim).
func needsQuotes(s string) bool {
	return s != "" && (strings.ContainsAny(s, ",\"\r\n") || s[0] == ' ')
}

// Flush writes what is buffered to the underlying writer.
func (w *Writer) Flush() {
	if w.err == nil {
		w.err = w.w.Flush()
	}
}

// Error is the first error of a Write or Flush.
func (w *Writer) Error() error { return w.err }
