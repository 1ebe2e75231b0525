package spec

import "slices"

// GlobalRegion is the region a global unit calls global APIs in
// (CloudFront, Route 53, S3's bucket listing, WAF of CLOUDFRONT scope), and
// where CloudFront takes its ACM certificates from. It is a default region,
// enabled in every account: the unit-level calls that must reach an account
// whatever its regions (ec2:DescribeRegions) are sent there.
const GlobalRegion = "us-east-1"

// GlobalUnit is the region name a unit uses for an account's global services.
const GlobalUnit = "global"

// regions are the commercial AWS regions a task may select.
var regions = []string{
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
	"af-south-1",
	"ap-east-1", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2",
	"ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ca-central-1", "ca-west-1",
	"eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3",
	"eu-south-1", "eu-south-2", "eu-north-1",
	"il-central-1", "me-south-1", "me-central-1",
	"mx-central-1", "sa-east-1",
}

// optIn are the regions AWS launched after March 2019: disabled in an
// account until someone enables them (ec2:DescribeRegions answers their
// opt-in status, opted-in or not-opted-in). Every other region is
// opt-in-not-required: enabled in every account, and it cannot be disabled.
var optIn = []string{
	"af-south-1", "ap-east-1", "ap-south-2", "ap-southeast-3", "ap-southeast-4",
	"ap-southeast-5", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1",
	"eu-south-2", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
}

// Regions returns every region code a task may select.
func Regions() []string { return slices.Clone(regions) }

// IsRegion reports whether code is a known region.
func IsRegion(code string) bool { return slices.Contains(regions, code) }

// IsOptIn reports whether a region is an opt-in region: one an account may
// not have enabled. A unit in such a region asks the account first
// (scanner.Runner) and makes no call into it when it is not enabled.
func IsOptIn(code string) bool { return slices.Contains(optIn, code) }

// OptInRegions returns the opt-in regions.
func OptInRegions() []string { return slices.Clone(optIn) }
