package scanner

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
)

// expectation is what a service's scan of the test estate must yield.
type expectation struct {
	// records is how many records the scan of account a must produce; r is
	// the account's test region (nil for a global service).
	records func(a *awssim.Account, r *awssim.Region) int
	// paged are the list operations ("EC2/DescribeVpcs") that must be seen
	// asking for a second page when the sim pages by two.
	paged []string
	// ownRegion: the records carry their resource's region (S3 buckets),
	// not the unit's.
	ownRegion bool
}

// expectations has one entry per scanner; a service file's test adds its
// own from init(), and TestEveryScannerHasAnExpectation checks none is
// missing.
var expectations = map[string]expectation{
	"vpc":                     {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.Vpcs) }, paged: []string{"EC2/DescribeVpcs"}},
	"subnet":                  {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.Subnets) }, paged: []string{"EC2/DescribeSubnets"}},
	"route_table":             {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.RouteTables) }, paged: []string{"EC2/DescribeRouteTables"}},
	"internet_gateway":        {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.InternetGateways) }, paged: []string{"EC2/DescribeInternetGateways"}},
	"nat_gateway":             {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.NatGateways) }, paged: []string{"EC2/DescribeNatGateways"}},
	"security_group":          {records: securityGroupRows, paged: []string{"EC2/DescribeSecurityGroups", "EC2/DescribeSecurityGroupRules"}},
	"vpc_endpoint":            {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.VpcEndpoints) }, paged: []string{"EC2/DescribeVpcEndpoints"}},
	"vpc_peering":             {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.VpcPeerings) }},
	"customer_gateway":        {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.CustomerGateways) }},
	"virtual_private_gateway": {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.VpnGateways) }},
	"vpn_connection":          {records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.VpnConnections) }},
}

// securityGroupRows: one row per inbound rule, one per group without any.
func securityGroupRows(_ *awssim.Account, r *awssim.Region) int {
	inbound := map[string]int{}
	for _, rule := range r.SecurityGroupRules {
		if !aws.ToBool(rule.IsEgress) {
			inbound[aws.ToString(rule.GroupId)]++
		}
	}
	n := 0
	for _, g := range r.SecurityGroups {
		n += max(1, inbound[aws.ToString(g.GroupId)])
	}
	return n
}
