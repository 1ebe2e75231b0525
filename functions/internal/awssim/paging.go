package awssim

import (
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
)

const tokenPrefix = "awssim-page-"

// page returns one page of items starting at the position token encodes
// (nil: the first page), at most limit items (the caller's MaxResults or
// the API's default, further capped by Options.PageSize), and the token of
// the next page (nil on the last). Items are copied, as a deserializer
// would allocate them.
func page[T any](r *Request, items []T, token *string, limit int) ([]T, *string, error) {
	start := 0
	if t := aws.ToString(token); t != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(t, tokenPrefix))
		if !strings.HasPrefix(t, tokenPrefix) || err != nil || n < 0 || n > len(items) {
			return nil, nil, invalidParameter(r.Service, "NextToken", t)
		}
		start = n
	}
	if ps := r.Sim.opts.PageSize; ps > 0 && (limit <= 0 || ps < limit) {
		limit = ps
	}
	end := len(items)
	if limit > 0 && start+limit < end {
		end = start + limit
	}
	var next *string
	if end < len(items) {
		next = aws.String(tokenPrefix + strconv.Itoa(end))
	}
	return slices.Clone(items[start:end]), next, nil
}

// limitOf returns a MaxResults-style value, or def when unset.
func limitOf[T int32 | int64](p *T, def int) int {
	if p == nil || *p <= 0 {
		return def
	}
	return int(*p)
}

// selected keeps the items whose id is in ids (all of them when ids is
// empty), as the Describe calls' id lists do.
func selected[T any](items []T, ids []string, id func(T) *string) []T {
	if len(ids) == 0 {
		return items
	}
	var out []T
	for _, it := range items {
		if slices.Contains(ids, aws.ToString(id(it))) {
			out = append(out, it)
		}
	}
	return out
}
