package monitor

import (
	"fmt"
	"strings"
	"time"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// RepeatedDenials configures repeated_denials: Count refusals (audit
// result "denied": a missing permission, an action on someone the caller
// may not touch) of one user within Minutes. Sign-in refusals are
// failed_signins' business.
type RepeatedDenials struct {
	Count   int `json:"count"`
	Minutes int `json:"minutes"`
}

// DefaultRepeatedDenials is 10 refusals within 10 minutes.
func DefaultRepeatedDenials() *RepeatedDenials { return &RepeatedDenials{Count: 10, Minutes: 10} }

func (c *RepeatedDenials) threshold() Threshold { return Threshold{Count: c.Count, Minutes: c.Minutes} }

// Validate implements Config.
func (c *RepeatedDenials) Validate() error { return c.threshold().validate("config", false) }

func (c *RepeatedDenials) lookback() time.Duration { return c.threshold().lookback() }

func (c *RepeatedDenials) counts(e *domain.AuditEntry) bool {
	return e.Result == domain.AuditDenied && isUser(e.Actor) && !strings.HasPrefix(e.Action, "auth.")
}

// Evaluate implements Config.
func (c *RepeatedDenials) Evaluate(b *Batch, out *Result) {
	es := b.own(c.counts)
	windowed(b, es, func(e *domain.AuditEntry) string { return e.Actor }, c.threshold(), func(actor string, in []counted) Finding {
		es := entriesOf(in)
		name := actorName(es[len(es)-1])
		return Finding{Rule: RuleRepeatedDenials, Severity: domain.SeverityMedium, Title: "Repeated refusals",
			Subject: actor, SubjectName: name,
			Message: fmt.Sprintf("%s was refused %d times within %d minutes: %s.", name, len(es), c.Minutes,
				summary(es, refusedWhat, 5))}
	}, out)
}

// refusedWhat names what a refusal refused: the route for a permission
// the caller lacked, else the action.
func refusedWhat(e *domain.AuditEntry) string {
	if e.Action == "access.denied" && e.ResourceID != "" {
		return e.ResourceID
	}
	return e.Action
}
