// Package blob keeps objects in S3: unit results, reports and uploaded
// diagrams, and hands out short-lived presigned URLs for them. Locally the
// same code talks to versitygw, which checks SigV4, so presigned URLs are
// tested for real.
//
// It must not import the store or the HTTP layer.
package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"

	"github.com/cloudcensus/cloudcensus/functions/internal/domain"
)

// Store is one bucket.
type Store struct {
	client  *s3.Client
	presign *s3.PresignClient
	bucket  string
	sse     bool
}

// Options configure a Store.
type Options struct {
	PathStyle bool // local S3 servers need path-style addressing
	// SSE asks S3 for server-side encryption with KMS on every write.
	// versitygw does not implement it, so local mode leaves it off.
	SSE bool
}

// New opens a bucket.
func New(cfg aws.Config, bucket string, o Options) *Store {
	c := s3.NewFromConfig(cfg, func(opt *s3.Options) { opt.UsePathStyle = o.PathStyle })
	return &Store{client: c, presign: s3.NewPresignClient(c), bucket: bucket, sse: o.SSE}
}

// Bucket names the bucket.
func (s *Store) Bucket() string { return s.bucket }

// EnsureBucket creates the bucket when missing (local mode; in AWS the CDK
// creates it).
func (s *Store) EnsureBucket(ctx context.Context) error {
	_, err := s.client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &s.bucket})
	if err == nil {
		return nil
	}
	_, err = s.client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: &s.bucket})
	var owned *types.BucketAlreadyOwnedByYou
	if err != nil && !errors.As(err, &owned) {
		return fmt.Errorf("create bucket %s: %w", s.bucket, err)
	}
	return nil
}

// AllowBrowserUploads lets pages of the given origins PUT objects through
// presigned URLs (the network diagram upload). The CDK sets the same rule
// in AWS; local mode sets it here.
func (s *Store) AllowBrowserUploads(ctx context.Context, origins []string) error {
	_, err := s.client.PutBucketCors(ctx, &s3.PutBucketCorsInput{Bucket: &s.bucket, CORSConfiguration: &types.CORSConfiguration{
		CORSRules: []types.CORSRule{{AllowedOrigins: origins, AllowedMethods: []string{"PUT"}, AllowedHeaders: []string{"*"},
			ExposeHeaders: []string{"ETag"}, MaxAgeSeconds: aws.Int32(600)}}}})
	if err != nil {
		return fmt.Errorf("set CORS on %s: %w", s.bucket, err)
	}
	return nil
}

// Ping checks the bucket answers, for the health route.
func (s *Store) Ping(ctx context.Context) error {
	if _, err := s.client.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &s.bucket}); err != nil {
		return fmt.Errorf("head bucket %s: %w", s.bucket, err)
	}
	return nil
}

// Put writes an object. SigV4 hashes the payload before sending it, so a
// body that cannot seek back is read into memory first.
func (s *Store) Put(ctx context.Context, key string, body io.Reader, contentType string) error {
	if _, ok := body.(io.ReadSeeker); !ok {
		b, err := io.ReadAll(body)
		if err != nil {
			return fmt.Errorf("read the body of %s: %w", key, err)
		}
		body = bytes.NewReader(b)
	}
	in := &s3.PutObjectInput{Bucket: &s.bucket, Key: &key, Body: body, ContentType: &contentType}
	if s.sse {
		in.ServerSideEncryption = types.ServerSideEncryptionAwsKms
	}
	if _, err := s.client.PutObject(ctx, in); err != nil {
		return fmt.Errorf("put s3://%s/%s: %w", s.bucket, key, err)
	}
	return nil
}

// Get opens an object; a missing key is domain.NotFound.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: &key})
	if err != nil {
		if isNotFound(err) {
			return nil, domain.NotFound("object " + key)
		}
		return nil, fmt.Errorf("get s3://%s/%s: %w", s.bucket, key, err)
	}
	return out.Body, nil
}

// Head returns an object's size and content type.
func (s *Store) Head(ctx context.Context, key string) (size int64, contentType string, err error) {
	out, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &s.bucket, Key: &key})
	if err != nil {
		if isNotFound(err) {
			return 0, "", domain.NotFound("object " + key)
		}
		return 0, "", fmt.Errorf("head s3://%s/%s: %w", s.bucket, key, err)
	}
	return aws.ToInt64(out.ContentLength), aws.ToString(out.ContentType), nil
}

// List returns the keys under a prefix, in key order.
func (s *Store) List(ctx context.Context, prefix string) ([]string, error) {
	var keys []string
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: &s.bucket, Prefix: &prefix})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list s3://%s/%s: %w", s.bucket, prefix, err)
		}
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
	}
	return keys, nil
}

// Delete removes an object; a missing one is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	if _, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &s.bucket, Key: &key}); err != nil && !isNotFound(err) {
		return fmt.Errorf("delete s3://%s/%s: %w", s.bucket, key, err)
	}
	return nil
}

// DeletePrefix removes every object under a prefix.
func (s *Store) DeletePrefix(ctx context.Context, prefix string) error {
	keys, err := s.List(ctx, prefix)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := s.Delete(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

// PresignGet returns a URL that downloads key for ttl, naming the file.
func (s *Store) PresignGet(ctx context.Context, key, fileName string, ttl time.Duration) (string, error) {
	disp := fmt.Sprintf("attachment; filename=%q", fileName)
	req, err := s.presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: &s.bucket, Key: &key, ResponseContentDisposition: &disp},
		s3.WithPresignExpires(ttl))
	if err != nil {
		return "", fmt.Errorf("presign get %s: %w", key, err)
	}
	return req.URL, nil
}

// PresignPut returns a URL that uploads key for ttl with the given content
// type and length, and the headers the client must send.
func (s *Store) PresignPut(ctx context.Context, key, contentType string, size int64, ttl time.Duration) (string, http.Header, error) {
	req, err := s.presign.PresignPutObject(ctx, &s3.PutObjectInput{Bucket: &s.bucket, Key: &key, ContentType: &contentType, ContentLength: &size},
		s3.WithPresignExpires(ttl))
	if err != nil {
		return "", nil, fmt.Errorf("presign put %s: %w", key, err)
	}
	return req.URL, req.SignedHeader, nil
}

func isNotFound(err error) bool {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "NoSuchKey", "NotFound", "NoSuchBucket":
			return true
		}
	}
	return false
}
