package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

func replaceWith(ids ...string) func([]string) ([]string, error) {
	return func([]string) ([]string, error) { return ids, nil }
}

func TestAssignmentsReplaceTheSet(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a, b, c := domain.NewID(), domain.NewID(), domain.NewID()
	for _, tc := range []struct {
		name           string
		set            []string
		added, removed []string
	}{
		{"first set", []string{b, a}, []string{a, b}, nil},
		{"same set again", []string{a, b, a}, nil, nil},
		{"swap one", []string{a, c}, []string{c}, []string{b}},
		{"empty", nil, nil, []string{a, c}},
		{"again", []string{c}, []string{c}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, added, removed, err := s.ReplaceAssignments(ctx, "ws1", "u1", "admin", replaceWith(tc.set...))
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Compact(slices.Sorted(slices.Values(tc.set)))
			if !slices.Equal(set, want) || !slices.Equal(added, slices.Sorted(slices.Values(tc.added))) ||
				!slices.Equal(removed, slices.Sorted(slices.Values(tc.removed))) {
				t.Fatalf("set %v added %v removed %v; want %v %v %v", set, added, removed, want, tc.added, tc.removed)
			}
			got, err := s.AssignedCredentialIDs(ctx, "ws1", "u1")
			if err != nil || !slices.Equal(got, want) {
				t.Fatalf("stored %v (%v), want %v", got, err, want)
			}
		})
	}
	// Both directions.
	if _, _, _, err := s.ReplaceAssignments(ctx, "ws1", "u2", "admin", replaceWith(c, a)); err != nil {
		t.Fatal(err)
	}
	users, err := s.AssignedUserIDs(ctx, "ws1", c)
	if err != nil || !slices.Equal(users, []string{"u1", "u2"}) {
		t.Fatalf("users of c: %v %v", users, err)
	}
	if ok, err := s.IsAssigned(ctx, "ws1", "u2", a); !ok || err != nil {
		t.Fatalf("IsAssigned(u2, a) = %v %v", ok, err)
	}
	if ok, err := s.IsAssigned(ctx, "ws1", "u1", a); ok || err != nil {
		t.Fatalf("IsAssigned(u1, a) = %v %v", ok, err)
	}
	if ok, _ := s.IsAssigned(ctx, "ws2", "u2", a); ok {
		t.Fatal("assignment visible from another workspace")
	}
	// The set can be computed from the current one (a power user keeps what
	// it does not manage).
	set, _, _, err := s.ReplaceAssignments(ctx, "ws1", "u2", "pu", func(cur []string) ([]string, error) {
		return append(cur, b), nil
	})
	if err != nil || !slices.Equal(set, slices.Sorted(slices.Values([]string{a, b, c}))) {
		t.Fatalf("computed set %v %v", set, err)
	}
	// Too many, and a refusal from next, change nothing.
	var many []string
	for range MaxAssignments + 1 {
		many = append(many, domain.NewID())
	}
	if _, _, _, err := s.ReplaceAssignments(ctx, "ws1", "u2", "admin", replaceWith(many...)); !domain.Is(err, domain.KindInvalid) {
		t.Fatalf("too many: %v", err)
	}
	if _, _, _, err := s.ReplaceAssignments(ctx, "ws1", "u2", "admin", func([]string) ([]string, error) {
		return nil, domain.NotFound("credential")
	}); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("refused: %v", err)
	}
	if got, _ := s.AssignedCredentialIDs(ctx, "ws1", "u2"); len(got) != 3 {
		t.Fatalf("refused replacements changed the set: %v", got)
	}
	// A full set swapped for another full set fits one transaction.
	if _, _, _, err := s.ReplaceAssignments(ctx, "ws1", "u3", "admin", replaceWith(many[:MaxAssignments]...)); err != nil {
		t.Fatal(err)
	}
	var other []string
	for range MaxAssignments {
		other = append(other, domain.NewID())
	}
	if _, added, removed, err := s.ReplaceAssignments(ctx, "ws1", "u3", "admin", replaceWith(other...)); err != nil ||
		len(added) != MaxAssignments || len(removed) != MaxAssignments {
		t.Fatalf("full swap: +%d -%d %v", len(added), len(removed), err)
	}
	if err := s.RemoveUserAssignments(ctx, "ws1", "u3"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.AssignedCredentialIDs(ctx, "ws1", "u3"); len(got) != 0 {
		t.Fatalf("after removing the user's assignments: %v", got)
	}
}

func TestConcurrentReplacementsLastSetWinsWhole(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	const n = 6
	sets := make([][]string, n)
	for i := range sets {
		for range 3 {
			sets[i] = append(sets[i], domain.NewID())
		}
		slices.Sort(sets[i])
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, _, errs[i] = s.ReplaceAssignments(ctx, "ws1", "u1", fmt.Sprint(i), replaceWith(sets[i]...))
		}()
	}
	wg.Wait()
	got, err := s.AssignedCredentialIDs(ctx, "ws1", "u1")
	if err != nil {
		t.Fatal(err)
	}
	whole := false
	for i, set := range sets {
		if errs[i] != nil && !domain.Is(errs[i], domain.KindConflict) {
			t.Errorf("replacement %d: %v", i, errs[i])
		}
		whole = whole || slices.Equal(got, set)
	}
	if !whole {
		t.Fatalf("stored set %v is a mix of concurrent sets", got)
	}
}

func TestDeletingACredentialDropsItsAssignments(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := newCredential("ws1", "gone", "admin")
	keep := newCredential("ws1", "kept", "admin")
	for _, x := range []*domain.Credential{c, keep} {
		if err := s.CreateCredential(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []string{"u1", "u2"} {
		if _, _, _, err := s.ReplaceAssignments(ctx, "ws1", u, "admin", replaceWith(c.ID, keep.ID)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeleteCredential(ctx, c); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"u1", "u2"} {
		if got, _ := s.AssignedCredentialIDs(ctx, "ws1", u); !slices.Equal(got, []string{keep.ID}) {
			t.Fatalf("%s keeps %v", u, got)
		}
	}
	if users, _ := s.AssignedUserIDs(ctx, "ws1", c.ID); len(users) != 0 {
		t.Fatalf("deleted credential still has users %v", users)
	}
}
