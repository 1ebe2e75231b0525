package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// marker is a uniqueness row: its key is the unique value, so a
// conditional put of it fails when the value is taken.
type marker struct {
	PK    string `dynamo:"PK,hash"`
	SK    string `dynamo:"SK,range"`
	Owner string `dynamo:"owner"`
}

func markerKey(kind, value string) string { return "UNIQUE#" + kind + "#" + value }

// Unique is a value that must be unique across the table, written as a
// marker row in the same transaction as the item that owns it.
type Unique struct{ Kind, Value string }

// create writes a new item with its uniqueness markers in one transaction.
// An item that exists already, or a taken marker, is a conflict.
func (s *Store) create(ctx context.Context, it item, owner string, uniques ...Unique) error {
	m, st := it.keys(), it.Stamped()
	now := s.now()
	st.CreatedAt, st.UpdatedAt, st.Version = now, now, 1
	tx := s.db.WriteTx().Put(s.table.Put(it).If("attribute_not_exists(PK)"))
	for _, u := range uniques {
		tx.Put(s.table.Put(marker{PK: markerKey(u.Kind, u.Value), SK: "UNIQUE", Owner: owner}).If("attribute_not_exists(PK)"))
	}
	if err := tx.Run(ctx); err != nil {
		if dynamo.IsCondCheckFailed(err) {
			return domain.Conflict(conflictMessage(uniques))
		}
		return fmt.Errorf("create %s: %w", m.SK, err)
	}
	return nil
}

func conflictMessage(uniques []Unique) string {
	if len(uniques) == 0 {
		return "already exists"
	}
	msg := "already taken: "
	for i, u := range uniques {
		if i > 0 {
			msg += " or "
		}
		msg += u.Kind
	}
	return msg
}

// update replaces an item when its stored version is still the one the
// caller read, and moves uniqueness markers from old to new values in the
// same transaction. A stale version is a conflict.
func (s *Store) update(ctx context.Context, it item, owner string, oldUniques, newUniques []Unique) error {
	m, st := it.keys(), it.Stamped()
	read := st.Version
	st.Version = read + 1
	st.UpdatedAt = s.now()
	tx := s.db.WriteTx().Put(s.table.Put(it).If("attribute_exists(PK) AND version = ?", read))
	for _, u := range oldUniques {
		if !slices.Contains(newUniques, u) {
			tx.Delete(s.table.Delete("PK", markerKey(u.Kind, u.Value)).Range("SK", "UNIQUE").If("$ = ?", "owner", owner))
		}
	}
	for _, u := range newUniques {
		if !slices.Contains(oldUniques, u) {
			tx.Put(s.table.Put(marker{PK: markerKey(u.Kind, u.Value), SK: "UNIQUE", Owner: owner}).If("attribute_not_exists(PK)"))
		}
	}
	if err := tx.Run(ctx); err != nil {
		st.Version = read
		if dynamo.IsCondCheckFailed(err) {
			return domain.Conflict("changed by someone else since it was read, or a unique value is taken: reload and try again")
		}
		return fmt.Errorf("update %s: %w", m.SK, err)
	}
	return nil
}

// remove deletes an item and its markers in one transaction.
func (s *Store) remove(ctx context.Context, pk, sk string, uniques ...Unique) error {
	tx := s.db.WriteTx().Delete(s.table.Delete("PK", pk).Range("SK", sk).If("attribute_exists(PK)"))
	for _, u := range uniques {
		tx.Delete(s.table.Delete("PK", markerKey(u.Kind, u.Value)).Range("SK", "UNIQUE"))
	}
	if err := tx.Run(ctx); err != nil {
		if dynamo.IsCondCheckFailed(err) {
			return domain.NotFound(sk)
		}
		return fmt.Errorf("delete %s: %w", sk, err)
	}
	return nil
}

// get reads one item.
func (s *Store) get(ctx context.Context, pk, sk, what string, out any) error {
	if err := s.table.Get("PK", pk).Range("SK", dynamo.Equal, sk).Consistent(true).One(ctx, out); err != nil {
		return fmt.Errorf("get %s: %w", what, notFound(err, what))
	}
	return nil
}
