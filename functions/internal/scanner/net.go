package scanner

import (
	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

// placed returns n as a record's Net, or nil when it places the resource
// nowhere: a resource outside any VPC (an instance still pending, a
// detached gateway) carries no Net rather than an empty one.
func placed(n inventory.Net) *inventory.Net {
	n.Subnets, n.Peers = ids(n.Subnets...), ids(n.Peers...)
	if n.VPC == "" && len(n.Subnets) == 0 && n.AZ == "" && n.CIDR == "" && !n.Main && len(n.Routes) == 0 && len(n.Peers) == 0 && n.Remote == "" {
		return nil
	}
	return &n
}

// ids keeps the non-empty ids, in order, each once; nil when none is left.
func ids(in ...string) []string {
	var out []string
	seen := make(map[string]bool, len(in))
	for _, id := range in {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// firstOf returns the first non-empty value.
func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
