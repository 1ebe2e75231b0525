package localapp

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
)

// UseInstanceMetadataEnv opts local mode in to the EC2 instance metadata
// service as a source of the machine's AWS identity.
const UseInstanceMetadataEnv = "CLOUDCENSUS_USE_INSTANCE_METADATA"

// platformConfig is this machine's AWS configuration, the base principal
// of local mode. The SDK's default chain ends with the instance metadata
// service, which on a laptop means a warning and seconds of waiting for an
// address that never answers: local mode leaves it out unless
// CLOUDCENSUS_USE_INSTANCE_METADATA=true (an EC2 instance or a Cloud9
// workspace whose role should scan).
func platformConfig(ctx context.Context) (aws.Config, error) {
	var opts []func(*awsconfig.LoadOptions) error
	use, err := useInstanceMetadata()
	if err != nil {
		return aws.Config{}, err
	}
	if !use {
		opts = append(opts, awsconfig.WithEC2IMDSClientEnableState(imds.ClientDisabled))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load the AWS configuration of this machine: %w", err)
	}
	return cfg, nil
}

func useInstanceMetadata() (bool, error) {
	v := os.Getenv(UseInstanceMetadataEnv)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q: use true or false", UseInstanceMetadataEnv, v)
	}
	return b, nil
}
