package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Assignment rows (which credentials a user may use):
//
//	set   PK WS#<ws>#USERCRED#<user>  SK SET          version: replacing a user's set is one conditional transaction
//	pair  PK WS#<ws>#USERCRED#<user>  SK CRED#<cred>  GSI1 WS#<ws>#CREDUSER#<cred> / USER#<user>
//
// A user's credentials are one Query on the partition; a credential's
// users one Query on GSI1. A credential's pairs go when it is deleted; a
// pair whose credential vanished meanwhile is ignored by readers, which
// always intersect with the existing credentials.

// MaxAssignments caps a user's set so that any replacement (the set row,
// at most MaxAssignments removals and as many additions) fits in one
// DynamoDB transaction of 100 items.
const MaxAssignments = 49

type assignmentSet struct {
	Meta
	UserID string `dynamo:"userId"`
	domain.Stamp
}

type assignmentPair struct {
	Meta
	UserID       string `dynamo:"userId"`
	CredentialID string `dynamo:"credentialId"`
	AssignedBy   string `dynamo:"assignedBy"`
	domain.Stamp
}

func assignPK(ws, user string) string   { return "WS#" + ws + "#USERCRED#" + user }
func credUserPK(ws, cred string) string { return "WS#" + ws + "#CREDUSER#" + cred }

// AssignedCredentialIDs returns the ids of the credentials assigned to a
// user, sorted.
func (s *Store) AssignedCredentialIDs(ctx context.Context, ws, userID string) ([]string, error) {
	pairs, err := all[assignmentPair](ctx, s, query{pk: assignPK(ws, userID), skPrefix: "CRED#"})
	if err != nil {
		return nil, fmt.Errorf("credentials of user %s: %w", userID, err)
	}
	ids := make([]string, 0, len(pairs))
	for _, p := range pairs {
		ids = append(ids, p.CredentialID)
	}
	return ids, nil
}

// AssignedUserIDs returns the ids of the users a credential is assigned
// to, sorted.
func (s *Store) AssignedUserIDs(ctx context.Context, ws, credentialID string) ([]string, error) {
	pairs, err := all[assignmentPair](ctx, s, query{index: GSI1, pk: credUserPK(ws, credentialID)})
	if err != nil {
		return nil, fmt.Errorf("users of credential %s: %w", credentialID, err)
	}
	ids := make([]string, 0, len(pairs))
	for _, p := range pairs {
		ids = append(ids, p.UserID)
	}
	return ids, nil
}

// IsAssigned reports whether a credential is assigned to a user.
func (s *Store) IsAssigned(ctx context.Context, ws, userID, credentialID string) (bool, error) {
	var p assignmentPair
	err := s.get(ctx, assignPK(ws, userID), credentialSK(credentialID), "assignment", &p)
	if domain.Is(err, domain.KindNotFound) {
		return false, nil
	}
	return err == nil, err
}

// ReplaceAssignments replaces a user's set of credentials with the set
// next computes from the current one, in one transaction conditioned on
// the set's version: a concurrent replacement makes it read and compute
// again, so the last writer's set wins whole. It returns the new set and
// what was added and removed; the same set again writes nothing.
func (s *Store) ReplaceAssignments(ctx context.Context, ws, userID, by string, next func(current []string) ([]string, error)) (set, added, removed []string, err error) {
	for range 5 {
		set, added, removed, err = s.replaceAssignments(ctx, ws, userID, by, next)
		if !domain.Is(err, domain.KindConflict) {
			break
		}
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("assign credentials to %s: %w", userID, err)
	}
	return set, added, removed, nil
}

func (s *Store) replaceAssignments(ctx context.Context, ws, userID, by string, next func([]string) ([]string, error)) (set, added, removed []string, err error) {
	var head assignmentSet
	err = s.get(ctx, assignPK(ws, userID), "SET", "assignments", &head)
	exists := err == nil
	if err != nil && !domain.Is(err, domain.KindNotFound) {
		return nil, nil, nil, err
	}
	current, err := s.AssignedCredentialIDs(ctx, ws, userID)
	if err != nil {
		return nil, nil, nil, err
	}
	want, err := next(slices.Clone(current))
	if err != nil {
		return nil, nil, nil, err
	}
	want = slices.Compact(slices.Sorted(slices.Values(want)))
	if len(want) > MaxAssignments {
		return nil, nil, nil, domain.Invalidf("credentialIds", "at most %d credentials per user", MaxAssignments)
	}
	for _, id := range want {
		if !slices.Contains(current, id) {
			added = append(added, id)
		}
	}
	for _, id := range current {
		if !slices.Contains(want, id) {
			removed = append(removed, id)
		}
	}
	if len(added) == 0 && len(removed) == 0 {
		return want, nil, nil, nil
	}
	now := s.now()
	tx := s.db.WriteTx()
	if exists {
		head.Version, head.UpdatedAt = head.Version+1, now
		tx.Put(s.table.Put(head).If("version = ?", head.Version-1))
	} else {
		head = assignmentSet{Meta: Meta{PK: assignPK(ws, userID), SK: "SET", Type: "assignment-set"}, UserID: userID,
			Stamp: domain.Stamp{CreatedAt: now, UpdatedAt: now, Version: 1}}
		tx.Put(s.table.Put(head).If("attribute_not_exists(PK)"))
	}
	for _, id := range added {
		tx.Put(s.table.Put(assignmentPair{
			Meta: Meta{PK: assignPK(ws, userID), SK: credentialSK(id), Type: "assignment",
				GSI1PK: credUserPK(ws, id), GSI1SK: userSK(userID)},
			UserID: userID, CredentialID: id, AssignedBy: by,
			Stamp: domain.Stamp{CreatedAt: now, UpdatedAt: now, Version: 1},
		}))
	}
	for _, id := range removed {
		tx.Delete(s.table.Delete("PK", assignPK(ws, userID)).Range("SK", credentialSK(id)))
	}
	if err := tx.Run(ctx); err != nil {
		if dynamo.IsCondCheckFailed(err) {
			return nil, nil, nil, domain.Conflict("the user's credentials changed meanwhile")
		}
		return nil, nil, nil, err
	}
	return want, added, removed, nil
}

// RemoveUserAssignments drops every assignment of a user (when the user is
// deleted).
func (s *Store) RemoveUserAssignments(ctx context.Context, ws, userID string) error {
	pairs, err := all[assignmentPair](ctx, s, query{pk: assignPK(ws, userID)})
	if err != nil {
		return fmt.Errorf("assignments of user %s: %w", userID, err)
	}
	return s.deleteRows(ctx, pairs)
}

// removeCredentialAssignments drops every assignment of a credential.
func (s *Store) removeCredentialAssignments(ctx context.Context, ws, credentialID string) error {
	pairs, err := all[assignmentPair](ctx, s, query{index: GSI1, pk: credUserPK(ws, credentialID)})
	if err != nil {
		return fmt.Errorf("assignments of credential %s: %w", credentialID, err)
	}
	return s.deleteRows(ctx, pairs)
}

// deleteRows batch-deletes rows by their keys.
func (s *Store) deleteRows(ctx context.Context, rows []assignmentPair) error {
	if len(rows) == 0 {
		return nil
	}
	ks := make([]dynamo.Keyed, 0, len(rows))
	for _, r := range rows {
		ks = append(ks, dynamo.Keys{r.PK, r.SK})
	}
	if _, err := s.table.Batch("PK", "SK").Write().Delete(ks...).Run(ctx); err != nil {
		return fmt.Errorf("delete %d assignment rows: %w", len(ks), err)
	}
	return nil
}
