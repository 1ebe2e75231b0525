package store

// Sessions and the access tokens handed out in them, written when the API
// hands tokens out (sign-in, challenge, refresh), so that a sign-out ends
// exactly the caller's own session and every access token issued in it:
//
//	PK "SESSION#<sha-256 of the refresh token>"  SK "SESSION"  userId, tokenIds (set), revoked, expiresAt
//	PK "TOKEN#<jti>"                              SK "TOKEN"    session, revoked, expiresAt (the token's expiry)
//
// The refresh token itself is never stored. Both expire (TTL) with what
// they describe.

import (
	"context"
	"fmt"
	"time"

	"github.com/guregu/dynamo/v2"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// SessionLife bounds a session record: longer than any refresh token lives.
const SessionLife = 31 * 24 * time.Hour

func sessionPK(key string) string { return "SESSION#" + key }
func tokenPK(jti string) string   { return "TOKEN#" + jti }

// RecordToken notes that an access token (jti) for workspace ws was
// handed to a person (owner: their identity subject, the same in each of
// their workspaces, so a session survives a switch of workspace) in the
// session sessionKey; it fails when the session is another person's. The
// session keeps the workspace of its latest token: a refresh stays there
// (SessionWorkspace), whatever the person's other sessions chose.
func (s *Store) RecordToken(ctx context.Context, sessionKey, owner, ws, tokenID string, expires, now time.Time) error {
	userID := owner
	err := s.table.Update("PK", sessionPK(sessionKey)).Range("SK", "SESSION").Set("userId", userID).Set("workspaceId", ws).
		AddStringsToSet("tokenIds", tokenID).Set("expiresAt", now.Add(SessionLife).Unix()).
		If("attribute_not_exists(userId) OR userId = ?", userID).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return &domain.Error{Kind: domain.KindUnauthenticated, Msg: "this session is not yours: sign in again",
			Err: fmt.Errorf("session %.8s belongs to another person", sessionKey)}
	}
	if err != nil {
		return fmt.Errorf("record session: %w", err)
	}
	err = s.table.Put(map[string]any{"PK": tokenPK(tokenID), "SK": "TOKEN", "session": sessionKey, "expiresAt": expires.Unix()}).Run(ctx)
	if err != nil {
		return fmt.Errorf("record token: %w", err)
	}
	return nil
}

// SessionWorkspace is the workspace of a session's latest token and the
// person the session is, or "" for a session never recorded.
func (s *Store) SessionWorkspace(ctx context.Context, sessionKey string) (ws, owner string, err error) {
	var sess struct {
		UserID      string `dynamo:"userId"`
		WorkspaceID string `dynamo:"workspaceId"`
	}
	err = s.table.Get("PK", sessionPK(sessionKey)).Range("SK", dynamo.Equal, "SESSION").Consistent(true).One(ctx, &sess)
	if err == dynamo.ErrNotFound {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("read session: %w", err)
	}
	return sess.WorkspaceID, sess.UserID, nil
}

// RevokeSession ends a session of a person (owner, as RecordToken took
// it): every access token handed out in it is revoked. It answers false,
// and changes nothing, when there is no such session of that person
// (someone else's refresh token).
func (s *Store) RevokeSession(ctx context.Context, sessionKey, owner string) (bool, error) {
	userID := owner
	var sess struct {
		UserID   string   `dynamo:"userId"`
		TokenIDs []string `dynamo:"tokenIds,set"`
	}
	err := s.table.Get("PK", sessionPK(sessionKey)).Range("SK", dynamo.Equal, "SESSION").Consistent(true).One(ctx, &sess)
	if err == dynamo.ErrNotFound || (err == nil && sess.UserID != userID) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read session: %w", err)
	}
	for _, jti := range sess.TokenIDs {
		err := s.table.Update("PK", tokenPK(jti)).Range("SK", "TOKEN").Set("revoked", true).If("attribute_exists(PK)").Run(ctx)
		if err != nil && !dynamo.IsCondCheckFailed(err) {
			return false, fmt.Errorf("revoke token: %w", err)
		}
	}
	if err := s.table.Update("PK", sessionPK(sessionKey)).Range("SK", "SESSION").Set("revoked", true).Run(ctx); err != nil {
		return false, fmt.Errorf("revoke session: %w", err)
	}
	return true, nil
}

// TokenRevoked reports whether an access token's session was ended.
func (s *Store) TokenRevoked(ctx context.Context, tokenID string) (bool, error) {
	var t struct {
		Revoked bool `dynamo:"revoked"`
	}
	err := s.table.Get("PK", tokenPK(tokenID)).Range("SK", dynamo.Equal, "TOKEN").One(ctx, &t)
	if err == dynamo.ErrNotFound {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read token %s: %w", tokenID, err)
	}
	return t.Revoked, nil
}
