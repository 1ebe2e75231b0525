package monitor

import (
	"fmt"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// FailedSignIns configures failed_signins: too many failed sign-ins for
// one user, or from one source address, within a window.
type FailedSignIns struct {
	PerUser    Threshold `json:"perUser"`
	PerAddress Threshold `json:"perAddress"`
}

// DefaultFailedSignIns is 5 failures per user or 20 per address within
// 15 minutes.
func DefaultFailedSignIns() *FailedSignIns {
	return &FailedSignIns{PerUser: Threshold{Count: 5, Minutes: 15}, PerAddress: Threshold{Count: 20, Minutes: 15}}
}

// Validate implements Config.
func (c *FailedSignIns) Validate() error {
	if err := c.PerUser.validate("config.perUser", true); err != nil {
		return err
	}
	if err := c.PerAddress.validate("config.perAddress", true); err != nil {
		return err
	}
	if c.PerUser.Count == 0 && c.PerAddress.Count == 0 {
		return domain.Invalid("config.perUser.count", "perUser or perAddress must be on: to stop the rule, disable it")
	}
	return nil
}

func (c *FailedSignIns) lookback() time.Duration {
	return max(c.PerUser.lookback(), c.PerAddress.lookback())
}

func (c *FailedSignIns) counts(e *domain.AuditEntry) bool { return failedSignIn(e) }

// failedSignIn reports whether e is a sign-in that did not succeed: a
// refusal (wrong password, unknown name, closed or inactive account), or
// a failure the sign-in gave a reason for (an address throttled). A
// malformed request is neither.
func failedSignIn(e *domain.AuditEntry) bool {
	if e.Action != "auth.login" {
		return false
	}
	switch e.Result {
	case domain.AuditDenied:
		return true
	case domain.AuditFailure:
		return str(field(e.After, "reason")) != ""
	}
	return false
}

// Evaluate implements Config.
func (c *FailedSignIns) Evaluate(b *Batch, out *Result) {
	users := b.own(func(e *domain.AuditEntry) bool { return failedSignIn(e) && isUser(e.Actor) })
	windowed(b, users, func(e *domain.AuditEntry) string { return e.Actor }, c.PerUser, func(user string, in []counted) Finding {
		es := entriesOf(in)
		name := actorName(es[len(es)-1])
		return Finding{Rule: RuleFailedSignIns, Severity: domain.SeverityMedium, Title: "Repeated failed sign-ins",
			Subject: user, SubjectName: name,
			Message: fmt.Sprintf("%d failed sign-ins for %s within %d minutes, from %s.",
				len(es), name, c.PerUser.Minutes, summary(es, func(e *domain.AuditEntry) string { return e.IP }, 3))}
	}, out)

	withAddress := func(e *domain.AuditEntry) bool { return failedSignIn(e) && e.IP != "" }
	addrs := mergeByID(b.own(withAddress), unknown(b.Unknown, withAddress))
	windowed(b, addrs, func(e *domain.AuditEntry) string { return e.IP }, c.PerAddress, func(addr string, in []counted) Finding {
		var own []*domain.AuditEntry
		for _, x := range in {
			if x.own {
				own = append(own, x.e)
			}
		}
		msg := fmt.Sprintf("%d failed sign-ins from %s within %d minutes", len(in), addr, c.PerAddress.Minutes)
		if n := len(in) - len(own); n > 0 {
			msg += fmt.Sprintf(", %d of them for names no workspace knows", n)
		}
		msg += "; names tried: " + summary(own, actorName, 5) + "."
		return Finding{Rule: RuleFailedSignIns, Severity: domain.SeverityHigh, Title: "Failed sign-ins from one address",
			Subject: addr, Message: msg}
	}, out)
}

// unknown makes the counted entries of failures of unknown names: they
// count, but are not the workspace's own.
func unknown(es []domain.AuditEntry, match func(*domain.AuditEntry) bool) []counted {
	var out []counted
	for i := range es {
		e := &es[i]
		if match(e) {
			out = append(out, counted{e: e, at: timeOf(e)})
		}
	}
	return out
}

// mergeByID merges two lists in id order.
func mergeByID(a, b []counted) []counted {
	if len(b) == 0 {
		return a
	}
	out := make([]counted, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i].e.ID <= b[j].e.ID {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}
