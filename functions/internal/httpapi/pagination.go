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

// Pagination is the seed's pagination object.
type Pagination struct {
	Page       int `json:"page"`
	PageSize   int `json:"page_size"`
	Total      int `json:"total"`
	TotalPages int `json:"total_pages"`
	// TotalCapped: there are more than total rows (a list counts up to a
	// bound, never a whole partition); total and total_pages are lower
	// bounds and next_cursor goes on.
	TotalCapped bool `json:"total_capped,omitempty"`
}

// List is the answer of every list route.
type List[T any] struct {
	Data       []T        `json:"data"`
	Pagination Pagination `json:"pagination"`
	NextCursor string     `json:"next_cursor,omitempty"`
}

// NewList builds a list answer from one page of items and the total.
func NewList[T any](l domain.Listed[T], req domain.Page) List[T] {
	items := l.Items
	if items == nil {
		items = []T{}
	}
	pages := (l.Total + req.Size - 1) / req.Size
	return List[T]{Data: items, Pagination: Pagination{Page: req.Number, PageSize: req.Size, Total: l.Total, TotalPages: pages, TotalCapped: l.TotalCapped}, NextCursor: l.Next}
}

// ServeList is every list route's answer: it reads the page from the
// query, asks fetch for it and writes the list, so a list handler holds
// only its filters and its query.
func ServeList[T any](w http.ResponseWriter, r *http.Request, fetch func(domain.Page) (domain.Listed[T], error)) error {
	page, err := ParsePage(r)
	if err != nil {
		return err
	}
	l, err := fetch(page)
	if err != nil {
		return err
	}
	return JSON(w, http.StatusOK, NewList(l, page))
}

// ParsePage reads page, page_size and cursor from the query.
func ParsePage(r *http.Request) (domain.Page, error) {
	q := r.URL.Query()
	p := domain.Page{Number: 1, Size: DefaultPageSize, Cursor: q.Get("cursor")}
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return p, domain.Invalid("page", "must be a whole number of 1 or more")
		}
		p.Number = n
	}
	if s := q.Get("page_size"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxPageSize {
			return p, domain.Invalidf("page_size", "must be a whole number from 1 to %d", MaxPageSize)
		}
		p.Size = n
	}
	return p, nil
}
