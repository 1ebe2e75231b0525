package scanner

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/cloudcensus/cloudcensus/functions/internal/inventory"
)

func init() {
	register("s3", scanS3)
}

// s3PageSize is the ListBuckets page size: sending it makes S3 page (it
// refuses unpaginated listings of accounts above 10,000 buckets).
const s3PageSize = 1000

// bucket is a bucket and the region it lives in.
type bucket struct {
	name, region string
	// lost says why the region is unknown (its location could not be
	// read; region is then ""): the bucket's own calls cannot be sent.
	lost string
}

// recordRegion is the region a bucket's records carry: its own, or the
// unit's (global) when its location could not be read.
func (b bucket) recordRegion(s *session) string {
	if b.region == "" {
		return s.region
	}
	return b.region
}

// arn is the bucket's ARN (S3 ARNs name neither region nor account).
func (b bucket) arn() string { return "arn:aws:s3:::" + b.name }

// scanS3: one record per bucket, in the bucket's own region, with its
// tags. S3 lists every bucket of the account from the global unit. A
// bucket whose location or tags cannot be read is listed without them
// (partial), in the global unit's region when its own is unknown.
func scanS3(ctx context.Context, s *session) ([]inventory.Record, error) {
	client := s3.NewFromConfig(s.cfg)
	buckets, err := listBuckets(ctx, s, client)
	if err != nil {
		return nil, err
	}
	tags, err := detailEach(ctx, s, buckets, func(ctx context.Context, b bucket) (map[string]string, error) {
		if b.lost != "" {
			return nil, nil // not addressable; its location is already the partial call
		}
		out, err := client.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(b.name)}, inRegion(b.region))
		switch {
		case errorCode(err) == "NoSuchTagSet": // S3's answer for a bucket without tags
			return nil, nil
		case err != nil:
			return nil, fail(err, "read tags of bucket "+b.name)
		}
		return tagsOf(out.TagSet, func(t s3types.Tag) (*string, *string) { return t.Key, t.Value }), nil
	})
	if err != nil {
		return nil, err
	}
	recs := make([]inventory.Record, 0, len(buckets))
	for i, b := range buckets {
		rec := s.record(b.name, b.arn(), b.name, tags[i].val, columns{"Bucket Name": b.name})
		rec.Region = b.recordRegion(s)
		recs = append(recs, rec)
	}
	return recs, nil
}

// listBuckets lists the account's buckets and asks each one's region:
// the per-bucket calls must be sent there. A bucket whose location cannot
// be read is still listed, with lost saying why.
func listBuckets(ctx context.Context, s *session, client *s3.Client) ([]bucket, error) {
	var names []string
	p := s3.NewListBucketsPaginator(client, &s3.ListBucketsInput{MaxBuckets: aws.Int32(s3PageSize)})
	err := eachPage(ctx, "list buckets", p.HasMorePages, p.NextPage, func(out *s3.ListBucketsOutput) {
		for _, b := range out.Buckets {
			names = append(names, aws.ToString(b.Name))
		}
	})
	if err != nil {
		return nil, err
	}
	regions, err := detailEach(ctx, s, names, func(ctx context.Context, name string) (string, error) {
		out, err := client.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(name)})
		if err != nil {
			return "", fail(err, "locate bucket "+name)
		}
		return locationRegion(out.LocationConstraint), nil
	})
	if err != nil {
		return nil, err
	}
	buckets := make([]bucket, len(names))
	for i, name := range names {
		buckets[i] = bucket{name: name, region: regions[i].val, lost: regions[i].lost}
	}
	return buckets, nil
}

// locationRegion turns a location constraint into a region: S3 answers
// none for us-east-1 and "EU" for the oldest eu-west-1 buckets.
func locationRegion(c s3types.BucketLocationConstraint) string {
	switch c {
	case "":
		return "us-east-1"
	case s3types.BucketLocationConstraintEu:
		return "eu-west-1"
	}
	return string(c)
}

// inRegion sends one S3 call to a bucket's region.
func inRegion(region string) func(*s3.Options) {
	return func(o *s3.Options) { o.Region = region }
}
