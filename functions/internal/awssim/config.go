package awssim

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

// AWS Config: the region's configuration recorders (one call, no pages)
// and its retention configuration (pages with NextToken). Naming one that
// does not exist is an error, as in AWS.
func init() {
	handle("Config Service", "DescribeConfigurationRecorders", func(r *Request, in *configservice.DescribeConfigurationRecordersInput) (*configservice.DescribeConfigurationRecordersOutput, error) {
		recs := r.Region.ConfigRecorders
		if len(in.ConfigurationRecorderNames) > 0 {
			recs = selected(recs, in.ConfigurationRecorderNames, func(c cfgtypes.ConfigurationRecorder) *string { return c.Name })
			if len(recs) != len(in.ConfigurationRecorderNames) {
				return nil, APIError(400, "NoSuchConfigurationRecorderException", "Cannot find configuration recorder with the specified name.")
			}
		}
		return &configservice.DescribeConfigurationRecordersOutput{ConfigurationRecorders: slices.Clone(recs)}, nil
	})
	handle("Config Service", "DescribeRetentionConfigurations", func(r *Request, in *configservice.DescribeRetentionConfigurationsInput) (*configservice.DescribeRetentionConfigurationsOutput, error) {
		confs := r.Region.RetentionConfigs
		if len(in.RetentionConfigurationNames) > 0 {
			confs = selected(confs, in.RetentionConfigurationNames, func(c cfgtypes.RetentionConfiguration) *string { return c.Name })
			if len(confs) == 0 {
				return nil, APIError(400, "NoSuchRetentionConfigurationException",
					"Cannot find retention configuration with the specified name %s.", in.RetentionConfigurationNames[0])
			}
		}
		items, next, err := page(r, confs, in.NextToken, 0)
		return &configservice.DescribeRetentionConfigurationsOutput{RetentionConfigurations: items, NextToken: next}, err
	})
}
