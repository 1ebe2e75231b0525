package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Page and Listed are the domain's paging shapes, named here too because
// every list method of the store takes and answers them.
type (
	Page          = domain.Page
	Listed[T any] = domain.Listed[T]
)

// mapListed turns a page of stored rows into a page of entities.
func mapListed[A, B any](l Listed[A], f func(A) B) Listed[B] {
	out := Listed[B]{Total: l.Total, TotalCapped: l.TotalCapped, Next: l.Next, Items: make([]B, 0, len(l.Items))}
	for _, a := range l.Items {
		out.Items = append(out.Items, f(a))
	}
	return out
}

// query describes a list: a partition (on the table or an index), an
// optional sort key prefix and filters.
type query struct {
	index    string // "" for the table
	pk       string
	skPrefix string
	skFrom   string // with skTo: a sort key range (inclusive)
	skTo     string
	filters  []filter
	newest   bool // newest first (descending sort key)
}

type filter struct {
	expr string
	args []any
}

func (q query) hashName() string {
	if q.index == "" {
		return "PK"
	}
	return q.index + "PK"
}

func (q query) rangeName() string {
	if q.index == "" {
		return "SK"
	}
	return q.index + "SK"
}

func (s *Store) build(q query) *dynamo.Query {
	dq := s.table.Get(q.hashName(), q.pk)
	if q.index != "" {
		dq = dq.Index(q.index)
	}
	if q.skPrefix != "" {
		dq = dq.Range(q.rangeName(), dynamo.BeginsWith, q.skPrefix)
	} else if q.skFrom != "" {
		dq = dq.Range(q.rangeName(), dynamo.Between, q.skFrom, q.skTo)
	}
	for _, f := range q.filters {
		dq = dq.Filter(f.expr, f.args...)
	}
	if q.newest {
		dq = dq.Order(dynamo.Descending)
	}
	return dq
}

// list reads one page. With a cursor it starts there; with a page number
// it reads through DynamoDB's pages to the page's first item, so page
// numbers work on a key-value store at the cost of reading the items
// before the page. It reads one item past the page to know whether another
// page follows, so the last page never carries a cursor to an empty one.
// The total is a bounded count (countBounded).
func list[T any, PT interface {
	*T
	keys() *Meta
}](ctx context.Context, s *Store, q query, p Page) (Listed[T], error) {
	var out Listed[T]
	total, capped, err := s.countBounded(ctx, q)
	if err != nil {
		return out, fmt.Errorf("count %s: %w", q.pk, err)
	}
	out.Total, out.TotalCapped = total, capped
	dq := s.build(q)
	skip := 0
	if p.Cursor != "" {
		key, err := decodeCursor(p.Cursor, q)
		if err != nil {
			return out, err
		}
		dq = dq.StartFrom(key)
	} else {
		skip = (p.Number - 1) * p.Size
		if skip >= total && !capped {
			return out, nil
		}
	}
	var items []T
	if err := dq.Limit(skip+p.Size+1).All(ctx, &items); err != nil {
		return out, fmt.Errorf("query %s: %w", q.pk, err)
	}
	if skip < len(items) {
		items = items[skip:]
	} else {
		items = nil
	}
	if len(items) > p.Size {
		items = items[:p.Size]
		out.Next = encodeCursor(q, PT(&items[p.Size-1]).keys())
	}
	out.Items = items
	return out, nil
}

// TotalBound is how many rows a list's total counts at most: past it the
// total is a lower bound (TotalCapped), so a list never counts a whole
// partition. A list of 1,000 rows is 50 pages of the default size.
var TotalBound = 1000

// countBounded counts the rows of a list, reading at most TotalBound+1
// rows of its partition (twice that with filters). Without filters,
// DynamoDB stops at the limit; with filters, a first count without them
// tells whether the partition is past the bound, and if it is, the
// filtered count looks only at the first TotalBound rows.
func (s *Store) countBounded(ctx context.Context, q query) (total int, capped bool, err error) {
	bare := q
	bare.filters = nil
	n, err := s.build(bare).Limit(TotalBound + 1).Count(ctx)
	if err != nil {
		return 0, false, err
	}
	if len(q.filters) == 0 {
		return min(n, TotalBound), n > TotalBound, nil
	}
	if n <= TotalBound {
		n, err = s.build(q).Count(ctx)
		return n, false, err
	}
	n, err = s.build(q).SearchLimit(TotalBound).Count(ctx)
	return n, true, err
}

// all reads a whole partition (for small, bounded sets such as a user's
// credential assignments).
func all[T any](ctx context.Context, s *Store, q query) ([]T, error) {
	var items []T
	if err := s.build(q).All(ctx, &items); err != nil {
		return nil, fmt.Errorf("query %s: %w", q.pk, err)
	}
	return items, nil
}

// encodeCursor makes the opaque cursor that resumes after item m.
func encodeCursor(q query, m *Meta) string {
	k := map[string]string{"PK": m.PK, "SK": m.SK}
	switch q.index {
	case GSI1:
		k["GSI1PK"], k["GSI1SK"] = m.GSI1PK, m.GSI1SK
	case GSI2:
		k["GSI2PK"], k["GSI2SK"] = m.GSI2PK, m.GSI2SK
	}
	b, _ := json.Marshal(k) // a map of strings always marshals
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor accepts only key attributes, and only a cursor of the same
// partition, so a cursor cannot be used to read another partition.
func decodeCursor(cursor string, q query) (dynamo.PagingKey, error) {
	bad := domain.Invalid("cursor", "not a cursor this list issued")
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return nil, bad
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, bad
	}
	allowed := map[string]bool{"PK": true, "SK": true, q.hashName(): true, q.rangeName(): true}
	key := dynamo.PagingKey{}
	for k, v := range m {
		if !allowed[k] {
			return nil, bad
		}
		key[k] = &types.AttributeValueMemberS{Value: v}
	}
	if m[q.hashName()] != q.pk {
		return nil, bad
	}
	return key, nil
}
