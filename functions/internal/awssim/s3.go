package awssim

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// S3 as the scanners meet it: ListBuckets answers every bucket of the
// account from any region, and includes each bucket's region only when the
// request carries a parameter (as AWS does); GetBucketLocation works from
// any region; the per-bucket configuration calls must be sent to the
// bucket's own region, or S3 answers 301 PermanentRedirect.
func init() {
	handle("S3", "ListBuckets", func(r *Request, in *s3.ListBucketsInput) (*s3.ListBucketsOutput, error) {
		params := in.MaxBuckets != nil || in.ContinuationToken != nil || in.Prefix != nil || in.BucketRegion != nil
		var items []s3types.Bucket
		for _, b := range r.Account.Global.Buckets {
			if !strings.HasPrefix(b.Name, aws.ToString(in.Prefix)) || (in.BucketRegion != nil && b.Region != *in.BucketRegion) {
				continue
			}
			item := s3types.Bucket{Name: aws.String(b.Name), CreationDate: aws.Time(b.Created)}
			if params {
				item.BucketRegion = aws.String(b.Region)
			}
			items = append(items, item)
		}
		out := &s3.ListBucketsOutput{
			Owner:  &s3types.Owner{ID: aws.String(canonicalID(r.Account.ID))},
			Prefix: in.Prefix,
		}
		if !params { // the legacy unpaginated answer: every bucket at once
			out.Buckets = items
			return out, nil
		}
		limit := limitOf(in.MaxBuckets, 10000)
		if limit > 10000 {
			return nil, invalidParameter(r.Service, "max-buckets", limit)
		}
		var err error
		out.Buckets, out.ContinuationToken, err = page(r, items, in.ContinuationToken, limit)
		return out, err
	})
	handle("S3", "GetBucketLocation", func(r *Request, in *s3.GetBucketLocationInput) (*s3.GetBucketLocationOutput, error) {
		b, err := bucket(r, in.Bucket, false)
		if err != nil {
			return nil, err
		}
		// us-east-1 is the empty location constraint, for historical reasons.
		loc := s3types.BucketLocationConstraint(b.Region)
		if b.Region == "us-east-1" {
			loc = ""
		}
		return &s3.GetBucketLocationOutput{LocationConstraint: loc}, nil
	})
	handle("S3", "GetBucketNotificationConfiguration", func(r *Request, in *s3.GetBucketNotificationConfigurationInput) (*s3.GetBucketNotificationConfigurationOutput, error) {
		b, err := bucket(r, in.Bucket, true)
		if err != nil {
			return nil, err
		}
		out := &s3.GetBucketNotificationConfigurationOutput{
			LambdaFunctionConfigurations: b.LambdaConfigurations,
			QueueConfigurations:          b.QueueConfigurations,
			TopicConfigurations:          b.TopicConfigurations,
		}
		if b.EventBridgeEnabled {
			out.EventBridgeConfiguration = &s3types.EventBridgeConfiguration{}
		}
		return out, nil
	})
	handle("S3", "GetBucketTagging", func(r *Request, in *s3.GetBucketTaggingInput) (*s3.GetBucketTaggingOutput, error) {
		b, err := bucket(r, in.Bucket, true)
		if err != nil {
			return nil, err
		}
		if len(b.Tags) == 0 {
			return nil, APIError(404, "NoSuchTagSet", "The TagSet does not exist")
		}
		return &s3.GetBucketTaggingOutput{TagSet: b.Tags}, nil
	})
}

// bucket finds the bucket a call names. inRegion: the call must be sent to
// the bucket's region.
func bucket(r *Request, name *string, inRegion bool) (*Bucket, error) {
	for i, b := range r.Account.Global.Buckets {
		if b.Name != aws.ToString(name) {
			continue
		}
		if inRegion && b.Region != r.RegionName {
			return nil, APIError(301, "PermanentRedirect",
				"The bucket you are attempting to access must be addressed using the specified endpoint (region %s).", b.Region)
		}
		return &r.Account.Global.Buckets[i], nil
	}
	return nil, APIError(404, "NoSuchBucket", "The specified bucket does not exist")
}

// canonicalID is the account's S3 canonical user id (64 hex digits).
func canonicalID(account string) string {
	return strings.Repeat("0", 64-len(account)) + account
}
