package scanner

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logstypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("cloudwatch", scanLogGroups)
}

// logsPageSize is the most DescribeLogGroups returns per page.
const logsPageSize = 50

// scanLogGroups: one row per CloudWatch Logs log group, with its
// retention ("Never expire" when it has none), stored bytes and the
// customer managed KMS key encrypting it, if any.
func scanLogGroups(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := cloudwatchlogs.NewFromConfig(s.cfg)
	var groups []logstypes.LogGroup
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(client, &cloudwatchlogs.DescribeLogGroupsInput{Limit: aws.Int32(logsPageSize)})
	if err := eachPage(ctx, "list log groups", p.HasMorePages, p.NextPage, func(out *cloudwatchlogs.DescribeLogGroupsOutput) {
		groups = append(groups, out.LogGroups...)
	}); err != nil {
		return nil, err
	}
	tags, err := detailEach(ctx, s, groups, func(ctx context.Context, lg logstypes.LogGroup) (map[string]string, error) {
		out, err := client.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(logGroupARN(lg))})
		if err != nil {
			return nil, fail(err, "list tags of log group "+aws.ToString(lg.LogGroupName))
		}
		return out.Tags, nil
	})
	if err != nil {
		return nil, err
	}
	recs := make([]inventory.Record, 0, len(groups))
	for i, lg := range groups {
		name := aws.ToString(lg.LogGroupName)
		retention := "Never expire"
		if lg.RetentionInDays != nil {
			retention = num(lg.RetentionInDays)
		}
		stored := "-"
		if lg.StoredBytes != nil {
			stored = byteSize(*lg.StoredBytes)
		}
		recs = append(recs, s.record(name, logGroupARN(lg), name, tags[i].val, columns{
			"Log Group Name": name,
			"Retention Days": retention,
			"Stored Bytes":   stored,
			"KMS Encryption": kmsEncryption(aws.ToString(lg.KmsKeyId)),
		}))
	}
	return recs, nil
}

// logGroupARN is the log group's ARN without the ":*" DescribeLogGroups
// appends to its older Arn field: the form the tagging API takes.
func logGroupARN(lg logstypes.LogGroup) string {
	if lg.LogGroupArn != nil {
		return *lg.LogGroupArn
	}
	return strings.TrimSuffix(aws.ToString(lg.Arn), ":*")
}
