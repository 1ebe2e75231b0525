// Package scope turns seed 001's protected lists and whitelists into scope
// rules: what a workspace or a task leaves out of a scan. A rule excludes
// by account, region or service (the unit or the service is not scanned
// at all), or by tag (key=value, key=*), resource id (or ARN) or CIDR
// containment (a resource whose IP address or CIDR block lies in the
// rule's block). Resources a rule excludes are dropped from the unit's
// result before it is written, so they are in no result, export or
// report; the result keeps, per rule, how many it dropped, for the
// report's coverage appendix.
//
// It is pure: rules and records in, records and counts out.
package scope

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// MaxRules bounds the rules of a workspace plus a task.
const MaxRules = 50

// Kinds of rule.
const (
	Account  = "account"
	Region   = "region"
	Service  = "service"
	Tag      = "tag"
	Resource = "resource"
	CIDR     = "cidr"
)

// Kinds lists them, for messages and the API description.
var Kinds = []string{Account, Region, Service, Tag, Resource, CIDR}

var (
	accountRE = regexp.MustCompile(`^\d{12}$`)
	regionRE  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d$`)
)

// ipColumns are the columns that hold an address or a block: a CIDR rule
// excludes a resource with one inside its block.
var ipColumns = []string{"CIDR", "Public IP", "Private IP", "IP Address"}

// Validate checks rules, naming the one at fault as field[i], and trims
// their values.
func Validate(field string, rules []domain.ScopeRule) ([]domain.ScopeRule, error) {
	if len(rules) > MaxRules {
		return nil, domain.Invalidf(field, "at most %d rules", MaxRules)
	}
	out := make([]domain.ScopeRule, 0, len(rules))
	for i, r := range rules {
		at := fmt.Sprintf("%s[%d]", field, i)
		r.Value = strings.TrimSpace(r.Value)
		var ok bool
		switch r.Kind {
		case Account:
			ok = accountRE.MatchString(r.Value)
		case Region:
			ok = regionRE.MatchString(r.Value)
		case Service:
			ok = spec.Order(r.Value) >= 0
		case Tag:
			k, _, found := strings.Cut(r.Value, "=")
			ok = found && strings.TrimSpace(k) != ""
		case Resource:
			ok = r.Value != "" && len(r.Value) <= 2048
		case CIDR:
			_, err := netip.ParsePrefix(r.Value)
			ok = err == nil
		default:
			return nil, domain.Invalidf(at+".kind", "one of %s", strings.Join(Kinds, ", "))
		}
		if !ok {
			return nil, domain.Invalidf(at+".value", "%q is not a valid %s rule (%s)", r.Value, r.Kind, example[r.Kind])
		}
		if slices.ContainsFunc(out, func(o domain.ScopeRule) bool { return o.Kind == r.Kind && o.Value == r.Value }) {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

var example = map[string]string{
	Account: "12 digits", Region: "e.g. eu-west-1", Service: "a service key of the column spec, e.g. lambda",
	Tag: "key=value or key=*", Resource: "a resource id or ARN", CIDR: "e.g. 10.20.0.0/16",
}

// Text is a rule as the report states it.
func Text(r domain.ScopeRule) string { return r.Kind + " " + r.Value }

// UnitExcluded is the rule that leaves a whole unit out (its account or
// its region), or nil.
func UnitExcluded(rules []domain.ScopeRule, account, region string) *domain.ScopeRule {
	for i, r := range rules {
		if (r.Kind == Account && r.Value == account) || (r.Kind == Region && r.Value == region) {
			return &rules[i]
		}
	}
	return nil
}

// ServiceExcluded is the rule that leaves a service out, or nil.
func ServiceExcluded(rules []domain.ScopeRule, service string) *domain.ScopeRule {
	for i, r := range rules {
		if r.Kind == Service && r.Value == service {
			return &rules[i]
		}
	}
	return nil
}

// Filter drops the records a tag, resource or CIDR rule excludes and
// counts, per rule, the records it dropped (the first matching rule
// counts one record).
func Filter(rules []domain.ScopeRule, recs []inventory.Record) ([]inventory.Record, []inventory.Excluded) {
	var matchers []matcher
	for _, r := range rules {
		if m := newMatcher(r); m != nil {
			matchers = append(matchers, m)
		}
	}
	if len(matchers) == 0 {
		return recs, nil
	}
	counts := make([]int, len(matchers))
	kept := recs[:0]
	for _, rec := range recs {
		i := slices.IndexFunc(matchers, func(m matcher) bool { return m(rec) })
		if i >= 0 {
			counts[i]++
			continue
		}
		kept = append(kept, rec)
	}
	var out []inventory.Excluded
	j := 0
	for _, r := range rules {
		if newMatcher(r) == nil {
			continue
		}
		if counts[j] > 0 {
			out = append(out, inventory.Excluded{Rule: Text(r), Source: r.Source, Resources: counts[j]})
		}
		j++
	}
	return kept, out
}

type matcher func(inventory.Record) bool

func newMatcher(r domain.ScopeRule) matcher {
	switch r.Kind {
	case Tag:
		k, v, _ := strings.Cut(r.Value, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		return func(rec inventory.Record) bool {
			got, ok := rec.Tags[k]
			return ok && (v == "*" || got == v)
		}
	case Resource:
		return func(rec inventory.Record) bool { return rec.ID == r.Value || (rec.ARN != "" && rec.ARN == r.Value) }
	case CIDR:
		block, err := netip.ParsePrefix(r.Value)
		if err != nil {
			return nil
		}
		block = block.Masked()
		return func(rec inventory.Record) bool { return inBlock(block, rec) }
	}
	return nil
}

// inBlock reports whether one of the record's addresses or blocks lies in
// block: an address inside it, or a block no wider than it and inside it.
// A resource's network placement counts too (a subnet's CIDR).
func inBlock(block netip.Prefix, rec inventory.Record) bool {
	var values []string
	for _, c := range ipColumns {
		if v := rec.Columns[c]; v != "" && v != "-" {
			values = append(values, strings.Split(v, ",")...)
		}
	}
	if rec.Net != nil && rec.Net.CIDR != "" {
		values = append(values, rec.Net.CIDR)
	}
	for _, v := range values {
		v = strings.TrimSpace(v)
		if p, err := netip.ParsePrefix(v); err == nil {
			if p.Bits() >= block.Bits() && block.Contains(p.Addr()) {
				return true
			}
			continue
		}
		if a, err := netip.ParseAddr(v); err == nil && block.Contains(a) {
			return true
		}
	}
	return false
}
