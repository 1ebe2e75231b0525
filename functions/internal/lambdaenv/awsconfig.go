package lambdaenv

import (
	"errors"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/endpointcreds"
)

// awsConfig is a function's AWS configuration as Lambda provides it: the
// region, and the execution role's credentials in the environment (or
// behind the container credentials endpoint, where Lambda uses one). It is
// built here rather than by config.LoadDefaultConfig, which links the SSO,
// OIDC, sign-in, STS and instance-metadata clients that no Lambda uses
// (about 1.5 MB of every binary) and probes for profiles it will not find.
// AWS_ENDPOINT_URL is honoured, so a function can be started against
// local stand-ins (the cold-start benchmark does).
func awsConfig() (aws.Config, error) {
	cfg := aws.Config{Region: os.Getenv("AWS_REGION")}
	if cfg.Region == "" {
		cfg.Region = os.Getenv("AWS_DEFAULT_REGION")
	}
	if cfg.Region == "" {
		return cfg, errors.New("AWS_REGION is not set (Lambda sets it)")
	}
	if u := os.Getenv("AWS_ENDPOINT_URL"); u != "" {
		cfg.BaseEndpoint = aws.String(u)
	}
	switch key := os.Getenv("AWS_ACCESS_KEY_ID"); {
	case key != "":
		cfg.Credentials = aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(key,
			os.Getenv("AWS_SECRET_ACCESS_KEY"), os.Getenv("AWS_SESSION_TOKEN")))
	case os.Getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") != "":
		cfg.Credentials = aws.NewCredentialsCache(endpointcreds.New(os.Getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
			func(o *endpointcreds.Options) {
				o.AuthorizationToken = os.Getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN")
				if f := os.Getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); f != "" {
					o.AuthorizationTokenProvider = endpointcreds.TokenProviderFunc(func() (string, error) {
						b, err := os.ReadFile(f)
						return string(b), err
					})
				}
			}))
	default:
		return cfg, errors.New("no credentials in the environment (Lambda sets AWS_ACCESS_KEY_ID or AWS_CONTAINER_CREDENTIALS_FULL_URI)")
	}
	return cfg, nil
}
