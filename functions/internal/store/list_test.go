package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// A list's total counts up to TotalBound rows and says when it stopped
// there; the pages past the bound still come.
func TestListTotalIsBounded(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	defer func(b int) { TotalBound = b }(TotalBound)
	TotalBound = 5
	for i := 0; i < 8; i++ {
		by := "u1"
		if i%2 == 1 {
			by = "u2"
		}
		tk := &domain.Task{ID: domain.NewID(), WorkspaceID: "ws", Name: fmt.Sprint("t", i), Status: domain.TaskCompleted, CreatedBy: by}
		if _, err := s.CreateTask(ctx, tk, ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		f      TaskFilter
		total  int
		capped bool
	}{
		{"whole partition", TaskFilter{}, 5, true},
		{"an index partition under the bound", TaskFilter{CreatedBy: "u1"}, 4, false},
		// the first 5 rows, newest first, hold 3 of u2's
		{"a filter over a large partition", TaskFilter{Visible: &Visibility{OwnerID: "u2"}}, 3, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := s.ListTasks(ctx, "ws", tc.f, Page{Number: 1, Size: 3})
			if err != nil {
				t.Fatal(err)
			}
			if l.Total != tc.total || l.TotalCapped != tc.capped {
				t.Fatalf("total %d capped %v, want %d %v", l.Total, l.TotalCapped, tc.total, tc.capped)
			}
		})
	}
	// Page 3 of 3 lies past the counted total and is still served.
	l, err := s.ListTasks(ctx, "ws", TaskFilter{}, Page{Number: 3, Size: 3})
	if err != nil || len(l.Items) != 2 {
		t.Fatalf("page past the bound: %d items, %v", len(l.Items), err)
	}
}
