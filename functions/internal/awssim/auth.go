package awssim

import (
	"fmt"
	"strings"
)

// principal is who an access key belongs to.
type principal struct {
	account string
	arn     string
}

type accessKey struct {
	id, secret, token string
}

// issueKey returns the access key of a principal, creating it on first use.
// Keys are derived from a counter, so a simulator's keys are deterministic.
func (s *Sim) issueKey(p principal) accessKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, q := range s.keys {
		if q == p {
			return accessKey{id: id, secret: "sim-secret-" + id, token: tokenFor(id, p)}
		}
	}
	s.nextID++
	id := fmt.Sprintf("ASIASIM%013d", s.nextID)
	s.keys[id] = p
	return accessKey{id: id, secret: "sim-secret-" + id, token: tokenFor(id, p)}
}

func tokenFor(id string, p principal) string {
	if strings.Contains(p.arn, ":assumed-role/") {
		return "sim-session-" + id
	}
	return ""
}

// whoSigned returns the principal of the access key in a SigV4
// Authorization header ("AWS4-HMAC-SHA256 Credential=AKID/date/region/...").
func (s *Sim) whoSigned(authorization string) (principal, bool) {
	_, rest, ok := strings.Cut(authorization, "Credential=")
	if !ok {
		return principal{}, false
	}
	id, _, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.keys[id]
	return p, ok
}
