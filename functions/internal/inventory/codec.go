package inventory

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
)

// Encode writes r as gzipped JSON.
func Encode(w io.Writer, r *Result) error {
	zw := gzip.NewWriter(w)
	if err := json.NewEncoder(zw).Encode(r); err != nil {
		return fmt.Errorf("encode unit result: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("close gzip: %w", err)
	}
	return nil
}

// Decode reads a gzipped JSON result.
func Decode(rd io.Reader) (*Result, error) {
	zr, err := gzip.NewReader(rd)
	if err != nil {
		return nil, fmt.Errorf("open gzip: %w", err)
	}
	defer zr.Close()
	var r Result
	if err := json.NewDecoder(zr).Decode(&r); err != nil {
		return nil, fmt.Errorf("decode unit result: %w", err)
	}
	return &r, nil
}
