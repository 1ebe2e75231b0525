package scanner

import (
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// ec2PageSize is the MaxResults the EC2 Describe calls accept at most
// (DescribeRouteTables: 100): the fewer pages, the fewer calls.
const (
	ec2PageSize       = 1000
	ec2RouteTablePage = 100
)

// ec2Tags turns EC2 tags into a map.
func ec2Tags(tags []ec2types.Tag) map[string]string {
	return tagsOf(tags, func(t ec2types.Tag) (*string, *string) { return t.Key, t.Value })
}
