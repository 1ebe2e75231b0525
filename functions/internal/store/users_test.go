package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

func newUser(ws, name string) *domain.User {
	return &domain.User{ID: domain.NewID(), WorkspaceID: ws, Username: name, Email: name + "@example.com",
		Role: domain.RoleUser, Status: domain.UserActive, Subject: "sub-" + name}
}

func TestStaleUpdateIsConflict(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	u := newUser("ws1", "alice")
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	a, _ := s.GetUser(ctx, "ws1", u.ID)
	b, _ := s.GetUser(ctx, "ws1", u.ID)
	before := *a
	a.Role = domain.RoleAdmin
	if err := s.UpdateUser(ctx, &before, a); err != nil {
		t.Fatalf("first update: %v", err)
	}
	if a.Version != 2 {
		t.Fatalf("version = %d, want 2", a.Version)
	}
	before = *b
	b.Status = domain.UserInactive
	if err := s.UpdateUser(ctx, &before, b); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("stale update: err = %v, want conflict", err)
	}
	got, _ := s.GetUser(ctx, "ws1", u.ID)
	if got.Role != domain.RoleAdmin || got.Status != domain.UserActive {
		t.Fatalf("stale write changed the item: %+v", got)
	}
}

func TestConcurrentCreatesOfOneUsernameOneWins(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := newUser("ws1", "bob")
			u.Email = fmt.Sprintf("bob%d@example.com", i)
			u.Subject = fmt.Sprintf("sub-%d", i)
			errs[i] = s.CreateUser(ctx, u)
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !domain.Is(err, domain.KindConflict):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d creates won, want exactly 1", wins)
	}
	l, err := s.ListUsers(ctx, "ws1", UserFilter{}, Page{Number: 1, Size: 20})
	if err != nil || l.Total != 1 {
		t.Fatalf("users = %d (%v), want 1", l.Total, err)
	}
}

func TestUniquenessAcrossEmailAndRelease(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a := newUser("ws1", "carol")
	if err := s.CreateUser(ctx, a); err != nil {
		t.Fatal(err)
	}
	b := newUser("ws1", "carl")
	b.Email = "CAROL@example.com"
	if err := s.CreateUser(ctx, b); !domain.Is(err, domain.KindConflict) {
		t.Fatalf("same email (other case): %v, want conflict", err)
	}
	// Changing the email frees the old one.
	before := *a
	a.Email = "carol2@example.com"
	if err := s.UpdateUser(ctx, &before, a); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(ctx, b); err != nil {
		t.Fatalf("old email should be free after the change: %v", err)
	}
	if err := s.DeleteUser(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UserBySubject(ctx, a.Subject); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("deleted user's subject still resolves: %v", err)
	}
	c := newUser("ws1", "carol")
	c.Email = "carol3@example.com"
	if err := s.CreateUser(ctx, c); err != nil {
		t.Fatalf("username should be free after delete: %v", err)
	}
}

func TestListSpansDynamoDBPages(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	// 300 users of about 6 KB each: about 1.8 MB, so a Query needs more
	// than one 1 MB DynamoDB page.
	pad := strings.Repeat("x", 6000)
	const n = 300
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			u := newUser("ws1", fmt.Sprintf("user%03d", i))
			u.Email = fmt.Sprintf("user%03d-%s@example.com", i, pad[:40])
			it := newUserItem(u)
			it.SearchText += pad
			if err := s.create(ctx, it, owner("ws1", u.ID)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	cursor := ""
	pages := 0
	for {
		l, err := s.ListUsers(ctx, "ws1", UserFilter{}, Page{Number: 1, Size: 100, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != n {
			t.Fatalf("total = %d, want %d", l.Total, n)
		}
		for _, u := range l.Items {
			if seen[u.ID] {
				t.Fatalf("user %s listed twice", u.ID)
			}
			seen[u.ID] = true
		}
		pages++
		if l.Next == "" {
			break
		}
		cursor = l.Next
	}
	if len(seen) != n || pages != 3 {
		t.Fatalf("listed %d users in %d pages, want %d in 3", len(seen), pages, n)
	}
	// Page numbers reach the same items as cursors.
	l, err := s.ListUsers(ctx, "ws1", UserFilter{}, Page{Number: 3, Size: 100})
	if err != nil || len(l.Items) != 100 {
		t.Fatalf("page 3: %d items, %v", len(l.Items), err)
	}
	l, err = s.ListUsers(ctx, "ws1", UserFilter{}, Page{Number: 4, Size: 100})
	if err != nil || len(l.Items) != 0 {
		t.Fatalf("page past the end: %d items, %v", len(l.Items), err)
	}
}

func TestWorkspacesNeverSeeEachOther(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	a, b := newUser("wsA", "anna"), newUser("wsB", "bert")
	for _, u := range []*domain.User{a, b} {
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.GetUser(ctx, "wsA", b.ID); !domain.Is(err, domain.KindNotFound) {
		t.Fatalf("workspace A read B's user: %v", err)
	}
	l, _ := s.ListUsers(ctx, "wsA", UserFilter{}, Page{Number: 1, Size: 20})
	if l.Total != 1 || l.Items[0].ID != a.ID {
		t.Fatalf("workspace A lists %+v", l.Items)
	}
	// A cursor from workspace B's list is refused in workspace A.
	for range 3 {
		u := newUser("wsB", "b"+domain.NewID()[20:])
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	lb, _ := s.ListUsers(ctx, "wsB", UserFilter{}, Page{Number: 1, Size: 1})
	if lb.Next == "" {
		t.Fatal("no cursor from B")
	}
	if _, err := s.ListUsers(ctx, "wsA", UserFilter{}, Page{Number: 1, Size: 1, Cursor: lb.Next}); !domain.Is(err, domain.KindInvalid) {
		t.Fatalf("B's cursor in A: %v, want invalid", err)
	}
}

func TestListFilters(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for i, role := range []domain.Role{domain.RoleAdmin, domain.RoleUser, domain.RoleUser} {
		u := newUser("ws1", fmt.Sprintf("dora%d", i))
		u.Role = role
		if err := s.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		f    UserFilter
		want int
	}{
		{UserFilter{Role: domain.RoleUser}, 2},
		{UserFilter{Role: domain.RoleAdmin}, 1},
		{UserFilter{Search: "DORA1"}, 1},
		{UserFilter{Status: domain.UserLocked}, 0},
	} {
		l, err := s.ListUsers(ctx, "ws1", tc.f, Page{Number: 1, Size: 20})
		if err != nil || l.Total != tc.want || len(l.Items) != tc.want {
			t.Errorf("%+v: total %d items %d (%v), want %d", tc.f, l.Total, len(l.Items), err, tc.want)
		}
	}
	if n, err := s.CountActiveAdmins(ctx, "ws1"); err != nil || n != 1 {
		t.Fatalf("admins = %d, %v", n, err)
	}
}
