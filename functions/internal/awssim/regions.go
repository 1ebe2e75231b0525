package awssim

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/spec"
)

// Regions an account has enabled. A default region (opt-in-not-required)
// is enabled in every account; an opt-in one (spec.IsOptIn) only when the
// account opted in (Account.OptedIn). In a region the account has not
// enabled, AWS does not know its credentials: every call answers
// AuthFailure, InvalidClientTokenId or UnrecognizedClientException (the
// middleware does). ec2:DescribeRegions, asked anywhere the account is
// enabled, says which regions are which.
func init() {
	handle("EC2", "DescribeRegions", func(r *Request, in *ec2.DescribeRegionsInput) (*ec2.DescribeRegionsOutput, error) {
		var out []ec2types.Region
		for _, name := range spec.Regions() {
			status := r.Sim.optInStatus(r.Account.ID, name)
			if !aws.ToBool(in.AllRegions) && status == "not-opted-in" {
				continue // without AllRegions, AWS lists only the enabled regions
			}
			if len(in.RegionNames) > 0 && !slices.Contains(in.RegionNames, name) {
				continue
			}
			if !matchesFilters(in.Filters, map[string]string{"region-name": name, "opt-in-status": status,
				"endpoint": "ec2." + name + ".amazonaws.com"}) {
				continue
			}
			out = append(out, ec2types.Region{RegionName: aws.String(name), Endpoint: aws.String("ec2." + name + ".amazonaws.com"),
				OptInStatus: aws.String(status)})
		}
		return &ec2.DescribeRegionsOutput{Regions: out}, nil
	})
}

// matchesFilters applies EC2 filters on named values: a filter matches when
// the value is one of its values; a filter on an unknown name matches
// nothing, as EC2 refuses it.
func matchesFilters(filters []ec2types.Filter, values map[string]string) bool {
	for _, f := range filters {
		v, ok := values[aws.ToString(f.Name)]
		if !ok || !slices.Contains(f.Values, v) {
			return false
		}
	}
	return true
}

// optInStatus is a region's opt-in status for an account, as
// DescribeRegions answers it.
func (s *Sim) optInStatus(account, region string) string {
	switch {
	case !s.regionEnabled(account, region):
		return "not-opted-in"
	case spec.IsOptIn(region):
		return "opted-in"
	}
	return "opt-in-not-required"
}

// regionEnabled reports whether the account may call into the region.
func (s *Sim) regionEnabled(account, region string) bool {
	s.mu.Lock()
	on, set := s.enabled[account+"/"+region]
	s.mu.Unlock()
	switch {
	case set:
		return on
	case !spec.IsOptIn(region):
		return true
	}
	a := s.estate.Account(account)
	return a != nil && slices.Contains(a.OptedIn, region)
}

// EnableRegion opts an account in to a region (and undoes DisableRegion),
// in this simulator only: the estate is left as generated.
func (s *Sim) EnableRegion(account, region string) { s.setRegion(account, region, true) }

func (s *Sim) setRegion(account, region string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.enabled == nil {
		s.enabled = map[string]bool{}
	}
	s.enabled[account+"/"+region] = on
}
