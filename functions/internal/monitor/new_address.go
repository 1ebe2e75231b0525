package monitor

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// NewAddress configures new_address: a successful sign-in from an address
// the user has not signed in from within RememberDays. Addresses are
// compared by prefix: IPv6 hosts change their address within their /64
// every day, some IPv4 offices within a /24.
type NewAddress struct {
	RememberDays int `json:"rememberDays"`
	IPv4Prefix   int `json:"ipv4Prefix"`
	IPv6Prefix   int `json:"ipv6Prefix"`
}

// DefaultNewAddress remembers addresses for 90 days, IPv4 addresses whole
// and IPv6 ones by their /64.
func DefaultNewAddress() *NewAddress {
	return &NewAddress{RememberDays: 90, IPv4Prefix: 32, IPv6Prefix: 64}
}

// Validate implements Config.
func (c *NewAddress) Validate() error {
	switch {
	case c.RememberDays < 1 || c.RememberDays > 3650:
		return domain.Invalid("config.rememberDays", "must be from 1 to 3650")
	case c.IPv4Prefix < 8 || c.IPv4Prefix > 32:
		return domain.Invalid("config.ipv4Prefix", "must be from 8 to 32")
	case c.IPv6Prefix < 16 || c.IPv6Prefix > 128:
		return domain.Invalid("config.ipv6Prefix", "must be from 16 to 128")
	}
	return nil
}

// The rule compares with the remembered addresses, not with the log.
func (c *NewAddress) lookback() time.Duration { return 0 }

func (c *NewAddress) counts(*domain.AuditEntry) bool { return false }

// Remember is how long an address is remembered after it was last seen.
func (c *NewAddress) Remember() time.Duration { return time.Duration(c.RememberDays) * 24 * time.Hour }

// refreshAfter is how stale a known address's last-seen time may get
// before a sign-in from it is written back: a user signing in ten times a
// day costs one write a day, not ten.
const refreshAfter = 24 * time.Hour

// signedIn reports whether e is a successful sign-in of a user from a
// known address.
func signedIn(e *domain.AuditEntry) bool {
	return e.Action == "auth.login" && e.Result == domain.AuditSuccess && isUser(e.Actor) && e.IP != ""
}

// addressKey is the remembered form of an address: the address, or its
// prefix.
func (c *NewAddress) addressKey(ip string) (string, bool) {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return "", false
	}
	a = a.Unmap().WithZone("")
	bits := c.IPv6Prefix
	if a.Is4() {
		bits = c.IPv4Prefix
	}
	if bits >= a.BitLen() {
		return a.String(), true
	}
	p, err := a.Prefix(bits)
	if err != nil {
		return "", false
	}
	return p.String(), true
}

// signInUsers are the users who sign in among the batch's new entries:
// those whose remembered addresses the rule needs.
func signInUsers(b *Batch) []string {
	var out []string
	seen := map[string]bool{}
	for i := range b.Entries {
		e := &b.Entries[i]
		if b.IsNew(e) && signedIn(e) && !seen[e.Actor] {
			seen[e.Actor] = true
			out = append(out, e.Actor)
		}
	}
	return out
}

// Evaluate implements Config. A user with nothing remembered (its first
// sign-in, or none within RememberDays) has nothing to compare with: the
// address is remembered without an alert.
func (c *NewAddress) Evaluate(b *Batch, out *Result) {
	remember := c.Remember()
	sets := map[string]map[string]time.Time{}
	var changed []string
	mark := func(u string) {
		if !slices.Contains(changed, u) {
			changed = append(changed, u)
		}
	}
	for i := range b.Entries {
		e := &b.Entries[i]
		if !b.IsNew(e) || !signedIn(e) {
			continue
		}
		key, ok := c.addressKey(e.IP)
		if !ok {
			continue
		}
		user, t := e.Actor, timeOf(e)
		set, ok := sets[user]
		if !ok {
			set = maps.Clone(b.Seen[user])
			if set == nil {
				set = map[string]time.Time{}
			}
			sets[user] = set
		}
		for k, last := range set {
			if t.Sub(last) > remember {
				delete(set, k)
				mark(user)
			}
		}
		last, known := set[key]
		switch {
		case len(set) == 0:
			set[key] = t
			mark(user)
		case !known:
			out.Findings = append(out.Findings, Finding{Rule: RuleNewAddress, Severity: domain.SeverityLow,
				Title: "Sign-in from a new address", Subject: user, SubjectName: actorName(e),
				Message: fmt.Sprintf("%s signed in from %s, an address not used by this user within %d days (known: %s).",
					actorName(e), e.IP, c.RememberDays, knownList(set, 5)),
				Evidence: []string{e.ID}, At: t, Key: RuleNewAddress + "|" + user + "|" + key + "|" + e.ID})
			set[key] = t
			mark(user)
		case t.Sub(last) >= refreshAfter:
			set[key] = t
			mark(user)
		}
	}
	if len(changed) == 0 {
		return
	}
	if out.Seen == nil {
		out.Seen = map[string]map[string]time.Time{}
	}
	for _, u := range changed {
		out.Seen[u] = sets[u]
	}
}

func knownList(set map[string]time.Time, max int) string {
	keys := slices.Sorted(maps.Keys(set))
	if len(keys) > max {
		keys = append(keys[:max], "…")
	}
	return strings.Join(keys, ", ")
}
