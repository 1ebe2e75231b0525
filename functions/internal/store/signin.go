package store

// Sign-in gates, one item per user and one per source address and window:
//
//	PK "SIGNIN#USER#<userId>"  SK "GATE"   attempts, windowStart, lockedUntil, lockouts
//	PK "SIGNIN#IP#<address>"   SK "<window start, unix>"   attempts (failed ones)
//
// They live apart from the user item, whose updates are versioned puts
// that would overwrite a counter, and are changed only by atomic updates
// so that fifty parallel attempts count as fifty attempts made one at a
// time: at most max of them reach the identity pool, and the lock lands
// once. Both expire (TTL) a day after their last change.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/guregu/dynamo/v2"
)

const gateSK = "GATE"

func userGatePK(userID string) string { return "SIGNIN#USER#" + userID }

// SignInGate is one user's sign-in state.
type SignInGate struct {
	Attempts    int   `dynamo:"attempts"`
	WindowStart int64 `dynamo:"windowStart"` // unix seconds
	LockedUntil int64 `dynamo:"lockedUntil"` // unix seconds; 0: open
	Lockouts    int   `dynamo:"lockouts"`    // locks so far, for the backoff
}

func gateTTL(now time.Time) int64 { return now.Add(24 * time.Hour).Unix() }

// AdmitSignIn counts an attempt of a user in the current window and
// answers whether it may reach the pool: not while the user is locked,
// nor once the window already holds max attempts.
func (s *Store) AdmitSignIn(ctx context.Context, userID string, now time.Time, window time.Duration, max int) (bool, error) {
	cutoff := now.Add(-window).Unix()
	for range 4 {
		// An attempt in the open window.
		err := s.table.Update("PK", userGatePK(userID)).Range("SK", gateSK).Add("attempts", 1).Set("expiresAt", gateTTL(now)).
			If("windowStart > ? AND attempts < ? AND lockedUntil <= ?", cutoff, max, now.Unix()).Run(ctx)
		if err == nil {
			return true, nil
		}
		if !dynamo.IsCondCheckFailed(err) {
			return false, fmt.Errorf("admit sign-in of %s: %w", userID, err)
		}
		g, err := s.SignInGate(ctx, userID)
		if err != nil {
			return false, err
		}
		if g.LockedUntil > now.Unix() {
			return false, nil
		}
		if g.WindowStart > cutoff { // the window is full
			return false, nil
		}
		// The first attempt of a new window.
		err = s.table.Update("PK", userGatePK(userID)).Range("SK", gateSK).Set("attempts", 1).Set("windowStart", now.Unix()).
			Set("expiresAt", gateTTL(now)).SetIfNotExists("lockedUntil", 0).SetIfNotExists("lockouts", 0).
			If("attribute_not_exists(windowStart) OR (windowStart <= ? AND (attribute_not_exists(lockedUntil) OR lockedUntil <= ?))", cutoff, now.Unix()).Run(ctx)
		if err == nil {
			return true, nil
		}
		if !dynamo.IsCondCheckFailed(err) {
			return false, fmt.Errorf("admit sign-in of %s: %w", userID, err)
		}
		// Another attempt opened the window first: count this one in it.
	}
	return false, fmt.Errorf("admit sign-in of %s: too much contention", userID)
}

// SignInFailed notes that an admitted attempt was refused by the pool.
// When the window holds max attempts the user's sign-in closes for
// base * 2^lockouts (at most limit), once however many attempts fail
// together; it answers the time it closed until, zero when it did not
// close now.
func (s *Store) SignInFailed(ctx context.Context, userID string, now time.Time, max int, base, limit time.Duration) (time.Time, error) {
	g, err := s.SignInGate(ctx, userID)
	if err != nil {
		return time.Time{}, err
	}
	if g.Attempts < max || g.LockedUntil > now.Unix() {
		return time.Time{}, nil
	}
	d := base << min(g.Lockouts, 16)
	if d > limit || d <= 0 {
		d = limit
	}
	until := now.Add(d)
	err = s.table.Update("PK", userGatePK(userID)).Range("SK", gateSK).Set("lockedUntil", until.Unix()).Add("lockouts", 1).
		Set("attempts", 0).Set("windowStart", now.Unix()).Set("expiresAt", gateTTL(until)).
		If("attempts >= ? AND lockedUntil <= ?", max, now.Unix()).Run(ctx)
	if dynamo.IsCondCheckFailed(err) {
		return time.Time{}, nil // another failure closed it
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("lock sign-in of %s: %w", userID, err)
	}
	return until, nil
}

// SignInSucceeded opens a user's window again after a good password.
func (s *Store) SignInSucceeded(ctx context.Context, userID string, now time.Time) error {
	err := s.table.Update("PK", userGatePK(userID)).Range("SK", gateSK).Set("attempts", 0).Set("windowStart", now.Unix()).
		Set("expiresAt", gateTTL(now)).If("attribute_exists(PK)").Run(ctx)
	if err != nil && !dynamo.IsCondCheckFailed(err) {
		return fmt.Errorf("reset sign-in of %s: %w", userID, err)
	}
	return nil
}

// ClearSignInGate forgets a user's attempts and lock and the backoff:
// what an admin's unlock does.
func (s *Store) ClearSignInGate(ctx context.Context, userID string) error {
	if err := s.table.Delete("PK", userGatePK(userID)).Range("SK", gateSK).Run(ctx); err != nil {
		return fmt.Errorf("clear sign-in gate of %s: %w", userID, err)
	}
	return nil
}

// SignInGate reads a user's gate; a user who never failed has an open one.
func (s *Store) SignInGate(ctx context.Context, userID string) (SignInGate, error) {
	var g SignInGate
	err := s.table.Get("PK", userGatePK(userID)).Range("SK", dynamo.Equal, gateSK).Consistent(true).One(ctx, &g)
	if err != nil && err != dynamo.ErrNotFound {
		return g, fmt.Errorf("read sign-in gate of %s: %w", userID, err)
	}
	return g, nil
}

// SignInClosedUntil answers, for each of users, when their sign-in opens
// again, for those whose sign-in failed attempts have closed at now; the
// others are absent. One batch read per 100 users.
func (s *Store) SignInClosedUntil(ctx context.Context, users []string, now time.Time) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	for chunk := range slices.Chunk(users, 100) {
		keys := make([]dynamo.Keyed, len(chunk))
		for i, id := range chunk {
			keys[i] = dynamo.Keys{userGatePK(id), gateSK}
		}
		var gates []struct {
			PK string `dynamo:"PK"`
			SignInGate
		}
		err := s.table.Batch("PK", "SK").Get(keys...).All(ctx, &gates)
		if err != nil && err != dynamo.ErrNotFound {
			return nil, fmt.Errorf("read sign-in gates: %w", err)
		}
		for _, g := range gates {
			if g.LockedUntil > now.Unix() {
				out[strings.TrimPrefix(g.PK, userGatePK(""))] = time.Unix(g.LockedUntil, 0).UTC()
			}
		}
	}
	return out, nil
}

func addressPK(addr string) string { return "SIGNIN#IP#" + addr }

func windowSK(now time.Time, window time.Duration) string {
	return fmt.Sprint(now.Truncate(window).Unix())
}

// SignInFailuresFromAddress is how many failed sign-ins came from a source
// address in the current fixed window.
func (s *Store) SignInFailuresFromAddress(ctx context.Context, addr string, now time.Time, window time.Duration) (int, error) {
	var out struct {
		Attempts int `dynamo:"attempts"`
	}
	err := s.table.Get("PK", addressPK(addr)).Range("SK", dynamo.Equal, windowSK(now, window)).Consistent(true).One(ctx, &out)
	if err != nil && err != dynamo.ErrNotFound {
		return 0, fmt.Errorf("read sign-in failures from %s: %w", addr, err)
	}
	return out.Attempts, nil
}

// CountSignInFailureFromAddress counts one failed sign-in from a source
// address in the current fixed window and answers the window's count.
func (s *Store) CountSignInFailureFromAddress(ctx context.Context, addr string, now time.Time, window time.Duration) (int, error) {
	var out struct {
		Attempts int `dynamo:"attempts"`
	}
	err := s.table.Update("PK", addressPK(addr)).Range("SK", windowSK(now, window)).Add("attempts", 1).
		Set("expiresAt", gateTTL(now.Truncate(window).Add(window))).Value(ctx, &out)
	if err != nil {
		return 0, fmt.Errorf("count sign-in failure from %s: %w", addr, err)
	}
	return out.Attempts, nil
}
