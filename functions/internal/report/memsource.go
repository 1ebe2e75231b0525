package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// MemSource is a Source over unit results held in memory, gzipped as the
// blob store holds them. The demo reports and the tests read from it.
type MemSource map[string][]byte

var _ Source = MemSource(nil)

// Put adds unit results under their units' keys.
func (m MemSource) Put(results []*inventory.Result) error {
	for _, r := range results {
		var buf bytes.Buffer
		if err := inventory.Encode(&buf, r); err != nil {
			return err
		}
		m[r.Unit.Key()] = buf.Bytes()
	}
	return nil
}

func (m MemSource) List(_ context.Context, prefix string) ([]string, error) {
	var keys []string
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys, nil
}

func (m MemSource) Get(_ context.Context, key string) (io.ReadCloser, error) {
	b, ok := m[key]
	if !ok {
		return nil, fmt.Errorf("no object %s", key)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}
