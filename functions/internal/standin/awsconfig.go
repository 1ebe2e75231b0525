package standin

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Local key pair of the stand-ins. DynamoDB Local accepts any; versitygw
// checks signatures against the pair it was started with.
const (
	AccessKey = "AKIALOCALCLOUDCENSUS"
	SecretKey = "local-secret-key-for-cloudcensus-stack-00"
	Region    = "us-east-1"
)

// AWSConfig is an SDK configuration that sends every call to endpoint.
func AWSConfig(endpoint string) aws.Config {
	return aws.Config{
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider(AccessKey, SecretKey, ""),
		BaseEndpoint: aws.String(endpoint),
	}
}
