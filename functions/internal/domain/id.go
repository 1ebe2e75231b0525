package domain

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"time"

	"github.com/oklog/ulid/v2"
)

// NewID returns a ULID: unique, and sortable by creation time, so lists
// ordered by id are ordered by time.
func NewID() string {
	return ulid.MustNew(ulid.Timestamp(time.Now()), rand.Reader).String()
}

// ValidID reports whether s looks like an id this system issued. It lets
// handlers answer a malformed id with a 400 before touching the store.
func ValidID(s string) bool {
	_, err := ulid.ParseStrict(s)
	return err == nil
}

// IDPrefixAt is the smallest id issued at t: ids sort by time, so a time
// range is an id range.
func IDPrefixAt(t time.Time) string {
	var id ulid.ULID
	_ = id.SetTime(ulid.Timestamp(t))
	return id.String()
}

// IDFor is the id a retried operation keeps: issued at t, with its random
// part drawn from key, so the same key and time give the same id. The
// report build uses it to make one report per workflow execution however
// often Step Functions retries the step.
func IDFor(t time.Time, key string) string {
	sum := sha256.Sum256([]byte(key))
	return ulid.MustNew(ulid.Timestamp(t), bytes.NewReader(sum[:])).String()
}
