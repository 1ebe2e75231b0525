package scanner

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("cloudtrail", scanCloudTrail)
}

// cloudTrailTagBatch is the most trails ListTags takes at once.
const cloudTrailTagBatch = 20

// scanCloudTrail: one row per trail, in its home region. A multi-region
// trail also shows in every other region as a "shadow"; the scanner leaves
// shadows out (IncludeShadowTrails false) so a trail is documented once,
// where it is managed, and the Multi-Region column says it covers them all.
// DescribeTrails does not page; tags are read twenty trails per call.
func scanCloudTrail(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := cloudtrail.NewFromConfig(s.cfg)
	out, err := client.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(false)})
	if err != nil {
		return nil, fail(err, "list trails")
	}
	trails := out.TrailList
	arns := make([]string, len(trails))
	for i, t := range trails {
		arns[i] = aws.ToString(t.TrailARN)
	}
	batches := slices.Collect(slices.Chunk(arns, cloudTrailTagBatch))
	sets, err := detailEach(ctx, s, batches, func(ctx context.Context, arns []string) ([]cttypes.ResourceTag, error) {
		var all []cttypes.ResourceTag
		err := eachToken(ctx, "list tags of trails", func(ctx context.Context, token *string) (*string, error) {
			out, err := client.ListTags(ctx, &cloudtrail.ListTagsInput{ResourceIdList: arns, NextToken: token})
			if err != nil {
				return nil, err
			}
			all = append(all, out.ResourceTagList...)
			return out.NextToken, nil
		})
		return all, err
	})
	if err != nil {
		return nil, err
	}
	tags := map[string]map[string]string{}
	for _, batch := range sets { // a batch whose tags cannot be read leaves its trails without (partial)
		for _, set := range batch.val {
			tags[aws.ToString(set.ResourceId)] = tagsOf(set.TagsList, func(t cttypes.Tag) (*string, *string) { return t.Key, t.Value })
		}
	}
	recs := make([]inventory.Record, 0, len(trails))
	for _, t := range trails {
		name, arn := aws.ToString(t.Name), aws.ToString(t.TrailARN)
		recs = append(recs, s.record(name, arn, name, tags[arn], columns{
			"Name":                name,
			"Multi-Region Trail":  yesNoPtr(t.IsMultiRegionTrail),
			"Log File Validation": yesNoPtr(t.LogFileValidationEnabled),
			"KMS Encryption":      kmsEncryption(aws.ToString(t.KmsKeyId)),
		}))
	}
	return recs, nil
}
