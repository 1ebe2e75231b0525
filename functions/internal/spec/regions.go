package spec

import "slices"

// GlobalRegion is the region a global unit is recorded under and calls
// global APIs in (CloudFront, Route 53, ACM for CloudFront, WAF CLOUDFRONT).
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

// Regions returns every region code a task may select.
func Regions() []string { return slices.Clone(regions) }

// IsRegion reports whether code is a known region.
func IsRegion(code string) bool { return slices.Contains(regions, code) }
