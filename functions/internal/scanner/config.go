package scanner

import (
	"context"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("config", scanConfig)
}

// defaultRetentionDays is how long AWS Config keeps configuration items
// when the region has no retention configuration: seven years.
const defaultRetentionDays = 2557

// scanConfig: one row per configuration recorder of the region (a region
// without Config has none), with what it records and how long Config keeps
// the history (the region's retention configuration, of which AWS allows
// one). When the retention cannot be read, the recorders are listed and
// their retention column says why (partial).
func scanConfig(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := configservice.NewFromConfig(s.cfg)
	out, err := client.DescribeConfigurationRecorders(ctx, &configservice.DescribeConfigurationRecordersInput{})
	if err != nil {
		return nil, fail(err, "list configuration recorders")
	}
	retention, err := read(ctx, s, func(ctx context.Context) (string, error) {
		retention := strconv.Itoa(defaultRetentionDays) + " days (default)"
		p := configservice.NewDescribeRetentionConfigurationsPaginator(client, &configservice.DescribeRetentionConfigurationsInput{})
		err := eachPage(ctx, "list retention configurations", p.HasMorePages, p.NextPage, func(out *configservice.DescribeRetentionConfigurationsOutput) {
			for _, c := range out.RetentionConfigurations {
				if c.RetentionPeriodInDays != nil {
					retention = num(c.RetentionPeriodInDays) + " days"
				}
			}
		})
		return retention, err
	})
	if err != nil {
		return nil, err
	}
	recs := make([]inventory.Record, 0, len(out.ConfigurationRecorders))
	for _, r := range out.ConfigurationRecorders {
		name := aws.ToString(r.Name)
		arn := aws.ToString(r.Arn)
		if arn == "" {
			arn = s.arn("config", "configuration-recorder/"+name)
		}
		regional, global := recordedResources(r.RecordingGroup)
		recs = append(recs, s.record(name, arn, name, nil, columns{
			"Name": name, "Regional Resources": regional, "Global Resources": global, "Retention period": retention.or(asIs),
		}))
	}
	return recs, nil
}

// recordedResources says what a recorder records: every supported type,
// every type but some, or a chosen list; and whether that includes the
// global types (IAM), which AWS advises recording in one region only.
func recordedResources(g *cfgtypes.RecordingGroup) (regional, global string) {
	if g == nil { // AWS's default recording group
		return "All supported", "No"
	}
	strategy := cfgtypes.RecordingStrategyTypeAllSupportedResourceTypes
	if g.RecordingStrategy != nil && g.RecordingStrategy.UseOnly != "" {
		strategy = g.RecordingStrategy.UseOnly
	} else if !g.AllSupported {
		strategy = cfgtypes.RecordingStrategyTypeInclusionByResourceTypes
	}
	switch strategy {
	case cfgtypes.RecordingStrategyTypeInclusionByResourceTypes:
		types := resourceTypeNames(g.ResourceTypes)
		iam := false
		for _, t := range types {
			iam = iam || strings.HasPrefix(t, "AWS::IAM::")
		}
		return withDetail("Selected types", list(types)), yesNo(iam)
	case cfgtypes.RecordingStrategyTypeExclusionByResourceTypes:
		var excluded []string
		if g.ExclusionByResourceTypes != nil {
			excluded = resourceTypeNames(g.ExclusionByResourceTypes.ResourceTypes)
		}
		return "All supported except " + list(excluded), yesNo(g.IncludeGlobalResourceTypes)
	}
	return "All supported", yesNo(g.IncludeGlobalResourceTypes)
}

func resourceTypeNames(ts []cfgtypes.ResourceType) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}
