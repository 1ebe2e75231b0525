package domain

// Page asks for one page of a list: a page number as the seed defines it
// (from 1), or a cursor from a previous page.
type Page struct {
	Number int
	Size   int
	Cursor string
}

// Listed is one page of a list with the total across all pages.
type Listed[T any] struct {
	Items []T
	Total int
	// TotalCapped: the list has more rows than a total counts (the
	// store's bound); Total is a lower bound.
	TotalCapped bool
	Next        string // cursor of the following page; empty on the last
}
