package awsclient

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// cacheKey names a task's assumed-role credentials. The versions make an
// edited credential or base role take effect at once.
type cacheKey struct {
	ws, task, credential string
	version, baseVersion int
}

type cacheEntry struct {
	creds *aws.CredentialsCache
	used  time.Time
}

// cached returns a task's credentials, if any. The CredentialsCache renews
// them itself refreshWindow before they expire.
func (r *Resolver) cached(k cacheKey) *aws.CredentialsCache {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.cache[k]
	if !ok {
		return nil
	}
	e.used = r.o.Now()
	return e.creds
}

// remember stores a task's credentials (keeping one that a concurrent unit
// stored first, so a task assumes each role once) and forgets those of
// tasks idle for idleAfter.
func (r *Resolver) remember(k cacheKey, creds *aws.CredentialsCache) *aws.CredentialsCache {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.o.Now()
	for key, e := range r.cache {
		if now.Sub(e.used) > idleAfter {
			delete(r.cache, key)
		}
	}
	if e, ok := r.cache[k]; ok {
		e.used = now
		return e.creds
	}
	r.cache[k] = &cacheEntry{creds: creds, used: now}
	return creds
}
