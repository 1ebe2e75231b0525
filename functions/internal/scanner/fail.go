package scanner

import (
	"path/filepath"
	"runtime"
	"strconv"
)

// scanError records where in a scanner a call failed, so coverage details
// and logs say which file and line, and what the scanner was doing.
type scanError struct {
	what  string // e.g. "list vpcs"
	where string // e.g. "vpc.go:31"
	err   error
}

func (e *scanError) Error() string { return e.what + ": " + e.err.Error() }
func (e *scanError) Unwrap() error { return e.err }

// fail wraps err with what the scanner was doing and the caller's file and
// line. Scanners return fail(err, "list vpcs") instead of err.
func fail(err error, what string) error { return failAt(err, what, 2) }

// failAt is fail for helpers: skip counts the frames up to the scanner
// line to report (2: the caller of the function calling failAt).
func failAt(err error, what string, skip int) error {
	if err == nil {
		return nil
	}
	where := "unknown"
	if _, file, line, ok := runtime.Caller(skip); ok {
		where = filepath.Base(file) + ":" + strconv.Itoa(line)
	}
	return &scanError{what: what, where: where, err: err}
}
