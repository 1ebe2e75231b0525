package report

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// The spill file holds records in a small binary form, length-prefixed
// strings in a fixed order: the report reads every record two or three
// times, and JSON decoding was a fifth of the build time.

// appendSpilled appends the encoding of a spilled record to buf.
func appendSpilled(buf []byte, s spilled) []byte {
	r := s.Record
	for _, v := range []string{s.Unit, r.Service, r.ResourceType, r.AccountID, r.Region, r.ID, r.ARN, r.Name} {
		buf = appendString(buf, v)
	}
	buf = appendMap(buf, r.Tags)
	return appendMap(buf, r.Columns)
}

func appendString(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

func appendMap(buf []byte, m map[string]string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(m)))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		buf = appendString(appendString(buf, k), m[k])
	}
	return buf
}

var errShortSpill = errors.New("spilled record cut short")

// spillDecoder reads records back from a chunk of the spill file.
type spillDecoder struct{ buf []byte }

func (d *spillDecoder) more() bool { return len(d.buf) > 0 }

func (d *spillDecoder) next() (spilled, error) {
	var s spilled
	r := &s.Record
	for _, p := range []*string{&s.Unit, &r.Service, &r.ResourceType, &r.AccountID, &r.Region, &r.ID, &r.ARN, &r.Name} {
		v, err := d.string()
		if err != nil {
			return spilled{}, err
		}
		*p = v
	}
	var err error
	if r.Tags, err = d.stringMap(); err != nil {
		return spilled{}, err
	}
	if r.Columns, err = d.stringMap(); err != nil {
		return spilled{}, err
	}
	return s, nil
}

func (d *spillDecoder) uvarint() (int, error) {
	n, w := binary.Uvarint(d.buf)
	if w <= 0 || n > uint64(len(d.buf)) {
		return 0, errShortSpill
	}
	d.buf = d.buf[w:]
	return int(n), nil
}

func (d *spillDecoder) string() (string, error) {
	n, err := d.uvarint()
	if err != nil || n > len(d.buf) {
		return "", errShortSpill
	}
	s := string(d.buf[:n])
	d.buf = d.buf[n:]
	return s, nil
}

func (d *spillDecoder) stringMap() (map[string]string, error) {
	n, err := d.uvarint()
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	m := make(map[string]string, n)
	for range n {
		k, err := d.string()
		if err != nil {
			return nil, fmt.Errorf("map key: %w", err)
		}
		v, err := d.string()
		if err != nil {
			return nil, fmt.Errorf("map value: %w", err)
		}
		m[k] = v
	}
	return m, nil
}
