package report

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// spilled is a record as kept on disk between the pass over the units and
// the rendering of its service: with the region of the unit it came from,
// which is what coverage is recorded under ("global" for global services).
type spilled struct {
	Unit   string
	Record inventory.Record
}

// spill keeps the records of one task on disk, so the report holds one
// unit while reading and one service while writing. Records go to one
// file, each unit's records of a service in one contiguous chunk, and an
// index of chunks per service lets a service be read back alone.
type spill struct {
	f          *os.File
	w          *bufio.Writer
	off        int64
	chunks     map[string][]chunk
	counts     map[string]int
	perAccount map[string]map[string]int
}

type chunk struct{ off, n int64 }

func newSpill(dir, name string) (*spill, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, fmt.Errorf("create spill: %w", err)
	}
	return &spill{f: f, w: bufio.NewWriterSize(f, 64<<10), chunks: map[string][]chunk{},
		counts: map[string]int{}, perAccount: map[string]map[string]int{}}, nil
}

// addUnit spills one unit's records, grouped by service.
func (s *spill) addUnit(unitRegion string, recs []inventory.Record) error {
	recs = slices.Clone(recs)
	slices.SortStableFunc(recs, func(a, b inventory.Record) int { return cmp.Compare(a.Service, b.Service) })
	var buf []byte
	for i, r := range recs {
		buf = appendSpilled(buf, spilled{Unit: unitRegion, Record: r})
		s.counts[r.Service]++
		if s.perAccount[r.Service] == nil {
			s.perAccount[r.Service] = map[string]int{}
		}
		s.perAccount[r.Service][r.AccountID]++
		if i+1 < len(recs) && recs[i+1].Service == r.Service {
			continue
		}
		if _, err := s.w.Write(buf); err != nil {
			return fmt.Errorf("spill %s: %w", r.Service, err)
		}
		s.chunks[r.Service] = append(s.chunks[r.Service], chunk{off: s.off, n: int64(len(buf))})
		s.off += int64(len(buf))
		buf = buf[:0]
	}
	return nil
}

// count is the number of records of a service.
func (s *spill) count(service string) int { return s.counts[service] }

// countIn is the number of records of a service in one account.
func (s *spill) countIn(service, account string) int { return s.perAccount[service][account] }

// seal flushes the file; load may be called afterwards.
func (s *spill) seal() error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("flush spill: %w", err)
	}
	return nil
}

func (s *spill) close() { s.f.Close() }

// load reads back the records of one service, in the order they came.
func (s *spill) load(service string) ([]spilled, error) {
	out := make([]spilled, 0, s.counts[service])
	var buf []byte
	for _, c := range s.chunks[service] {
		buf = slices.Grow(buf[:0], int(c.n))[:c.n]
		if _, err := s.f.ReadAt(buf, c.off); err != nil {
			return nil, fmt.Errorf("read spill of %s: %w", service, err)
		}
		dec := spillDecoder{buf: buf}
		for dec.more() {
			r, err := dec.next()
			if err != nil {
				return nil, fmt.Errorf("read spill of %s: %w", service, err)
			}
			out = append(out, r)
		}
	}
	return out, nil
}
