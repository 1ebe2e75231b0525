package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Invite rows:
//
//	PK WS#<ws>#INVITE  SK INVITE#<id>
//	unique marker UNIQUE#invite#<code hash> -> "<ws>/<id>" (finds an invite by its code)
type inviteItem struct {
	Meta
	domain.Invite
}

func inviteKeys(ws, id string) Meta {
	return Meta{PK: "WS#" + ws + "#INVITE", SK: "INVITE#" + id, Type: "invite"}
}

// CreateInvite stores an invite and the marker that finds it by code hash.
func (s *Store) CreateInvite(ctx context.Context, inv *domain.Invite) error {
	it := &inviteItem{Meta: inviteKeys(inv.WorkspaceID, inv.ID), Invite: *inv}
	if err := s.create(ctx, it, owner(inv.WorkspaceID, inv.ID), Unique{"invite", inv.CodeHash}); err != nil {
		return fmt.Errorf("create invite: %w", err)
	}
	*inv = it.Invite
	return nil
}

// InviteByCodeHash finds an invite from its code's hash, in any workspace.
func (s *Store) InviteByCodeHash(ctx context.Context, hash string) (*domain.Invite, error) {
	var m marker
	if err := s.get(ctx, markerKey("invite", hash), "UNIQUE", "invite", &m); err != nil {
		return nil, err
	}
	ws, id, _ := cutOwner(m.Owner)
	var it inviteItem
	k := inviteKeys(ws, id)
	if err := s.get(ctx, k.PK, k.SK, "invite", &it); err != nil {
		return nil, err
	}
	return &it.Invite, nil
}

// ListInvites lists a workspace's invites.
func (s *Store) ListInvites(ctx context.Context, ws string, p Page) (Listed[domain.Invite], error) {
	l, err := list[inviteItem](ctx, s, query{pk: "WS#" + ws + "#INVITE", skPrefix: "INVITE#", newest: true}, p)
	if err != nil {
		return Listed[domain.Invite]{}, fmt.Errorf("list invites: %w", err)
	}
	return mapListed(l, func(it inviteItem) domain.Invite { return it.Invite }), nil
}

// DeleteInvite removes an invite and its code marker.
func (s *Store) DeleteInvite(ctx context.Context, ws, id string) error {
	var it inviteItem
	k := inviteKeys(ws, id)
	if err := s.get(ctx, k.PK, k.SK, "invite", &it); err != nil {
		return err
	}
	return s.remove(ctx, k.PK, k.SK, Unique{"invite", it.CodeHash})
}

// UseInvite spends one use of an invite, atomically: it fails when the
// invite is used up or expired at the moment of the write, so two
// registrations cannot both take the last use.
func (s *Store) UseInvite(ctx context.Context, inv *domain.Invite, now time.Time) error {
	k := inviteKeys(inv.WorkspaceID, inv.ID)
	err := s.table.Update("PK", k.PK).Range("SK", k.SK).Add("uses", 1).Add("version", 1).Set("updatedAt", now).
		If("attribute_exists(PK) AND uses < maxUses AND expiresAtTime > ?", now).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return domain.Invalid("inviteCode", "this invite code is used up or expired")
	}
	if err != nil {
		return fmt.Errorf("use invite %s: %w", inv.ID, err)
	}
	return nil
}

// ReleaseInvite gives back a use spent by a registration that then failed.
func (s *Store) ReleaseInvite(ctx context.Context, inv *domain.Invite) error {
	k := inviteKeys(inv.WorkspaceID, inv.ID)
	err := s.table.Update("PK", k.PK).Range("SK", k.SK).Add("uses", -1).Add("version", 1).If("uses > ?", 0).Run(ctx)
	if err != nil && !dynamo.IsCondCheckFailed(err) {
		return fmt.Errorf("release invite %s: %w", inv.ID, err)
	}
	return nil
}
