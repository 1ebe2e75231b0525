package httpapi

import (
	"net/http"
	"strconv"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Page sizes of every list route (the seed's).
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// PageRequest is a list route's paging input: page numbers as the seed
// defines them, or an opaque cursor from a previous answer.
type PageRequest struct {
	Page     int
	PageSize int
	Cursor   string
}

// Pagination is the seed's pagination object.
type Pagination struct {
	Page       int `json:"page"`
	PageSize   int `json:"page_size"`
	Total      int `json:"total"`
	TotalPages int `json:"total_pages"`
}

// List is the answer of every list route.
type List[T any] struct {
	Data       []T        `json:"data"`
	Pagination Pagination `json:"pagination"`
	NextCursor string     `json:"next_cursor,omitempty"`
}

// NewList builds a list answer from one page of items and the total.
func NewList[T any](items []T, req PageRequest, total int, next string) List[T] {
	if items == nil {
		items = []T{}
	}
	pages := (total + req.PageSize - 1) / req.PageSize
	return List[T]{Data: items, Pagination: Pagination{Page: req.Page, PageSize: req.PageSize, Total: total, TotalPages: pages}, NextCursor: next}
}

// ParsePage reads page, page_size and cursor from the query.
func ParsePage(r *http.Request) (PageRequest, error) {
	q := r.URL.Query()
	p := PageRequest{Page: 1, PageSize: DefaultPageSize, Cursor: q.Get("cursor")}
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return p, domain.Invalid("page", "must be a whole number of 1 or more")
		}
		p.Page = n
	}
	if s := q.Get("page_size"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPageSize {
			return p, domain.Invalidf("page_size", "must be a whole number from 1 to %d", MaxPageSize)
		}
		p.PageSize = n
	}
	return p, nil
}
