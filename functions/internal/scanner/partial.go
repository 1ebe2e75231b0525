package scanner

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Partial failures degrade a column, not a service. A scanner's list calls
// find its resources; its detail calls (tags, attributes, associations,
// target health, subscriptions, notifications, subnet groups, ...) fill in
// what the list does not say. When a detail call fails, the resources are
// still listed: the cells it would have filled read why (unreadable), the
// service's coverage is partial and names the call. Only two failures of
// a detail call still fail the whole service: the unit stopped (its
// context ended), or AWS throttled the call past its retries, which says
// the scan is going too fast to trust any other answer.
//
// Every scanner goes through read, detailEach or unreadable for its detail
// calls, so the rule is the same everywhere.

// unreadablePrefix starts the text of every cell a failed detail call
// leaves: "not readable: AccessDenied on cloudfront:ListDistributionsByWebACLId".
const unreadablePrefix = "not readable: "

// partials collects the detail calls of one service scan that failed
// without failing it. It is safe for concurrent use.
type partials struct {
	mu    sync.Mutex
	calls map[string]string // "service:Action (reason)" -> describe() of its first failure
}

// add records a failed call and reports whether it is the first of its
// kind (the one worth a log line).
func (p *partials) add(call, details string) bool {
	if p == nil {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, seen := p.calls[call]; seen {
		return false
	}
	if p.calls == nil {
		p.calls = map[string]string{}
	}
	p.calls[call] = details
	return true
}

// list returns the failed calls, sorted, and the details of each one's
// first failure, one line each.
func (p *partials) list() ([]string, string) {
	if p == nil {
		return nil, ""
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	calls := slices.Sorted(maps.Keys(p.calls))
	lines := make([]string, len(calls))
	for i, c := range calls {
		lines[i] = c + ": " + p.calls[c]
	}
	return calls, strings.Join(lines, "\n")
}

// maybe is what one detail read yields: its value, or why it could not be
// read.
type maybe[D any] struct {
	val  D
	lost string // the cells' text when the read failed; "" when it did not
}

// or formats the value with f, or says why it is not readable.
func (m maybe[D]) or(f func(D) string) string {
	if m.lost != "" {
		return m.lost
	}
	return f(m.val)
}

// read makes one detail call. A failure the service survives becomes a
// maybe that says why (and the coverage's partial list names the call);
// the error it returns is one that fails the service.
func read[D any](ctx context.Context, s *session, fetch func(ctx context.Context) (D, error)) (maybe[D], error) {
	v, err := fetch(ctx)
	if err == nil {
		return maybe[D]{val: v}, nil
	}
	lost, fatal := s.unreadable(ctx, err)
	return maybe[D]{lost: lost}, fatal
}

// unreadable decides what a failed detail call does to its service. When
// the service must fail (fatalDetail) it returns err. Otherwise it records
// the call as partial, logs its first failure, and returns what the
// affected cells say: "not readable: <AWS error code> on <IAM action>".
func (s *session) unreadable(ctx context.Context, err error) (string, error) {
	if fatalDetail(ctx, err) {
		return "", err
	}
	reason := errorCode(err)
	if reason == "" {
		reason = "error"
	}
	cell, call := unreadablePrefix+reason, s.service.Key+" detail call ("+reason+")"
	if action := failedAction(err); action != "" {
		cell, call = cell+" on "+action, action+" ("+reason+")"
	}
	if s.partial.add(call, describe(err)) && s.logger != nil {
		s.logger.WarnContext(ctx, "service scanned without a detail: "+cell,
			"status", classify(err, s.region), "call", call, "error", err.Error(), "details", describe(err))
	}
	return cell, nil
}

// fatalDetail reports whether a failed detail call fails its service: the
// unit stopped, or AWS throttled past the retries.
func fatalDetail(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || isThrottle(err)
}

// asIs formats a string detail as it is (for maybe.or).
func asIs(v string) string { return v }
