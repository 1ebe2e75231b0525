package awssim

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

// CloudWatch Logs: DescribeLogGroups pages 50 at most with NextToken;
// ListTagsForResource takes the log group ARN without its trailing ":*".
func init() {
	handle("CloudWatch Logs", "DescribeLogGroups", func(r *Request, in *cloudwatchlogs.DescribeLogGroupsInput) (*cloudwatchlogs.DescribeLogGroupsOutput, error) {
		limit := limitOf(in.Limit, 50)
		if limit > 50 {
			return nil, invalidParameter(r.Service, "limit", limit)
		}
		var groups []logstypes.LogGroup
		for _, lg := range r.Region.LogGroups {
			if strings.HasPrefix(aws.ToString(lg.LogGroupName), aws.ToString(in.LogGroupNamePrefix)) {
				groups = append(groups, lg)
			}
		}
		items, next, err := page(r, groups, in.NextToken, limit)
		return &cloudwatchlogs.DescribeLogGroupsOutput{LogGroups: items, NextToken: next}, err
	})
	handle("CloudWatch Logs", "ListTagsForResource", func(r *Request, in *cloudwatchlogs.ListTagsForResourceInput) (*cloudwatchlogs.ListTagsForResourceOutput, error) {
		arn := aws.ToString(in.ResourceArn)
		for _, lg := range r.Region.LogGroups {
			if aws.ToString(lg.LogGroupArn) == arn {
				tags := map[string]string{}
				for k, v := range r.Region.TagsByARN[arn] {
					tags[k] = v
				}
				return &cloudwatchlogs.ListTagsForResourceOutput{Tags: tags}, nil
			}
		}
		return nil, APIError(400, "ResourceNotFoundException", "The specified resource does not exist: %s", arn)
	})
}
